//! One-shot messages shown on the page after a redirect ("Đã lưu nháp", "Đã gửi giấy tờ bổ
//! sung"). The message travels in a cookie; the middleware hands it to the next page as a
//! request extension and deletes the cookie. A person can only forge a message to themselves,
//! and templates escape it, so the cookie needs no signature.

use axum::extract::{FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::cookie::{self, CookieOptions};
use crate::i18n::{Lang, Text};

pub const COOKIE: &str = "motcua_flash";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlashKind {
    Success,
    Info,
    Warning,
}

impl FlashKind {
    fn tag(self) -> &'static str {
        match self {
            FlashKind::Success => "success",
            FlashKind::Info => "info",
            FlashKind::Warning => "warning",
        }
    }
    /// The CSS class modifier.
    pub fn class(self) -> &'static str {
        self.tag()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: Text,
}

impl Flash {
    pub fn new(kind: FlashKind, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Flash {
            kind,
            text: Text::new(vi, en),
        }
    }

    pub fn success(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Flash::new(FlashKind::Success, vi, en)
    }

    pub fn message<L: std::borrow::Borrow<Lang>>(&self, lang: L) -> &str {
        self.text.get(lang)
    }

    /// The `Set-Cookie` value carrying this message to the next page.
    pub fn cookie(&self) -> axum::http::HeaderValue {
        let raw = format!(
            "{}\u{1f}{}\u{1f}{}",
            self.kind.tag(),
            self.text.vi,
            self.text.en
        );
        let v = utf8_percent_encode(&raw, NON_ALPHANUMERIC).to_string();
        cookie::set(
            COOKIE,
            &v,
            CookieOptions {
                http_only: true,
                secure: false,
                max_age: Some(300),
            },
        )
    }

    fn parse(v: &str) -> Option<Flash> {
        let raw = percent_decode_str(v).decode_utf8().ok()?;
        let mut it = raw.split('\u{1f}');
        let kind = match it.next()? {
            "success" => FlashKind::Success,
            "warning" => FlashKind::Warning,
            _ => FlashKind::Info,
        };
        let vi = it.next()?.chars().take(300).collect::<String>();
        let en = it.next()?.chars().take(300).collect::<String>();
        Some(Flash::new(kind, vi, en))
    }
}

/// The message for this page, if the previous response left one.
#[derive(Debug, Clone, Default)]
pub struct Incoming(pub Option<Flash>);

impl<S: Send + Sync> FromRequestParts<S> for Incoming {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Incoming>()
            .cloned()
            .unwrap_or_default())
    }
}

/// Moves the flash cookie into the request and deletes it once a page (not a redirect) showed it.
pub async fn middleware(mut req: Request, next: Next) -> Response {
    let found = cookie::get(req.headers(), COOKIE).and_then(Flash::parse);
    let had = found.is_some();
    req.extensions_mut().insert(Incoming(found));
    let mut res = next.run(req).await;
    let sets_new = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.to_str().is_ok_and(|s| s.starts_with(COOKIE)));
    if had && !sets_new && !res.status().is_redirection() {
        res.headers_mut()
            .append(header::SET_COOKIE, cookie::clear(COOKIE));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let f = Flash::success("Đã lưu nháp; «an toàn»", "Draft saved");
        let c = f.cookie();
        let s = c.to_str().unwrap();
        let v = s.split(';').next().unwrap().split_once('=').unwrap().1;
        assert_eq!(Flash::parse(v), Some(f));
    }
}
