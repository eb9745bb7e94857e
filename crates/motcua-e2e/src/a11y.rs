//! Accessibility checks with axe-core (vendored in `tests-support/axe.min.js`, MPL-2.0; see
//! `tests-support/README.md`), against WCAG 2.2 level AA.
//!
//! axe is injected into the page through WebDriver (not through a `<script>` tag), so it works
//! on pages with a strict Content-Security-Policy and in the JavaScript-off profile.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::browser::Browser;
use crate::js;

/// The axe-core source, vendored.
pub const AXE_SOURCE: &str = include_str!("../../../tests-support/axe.min.js");

/// The rule tags run: WCAG 2.0, 2.1 and 2.2, levels A and AA.
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// One element a rule failed on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ViolationNode {
    /// CSS selectors to the element (one per frame level; shadow DOM paths as nested lists).
    pub target: Vec<Value>,
    /// The element's HTML (first 300 characters).
    pub html: String,
    #[serde(default)]
    pub impact: Option<String>,
    /// What to fix, in axe's words.
    #[serde(rename = "failureSummary", default)]
    pub failure_summary: Option<String>,
}

impl ViolationNode {
    /// The target as one string (`iframe >> img.logo`).
    pub fn selector(&self) -> String {
        fn one(v: &Value) -> String {
            match v {
                Value::String(s) => s.clone(),
                Value::Array(a) => a.iter().map(one).collect::<Vec<_>>().join(" >>> "),
                other => other.to_string(),
            }
        }
        self.target.iter().map(one).collect::<Vec<_>>().join(" >> ")
    }
}

/// One axe rule that failed (or, in [`AxeReport::incomplete`], that needs a person to judge).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Violation {
    /// The rule (`image-alt`, `label`, `color-contrast`, …).
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    #[serde(default)]
    pub impact: Option<String>,
    pub description: String,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub nodes: Vec<ViolationNode>,
}

impl Violation {
    /// Serious or critical: what [`assert_accessible`] fails on.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }

    /// `id (impact): help` and one line per element.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} ({}): {} [{}]",
            self.id,
            self.impact.as_deref().unwrap_or("?"),
            self.help,
            self.help_url
        );
        for n in &self.nodes {
            s.push_str(&format!(
                "\n    at {}  {}",
                n.selector(),
                excerpt_line(&n.html, 120)
            ));
            if let Some(f) = &n.failure_summary {
                for line in f.lines().filter(|l| !l.trim().is_empty()) {
                    s.push_str(&format!("\n       {}", line.trim()));
                }
            }
        }
        s
    }
}

fn excerpt_line(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &one[..i]),
        None => one,
    }
}

/// What axe found on one page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AxeReport {
    pub url: String,
    /// `axe-core 4.x.y`.
    pub engine: String,
    pub violations: Vec<Violation>,
    /// Checks axe could not decide (contrast over images, say): for a person to look at.
    pub incomplete: Vec<Violation>,
}

/// Injects axe (once per page) and runs it with [`WCAG_TAGS`].
pub async fn axe_report(page: &Browser) -> AxeReport {
    let loaded = page
        .eval("return !!window.axe;", vec![])
        .await
        .as_bool()
        .unwrap_or(false);
    if !loaded {
        // The source runs as the body of a function; it sets `window.axe` itself.
        page.eval(&format!("{AXE_SOURCE}\n;return !!window.axe;"), vec![])
            .await;
    }
    let raw = page
        .eval_async(
            js::AXE_RUN,
            vec![json!(WCAG_TAGS), json!(page.javascript())],
        )
        .await;
    if let Some(err) = raw.get("error") {
        panic!(
            "axe could not run on {}: {}",
            page.current_url().await,
            err.as_str().unwrap_or_default()
        );
    }
    serde_json::from_value(raw.clone())
        .unwrap_or_else(|e| panic!("unexpected answer from axe ({e}): {raw}"))
}

/// Every WCAG 2.2 A/AA violation axe finds on the current page.
pub async fn axe(page: &Browser) -> Vec<Violation> {
    axe_report(page).await.violations
}

/// Runs axe, writes the whole report (violations of every impact and the checks that need a
/// person) to `<artifacts>/<NN>-axe-<page>.json`, and fails the test listing every serious or
/// critical violation: rule, impact, help and the selectors of the elements.
pub async fn assert_accessible(page: &Browser) -> AxeReport {
    check_accessible(page)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// [`assert_accessible`] without the panic: the report, or the failure message.
pub async fn check_accessible(page: &Browser) -> Result<AxeReport, String> {
    let report = axe_report(page).await;
    let path = save_report(page, &report);
    let serious: Vec<&Violation> = report
        .violations
        .iter()
        .filter(|v| v.is_serious())
        .collect();
    if serious.is_empty() {
        return Ok(report);
    }
    let list = serious
        .iter()
        .map(|v| format!("  - {}", v.describe()))
        .collect::<Vec<_>>()
        .join("\n");
    Err(format!(
        "{} serious or critical accessibility violation(s) (WCAG 2.2 AA, {}) on {}:\n{list}\n\
         Full report (also moderate and minor): {}",
        serious.len(),
        report.engine,
        report.url,
        path.display()
    ))
}

fn save_report(page: &Browser, report: &AxeReport) -> std::path::PathBuf {
    let slug = url_slug(&report.url);
    let json = serde_json::to_vec_pretty(report).unwrap_or_default();
    page.artifacts()
        .write(&format!("axe-{slug}"), "json", &json)
}

/// A short file-name part for a URL: its path, or `page` for `data:` and empty paths.
pub(crate) fn url_slug(url: &str) -> String {
    if url.starts_with("data:") {
        return "data-url".to_string();
    }
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let slug: String = path
        .trim_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "root".to_string()
    } else {
        slug.chars().take(60).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            url_slug("http://127.0.0.1:1/thu-tuc/1.001?x=1"),
            "thu-tuc-1-001"
        );
        assert_eq!(url_slug("http://127.0.0.1:1/"), "root");
        assert_eq!(url_slug("data:text/html,<p>"), "data-url");
    }

    #[test]
    fn reads_axe_answers() {
        let raw = json!({
            "url": "http://x/", "engine": "axe-core 4.14.1",
            "violations": [{
                "id": "image-alt", "impact": "critical", "description": "d", "help": "Images must have alternative text",
                "helpUrl": "https://dequeuniversity.com/rules/axe/4.14/image-alt", "tags": ["wcag2a"],
                "nodes": [{"target": ["img"], "html": "<img src=x>", "impact": "critical",
                           "failureSummary": "Fix any of the following:\n  Element does not have an alt attribute"}]
            }, {
                "id": "region", "impact": null, "description": "d", "help": "h", "helpUrl": "u",
                "tags": [], "nodes": [{"target": [["my-el", "img"]], "html": ""}]
            }],
            "incomplete": []
        });
        let r: AxeReport = serde_json::from_value(raw).unwrap();
        assert!(r.violations[0].is_serious());
        assert!(!r.violations[1].is_serious());
        assert_eq!(r.violations[1].nodes[0].selector(), "my-el >>> img");
        let d = r.violations[0].describe();
        assert!(d.contains("image-alt (critical)"), "{d}");
        assert!(d.contains("at img"), "{d}");
        assert!(d.contains("does not have an alt"), "{d}");
    }

    #[test]
    fn vendored_axe_is_there() {
        assert!(AXE_SOURCE.starts_with("/*! axe v4."));
        assert!(AXE_SOURCE.len() > 100_000);
    }
}
