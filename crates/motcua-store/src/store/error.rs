//! Errors of the store facade: a refused command, a stale update, a missing dossier, or a
//! failure of the layers below. Every variant can be told to a person in both languages.

use motcua_domain::Localized;
use motcua_domain::dossier::Rejection;

use crate::error::StoreError;
use crate::idempotency::IdempotencyError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The law (decide) refused the command; nothing changed.
    #[error("rejected: {0}")]
    Rejected(#[from] Rejection),
    /// Not found, or not visible to this actor (the same answer on purpose).
    #[error("not found")]
    NotFound,
    /// The dossier changed since the caller read it (optimistic concurrency).
    #[error("stale update: expected version {expected}, found {actual}")]
    Stale { expected: u64, actual: u64 },
    /// A unique value (login, unit code …) is already taken.
    #[error("duplicate: {0}")]
    Duplicate(&'static str),
    /// Input that is not a rule of law but still wrong (unknown unit, bad date …).
    #[error("invalid: {code}")]
    Invalid {
        code: &'static str,
        vi: String,
        en: String,
    },
    #[error(transparent)]
    Idempotency(#[from] IdempotencyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn invalid(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            vi: vi.into(),
            en: en.into(),
        }
    }
}

impl Localized for AppError {
    fn code(&self) -> &'static str {
        match self {
            AppError::Rejected(r) => r.code(),
            AppError::NotFound => "not_found",
            AppError::Stale { .. } => "dossier.stale",
            AppError::Duplicate(_) => "duplicate",
            AppError::Invalid { code, .. } => code,
            AppError::Idempotency(e) => e.code(),
            AppError::Store(e) => e.code(),
        }
    }
    fn message_vi(&self) -> String {
        match self {
            AppError::Rejected(r) => r.message_vi(),
            AppError::NotFound => "Không tìm thấy.".into(),
            AppError::Stale { .. } => {
                "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại.".into()
            }
            AppError::Duplicate(what) => format!("Giá trị «{what}» đã được sử dụng."),
            AppError::Invalid { vi, .. } => vi.clone(),
            AppError::Idempotency(e) => e.message_vi(),
            AppError::Store(e) => e.message_vi(),
        }
    }
    fn message_en(&self) -> String {
        match self {
            AppError::Rejected(r) => r.message_en(),
            AppError::NotFound => "Not found.".into(),
            AppError::Stale { .. } => {
                "Someone else just updated this dossier. Please reload and try again.".into()
            }
            AppError::Duplicate(what) => format!("\"{what}\" is already in use."),
            AppError::Invalid { en, .. } => en.clone(),
            AppError::Idempotency(e) => e.message_en(),
            AppError::Store(e) => e.message_en(),
        }
    }
}
