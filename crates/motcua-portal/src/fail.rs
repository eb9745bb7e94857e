//! How a page handler fails: a friendly error page, or a redirect (to sign in, or back to a
//! form). Errors of the store become pages in the reader's language; internal details go to
//! the log only.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use motcua_domain::Localized;
use motcua_domain::dossier::Rejection;
use motcua_store::store::AppError;
use motcua_ui::i18n::Text;
use motcua_ui::{ErrorPage, Lang};

#[derive(Debug)]
pub enum Fail {
    Page(Box<ErrorPage>),
    /// 303 See Other to this address.
    Redirect(String),
}

impl Fail {
    /// To the sign-in page, coming back to `next` afterwards.
    pub fn sign_in(next: &str) -> Fail {
        let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
        Fail::Redirect(format!("/dang-nhap?next={next}"))
    }

    pub fn not_found(lang: Lang) -> Fail {
        Fail::from(ErrorPage::not_found(lang))
    }

    /// A store error as a page.
    pub fn store(lang: Lang, e: AppError) -> Fail {
        Fail::from(page_for(lang, e))
    }
}

/// The page for an error of the store.
pub fn page_for(lang: Lang, e: AppError) -> ErrorPage {
    match e {
        AppError::NotFound | AppError::Rejected(Rejection::NotYourDossier) => {
            ErrorPage::not_found(lang)
        }
        AppError::Rejected(_)
        | AppError::Invalid { .. }
        | AppError::Stale { .. }
        | AppError::Duplicate(_)
        | AppError::Idempotency(_) => {
            ErrorPage::conflict(lang, Text::new(e.message_vi(), e.message_en()))
        }
        AppError::Store(s) => {
            tracing::error!(error = %s, "store error on a page");
            if matches!(s, motcua_store::StoreError::Closed(_)) {
                ErrorPage::unavailable(lang)
            } else {
                ErrorPage::internal(lang)
            }
        }
    }
}

impl From<ErrorPage> for Fail {
    fn from(e: ErrorPage) -> Self {
        Fail::Page(Box::new(e))
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        match self {
            Fail::Page(p) => p.into_response(),
            Fail::Redirect(to) => see_other(&to),
        }
    }
}

/// 303 See Other (after a form post, the browser GETs the next page).
pub fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// A redirect that also leaves a flash message for the next page.
pub fn see_other_with(to: &str, flash: &motcua_ui::Flash) -> Response {
    let mut r = see_other(to);
    r.headers_mut().append(header::SET_COOKIE, flash.cookie());
    r
}

/// Only local paths are followed after sign-in (no open redirect to another site).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/ho-so".to_string(),
    }
}

pub type PageResult = Result<Response, Fail>;
