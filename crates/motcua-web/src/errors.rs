//! How the errors of the layers below map to HTTP statuses. One table, so "which status does a
//! stale update get?" has one answer.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use motcua_calendar::CalendarError;
use motcua_domain::Localized;
use motcua_domain::catalog::ImportError;
use motcua_domain::dossier::Rejection;
use motcua_store::blob::BlobError;
use motcua_store::idempotency::IdempotencyError;
use motcua_store::store::AppError;
use motcua_store::{DbErrorKind, StoreError};
use serde_json::json;

use crate::problem::ApiError;

/// The status of a refusal by the law (`decide`).
pub fn rejection_status(r: &Rejection) -> StatusCode {
    use Rejection::*;
    match r {
        // A citizen acting on someone else's dossier: never confirm that it exists.
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
        NewDueNotLater
        | NoSupplementItems
        | Required(_)
        | MissingComponents(_)
        | UnknownComponent(_)
        | InvalidField { .. }
        | ChannelNotOffered(_)
        | ProcedureNotAvailable
        | ProcessingTimeUnknown
        | ConsentRequired
        | TransferToSameUnit
        | TooLong(_)
        | Calendar(_) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl From<Rejection> for ApiError {
    fn from(r: Rejection) -> Self {
        if matches!(r, Rejection::NotYourDossier) {
            return ApiError::not_found();
        }
        ApiError::localized(rejection_status(&r), &r)
    }
}

fn store_error(e: StoreError) -> ApiError {
    match &e {
        StoreError::Closed(_)
        | StoreError::Db {
            kind: DbErrorKind::Connection | DbErrorKind::Busy | DbErrorKind::SerializationFailure,
            ..
        } => ApiError::unavailable(e),
        _ => ApiError::internal(e),
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        store_error(e)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Rejected(r) => r.into(),
            AppError::NotFound => ApiError::not_found(),
            AppError::Stale { expected, actual } => {
                ApiError::localized(StatusCode::CONFLICT, &AppError::Stale { expected, actual })
                    .with("expected_version", json!(expected))
                    .with("current_version", json!(actual))
            }
            AppError::Duplicate(_) => ApiError::localized(StatusCode::CONFLICT, &e),
            AppError::Invalid { .. } => ApiError::localized(StatusCode::UNPROCESSABLE_ENTITY, &e),
            AppError::Idempotency(IdempotencyError::Store(s)) => store_error(s),
            AppError::Idempotency(ref i) => {
                let status = match i {
                    IdempotencyError::KeyReused => StatusCode::UNPROCESSABLE_ENTITY,
                    IdempotencyError::InProgress => StatusCode::CONFLICT,
                    _ => StatusCode::BAD_REQUEST,
                };
                ApiError::localized(status, &e)
            }
            AppError::Store(s) => store_error(s),
        }
    }
}

impl From<CalendarError> for ApiError {
    fn from(e: CalendarError) -> Self {
        ApiError::bad_request(e.code(), e.message_vi(), e.message_en())
    }
}

impl From<BlobError> for ApiError {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::TooLarge { .. } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                e.code(),
                e.message_vi(),
                e.message_en(),
            ),
            BlobError::InvalidId => ApiError::not_found(),
            other => ApiError::unavailable(other),
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> Self {
        let errors: Vec<_> = e
            .problems
            .iter()
            .map(|p| {
                json!({
                    "line": p.line,
                    "column": p.column,
                    "record": p.record.as_ref().map(|r| r.index),
                    "record_code": p.record.as_ref().and_then(|r| r.code.clone()),
                    "path": p.path,
                    "code": p.code(),
                    "message_vi": p.message_vi(),
                    "message_en": p.message_en(),
                })
            })
            .collect();
        ApiError::localized(StatusCode::UNPROCESSABLE_ENTITY, &e).with("errors", json!(errors))
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let text = r.body_text();
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => too_large_request(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request.json_expected",
                "Nội dung gửi lên phải là JSON (Content-Type: application/json).",
                "The request body must be JSON (Content-Type: application/json).",
            ),
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::unprocessable(
                "request.json_invalid",
                format!("Dữ liệu JSON không đúng cấu trúc yêu cầu: {text}"),
                format!("The JSON does not have the expected shape: {text}"),
            ),
            _ => ApiError::bad_request(
                "request.json_malformed",
                format!("Nội dung gửi lên không phải JSON hợp lệ: {text}"),
                format!("The request body is not valid JSON: {text}"),
            ),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        let text = r.body_text();
        ApiError::bad_request(
            "request.query_invalid",
            format!("Tham số truy vấn không hợp lệ: {text}"),
            format!("Invalid query parameters: {text}"),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        let text = r.body_text();
        ApiError::bad_request(
            "request.path_invalid",
            format!("Đường dẫn không hợp lệ: {text}"),
            format!("Invalid path: {text}"),
        )
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(r: MultipartRejection) -> Self {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request.multipart_expected",
            format!("Cần gửi dạng multipart/form-data: {}", r.body_text()),
            format!("Expected multipart/form-data: {}", r.body_text()),
        )
    }
}

impl From<MultipartError> for ApiError {
    fn from(e: MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return too_large_request();
        }
        ApiError::bad_request(
            "request.multipart_malformed",
            format!("Dữ liệu multipart không hợp lệ: {}", e.body_text()),
            format!("Malformed multipart body: {}", e.body_text()),
        )
    }
}

pub fn too_large_request() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "request.too_large",
        "Dữ liệu gửi lên vượt quá dung lượng cho phép của một yêu cầu.",
        "The request is larger than allowed.",
    )
}
