//! Protection against forged form posts (CSRF), in three layers:
//!
//! 1. every cookie is `SameSite=Lax`, so a cross-site POST carries no session;
//! 2. `Sec-Fetch-Site` (or, failing that, `Origin`) must say the post came from our own pages;
//!    old phone browsers send neither, so a missing header is not a failure by itself;
//! 3. every form carries a token in a hidden input named [`FIELD`]: the session's token for a
//!    signed-in person (`Session::csrf_token`), or for anonymous forms (sign-in, sign-up,
//!    lookup) a random value that must equal the [`ANON_COOKIE`] cookie (double submit).
//!
//! A failure is a friendly 403 page and the handler stops before changing anything.

use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine;

use crate::cookie::{self, CookieOptions};
use crate::error::ErrorPage;
use crate::i18n::Lang;

/// Name of the hidden input in every form.
pub const FIELD: &str = "csrf_token";
/// Cookie of the anonymous (pre-sign-in) token.
pub const ANON_COOKIE: &str = "motcua_csrf";

/// A new random token (32 bytes, base64url).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares in time independent of where the strings differ.
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Did the browser say the request came from one of our own pages? (`true` when it said
/// nothing: the token decides then.)
pub fn origin_ok(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == "null" {
        return false;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin)
        .trim_end_matches('/');
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// Checks a form post: the origin headers and the token given against the expected one.
// The page is returned by value on purpose: it is built only for a refused post, and callers
// (the portal, the officer workspace) turn it straight into a response.
#[allow(clippy::result_large_err)]
pub fn check(
    lang: Lang,
    headers: &HeaderMap,
    expected: &str,
    given: Option<&str>,
) -> Result<(), ErrorPage> {
    let ok = origin_ok(headers) && !expected.is_empty() && given.is_some_and(|g| same(g, expected));
    if ok {
        Ok(())
    } else {
        Err(ErrorPage::csrf(lang))
    }
}

/// The anonymous token of this browser, and the cookie to set when it had none.
pub fn anon_token(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    if let Some(t) = cookie::get(headers, ANON_COOKIE).filter(|t| t.len() == 43) {
        return (t.to_string(), None);
    }
    let t = new_token();
    let c = cookie::set(
        ANON_COOKIE,
        &t,
        CookieOptions {
            http_only: true,
            secure,
            max_age: None,
        },
    );
    (t, Some(c))
}

/// Checks an anonymous form post against the cookie.
#[allow(clippy::result_large_err)]
pub fn check_anon(lang: Lang, headers: &HeaderMap, given: Option<&str>) -> Result<(), ErrorPage> {
    let expected = cookie::get(headers, ANON_COOKIE).unwrap_or("");
    check(lang, headers, expected, given)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn origin_rules() {
        assert!(origin_ok(&h(&[])));
        assert!(origin_ok(&h(&[("sec-fetch-site", "same-origin")])));
        assert!(!origin_ok(&h(&[("sec-fetch-site", "cross-site")])));
        assert!(!origin_ok(&h(&[("sec-fetch-site", "same-site")])));
        assert!(origin_ok(&h(&[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!origin_ok(&h(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:8080")
        ])));
        assert!(!origin_ok(&h(&[("origin", "null"), ("host", "x")])));
    }

    #[test]
    fn tokens() {
        let t = new_token();
        assert_eq!(t.len(), 43);
        assert!(check(Lang::Vi, &h(&[]), &t, Some(&t)).is_ok());
        assert!(check(Lang::Vi, &h(&[]), &t, None).is_err());
        assert!(check(Lang::Vi, &h(&[]), &t, Some("x")).is_err());
        assert!(check(Lang::Vi, &h(&[]), "", Some("")).is_err());
    }
}
