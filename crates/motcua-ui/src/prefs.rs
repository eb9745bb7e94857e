//! The reader's preferences: language and text size. Both switch with a plain link
//! (`?lang=en`, `?text=large`), are remembered in a cookie, and work without JavaScript.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::cookie::{self, CookieOptions};
use crate::i18n::Lang;

pub const LANG_COOKIE: &str = "motcua_lang";
pub const TEXT_COOKIE: &str = "motcua_text";

/// Language and text size of the current request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub lang: Lang,
    pub large_text: bool,
}

fn query_value<'a>(query: Option<&'a str>, key: &str) -> Option<&'a str> {
    query?
        .split('&')
        .find_map(|p| p.strip_prefix(key)?.strip_prefix('='))
}

fn parse_lang(v: &str) -> Option<Lang> {
    match v {
        "en" => Some(Lang::En),
        "vi" => Some(Lang::Vi),
        _ => None,
    }
}

impl Prefs {
    /// The query wins (the link just clicked), then the cookie, then Vietnamese. The browser's
    /// `Accept-Language` is ignored on purpose: many phones in Vietnam are set to English while
    /// their owners read Vietnamese.
    pub fn from_parts(parts: &Parts) -> Prefs {
        let q = parts.uri.query();
        let lang = query_value(q, "lang")
            .and_then(parse_lang)
            .or_else(|| cookie::get(&parts.headers, LANG_COOKIE).and_then(parse_lang))
            .unwrap_or_default();
        let large_text = match query_value(q, "text") {
            Some("large") => true,
            Some("normal") => false,
            _ => cookie::get(&parts.headers, TEXT_COOKIE) == Some("large"),
        };
        Prefs { lang, large_text }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Prefs {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Prefs::from_parts(parts))
    }
}

/// Remembers a language or text size chosen by a link in a cookie on the response.
pub async fn middleware(req: Request, next: Next) -> Response {
    let q = req.uri().query().map(str::to_owned);
    let mut res = next.run(req).await;
    let q = q.as_deref();
    if let Some(l) = query_value(q, "lang").and_then(parse_lang) {
        let v = match l {
            Lang::Vi => "vi",
            Lang::En => "en",
        };
        res.headers_mut().append(
            header::SET_COOKIE,
            cookie::set(LANG_COOKIE, v, CookieOptions::PREFERENCE),
        );
    }
    if let Some(t @ ("large" | "normal")) = query_value(q, "text") {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookie::set(TEXT_COOKIE, t, CookieOptions::PREFERENCE),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;

    fn prefs(uri: &str, cookie: Option<&str>) -> Prefs {
        let mut b = HttpRequest::builder().uri(uri);
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        let (parts, ()) = b.body(()).unwrap().into_parts();
        Prefs::from_parts(&parts)
    }

    #[test]
    fn query_then_cookie_then_vietnamese() {
        assert_eq!(prefs("/", None).lang, Lang::Vi);
        assert_eq!(prefs("/?lang=en", None).lang, Lang::En);
        assert_eq!(prefs("/", Some("motcua_lang=en")).lang, Lang::En);
        assert_eq!(prefs("/?lang=vi", Some("motcua_lang=en")).lang, Lang::Vi);
        assert!(prefs("/?text=large", None).large_text);
        assert!(!prefs("/?text=normal", Some("motcua_text=large")).large_text);
        assert!(prefs("/x", Some("motcua_text=large")).large_text);
    }
}
