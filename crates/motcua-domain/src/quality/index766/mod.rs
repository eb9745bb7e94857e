//! The Decision 766 index for one unit (or a province with its units) and one period.
//!
//! `compute` takes the configuration version, the summed aggregates and the catalog counts, and
//! returns every indicator of the version with its numerator, denominator, ratio and points.
//! Scoring (REGULATIONS.md §3.2 [S]): with a threshold T, points = Pmax if R ≥ T, else
//! R × Pmax / T; without, R × Pmax / 100. Ratios and points are rounded to 2 decimals, half away
//! from zero, only at the end (the threshold test uses the exact ratio). Group points are the
//! sums of the rounded indicator points, the total the sum of the groups, so the figures shown
//! always add up. Indicators motcua cannot measure are reported as such, never scored.

mod catalog;
mod measure;

use serde::{Deserialize, Serialize};

pub use catalog::{CatalogFacts, publication_complete};
pub use measure::{on_time_stock, score};

use super::aggregate::{DossierCounters, FeedbackCounters, PeriodTotals};
use super::config::{Index766Version, IndicatorSpec, ZeroDenominator};
use super::decimal::Decimal2;
use super::period::Period;
use measure::{Measure, Value};

/// The indicator ids motcua can compute (a configuration may only mark these as measured).
pub const COMPUTED: &[&str] = &[
    "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3",
    "5.4",
];

/// The inputs besides the configuration. Missing parts make their indicators "not measured".
#[derive(Debug, Clone, Copy)]
pub struct IndexInput<'a> {
    pub dossiers: &'a PeriodTotals<DossierCounters>,
    pub feedback: Option<&'a PeriodTotals<FeedbackCounters>>,
    pub catalog: Option<&'a CatalogFacts>,
}

/// How an indicator's `ratio` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A percentage (0–100).
    Percent,
    /// An average in working days of 8 hours (2.2).
    AverageWorkingDays,
}

/// What the figures of an indicator mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorStatus {
    /// Ratio and points computed.
    Scored,
    /// Ratio computed; the indicator carries no points (Pmax 0: monitoring only).
    NotScored,
    /// The denominator is 0 and the configuration says N/A.
    NotApplicable,
    /// motcua has no data for it (configuration or missing input); see the reason.
    NotMeasured,
}

/// A side ratio shown with an indicator (e.g. desk and post shares next to 3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubRatio {
    pub id: String,
    pub label_vi: String,
    pub label_en: String,
    pub numerator: u64,
    pub denominator: u64,
    pub ratio: Option<Decimal2>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorReport {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub status: IndicatorStatus,
    pub measured: bool,
    pub value_kind: ValueKind,
    /// `None` for composite indicators (5.4) and unmeasured ones.
    pub numerator: Option<u64>,
    pub denominator: Option<u64>,
    pub ratio: Option<Decimal2>,
    pub points: Option<Decimal2>,
    pub pmax: Decimal2,
    pub threshold: Option<Decimal2>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<SubRatio>,
    pub source: String,
    pub confidence: motcua_calendar::Confidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupReport {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub points: Decimal2,
    pub max: Decimal2,
    /// The points at stake in indicators that were scored (the rest is not measured or N/A).
    pub measured_max: Decimal2,
    pub indicators: Vec<IndicatorReport>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexReport {
    /// The configuration version used.
    pub version: String,
    pub period: Period,
    pub groups: Vec<GroupReport>,
    pub total: Decimal2,
    /// The official maximum (100).
    pub max: Decimal2,
    /// The maximum of what motcua scored; `total / measured_max` is the honest score.
    pub measured_max: Decimal2,
}

impl IndexReport {
    pub fn indicator(&self, id: &str) -> Option<&IndicatorReport> {
        self.groups
            .iter()
            .flat_map(|g| &g.indicators)
            .find(|i| i.id == id)
    }
}

/// Computes the index of `period` under `version` (normally the version in force at the end of
/// the period: `Index766Config::in_force(period.to)`).
pub fn compute(version: &Index766Version, period: &Period, input: &IndexInput<'_>) -> IndexReport {
    let groups: Vec<GroupReport> = version
        .groups
        .iter()
        .map(|g| {
            let indicators: Vec<IndicatorReport> = version
                .indicators
                .iter()
                .filter(|i| i.group == g.id)
                .map(|spec| report(spec, measure::measure(&spec.id, input)))
                .collect();
            let scored = indicators.iter().filter(|i| i.points.is_some());
            GroupReport {
                id: g.id.clone(),
                name_vi: g.name_vi.clone(),
                name_en: g.name_en.clone(),
                points: scored.clone().filter_map(|i| i.points).sum(),
                max: g.max,
                measured_max: scored.map(|i| i.pmax).sum(),
                indicators,
            }
        })
        .collect();
    IndexReport {
        version: version.id.clone(),
        period: *period,
        total: groups.iter().map(|g| g.points).sum(),
        max: version.total_max,
        measured_max: groups.iter().map(|g| g.measured_max).sum(),
        groups,
    }
}

fn report(
    spec: &IndicatorSpec,
    m: Result<Measure, (&'static str, &'static str)>,
) -> IndicatorReport {
    let mut r = IndicatorReport {
        id: spec.id.clone(),
        name_vi: spec.name_vi.clone(),
        name_en: spec.name_en.clone(),
        status: IndicatorStatus::NotMeasured,
        measured: false,
        value_kind: ValueKind::Percent,
        numerator: None,
        denominator: None,
        ratio: None,
        points: None,
        pmax: spec.pmax,
        threshold: spec.threshold,
        reason_vi: spec.reason_vi.clone(),
        reason_en: spec.reason_en.clone(),
        details: Vec::new(),
        source: spec.source.clone(),
        confidence: spec.confidence,
    };
    if !spec.measured {
        return r;
    }
    let m = match m {
        Ok(m) => m,
        Err((vi, en)) => {
            r.reason_vi = Some(vi.into());
            r.reason_en = Some(en.into());
            return r;
        }
    };
    r.measured = true;
    r.details = m.details;
    let fraction = match m.value {
        Value::Ratio { num, den } => {
            r.numerator = Some(num);
            r.denominator = Some(den);
            measure::fraction(num, den)
        }
        Value::Composite(f) => f,
        Value::Average { sum, count } => {
            r.value_kind = ValueKind::AverageWorkingDays;
            r.numerator = Some(sum);
            r.denominator = Some(count);
            r.status = if count == 0 {
                IndicatorStatus::NotApplicable
            } else {
                IndicatorStatus::NotScored
            };
            r.ratio =
                measure::fraction(sum, count * motcua_calendar::MINUTES_PER_WORKING_DAY as u64)
                    .map(|f| f.round_hundredths());
            return r;
        }
    };
    let fraction = match (fraction, spec.zero_denominator) {
        (Some(f), _) => f,
        (None, ZeroDenominator::Na) => {
            r.status = IndicatorStatus::NotApplicable;
            return r;
        }
        (None, ZeroDenominator::Zero) => super::decimal::Fraction::ZERO,
    };
    r.ratio = Some(fraction.percent());
    if spec.pmax == Decimal2::ZERO {
        r.status = IndicatorStatus::NotScored;
    } else {
        r.status = IndicatorStatus::Scored;
        r.points = Some(score(fraction, spec.pmax, spec.threshold));
    }
    r
}
