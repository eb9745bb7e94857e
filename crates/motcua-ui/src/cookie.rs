//! Reading and writing the few cookies pages use (session, CSRF, language, text size, flash).

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of cookie `name` in the request, if any.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    for v in headers.get_all(header::COOKIE) {
        let Ok(v) = v.to_str() else { continue };
        for pair in v.split(';') {
            if let Some((k, val)) = pair.trim().split_once('=')
                && k == name
            {
                return Some(val);
            }
        }
    }
    None
}

/// How a cookie is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookieOptions {
    /// Not readable by scripts (sessions, CSRF).
    pub http_only: bool,
    /// Only over HTTPS (production).
    pub secure: bool,
    /// Lifetime in seconds; `None`: until the browser closes.
    pub max_age: Option<u64>,
}

impl CookieOptions {
    pub const PREFERENCE: CookieOptions = CookieOptions {
        http_only: true,
        secure: false,
        max_age: Some(365 * 24 * 3600),
    };
}

/// A `Set-Cookie` value: `Path=/`, `SameSite=Lax` always (cross-site POSTs carry no cookie, so a
/// forged form cannot act as the signed-in person).
pub fn set(name: &str, value: &str, o: CookieOptions) -> HeaderValue {
    let mut s = format!("{name}={value}; Path=/; SameSite=Lax");
    if o.http_only {
        s.push_str("; HttpOnly");
    }
    if o.secure {
        s.push_str("; Secure");
    }
    if let Some(age) = o.max_age {
        s.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static("x=; Path=/"))
}

/// A `Set-Cookie` value that deletes the cookie.
pub fn clear(name: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{name}=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("x=; Path=/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_among_several() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; lang=en"));
        h.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(get(&h, "lang"), Some("en"));
        assert_eq!(get(&h, "b"), Some("2"));
        assert_eq!(get(&h, "c"), None);
    }
}
