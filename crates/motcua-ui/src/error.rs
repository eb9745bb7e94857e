//! Friendly error pages: what happened in plain words, what to do next, in both languages;
//! never a stack trace, an SQL message or a path.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::chrome::Chrome;
use crate::i18n::{Lang, Text};
use crate::prefs::Prefs;

#[derive(Debug, Clone)]
pub struct ErrorPage {
    pub status: StatusCode,
    pub lang: Lang,
    pub title: Text,
    pub message: Text,
    /// Seconds to wait before trying again (rate limits).
    pub retry_after: Option<u64>,
    /// Where "go back" leads.
    pub back: String,
}

#[derive(Template)]
#[template(path = "ui/error.html")]
struct ErrorTemplate<'a> {
    page: Chrome,
    e: &'a ErrorPage,
}

impl ErrorPage {
    pub fn new(status: StatusCode, lang: Lang, title: Text, message: Text) -> Self {
        ErrorPage {
            status,
            lang,
            title,
            message,
            retry_after: None,
            back: "/".into(),
        }
    }

    pub fn back(mut self, href: impl Into<String>) -> Self {
        self.back = href.into();
        self
    }

    /// Not found, or not yours (the same answer on purpose: it does not confirm that a dossier
    /// exists).
    pub fn not_found(lang: Lang) -> Self {
        ErrorPage::new(
            StatusCode::NOT_FOUND,
            lang,
            Text::new("Không tìm thấy trang", "Page not found"),
            Text::new(
                "Trang hoặc hồ sơ bạn tìm không có, hoặc bạn không có quyền xem. Hãy kiểm tra lại đường dẫn hoặc mã hồ sơ.",
                "The page or dossier you are looking for does not exist, or you may not see it. Check the address or the dossier code.",
            ),
        )
    }

    /// A form post without a valid token or from another site: nothing was changed.
    pub fn csrf(lang: Lang) -> Self {
        ErrorPage::new(
            StatusCode::FORBIDDEN,
            lang,
            Text::new(
                "Không thực hiện được yêu cầu",
                "Your request was not carried out",
            ),
            Text::new(
                "Trang bạn gửi đã cũ hoặc không đến từ cổng này, nên chưa có gì thay đổi. Hãy quay lại, tải lại trang rồi gửi lại.",
                "The form you sent was out of date or did not come from this portal, so nothing was changed. Go back, reload the page and send it again.",
            ),
        )
    }

    pub fn too_large(lang: Lang, limit_bytes: u64) -> Self {
        ErrorPage::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            Text::new("Tệp gửi lên quá lớn", "The files are too large"),
            Text::new(
                format!(
                    "Tổng dung lượng các tệp gửi một lần không được quá {} MB. Chưa có gì được lưu. Hãy gửi ít tệp hơn hoặc chụp ảnh với độ phân giải thấp hơn.",
                    limit_bytes / (1024 * 1024)
                ),
                format!(
                    "All files sent at once may not exceed {} MB. Nothing was saved. Send fewer files or photos at a lower resolution.",
                    limit_bytes / (1024 * 1024)
                ),
            ),
        )
    }

    pub fn rate_limited(lang: Lang, wait_secs: u64) -> Self {
        let minutes = wait_secs.div_ceil(60).max(1);
        let mut e = ErrorPage::new(
            StatusCode::TOO_MANY_REQUESTS,
            lang,
            Text::new("Vui lòng chờ một chút", "Please wait a little"),
            Text::new(
                format!(
                    "Có quá nhiều lần thử sai từ máy của bạn. Để bảo vệ thông tin của người dân, vui lòng thử lại sau khoảng {minutes} phút."
                ),
                format!(
                    "There were too many wrong attempts from your device. To protect people's data, please try again in about {minutes} minutes."
                ),
            ),
        );
        e.retry_after = Some(wait_secs);
        e
    }

    pub fn internal(lang: Lang) -> Self {
        ErrorPage::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang,
            Text::new("Hệ thống đang gặp sự cố", "Something went wrong"),
            Text::new(
                "Yêu cầu của bạn chưa được thực hiện. Vui lòng thử lại sau ít phút; nếu vẫn không được, hãy liên hệ Bộ phận Một cửa.",
                "Your request was not carried out. Please try again in a few minutes; if it still fails, contact the one-stop desk.",
            ),
        )
    }

    pub fn unavailable(lang: Lang) -> Self {
        let mut e = ErrorPage::internal(lang);
        e.status = StatusCode::SERVICE_UNAVAILABLE;
        e.title = Text::new("Hệ thống đang bận", "The service is busy");
        e.retry_after = Some(30);
        e
    }

    /// A refusal that is not a form error (e.g. "this dossier can no longer be stopped").
    pub fn conflict(lang: Lang, message: Text) -> Self {
        ErrorPage::new(
            StatusCode::CONFLICT,
            lang,
            Text::new("Không thực hiện được", "This cannot be done"),
            message,
        )
    }
}

impl IntoResponse for ErrorPage {
    fn into_response(self) -> Response {
        let prefs = Prefs {
            lang: self.lang,
            large_text: false,
        };
        let mut page = Chrome::new(prefs, "/", self.title.get(self.lang).to_string());
        page.private = true;
        let t = ErrorTemplate { page, e: &self };
        let body = t.render().unwrap_or_else(|_| self.message.vi.clone());
        let mut r = (self.status, body).into_response();
        let h = r.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(s) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        r
    }
}
