//! The leader's analytic reports: where the time goes (bottlenecks) and officers' quarterly
//! results. Both are read by the store from the events of the unit's tree, officers of the unit
//! only (404 for another unit), and both export to CSV and XLSX.

pub mod bottleneck;
pub mod officers;

use motcua_domain::quality::Period;
use motcua_store::store::UnitInfo;
use serde::Deserialize;

use crate::index::{choose, officer_units, today};
use crate::page::Fail;
use crate::params::{self, Picker};
use crate::state::Quality;
use crate::who::Officer;

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    #[serde(flatten)]
    pub picker: Picker,
    /// A procedure code (bottlenecks; empty: every procedure).
    #[serde(default)]
    pub procedure: String,
    #[serde(default)]
    pub format: String,
}

/// The officer's units, the one chosen (404 outside them) and the period (or its problem).
pub struct Chosen {
    pub units: Vec<UnitInfo>,
    pub unit: UnitInfo,
    pub period: Result<Period, String>,
}

pub async fn choose_unit(q: &Quality, o: &Officer, rq: &ReportQuery) -> Result<Chosen, Fail> {
    let lang = o.lang();
    let units = officer_units(q, o).await;
    let unit = choose(&units, &rq.picker.unit)
        .map_err(|()| Fail::not_found(lang))?
        .clone();
    let period = params::period(&rq.picker, today(q), lang);
    Ok(Chosen {
        units,
        unit,
        period,
    })
}

/// The default period of the reports: the quarter (officers' results are quarterly).
pub fn quarterly(mut rq: ReportQuery) -> ReportQuery {
    if rq.picker.period.is_empty() {
        rq.picker.period = "quarter".into();
    }
    rq
}

/// A duration in working minutes as working days of 8 hours: "1,5".
pub fn days(lang: motcua_ui::Lang, minutes: Option<i64>) -> String {
    match minutes {
        None => "–".into(),
        Some(m) => {
            let hundredths = (m * 100 + 240) / motcua_calendar::MINUTES_PER_WORKING_DAY;
            crate::index::dec(lang, motcua_domain::quality::Decimal2(hundredths))
        }
    }
}
