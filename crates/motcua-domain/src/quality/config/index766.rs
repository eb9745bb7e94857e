//! `data/quality/index766.toml`: the groups, indicators, weights (Pmax), thresholds and counting
//! rules of the Decision 766 index, per version. Format: docs/QUALITY.md.

use std::collections::BTreeSet;

use jiff::civil::Date;
use motcua_calendar::Confidence;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::error::Source;
use super::{ConfigError, ConfigProblem, bad_number, confidence, date, decimal, in_force, text};
use crate::quality::decimal::Decimal2;
use crate::quality::index766::COMPUTED;

/// Which supplement requests count for "more than one request ⇒ overdue" (2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupplementCount {
    /// Every Mẫu 02, at reception and during processing (the literal rule) [S].
    All,
    /// Only requests made after official reception.
    Processing,
}

/// Which unit a dossier is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitBasis {
    /// The one-stop desk that received it (stable over transfers).
    Receiving,
    /// The unit processing it now (moves with each transfer).
    Processing,
}

/// When a rating counts as "dissatisfied" for 5.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DissatisfiedRule {
    /// The overall criterion (portal criterion 1) is "Không hài lòng".
    Overall,
    /// Any criterion is "Không hài lòng".
    AnyCriterion,
}

/// What happens when an indicator's denominator is 0 (R-766-1: "N/A or 0, by configuration").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroDenominator {
    /// Shown as N/A; its points are left out of the measured maximum.
    Na,
    /// Ratio 0, points 0.
    Zero,
}

/// Rules that decide what the daily aggregates count. A dossier is counted under the version in
/// force on its reception day; changing them for past dossiers means rebuilding the aggregates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountingRules {
    pub supplement_requests: SupplementCount,
    /// More requests than this make the dossier overdue (the rule says "more than one": 1).
    pub max_supplement_requests: u32,
    /// A reschedule (Mẫu 04) moves the due moment used by 2.1 (R-LC-5 [GAP]; default false).
    pub reschedule_moves_due: bool,
    pub dossier_unit: UnitBasis,
    pub dissatisfied_when: DissatisfiedRule,
}

