//! Mẫu 05 — Thông báo dừng giải quyết hồ sơ (TT 03/2025 Điều 7; khoản 1 Điều 21 NĐ 118/2025).
//! Issued when the applicant asks to stop and no decision or result exists yet (R-LC-6).
//! The circular's field list for this form was not found (REGULATIONS.md addendum: [U]); the
//! fields below are the ones the other forms share plus the request to stop.

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use super::{Applicant, Issuer, OfficialForm, applicant_lines, body, field, field_bold, start};
use crate::DocError;
use crate::error::require;
use crate::format;
use crate::layout::decree30::{self, SignBlock};
use crate::numbering::{FormKind, FormNumbering};

/// Mẫu 05.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopNotice {
    pub issuer: Issuer,
    pub number: String,
    pub issued_on: Date,
    pub dossier_code: String,
    pub applicant: Applicant,
    /// Tên thủ tục hành chính.
    pub procedure: String,
    pub received_at: DateTime,
    /// When the applicant asked to stop (directly or by post).
    pub requested_at: DateTime,
    /// The applicant's reason, if given.
    pub reason: Option<String>,
    /// What happens to the paper dossier, e.g. "Hồ sơ giấy được trả lại cho người nộp".
    pub note: Option<String>,
    pub signer_authority: Option<String>,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
}

impl OfficialForm for StopNotice {
    const KIND: FormKind = FormKind::Stop;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        require("dossier_code", &self.dossier_code)?;
        require("applicant.name", &self.applicant.name)?;
        require("signer_name", &self.signer_name)?;
        let mut l = start(
            numbering,
            Self::KIND,
            &self.issuer,
            &self.number,
            self.issued_on,
        );
        body(
            &mut l,
            "Căn cứ khoản 1 Điều 21 Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của \
             Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại \
             Bộ phận Một cửa và Cổng Dịch vụ công quốc gia;",
        );
        body(
            &mut l,
            &format!(
                "Căn cứ đề nghị dừng giải quyết hồ sơ của ông (bà)/tổ chức ngày {},",
                format::date_short(self.requested_at.date())
            ),
        );
        body(
            &mut l,
            &format!(
                "{} thông báo dừng giải quyết hồ sơ sau đây:",
                self.issuer.name.trim()
            ),
        );
        field_bold(&mut l, "Mã hồ sơ", &self.dossier_code);
        applicant_lines(&mut l, &self.applicant, "Ông (Bà)/Tổ chức");
        field(&mut l, "Thủ tục hành chính", &self.procedure);
        field(
            &mut l,
            "Thời gian tiếp nhận",
            &format::time_date(self.received_at),
        );
        field(
            &mut l,
            "Thời gian đề nghị dừng",
            &format::time_date(self.requested_at),
        );
        if let Some(r) = &self.reason {
            field(&mut l, "Lý do", r);
        }
        body(
            &mut l,
            "Hồ sơ chưa có quyết định hoặc thông báo kết quả giải quyết; việc giải quyết hồ sơ \
             dừng kể từ ngày ký thông báo này.",
        );
        if let Some(n) = &self.note {
            body(&mut l, n);
        }
        body(&mut l, "Xin thông báo để ông (bà)/tổ chức được biết./.");
        decree30::signature_with_recipients(
            &mut l,
            &self.recipients,
            &SignBlock {
                authority: self.signer_authority.clone(),
                title: self.signer_title.clone(),
                hint: Some("(Ký, ghi rõ họ tên)".into()),
                name: self.signer_name.clone(),
            },
        );
        l.finish(None)
    }
}
