//! The one error type of the officer workspace: whatever went wrong below (the store, a form
//! rendering, the blob store, a signing key), told in Vietnamese and English, with the status a
//! page answers with. Internal details go to the log only.

use axum::http::StatusCode;
use motcua_domain::Localized;
use motcua_domain::dossier::Rejection;
use motcua_store::store::AppError;

#[derive(Debug, Clone)]
pub struct OfficeError {
    pub status: StatusCode,
    pub code: String,
    pub vi: String,
    pub en: String,
}

pub type OfficeResult<T> = Result<T, OfficeError>;

impl OfficeError {
    pub fn new(
        status: StatusCode,
        code: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        OfficeError {
            status,
            code: code.into(),
            vi: vi.into(),
            en: en.into(),
        }
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Không tìm thấy trang hoặc hồ sơ này, hoặc bạn không có quyền xem.",
            "This page or dossier was not found, or you may not see it.",
        )
    }

    pub fn invalid(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, vi, en)
    }

    pub fn forbidden(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "office.forbidden", vi, en)
    }

    pub fn internal(context: &str, e: impl std::fmt::Display) -> Self {
        tracing::error!(context, error = %e, "officer workspace: internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Hệ thống gặp lỗi, vui lòng thử lại sau ít phút.",
            "Something went wrong on our side; please try again in a few minutes.",
        )
    }

    pub fn message(&self, lang: motcua_domain::Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// The status of a refusal by the law, as the API gives it.
fn rejection_status(r: &Rejection) -> StatusCode {
    use Rejection::*;
    match r {
        NotYourDossier => StatusCode::NOT_FOUND,
        Forbidden { .. } | OutOfScope | SecondReceptionSupplement => StatusCode::FORBIDDEN,
        IllegalTransition { .. }
        | NotAssignee
        | AlreadyAssigned
        | AlreadyExists
        | DecisionExists
        | AlreadyRescheduled
        | SupplementPeriodRunning(_)
        | NoElectronicResult => StatusCode::CONFLICT,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl From<AppError> for OfficeError {
    fn from(e: AppError) -> Self {
        let status = match &e {
            AppError::NotFound => return OfficeError::not_found(),
            AppError::Rejected(Rejection::NotYourDossier) => return OfficeError::not_found(),
            AppError::Rejected(r) => rejection_status(r),
            AppError::Stale { .. } | AppError::Duplicate(_) => StatusCode::CONFLICT,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Idempotency(_) => StatusCode::CONFLICT,
            AppError::Store(inner) => return OfficeError::internal("store", inner),
        };
        OfficeError::new(status, e.code(), e.message_vi(), e.message_en())
    }
}

impl From<motcua_docs::DocError> for OfficeError {
    fn from(e: motcua_docs::DocError) -> Self {
        let status = match e.code() {
            "docs.missing_field" | "docs.not_an_image" | "docs.no_images" | "docs.not_a_pdf"
            | "docs.encrypted_pdf" | "docs.qr_too_long" => StatusCode::UNPROCESSABLE_ENTITY,
            _ => {
                tracing::error!(code = e.code(), error = %e, "document error");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        OfficeError::new(status, e.code(), e.message_vi(), e.message_en())
    }
}

impl From<motcua_store::blob::BlobError> for OfficeError {
    fn from(e: motcua_store::blob::BlobError) -> Self {
        tracing::error!(error = %e, "blob store");
        OfficeError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            e.code(),
            e.message_vi(),
            e.message_en(),
        )
    }
}
