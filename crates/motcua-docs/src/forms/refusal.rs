//! Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ: the dossier is outside the unit's scope
//! or invalid; the reasons and their legal basis are written down (R-LC-1).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::receipt::list;
use super::{Applicant, Issuer, OfficialForm, applicant_lines, field, field_bold, or_blank, start};
use crate::DocError;
use crate::error::require;
use crate::fonts::Style;
use crate::layout::decree30::{self, SignBlock};
use crate::layout::text::{self, Para};
use crate::numbering::{FormKind, FormNumbering};

/// Mẫu 03.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub issuer: Issuer,
    /// "Số …/PTC-TTPVHCC".
    pub number: String,
    pub issued_on: Date,
    /// Name of the Trung tâm / Bộ phận that received the request.
    pub reception_unit: String,
    pub applicant: Applicant,
    /// Mã hồ sơ (nếu có).
    pub dossier_code: Option<String>,
    /// Nội dung yêu cầu (the procedure).
    pub request: String,
    /// Lý do không tiếp nhận, không giải quyết hồ sơ.
    pub reasons: Vec<String>,
    /// Căn cứ pháp lý (articles of the texts the refusal rests on).
    pub legal_basis: Vec<String>,
    /// Người tiếp nhận hồ sơ.
    pub receiver_name: String,
}

impl OfficialForm for Refusal {
    const KIND: FormKind = FormKind::Refusal;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        require("applicant.name", &self.applicant.name)?;
        require("request", &self.request)?;
        require("receiver_name", &self.receiver_name)?;
        if self.reasons.iter().all(|r| r.trim().is_empty()) {
            return Err(DocError::MissingField { field: "reasons" });
        }
        let mut l = start(
            numbering,
            Self::KIND,
            &self.issuer,
            &self.number,
            self.issued_on,
        );
        let who = format!("{} tiếp nhận hồ sơ của:", or_blank(&self.reception_unit));
        text::paragraph(&mut l, &[(Style::Regular, &who)], Para::field());
        applicant_lines(&mut l, &self.applicant, "Ông (Bà)/Tổ chức");
        if let Some(code) = &self.dossier_code {
            field_bold(&mut l, "Mã hồ sơ", code);
        }
        field(&mut l, "Nội dung yêu cầu", &self.request);
        text::paragraph(
            &mut l,
            &[(
                Style::Regular,
                "Qua xem xét, cơ quan, đơn vị tiếp nhận hồ sơ thông báo không tiếp nhận, \
                 giải quyết hồ sơ này với lý do cụ thể như sau:",
            )],
            Para::field(),
        );
        list(&mut l, &self.reasons);
        if !self.legal_basis.is_empty() {
            text::paragraph(
                &mut l,
                &[(Style::Regular, "Căn cứ pháp lý:")],
                Para::field(),
            );
            list(&mut l, &self.legal_basis);
        }
        text::paragraph(
            &mut l,
            &[(
                Style::Regular,
                "Xin thông báo để ông (bà) được biết và thực hiện./.",
            )],
            Para::body(),
        );
        decree30::signatures_pair(
            &mut l,
            &SignBlock {
                title: "Người nộp hồ sơ".into(),
                hint: Some("(Ký và ghi rõ họ tên)".into()),
                name: self.applicant.name.clone(),
                ..Default::default()
            },
            &SignBlock {
                title: "Người tiếp nhận hồ sơ".into(),
                hint: Some("(Ký và ghi rõ họ tên)".into()),
                name: self.receiver_name.clone(),
                ..Default::default()
            },
        );
        l.finish(None)
    }
}
