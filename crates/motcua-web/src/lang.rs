//! The language of a request: `?lang=en|vi` wins, then `Accept-Language` (by q-value), else
//! Vietnamese (the official language; English is offered to foreigners and integrators).

use axum::http::{HeaderMap, Uri, header};
use motcua_domain::Lang;

pub fn request_lang(uri: &Uri, headers: &HeaderMap) -> Lang {
    if let Some(q) = uri.query() {
        for pair in q.split('&') {
            if let Some(v) = pair.strip_prefix("lang=") {
                match v.to_ascii_lowercase().as_str() {
                    "en" => return Lang::En,
                    "vi" => return Lang::Vi,
                    _ => {}
                }
            }
        }
    }
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(accept_language)
        .unwrap_or_default()
}

/// The preferred of vi / en in an `Accept-Language` value, Vietnamese when neither is named.
fn accept_language(value: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let lang = if tag == "vi" || tag.starts_with("vi-") {
            Lang::Vi
        } else if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else {
            continue;
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map(|(_, l)| l).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        assert_eq!(accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(accept_language("fr, en;q=0.5, vi;q=0.8"), Lang::Vi);
        assert_eq!(accept_language("fr"), Lang::Vi);
        let uri: Uri = "/x?a=1&lang=en".parse().unwrap();
        assert_eq!(request_lang(&uri, &HeaderMap::new()), Lang::En);
    }
}
