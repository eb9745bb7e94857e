//! The one error type of the web layer, `ApiError`, and its rendering as an RFC 9457 problem
//! document (`application/problem+json`):
//!
//! ```json
//! {"type": "https://motcua.vn/problems/dossier.illegal_transition", "title": "Conflict",
//!  "status": 409, "detail": "<message in the request's language>",
//!  "code": "dossier.illegal_transition", "message_vi": "…", "message_en": "…"}
//! ```
//!
//! `type` is `https://motcua.vn/problems/` + the stable machine code (`Localized::code()`), so a
//! client can branch on either. Both messages are always present; `detail` and `title` follow the
//! request's language (`?lang=en`, `Accept-Language`, Vietnamese by default), chosen by the
//! [`localize`] middleware which re-renders the body once it knows the request. Extra members
//! (`errors` of a catalog import, `retry_after_seconds`) sit beside them.
//!
//! Internal failures (database, I/O) answer 500/503 with a fixed sentence; their detail goes to
//! the log only, never to the client (no SQL, no paths).

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use motcua_domain::{Lang, Localized};
use serde_json::{Map, Value, json};

use crate::lang::request_lang;

/// The prefix of every problem `type`.
pub const TYPE_BASE: &str = "https://motcua.vn/problems/";

/// An error to show to the caller, with its HTTP status (boxed: results stay small).
#[derive(Debug, Clone)]
pub struct ApiError(Box<ProblemData>);

/// What an `ApiError` holds.
#[derive(Debug, Clone)]
pub struct ProblemData {
    pub status: StatusCode,
    pub code: String,
    pub vi: String,
    pub en: String,
    /// Extra members of the problem document.
    pub extra: Map<String, Value>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl std::ops::Deref for ApiError {
    type Target = ProblemData;
    fn deref(&self) -> &ProblemData {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ProblemData {
        &mut self.0
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.en)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: impl Into<String>,
        vi: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        ApiError(Box::new(ProblemData {
            status,
            code: code.into(),
            vi: vi.into(),
            en: en.into(),
            extra: Map::new(),
            headers: Vec::new(),
        }))
    }

    /// From anything that can be told to a person, with the status chosen by the caller.
    pub fn localized(status: StatusCode, e: &dyn Localized) -> Self {
        Self::new(status, e.code(), e.message_vi(), e.message_en())
    }

    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.extra.insert(key.to_string(), value);
        self
    }

    pub fn header(mut self, name: HeaderName, value: &str) -> Self {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.push((name, v));
        }
        self
    }

    pub fn bad_request(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, vi, en)
    }

    pub fn unprocessable(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, vi, en)
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Không tìm thấy.",
            "Not found.",
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "auth.required",
            "Vui lòng đăng nhập (gửi mã truy cập trong tiêu đề Authorization: Bearer …).",
            "Please sign in (send the access token as Authorization: Bearer …).",
        )
        .header(header::WWW_AUTHENTICATE, "Bearer realm=\"motcua\"")
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "auth.forbidden",
            "Bạn không có quyền thực hiện thao tác này.",
            "You are not allowed to do this.",
        )
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        let secs = retry_after_secs.max(1);
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {} phút.",
                secs.div_ceil(60)
            ),
            format!(
                "Too many attempts. Please try again in {} minute(s).",
                secs.div_ceil(60)
            ),
        )
        .with("retry_after_seconds", json!(secs))
        .header(header::RETRY_AFTER, &secs.to_string())
    }

    /// A failure on our side. `detail` goes to the log, never to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Hệ thống gặp lỗi, vui lòng thử lại sau.",
            "Something went wrong on our side; please try again later.",
        )
    }

    pub fn unavailable(detail: impl std::fmt::Display) -> Self {
        tracing::warn!(%detail, "service unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Hệ thống tạm thời không phục vụ được, vui lòng thử lại sau ít phút.",
            "The service is temporarily unavailable; please try again in a few minutes.",
        )
        .header(header::RETRY_AFTER, "5")
    }

    /// The problem document in `lang`.
    pub fn body(&self, lang: Lang) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), json!(format!("{TYPE_BASE}{}", self.code)));
        m.insert("title".into(), json!(title(self.status, lang)));
        m.insert("status".into(), json!(self.status.as_u16()));
        m.insert("detail".into(), json!(lang.pick(&self.vi, &self.en)));
        m.insert("code".into(), json!(self.code));
        m.insert("message_vi".into(), json!(self.vi));
        m.insert("message_en".into(), json!(self.en));
        for (k, v) in &self.extra {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }

    fn render(&self, lang: Lang) -> Response {
        let body = serde_json::to_vec(&self.body(lang)).expect("problem serializes");
        let mut res = (self.status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        h.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.pick("vi", "en")),
        );
        for (k, v) in &self.headers {
            h.insert(k.clone(), v.clone());
        }
        res
    }
}

/// A short summary of the status, in the request's language.
fn title(status: StatusCode, lang: Lang) -> &'static str {
    let (vi, en) = match status.as_u16() {
        400 => ("Yêu cầu không hợp lệ", "Bad request"),
        401 => ("Chưa đăng nhập", "Unauthorized"),
        403 => ("Không có quyền", "Forbidden"),
        404 => ("Không tìm thấy", "Not found"),
        405 => ("Phương thức không được hỗ trợ", "Method not allowed"),
        409 => ("Xung đột trạng thái", "Conflict"),
        412 => ("Điều kiện không thỏa", "Precondition failed"),
        413 => ("Dữ liệu quá lớn", "Content too large"),
        415 => ("Loại dữ liệu không được hỗ trợ", "Unsupported media type"),
        422 => ("Dữ liệu không hợp lệ", "Unprocessable content"),
        429 => ("Quá nhiều yêu cầu", "Too many requests"),
        503 => ("Tạm thời không phục vụ", "Service unavailable"),
        500..=599 => ("Lỗi hệ thống", "Internal server error"),
        _ => ("Lỗi", "Error"),
    };
    lang.pick(vi, en)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Vietnamese by default; `localize` re-renders in the request's language.
        let mut res = self.render(Lang::Vi);
        res.extensions_mut().insert(self);
        res
    }
}

/// Middleware: renders problem documents in the language the request asked for.
pub async fn localize(req: Request, next: Next) -> Response {
    let lang = request_lang(req.uri(), req.headers());
    let res = next.run(req).await;
    match res.extensions().get::<ApiError>() {
        Some(problem) if lang != Lang::Vi => problem.render(lang),
        _ => res,
    }
}
