//! Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. Everything missing goes into **one**
//! notice ("hướng dẫn một lần, đầy đủ bằng văn bản", R-LC-1), with the reason and whom to call.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::receipt::list;
use super::{Issuer, OfficialForm, body, field, field_bold, start};
use crate::DocError;
use crate::error::require;
use crate::fonts::Style;
use crate::layout::decree30::{self, SignBlock};
use crate::layout::text::{self, Para};
use crate::numbering::{FormKind, FormNumbering};

/// Mẫu 02.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supplement {
    pub issuer: Issuer,
    /// "Số …/PBS-TTPVHCC".
    pub number: String,
    pub issued_on: Date,
    /// Mã hồ sơ, when one was already given (supplement during appraisal).
    pub dossier_code: Option<String>,
    /// "Hồ sơ của": the applicant's name.
    pub applicant_name: String,
    /// Nội dung yêu cầu giải quyết (the procedure).
    pub request: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau": all items, in one notice.
    pub items: Vec<String>,
    /// Lý do.
    pub reason: String,
    /// "…liên hệ với … số điện thoại … để được hướng dẫn".
    pub contact_name: String,
    pub contact_phone: String,
    /// Người hướng dẫn (the officer who signs).
    pub officer_name: String,
}

impl OfficialForm for Supplement {
    const KIND: FormKind = FormKind::Supplement;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        require("applicant_name", &self.applicant_name)?;
        require("request", &self.request)?;
        require("reason", &self.reason)?;
        require("officer_name", &self.officer_name)?;
        if self.items.iter().all(|i| i.trim().is_empty()) {
            return Err(DocError::MissingField { field: "items" });
        }
        let mut l = start(
            numbering,
            Self::KIND,
            &self.issuer,
            &self.number,
            self.issued_on,
        );
        if let Some(code) = &self.dossier_code {
            field_bold(&mut l, "Mã hồ sơ", code);
        }
        field_bold(&mut l, "Hồ sơ của", &self.applicant_name);
        field(&mut l, "Nội dung yêu cầu giải quyết", &self.request);
        field(&mut l, "Địa chỉ", &self.address);
        field(&mut l, "Số điện thoại", &self.phone);
        field(&mut l, "Email", &self.email);
        text::paragraph(
            &mut l,
            &[(
                Style::Regular,
                "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
            )],
            Para::field(),
        );
        let items: Vec<String> = self
            .items
            .iter()
            .filter(|i| !i.trim().is_empty())
            .cloned()
            .collect();
        list(&mut l, &items);
        field(&mut l, "Lý do", &self.reason);
        body(
            &mut l,
            &format!(
                "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông (bà) liên hệ với {} \
                 số điện thoại {} để được hướng dẫn./.",
                super::or_blank(&self.contact_name),
                super::or_blank(&self.contact_phone)
            ),
        );
        decree30::signature_with_recipients(
            &mut l,
            &[],
            &SignBlock {
                title: "Người hướng dẫn".into(),
                hint: Some("(Ký và ghi rõ họ tên)".into()),
                name: self.officer_name.clone(),
                ..Default::default()
            },
        );
        l.finish(None)
    }
}
