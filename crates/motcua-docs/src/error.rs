//! The one error type of this crate. Every variant has a stable machine code and a Vietnamese
//! and an English sentence, so the web layer can show it to a person (ARCHITECTURE.md,
//! "Errors"). Details that could leak paths or internals stay in `detail`, which is for logs.

use std::fmt;

/// An error from rendering, reading or signing a document.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// A form field that the law requires is empty.
    #[error("missing field {field}")]
    MissingField { field: &'static str },
    /// The PDF writer failed (should not happen with valid input).
    #[error("pdf writer: {detail}")]
    Render { detail: String },
    /// An uploaded file is neither a JPEG nor a PNG image.
    #[error("file {index} is not a JPEG or PNG image")]
    NotAnImage { index: usize },
    /// No images were given.
    #[error("no images")]
    NoImages,
    /// An uploaded file is not a readable PDF.
    #[error("not a readable PDF: {detail}")]
    NotAPdf { detail: String },
    /// The PDF is encrypted; we do not sign or count pages of encrypted PDFs.
    #[error("encrypted PDF")]
    EncryptedPdf,
    /// The signing key or certificate could not be read.
    #[error("signing key/certificate: {detail}")]
    SignerConfig { detail: String },
    /// The key does not match the certificate, or the algorithm is not supported.
    #[error("unsupported or mismatched key: {detail}")]
    UnsupportedKey { detail: String },
    /// Creating the signature failed.
    #[error("signing failed: {detail}")]
    Signing { detail: String },
    /// The form-numbering configuration is invalid.
    #[error("form numbering: {detail}")]
    Numbering { detail: String },
    /// The QR payload is too long for a QR code.
    #[error("QR payload too long")]
    QrTooLong,
}

impl DocError {
    pub(crate) fn render(e: impl fmt::Debug) -> Self {
        DocError::Render {
            detail: format!("{e:?}"),
        }
    }

    pub(crate) fn signing(e: impl fmt::Display) -> Self {
        DocError::Signing {
            detail: e.to_string(),
        }
    }

    pub(crate) fn signer_config(e: impl fmt::Display) -> Self {
        DocError::SignerConfig {
            detail: e.to_string(),
        }
    }

    pub(crate) fn not_a_pdf(e: impl fmt::Display) -> Self {
        DocError::NotAPdf {
            detail: e.to_string(),
        }
    }

    /// Stable machine code (never changes once published; used in API problem documents).
    pub fn code(&self) -> &'static str {
        match self {
            DocError::MissingField { .. } => "docs.missing_field",
            DocError::Render { .. } => "docs.render_failed",
            DocError::NotAnImage { .. } => "docs.not_an_image",
            DocError::NoImages => "docs.no_images",
            DocError::NotAPdf { .. } => "docs.not_a_pdf",
            DocError::EncryptedPdf => "docs.encrypted_pdf",
            DocError::SignerConfig { .. } => "docs.signer_config",
            DocError::UnsupportedKey { .. } => "docs.unsupported_key",
            DocError::Signing { .. } => "docs.signing_failed",
            DocError::Numbering { .. } => "docs.numbering_invalid",
            DocError::QrTooLong => "docs.qr_too_long",
        }
    }

    /// A sentence for a Vietnamese reader.
    pub fn message_vi(&self) -> String {
        match self {
            DocError::MissingField { field } => {
                format!("Thiếu thông tin bắt buộc của biểu mẫu: {field}.")
            }
            DocError::Render { .. } => "Không tạo được tệp PDF. Vui lòng thử lại.".into(),
            DocError::NotAnImage { index } => format!(
                "Tệp thứ {} không phải ảnh JPEG hoặc PNG. Chỉ nhận ảnh chụp JPEG/PNG.",
                index + 1
            ),
            DocError::NoImages => "Chưa có ảnh nào để ghép thành tệp PDF.".into(),
            DocError::NotAPdf { .. } => "Tệp tải lên không phải tệp PDF đọc được.".into(),
            DocError::EncryptedPdf => {
                "Tệp PDF có mật khẩu/mã hóa; vui lòng tải lên bản không mã hóa.".into()
            }
            DocError::SignerConfig { .. } => {
                "Không đọc được khóa hoặc chứng thư số dùng để ký.".into()
            }
            DocError::UnsupportedKey { .. } => {
                "Khóa ký không khớp chứng thư số hoặc thuật toán không được hỗ trợ.".into()
            }
            DocError::Signing { .. } => "Ký số văn bản không thành công.".into(),
            DocError::Numbering { .. } => "Cấu hình số hiệu biểu mẫu không hợp lệ.".into(),
            DocError::QrTooLong => "Nội dung quá dài để tạo mã QR.".into(),
        }
    }

    /// A sentence for an English reader.
    pub fn message_en(&self) -> String {
        match self {
            DocError::MissingField { field } => {
                format!("A required field of the form is empty: {field}.")
            }
            DocError::Render { .. } => "The PDF could not be produced. Please try again.".into(),
            DocError::NotAnImage { index } => format!(
                "File {} is not a JPEG or PNG image. Only JPEG/PNG photos are accepted.",
                index + 1
            ),
            DocError::NoImages => "There are no images to combine into a PDF.".into(),
            DocError::NotAPdf { .. } => "The uploaded file is not a readable PDF.".into(),
            DocError::EncryptedPdf => {
                "The PDF is password-protected/encrypted; please upload an unencrypted copy.".into()
            }
            DocError::SignerConfig { .. } => {
                "The signing key or certificate could not be read.".into()
            }
            DocError::UnsupportedKey { .. } => {
                "The signing key does not match the certificate, or its algorithm is not supported."
                    .into()
            }
            DocError::Signing { .. } => "Signing the document failed.".into(),
            DocError::Numbering { .. } => "The form-numbering configuration is invalid.".into(),
            DocError::QrTooLong => "The text is too long for a QR code.".into(),
        }
    }
}

/// Checks that a required field is not blank.
pub(crate) fn require(field: &'static str, value: &str) -> Result<(), DocError> {
    if value.trim().is_empty() {
        Err(DocError::MissingField { field })
    } else {
        Ok(())
    }
}