impl Default for CountingRules {
    fn default() -> Self {
        CountingRules {
            supplement_requests: SupplementCount::All,
            max_supplement_requests: 1,
            reschedule_moves_due: false,
            dossier_unit: UnitBasis::Receiving,
            dissatisfied_when: DissatisfiedRule::Overall,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSpec {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub max: Decimal2,
    pub source: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorSpec {
    pub id: String,
    pub group: String,
    pub name_vi: String,
    pub name_en: String,
    /// Maximum points (0: reported, not scored).
    pub pmax: Decimal2,
    /// Threshold in percent: at or above it, full points; below, R × Pmax / T.
    pub threshold: Option<Decimal2>,
    pub zero_denominator: ZeroDenominator,
    /// `false`: motcua has no data for it yet; shown with the reason, never with a number.
    pub measured: bool,
    pub reason_vi: Option<String>,
    pub reason_en: Option<String>,
    pub source: String,
    pub confidence: Confidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index766Version {
    pub id: String,
    pub effective_from: Date,
    pub source: String,
    pub confidence: Confidence,
    pub total_max: Decimal2,
    pub counting: CountingRules,
    pub groups: Vec<GroupSpec>,
    pub indicators: Vec<IndicatorSpec>,
}

impl Index766Version {
    pub fn indicator(&self, id: &str) -> Option<&IndicatorSpec> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

/// All versions of the index configuration, sorted by `effective_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index766Config {
    pub versions: Vec<Index766Version>,
}

impl Index766Config {
    /// Parses and checks a file; `origin` names it in errors. All or nothing.
    pub fn parse(origin: &str, toml_text: &str) -> Result<Index766Config, ConfigError> {
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
            let parsed = version(&src, v.get_ref())?;
            if !dates.insert(parsed.effective_from) {
                return Err(src.error(
                    v.get_ref().effective_from.span(),
                    ConfigProblem::DuplicateVersion {
                        date: parsed.effective_from,
                    },
                ));
            }
            versions.push(parsed);
        }
        versions.sort_by_key(|v| v.effective_from);
        Ok(Index766Config { versions })
    }

    /// The compiled-in `data/quality/index766.toml`.
    pub fn embedded() -> Index766Config {
        Index766Config::parse("data/quality/index766.toml", super::INDEX766_TOML)
            .expect("the embedded index766.toml is checked by the tests")
    }

    /// The version in force on `on` (`None` before the first version).
    pub fn in_force(&self, on: Date) -> Option<&Index766Version> {
        in_force(&self.versions, on, |v| v.effective_from)
    }
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
    id: Spanned<String>,
    effective_from: Spanned<toml::Value>,
    source: Spanned<String>,
    confidence: Spanned<String>,
    total_max: Spanned<toml::Value>,
    counting: CountingDoc,
    #[serde(default, rename = "group")]
    groups: Vec<Spanned<GroupDoc>>,
    #[serde(default, rename = "indicator")]
    indicators: Vec<Spanned<IndicatorDoc>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountingDoc {
    supplement_requests: Spanned<String>,
    max_supplement_requests: Spanned<i64>,
    reschedule_moves_due: bool,
    dossier_unit: Spanned<String>,
    dissatisfied_when: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupDoc {
    id: Spanned<String>,
    name_vi: Spanned<String>,
    name_en: Spanned<String>,
    max: Spanned<toml::Value>,
    source: Spanned<String>,
    confidence: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorDoc {
    id: Spanned<String>,
    group: Spanned<String>,
    name_vi: Spanned<String>,
    name_en: Spanned<String>,
    pmax: Spanned<toml::Value>,
    #[serde(default)]
    threshold: Option<Spanned<toml::Value>>,
    #[serde(default)]
    zero_denominator: Option<Spanned<String>>,
    #[serde(default = "yes")]
    measured: bool,
    #[serde(default)]
    reason_vi: Option<Spanned<String>>,
    #[serde(default)]
    reason_en: Option<Spanned<String>>,
    source: Spanned<String>,
    confidence: Spanned<String>,
}

fn yes() -> bool {
    true
}

fn choice<T: Copy>(
    src: &Source<'_>,
    v: &Spanned<String>,
    field: &'static str,
    options: &[(&str, T)],
    allowed: &'static str,
) -> Result<T, ConfigError> {
    options
        .iter()
        .find(|(name, _)| *name == v.get_ref().trim())
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            src.error(
                v.span(),
                ConfigProblem::BadChoice {
                    field,
                    text: v.get_ref().clone(),
                    allowed,
                },
            )
        })
}

fn counting(src: &Source<'_>, c: &CountingDoc) -> Result<CountingRules, ConfigError> {
    let max = *c.max_supplement_requests.get_ref();
    if !(0..=100).contains(&max) {
        return Err(bad_number(
            src,
            c.max_supplement_requests.span(),
            "max_supplement_requests",
            &toml::Value::Integer(max),
            "",
        ));
    }
    Ok(CountingRules {
        supplement_requests: choice(
            src,
            &c.supplement_requests,
            "supplement_requests",
            &[
                ("all", SupplementCount::All),
                ("processing", SupplementCount::Processing),
            ],
            "all, processing",
        )?,
        max_supplement_requests: max as u32,
        reschedule_moves_due: c.reschedule_moves_due,
        dossier_unit: choice(
            src,
            &c.dossier_unit,
            "dossier_unit",
            &[
                ("receiving", UnitBasis::Receiving),
                ("processing", UnitBasis::Processing),
            ],
            "receiving, processing",
        )?,
        dissatisfied_when: choice(
            src,
            &c.dissatisfied_when,
            "dissatisfied_when",
            &[
                ("overall", DissatisfiedRule::Overall),
                ("any_criterion", DissatisfiedRule::AnyCriterion),
            ],
            "overall, any_criterion",
        )?,
    })
}

fn version(src: &Source<'_>, v: &VersionDoc) -> Result<Index766Version, ConfigError> {
    let mut groups: Vec<GroupSpec> = Vec::new();
    for g in &v.groups {
        let g = g.get_ref();
        let id = text(src, &g.id, "group.id")?;
        if groups.iter().any(|x| x.id == id) {
            return Err(src.error(g.id.span(), ConfigProblem::DuplicateGroup { id }));
        }
        groups.push(GroupSpec {
            id,
            name_vi: text(src, &g.name_vi, "group.name_vi")?,
            name_en: text(src, &g.name_en, "group.name_en")?,
            max: decimal(src, &g.max, "group.max")?,
            source: text(src, &g.source, "group.source")?,
            confidence: confidence(src, &g.confidence)?,
        });
    }
    let mut indicators: Vec<IndicatorSpec> = Vec::new();
    for i in &v.indicators {
        indicators.push(indicator(src, i.get_ref(), &groups, &indicators)?);
    }
    for (g, doc) in groups.iter().zip(&v.groups) {
        let sum: Decimal2 = indicators
            .iter()
            .filter(|i| i.group == g.id)
            .map(|i| i.pmax)
            .sum();
        if sum != g.max {
            return Err(src.error(
                doc.get_ref().max.span(),
                ConfigProblem::GroupSum {
                    id: g.id.clone(),
                    declared: g.max.to_string(),
                    sum: sum.to_string(),
                },
            ));
        }
    }
    let total_max = decimal(src, &v.total_max, "total_max")?;
    let sum: Decimal2 = groups.iter().map(|g| g.max).sum();
    if sum != total_max {
        return Err(src.error(
            v.total_max.span(),
            ConfigProblem::TotalMax {
                declared: total_max.to_string(),
                sum: sum.to_string(),
            },
        ));
    }
    Ok(Index766Version {
        id: text(src, &v.id, "id")?,
        effective_from: date(src, &v.effective_from)?,
        source: text(src, &v.source, "source")?,
        confidence: confidence(src, &v.confidence)?,
        total_max,
        counting: counting(src, &v.counting)?,
        groups,
        indicators,
    })
}

fn indicator(
    src: &Source<'_>,
    i: &IndicatorDoc,
    groups: &[GroupSpec],
    seen: &[IndicatorSpec],
) -> Result<IndicatorSpec, ConfigError> {
    let id = text(src, &i.id, "indicator.id")?;
    if seen.iter().any(|x| x.id == id) {
        return Err(src.error(i.id.span(), ConfigProblem::DuplicateIndicator { id }));
    }
    let group = text(src, &i.group, "indicator.group")?;
    if !groups.iter().any(|g| g.id == group) {
        return Err(src.error(i.group.span(), ConfigProblem::UnknownGroup { id, group }));
    }
    if i.measured && !COMPUTED.contains(&id.as_str()) {
        return Err(src.error(i.id.span(), ConfigProblem::NoComputation { id }));
    }
    let reason = |r: &Option<Spanned<String>>, field| match r {
        Some(r) => text(src, r, field).map(Some),
        None => Ok(None),
    };
    let reason_vi = reason(&i.reason_vi, "reason_vi")?;
    let reason_en = reason(&i.reason_en, "reason_en")?;
    if !i.measured && (reason_vi.is_none() || reason_en.is_none()) {
        return Err(src.error(i.id.span(), ConfigProblem::ReasonRequired { id }));
    }
    let threshold = match &i.threshold {
        None => None,
        Some(t) => {
            let d = decimal(src, t, "threshold")?;
            if d == Decimal2::ZERO || d > Decimal2::from_units(100) {
                return Err(bad_number(
                    src,
                    t.span(),
                    "threshold",
                    t.get_ref(),
                    " in (0, 100]",
                ));
            }
            Some(d)
        }
    };
    Ok(IndicatorSpec {
        id,
        group,
        name_vi: text(src, &i.name_vi, "name_vi")?,
        name_en: text(src, &i.name_en, "name_en")?,
        pmax: decimal(src, &i.pmax, "pmax")?,
        threshold,
        zero_denominator: match &i.zero_denominator {
            None => ZeroDenominator::Na,
            Some(z) => choice(
                src,
                z,
                "zero_denominator",
                &[("na", ZeroDenominator::Na), ("zero", ZeroDenominator::Zero)],
                "na, zero",
            )?,
        },
        measured: i.measured,
        reason_vi,
        reason_en,
        source: text(src, &i.source, "source")?,
        confidence: confidence(src, &i.confidence)?,
    })
}
