//! `data/quality/feedback.toml`: the feedback (PAKN) deadlines in working days, per version
//! (R-PAKN-1; REGULATIONS.md §8, [S] from the VPCP formula document, not yet checked against
//! ND 20/2008 as amended).

use std::collections::BTreeSet;

use jiff::civil::Date;
use motcua_calendar::Confidence;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::Source;
use super::{ConfigError, ConfigProblem, confidence, date, in_force, text};

/// Deadlines of one version, in working days of the handling unit's calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackDeadlines {
    pub effective_from: Date,
    pub source: String,
    pub confidence: Confidence,
    /// Reject or return (forward) at most this long after arrival at the unit.
    pub reject_within: u32,
    /// The first request for more information at most this long after arrival.
    pub first_info_request_within: u32,
    /// Reach "awaiting publication" (answer approved) at most this long after arrival.
    pub resolve_within: u32,
    /// Publish at most this long after approval.
    pub publish_within: u32,
    /// "Due soon" starts this many working days before a deadline.
    pub due_soon: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackConfig {
    pub versions: Vec<FeedbackDeadlines>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default, rename = "version")]
    versions: Vec<Spanned<VersionDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionDoc {
    effective_from: Spanned<toml::Value>,
    source: Spanned<String>,
    confidence: Spanned<String>,
    reject_within: Spanned<i64>,
    first_info_request_within: Spanned<i64>,
    resolve_within: Spanned<i64>,
    publish_within: Spanned<i64>,
    due_soon: Spanned<i64>,
}

fn days(src: &Source<'_>, v: &Spanned<i64>, field: &'static str) -> Result<u32, ConfigError> {
    let d = *v.get_ref();
    if (1..=365).contains(&d) {
        Ok(d as u32)
    } else {
        Err(src.error(v.span(), ConfigProblem::BadDays { field }))
    }
}

impl FeedbackConfig {
    /// Parses and checks a file; `origin` names it in errors. All or nothing.
    pub fn parse(origin: &str, toml_text: &str) -> Result<FeedbackConfig, ConfigError> {
        let src = Source {
            origin,
            text: toml_text,
        };
        let doc: FileDoc = toml::from_str(toml_text).map_err(|e| src.syntax(e))?;
        if doc.versions.is_empty() {
            return Err(src.error(0..0, ConfigProblem::NoVersion));
        }
        let mut versions = Vec::new();
        let mut dates = BTreeSet::new();
        for v in &doc.versions {
            let v = v.get_ref();
            let effective_from = date(&src, &v.effective_from)?;
            if !dates.insert(effective_from) {
                return Err(src.error(
                    v.effective_from.span(),
                    ConfigProblem::DuplicateVersion {
                        date: effective_from,
                    },
                ));
            }
            versions.push(FeedbackDeadlines {
                effective_from,
                source: text(&src, &v.source, "source")?,
                confidence: confidence(&src, &v.confidence)?,
                reject_within: days(&src, &v.reject_within, "reject_within")?,
                first_info_request_within: days(
                    &src,
                    &v.first_info_request_within,
                    "first_info_request_within",
                )?,
                resolve_within: days(&src, &v.resolve_within, "resolve_within")?,
                publish_within: days(&src, &v.publish_within, "publish_within")?,
                due_soon: days(&src, &v.due_soon, "due_soon")?,
            });
        }
        versions.sort_by_key(|v| v.effective_from);
        Ok(FeedbackConfig { versions })
    }

    /// The compiled-in `data/quality/feedback.toml`.
    pub fn embedded() -> FeedbackConfig {
        FeedbackConfig::parse("data/quality/feedback.toml", super::FEEDBACK_TOML)
            .expect("the embedded feedback.toml is checked by the tests")
    }

    /// The deadlines in force on `on`.
    pub fn in_force(&self, on: Date) -> Option<&FeedbackDeadlines> {
        in_force(&self.versions, on, |v| v.effective_from)
    }
}
