//! Page weight: the bytes of the document and of everything it loaded (CSS, JavaScript, fonts,
//! images), read from the browser's Resource Timing API once the page is complete and its fonts
//! are loaded.
//!
//! Three figures per resource (see the Resource Timing specification):
//!
//! - `decoded_body_size`: the body after content decoding, i.e. **before compression**. It does
//!   not depend on gzip/brotli or on the cache: the budget figure ("the procedure page weighs
//!   ≤ 60 KB in total" is [`PageWeight::total_decoded`]).
//! - `encoded_body_size`: the body as sent (after compression, without headers); also known
//!   for resources served from the cache.
//! - `transfer_size`: what crossed the network (encoded body plus a header allowance); 0 for a
//!   resource served from the cache.
//!
//! Only what the page actually loaded counts: lazy images below the fold that were never
//! fetched, fonts never used, and `data:` URLs inlined in CSS are not separate resources
//! (inlined data is part of the CSS that carries it).

use serde::{Deserialize, Serialize};

use crate::browser::Browser;
use crate::js;

/// One loaded resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Resource {
    pub url: String,
    /// `document`, or the Resource Timing initiator type: `link` (CSS), `script`, `css` (fonts
    /// and images referenced from CSS), `img`, `fetch`, …
    pub kind: String,
    pub transfer_size: u64,
    pub encoded_body_size: u64,
    pub decoded_body_size: u64,
    /// The response's MIME type, when the browser reports it.
    #[serde(default)]
    pub content_type: String,
    /// The HTTP status, when the browser reports it.
    #[serde(default)]
    pub status: u16,
}

/// The document and what it loaded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PageWeight {
    pub document: Resource,
    pub resources: Vec<Resource>,
}

impl PageWeight {
    /// The document and its resources.
    pub fn all(&self) -> impl Iterator<Item = &Resource> {
        std::iter::once(&self.document).chain(self.resources.iter())
    }

    /// Bytes before compression (the budget figure).
    pub fn total_decoded(&self) -> u64 {
        self.all().map(|r| r.decoded_body_size).sum()
    }

    /// Bytes of the bodies as sent (after compression).
    pub fn total_encoded(&self) -> u64 {
        self.all().map(|r| r.encoded_body_size).sum()
    }

    /// Bytes over the network (0 for what came from the cache).
    pub fn total_transferred(&self) -> u64 {
        self.all().map(|r| r.transfer_size).sum()
    }

    /// A table: one line per resource, then the totals.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{:>10} {:>10} {:>10}  {:<8} url\n",
            "decoded", "encoded", "transfer", "kind"
        );
        for r in self.all() {
            s.push_str(&format!(
                "{:>10} {:>10} {:>10}  {:<8} {}\n",
                r.decoded_body_size, r.encoded_body_size, r.transfer_size, r.kind, r.url
            ));
        }
        s.push_str(&format!(
            "{:>10} {:>10} {:>10}  total ({} resources)",
            self.total_decoded(),
            self.total_encoded(),
            self.total_transferred(),
            self.resources.len() + 1
        ));
        s
    }
}

/// Measures the current page (waits for `load` and for fonts first).
pub async fn page_weight(page: &Browser) -> PageWeight {
    let start = std::time::Instant::now();
    while page.eval(js::WEIGHT_READY, vec![]).await != serde_json::Value::Bool(true) {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            panic!(
                "{} did not finish loading (document and fonts) within 30 s",
                page.current_url().await
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // Late resources (a favicon, say) land just after `load`.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let raw = page.eval(js::WEIGHT, vec![]).await;
    if raw["document"].is_null() {
        panic!(
            "no navigation timing for {} (a data: or about: page has none; serve the page over HTTP)",
            page.current_url().await
        );
    }
    serde_json::from_value(raw.clone())
        .unwrap_or_else(|e| panic!("unexpected page weight answer ({e}): {raw}"))
}

/// Fails the test if the page (document and everything it loaded, before compression) weighs
/// more than `max_bytes`, showing every resource. Writes the table to the artifacts folder
/// either way and returns the measure.
pub async fn assert_page_weight(page: &Browser, max_bytes: u64) -> PageWeight {
    check_page_weight(page, max_bytes)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// [`assert_page_weight`] without the panic: the measure, or the failure message.
pub async fn check_page_weight(page: &Browser, max_bytes: u64) -> Result<PageWeight, String> {
    let w = page_weight(page).await;
    let slug = crate::a11y::url_slug(&w.document.url);
    let path = page
        .artifacts()
        .write(&format!("weight-{slug}"), "txt", w.summary().as_bytes());
    if w.total_decoded() <= max_bytes {
        return Ok(w);
    }
    Err(format!(
        "{} weighs {} bytes before compression, more than the budget of {max_bytes}:\n{}\n(saved in {})",
        w.document.url,
        w.total_decoded(),
        w.summary(),
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(kind: &str, d: u64, e: u64, t: u64) -> Resource {
        Resource {
            url: format!("http://x/{kind}"),
            kind: kind.into(),
            transfer_size: t,
            encoded_body_size: e,
            decoded_body_size: d,
            content_type: String::new(),
            status: 200,
        }
    }

    #[test]
    fn totals() {
        let w = PageWeight {
            document: r("document", 1000, 400, 700),
            resources: vec![r("link", 2000, 500, 0), r("img", 300, 300, 600)],
        };
        assert_eq!(w.total_decoded(), 3300);
        assert_eq!(w.total_encoded(), 1200);
        assert_eq!(w.total_transferred(), 1300);
        assert!(w.summary().contains("total (3 resources)"));
    }
}
