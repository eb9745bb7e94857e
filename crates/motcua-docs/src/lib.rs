//! Official documents for motcua (see docs/ARCHITECTURE.md and docs/DOCUMENTS.md):
//!
//! - the one-stop forms of TT 03/2025/TT-VPCP (Mẫu 01–07) and the electronic result as PDF in
//!   the layout of Nghị định 30/2020/NĐ-CP, with embedded, subset Noto Serif fonts;
//! - QR codes (SVG for pages, vector modules in PDFs);
//! - phone photos of paper documents combined into one PDF, and page counts of uploaded PDFs;
//! - PAdES (CMS, ETSI.CAdES.detached) signatures and their verification.
//!
//! Inputs are plain strings, dates and numbers: this crate does not depend on the other motcua
//! crates. No clock is read here: every time is an argument.

mod error;
mod fonts;
mod format;
pub mod forms;
mod images;
mod layout;
mod numbering;
mod qr;
pub mod sign;

pub use error::DocError;
pub use format::{date_short, date_time_short, date_words, place_date, time_date};
pub use forms::{OfficialForm, render};
pub use images::{images_to_pdf, pdf_page_count};
pub use numbering::{FormKind, FormNumbering, FormSpec};
pub use qr::{QrMatrix, qr_matrix, qr_svg, qr_svg_titled};
pub use sign::{
    DemoCa, SignOptions, Signer, SignerConfig, VerifyReport, demo_ca, demo_ca_for, sign_pdf,
    trust_anchors_from_pem, verify_pdf,
};
