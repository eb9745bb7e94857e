//! Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (TT 03/2025; in TT 01/2018
//! "Phiếu xin lỗi và hẹn lại ngày trả kết quả"). Sent no later than one day before the deadline,
//! with the reason and the new date; a dossier may be rescheduled only once (R-LC-5) — that
//! rule lives in the domain crate; this file only prints.

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use super::{Issuer, OfficialForm, body, or_blank, start};
use crate::DocError;
use crate::error::require;
use crate::fonts::{self, Style};
use crate::format;
use crate::layout::decree30::{self, SignBlock};
use crate::layout::text::{self, Para};
use crate::numbering::{FormKind, FormNumbering};

/// Mẫu 04.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Apology {
    pub issuer: Issuer,
    /// "Số: …/PXL".
    pub number: String,
    pub issued_on: Date,
    /// Kính gửi (the applicant or organisation).
    pub addressee: String,
    /// The unit that received the dossier.
    pub reception_unit: String,
    pub received_at: DateTime,
    /// Tên thủ tục hành chính.
    pub procedure: String,
    pub applicant_name: String,
    /// Số định danh cá nhân/tổ chức.
    pub id_number: String,
    /// Mã số hồ sơ.
    pub dossier_code: String,
    /// The original appointment (giờ, ngày/tháng/năm).
    pub original_appointment: DateTime,
    /// Lý do chậm trả kết quả.
    pub reason: String,
    /// The new return moment ("sẽ trả kết quả … vào ngày … tháng … năm").
    pub new_appointment: DateTime,
    /// "TM."/"KT." line above the title, if any.
    pub signer_authority: Option<String>,
    /// Thủ trưởng cơ quan, đơn vị: position, e.g. "Giám đốc".
    pub signer_title: String,
    pub signer_name: String,
    /// Nơi nhận.
    pub recipients: Vec<String>,
}

impl OfficialForm for Apology {
    const KIND: FormKind = FormKind::Apology;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        require("addressee", &self.addressee)?;
        require("dossier_code", &self.dossier_code)?;
        require("reason", &self.reason)?;
        require("signer_name", &self.signer_name)?;
        let mut l = start(
            numbering,
            Self::KIND,
            &self.issuer,
            &self.number,
            self.issued_on,
        );
        let to = format!("Kính gửi: {}", fonts::clean(&self.addressee));
        text::paragraph(&mut l, &[(Style::Regular, &to)], Para::centred(13.0));
        l.y += 8.0;
        body(
            &mut l,
            &format!(
                "Ngày {}, {} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính {} của ông \
                 (bà)/tổ chức {} (số định danh cá nhân/tổ chức: {}); mã số hồ sơ: {}.",
                format::date_short(self.received_at.date()),
                or_blank(&self.reception_unit),
                self.procedure,
                self.applicant_name,
                or_blank(&self.id_number),
                self.dossier_code
            ),
        );
        body(
            &mut l,
            &format!(
                "Thời gian hẹn trả kết quả giải quyết hồ sơ: {}.",
                format::time_date(self.original_appointment)
            ),
        );
        body(
            &mut l,
            "Tuy nhiên, đến nay cơ quan, đơn vị chưa trả kết quả giải quyết hồ sơ cho ông \
             (bà)/tổ chức đúng thời hạn.",
        );
        text::paragraph(
            &mut l,
            &[(Style::Regular, "Lý do: "), (Style::Regular, &self.reason)],
            Para::body(),
        );
        body(
            &mut l,
            "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của ông (bà)/tổ chức. \
             Cơ quan, đơn vị xin lỗi ông (bà)/tổ chức và đề nghị gia hạn thời gian giải quyết hồ sơ.",
        );
        text::paragraph(
            &mut l,
            &[
                (
                    Style::Regular,
                    "Cơ quan, đơn vị sẽ trả kết quả giải quyết hồ sơ cho ông (bà)/tổ chức vào ",
                ),
                (Style::Bold, &format::time_date(self.new_appointment)),
                (Style::Regular, "./."),
            ],
            Para::body(),
        );
        decree30::signature_with_recipients(
            &mut l,
            &self.recipients,
            &SignBlock {
                authority: self.signer_authority.clone(),
                title: self.signer_title.clone(),
                hint: Some("(Ký, ghi rõ họ tên và đóng dấu)".into()),
                name: self.signer_name.clone(),
            },
        );
        l.finish(None)
    }
}
