//! Versioned configuration that is law (ARCHITECTURE.md "Configuration that is law"): the 766
//! weights, thresholds and counting rules (`data/quality/index766.toml`) and the feedback
//! deadlines (`data/quality/feedback.toml`). Each file holds one or more versions with the date
//! they take effect and their legal source; the version in force on a date is chosen with
//! `in_force`. The files are compiled in as defaults and can be replaced at run time by the
//! caller (the domain never reads files).

mod error;
mod feedback;
mod index766;

use std::ops::Range;

use jiff::civil::Date;
use motcua_calendar::Confidence;
use toml::Spanned;

pub use error::{ConfigError, ConfigProblem};
pub use feedback::{FeedbackConfig, FeedbackDeadlines};
pub use index766::{
    CountingRules, DissatisfiedRule, GroupSpec, Index766Config, Index766Version, IndicatorSpec,
    SupplementCount, UnitBasis, ZeroDenominator,
};

use super::decimal::Decimal2;
use error::Source;

/// The embedded default of `data/quality/index766.toml`.
pub static INDEX766_TOML: &str = include_str!("../../../../../data/quality/index766.toml");
/// The embedded default of `data/quality/feedback.toml`.
pub static FEEDBACK_TOML: &str = include_str!("../../../../../data/quality/feedback.toml");

/// Picks the version in force on `on` from versions sorted by `effective_from`.
fn in_force<T>(versions: &[T], on: Date, from: impl Fn(&T) -> Date) -> Option<&T> {
    versions.iter().rev().find(|v| from(v) <= on)
}

fn date(src: &Source<'_>, v: &Spanned<toml::Value>) -> Result<Date, ConfigError> {
    let text = match v.get_ref() {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.to_string(),
        other => other.to_string(),
    };
    text.parse::<Date>()
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| src.error(v.span(), ConfigProblem::BadDate { text }))
}

fn text(src: &Source<'_>, v: &Spanned<String>, field: &'static str) -> Result<String, ConfigError> {
    let t = v.get_ref().trim();
    if t.is_empty() {
        return Err(src.error(v.span(), ConfigProblem::Empty { field }));
    }
    Ok(t.to_string())
}

fn confidence(src: &Source<'_>, v: &Spanned<String>) -> Result<Confidence, ConfigError> {
    match v.get_ref().trim() {
        "V" => Ok(Confidence::V),
        "S" => Ok(Confidence::S),
        "R" => Ok(Confidence::R),
        "U" => Ok(Confidence::U),
        "GAP" => Ok(Confidence::Gap),
        other => Err(src.error(
            v.span(),
            ConfigProblem::UnknownConfidence {
                text: other.to_string(),
            },
        )),
    }
}

/// A points or percentage value written as a TOML integer or float with ≤ 2 decimals.
fn decimal(
    src: &Source<'_>,
    v: &Spanned<toml::Value>,
    field: &'static str,
) -> Result<Decimal2, ConfigError> {
    let parsed = match v.get_ref() {
        toml::Value::Integer(i) if *i >= 0 => Some(Decimal2::from_units(*i)),
        toml::Value::Float(f) => Decimal2::from_f64(*f),
        toml::Value::String(s) => Decimal2::parse(s),
        _ => None,
    };
    parsed.ok_or_else(|| bad_number(src, v.span(), field, v.get_ref(), ""))
}

fn bad_number(
    src: &Source<'_>,
    span: Range<usize>,
    field: &'static str,
    value: &toml::Value,
    extra: &'static str,
) -> ConfigError {
    src.error(
        span,
        ConfigProblem::BadNumber {
            field,
            text: value.to_string(),
            extra,
        },
    )
}

/// Both configurations, as loaded at start (or by an admin command).
#[derive(Debug, Clone)]
pub struct QualityConfig {
    pub index766: Index766Config,
    pub feedback: FeedbackConfig,
}

impl QualityConfig {
    /// The embedded defaults. They are checked by the tests, so this cannot fail in a build.
    pub fn embedded() -> QualityConfig {
        QualityConfig {
            index766: Index766Config::embedded(),
            feedback: FeedbackConfig::embedded(),
        }
    }
}
