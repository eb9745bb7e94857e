//! The electronic result (kết quả giải quyết TTHC bản điện tử): a decision or certificate page
//! in the Decree 30 layout with a QR code to the public `/verify/<code>` page. Electronic
//! results are digitally signed (ND 118/2025 art. 22; R-LC-9): render this, then `sign_pdf`.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::receipt::qr_note;
use super::{Issuer, body};
use crate::DocError;
use crate::error::require;
use crate::layout::decree30::{self, SignBlock};
use crate::layout::{A4, Layout, Margins};

/// A generic decision/certificate page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectronicResult {
    pub issuer: Issuer,
    /// Số, ký hiệu, e.g. "45/QĐ-UBND".
    pub number: String,
    pub issued_on: Date,
    /// Tên loại văn bản: "QUYẾT ĐỊNH", "GIẤY CHỨNG NHẬN" …
    pub doc_type: String,
    /// Trích yếu nội dung (subject line under the title).
    pub subject: String,
    /// Body paragraphs.
    pub paragraphs: Vec<String>,
    /// "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH" …
    pub signer_authority: Option<String>,
    pub signer_title: String,
    pub signer_name: String,
    pub recipients: Vec<String>,
    /// Mã hồ sơ the result belongs to.
    pub dossier_code: String,
    /// Absolute URL of the public verification page, e.g. "https://…/verify/<code>".
    pub verify_url: String,
}

impl ElectronicResult {
    /// Renders the page (unsigned).
    pub fn render(&self) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        require("doc_type", &self.doc_type)?;
        require("signer_name", &self.signer_name)?;
        require("verify_url", &self.verify_url)?;
        let title = format!("{} {}", self.doc_type.trim(), self.subject.trim());
        let mut l = Layout::new(A4, Margins::DECREE_30, title.trim());
        decree30::header(&mut l, &self.issuer, &self.number, self.issued_on);
        decree30::title(&mut l, &self.doc_type, Some(&self.subject));
        for p in &self.paragraphs {
            body(&mut l, p);
        }
        decree30::signature_with_recipients(
            &mut l,
            &self.recipients,
            &SignBlock {
                authority: self.signer_authority.clone(),
                title: self.signer_title.clone(),
                hint: None,
                name: self.signer_name.clone(),
            },
        );
        qr_note(
            &mut l,
            &self.verify_url,
            &format!(
                "Văn bản điện tử này đã được ký số. Quét mã QR để kiểm tra tính toàn vẹn và chữ \
                 ký số của văn bản (mã hồ sơ {}).",
                self.dossier_code
            ),
        )?;
        l.finish(None)
    }
}
