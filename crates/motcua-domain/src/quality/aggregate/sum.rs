//! Summing rows for a period: the rows before the period (for the stock of open items) and the
//! rows inside it. Rows after the period are not needed.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::AggregateKey;
use super::counters::{Counters, DossierCounters};
use crate::ids::{ProcedureCode, UnitId};
use crate::procedure::Channel;
use crate::quality::period::Period;
use crate::unit::UnitVersion;

/// The sums a period's index is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodTotals<C> {
    /// All rows with a day before the period start.
    pub before: C,
    /// All rows with a day in the period.
    pub within: C,
}

impl<C: Counters> PeriodTotals<C> {
    /// Adds one row (rows after the period are ignored).
    pub fn add_row(&mut self, period: &Period, day: Date, c: &C) {
        if day < period.from {
            self.before.add(c);
        } else if day <= period.to {
            self.within.add(c);
        }
    }

    /// Adds another total (e.g. a commune's into its province's).
    pub fn merge(&mut self, other: &PeriodTotals<C>) {
        self.before.add(&other.before);
        self.within.add(&other.within);
    }

    /// From a per-key running total kept by the store: `before = all − within − after`, where
    /// `after` are the rows after the period (few for recent periods). `None` if inconsistent.
    pub fn from_all_time(all: &C, within: &C, after: &C) -> Option<PeriodTotals<C>> {
        let mut before = *all;
        let mut minus = *within;
        minus.add(after);
        let zero = C::default();
        before.apply(&C::delta(&minus, &zero)).ok()?;
        Some(PeriodTotals {
            before,
            within: *within,
        })
    }
}

/// `root` and every unit under it by the parent links of the versions in force on `on`: the
/// units a province's index sums over (its communes, departments and centres; R-766-1).
pub fn units_under(root: UnitId, versions: &[UnitVersion], on: Date) -> BTreeSet<UnitId> {
    let live: Vec<&UnitVersion> = versions.iter().filter(|v| v.in_force_on(on)).collect();
    let mut set = BTreeSet::from([root]);
    loop {
        let before = set.len();
        for v in &live {
            if v.parent.is_some_and(|p| set.contains(&p)) {
                set.insert(v.unit);
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// Sums dossier rows for one period and one set of units (a commune, or a province with its
/// communes and departments), and notes which procedures had an online dossier received in the
/// period (indicator 3.2 needs the procedure, which the totals drop).
#[derive(Debug, Clone)]
pub struct PeriodSummer {
    pub period: Period,
    /// `None`: every unit.
    pub units: Option<BTreeSet<UnitId>>,
    pub totals: PeriodTotals<DossierCounters>,
    pub online_procedures: BTreeSet<ProcedureCode>,
    /// The same codes packed into integers: the per-row test stays a few nanoseconds.
    seen: BTreeSet<u64>,
}

/// A procedure code is 8 ASCII bytes (`D.DDDDDD` or `L.NNNNNN`): one `u64`.
fn packed(code: &ProcedureCode) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(code.as_str().bytes()) {
        *d = s;
    }
    u64::from_be_bytes(b)
}

impl PeriodSummer {
    pub fn new(period: Period, units: Option<BTreeSet<UnitId>>) -> PeriodSummer {
        PeriodSummer {
            period,
            units,
            totals: PeriodTotals::default(),
            online_procedures: BTreeSet::new(),
            seen: BTreeSet::new(),
        }
    }

    pub fn add(&mut self, key: &AggregateKey, c: &DossierCounters) {
        if self.units.as_ref().is_some_and(|u| !u.contains(&key.unit)) {
            return;
        }
        self.totals.add_row(&self.period, key.day, c);
        if key.channel == Channel::Online
            && c.received > 0
            && self.period.contains(key.day)
            && self.seen.insert(packed(&key.procedure))
        {
            self.online_procedures.insert(key.procedure.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AgencyCode;
    use crate::unit::UnitKind;
    use jiff::civil::date;

    fn v(unit: i64, parent: Option<i64>, to: Option<Date>) -> UnitVersion {
        UnitVersion {
            unit: UnitId(unit),
            code: AgencyCode::parse("H56").unwrap(),
            name: format!("Đơn vị {unit}"),
            kind: UnitKind::Commune,
            parent: parent.map(UnitId),
            valid_from: date(2025, 7, 1),
            valid_to: to,
            successor: None,
        }
    }

    #[test]
    fn before_from_a_running_total() {
        let c = |received| DossierCounters {
            received,
            ..Default::default()
        };
        let t = PeriodTotals::from_all_time(&c(10), &c(4), &c(1)).unwrap();
        assert_eq!((t.before.received, t.within.received), (5, 4));
        assert_eq!(PeriodTotals::from_all_time(&c(3), &c(4), &c(0)), None);
    }

    #[test]
    fn a_province_sums_its_units_in_force() {
        let units = [
            v(1, None, None),
            v(10, Some(1), None),
            v(11, Some(10), None),
            v(20, Some(1), Some(date(2026, 1, 1))),
            v(30, Some(2), None),
        ];
        let ids = |s: BTreeSet<UnitId>| s.into_iter().map(|u| u.0).collect::<Vec<_>>();
        assert_eq!(
            ids(units_under(UnitId(1), &units, date(2026, 3, 1))),
            [1, 10, 11]
        );
        assert_eq!(
            ids(units_under(UnitId(1), &units, date(2025, 9, 1))),
            [1, 10, 11, 20]
        );
    }
}
