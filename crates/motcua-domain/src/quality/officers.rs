//! Officers' results for a period (issue §7; the quarterly review): per officer and unit,
//! dossiers handled, the on-time share of those that ended, citizens' satisfaction with them and
//! feedback about the officer. A plain accumulator: the store feeds it the dossiers and feedback
//! of the period and gets report rows (serialisable, or CSV).
//!
//! - Handled: the officer acted on the dossier (any event in an officer role) in the period,
//!   counted for the unit they acted for. A dossier handled by three officers counts for each.
//! - On time: among the handled dossiers that ended in the period, those on time by the 766 rule
//!   ([`DossierOutcome::on_time`]); shared responsibility, so each handler gets the dossier.
//! - Satisfaction: the ratings of the handled dossiers, as points over the maximum (the 9
//!   indices, 2 / 1 / 0) and the number rated dissatisfied.
//! - Feedback received: feedback about the officer (subject `Officer` with their account)
//!   submitted in the period, counted for the unit it was sent to.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::decimal::{Decimal2, Fraction};
use super::dossier_outcome::{DossierOutcome, day_of};
use super::feedback::{Feedback, Subject};
use super::period::Period;
use super::satisfaction::ScoredRating;
use crate::dossier::Event;
use crate::ids::{AccountId, DossierId, UnitId};
use crate::message::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerRow {
    pub account: AccountId,
    pub name: String,
    pub unit: UnitId,
    pub dossiers_handled: u64,
    pub dossiers_ended: u64,
    pub ended_on_time: u64,
    /// Percent, 2 decimals.
    pub on_time_share: Option<Decimal2>,
    pub ratings: u64,
    /// Rating points over the maximum, percent, 2 decimals.
    pub satisfaction: Option<Decimal2>,
    pub rated_dissatisfied: u64,
    pub feedback_received: u64,
}

#[derive(Debug, Clone, Default)]
struct Acc {
    handled: BTreeSet<DossierId>,
    ended: u64,
    on_time: u64,
    ratings: u64,
    points: u64,
    max: u64,
    dissatisfied: u64,
    feedback: u64,
}

#[derive(Debug, Clone)]
pub struct OfficerAccumulator {
    period: Period,
    rows: BTreeMap<(AccountId, UnitId), Acc>,
    names: BTreeMap<AccountId, String>,
}

impl OfficerAccumulator {
    pub fn new(period: Period) -> Self {
        OfficerAccumulator {
            period,
            rows: BTreeMap::new(),
            names: BTreeMap::new(),
        }
    }

    /// Adds a dossier: its events, its outcome and the ratings it received.
    pub fn add_dossier(
        &mut self,
        events: &[Event],
        outcome: &DossierOutcome,
        ratings: &[ScoredRating],
    ) {
        let mut handlers: BTreeSet<(AccountId, UnitId)> = BTreeSet::new();
        for e in events {
            let Some(account) = e.actor.account else {
                continue;
            };
            if !e.actor.role.is_officer() || !self.period.contains(day_of(e.at)) {
                continue;
            }
            handlers.insert((account, e.unit));
            self.names.insert(account, e.actor.name.clone());
        }
        let ended_in_period = outcome
            .ended_at
            .is_some_and(|t| self.period.contains(day_of(t)));
        for key in handlers {
            let acc = self.rows.entry(key).or_default();
            if !acc.handled.insert(outcome.dossier) {
                continue;
            }
            if ended_in_period {
                acc.ended += 1;
                acc.on_time += u64::from(outcome.on_time == Some(true));
            }
            for r in ratings {
                acc.ratings += 1;
                acc.points += u64::from(r.total);
                acc.max += u64::from(r.max);
                acc.dissatisfied += u64::from(r.dissatisfied);
            }
        }
    }

    /// Adds a feedback item (counted if it is about an officer and was submitted in the period).
    pub fn add_feedback(&mut self, fb: &Feedback) {
        let Subject::Officer {
            account: Some(account),
            name,
        } = &fb.subject
        else {
            return;
        };
        if !self.period.contains(day_of(fb.submitted_at)) {
            return;
        }
        let unit = fb.legs.first().map_or(fb.unit, |l| l.unit);
        self.names.entry(*account).or_insert_with(|| name.clone());
        self.rows.entry((*account, unit)).or_default().feedback += 1;
    }

    pub fn report(&self) -> Vec<OfficerRow> {
        let pct =
            |n: u64, d: u64| Fraction::new(u128::from(n), u128::from(d)).map(Fraction::percent);
        self.rows
            .iter()
            .map(|((account, unit), a)| OfficerRow {
                account: *account,
                name: self.names.get(account).cloned().unwrap_or_default(),
                unit: *unit,
                dossiers_handled: a.handled.len() as u64,
                dossiers_ended: a.ended,
                ended_on_time: a.on_time,
                on_time_share: pct(a.on_time, a.ended),
                ratings: a.ratings,
                satisfaction: pct(a.points, a.max),
                rated_dissatisfied: a.dissatisfied,
                feedback_received: a.feedback,
            })
            .collect()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The rows as CSV (RFC 4180, CRLF line ends) with a header in `lang`.
pub fn to_csv(rows: &[OfficerRow], lang: Lang) -> String {
    let header: [&str; 11] = match lang {
        Lang::Vi => [
            "Tài khoản",
            "Họ tên",
            "Đơn vị",
            "Hồ sơ đã xử lý",
            "Hồ sơ kết thúc",
            "Đúng hạn",
            "Tỷ lệ đúng hạn (%)",
            "Lượt đánh giá",
            "Mức hài lòng (%)",
            "Không hài lòng",
            "Phản ánh, kiến nghị",
        ],
        Lang::En => [
            "account",
            "name",
            "unit",
            "dossiers_handled",
            "dossiers_ended",
            "ended_on_time",
            "on_time_share_percent",
            "ratings",
            "satisfaction_percent",
            "rated_dissatisfied",
            "feedback_received",
        ],
    };
    let opt = |d: Option<Decimal2>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut out = header.join(",") + "\r\n";
    for r in rows {
        let fields = [
            r.account.to_string(),
            csv_field(&r.name),
            r.unit.to_string(),
            r.dossiers_handled.to_string(),
            r.dossiers_ended.to_string(),
            r.ended_on_time.to_string(),
            opt(r.on_time_share),
            r.ratings.to_string(),
            opt(r.satisfaction),
            r.rated_dissatisfied.to_string(),
            r.feedback_received.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::DocSource;
    use crate::procedure::Channel;
    use crate::quality::config::CountingRules;
    use crate::quality::dossier_outcome::{OutcomeCtx, outcome};
    use crate::quality::testkit::*;

    fn finished(id: i64, issue_day: i8) -> World {
        let c = cast();
        let mut w = World::new(procedure("1.000001", true), at(2026, 3, 2, 8, 0));
        w.run(
            &c.owner,
            submission(
                id,
                COMMUNE_A,
                Channel::Online,
                vec![doc(Some("c1"), DocSource::Upload)],
            ),
        );
        for (day, i) in [
            (2, 0),
            (2, 4),
            (issue_day, 5),
            (issue_day, 6),
            (issue_day, 7),
        ] {
            w.now = at(2026, 3, day, 10, 0);
            let (a, cmd) = action(i, &c);
            w.run(a, cmd);
        }
        w
    }

    #[test]
    fn officers_results_for_a_quarter() {
        let period = Period::quarter(2026, 1).unwrap();
        let rules = CountingRules::default();
        let mut acc = OfficerAccumulator::new(period);
        for (id, day) in [(1, 3), (2, 9)] {
            let w = finished(id, day);
            let o = outcome(
                w.d(),
                &OutcomeCtx {
                    rules: &rules,
                    calendar: &w.cal,
                    result_is_document: true,
                    extras: Default::default(),
                },
            );
            acc.add_dossier(&w.events, &o, &[]);
        }
        let rows = acc.report();
        let specialist = rows.iter().find(|r| r.account == AccountId(11)).unwrap();
        assert_eq!(specialist.name, "Lê Thị Chuyên");
        assert_eq!(
            (
                specialist.dossiers_handled,
                specialist.dossiers_ended,
                specialist.ended_on_time
            ),
            (2, 2, 1)
        );
        assert_eq!(specialist.on_time_share, Some(Decimal2(5000)));
        assert_eq!(specialist.satisfaction, None);
        // The citizen is not an officer.
        assert!(rows.iter().all(|r| r.account != AccountId(1)));
        let csv = to_csv(&rows, Lang::Vi);
        assert!(csv.starts_with("Tài khoản,Họ tên,"));
        assert!(
            csv.contains("\r\n11,Lê Thị Chuyên,10,2,2,1,50.00,0,,0,0\r\n"),
            "{csv}"
        );
        assert_eq!(csv_field("Lê, \"Hai\""), "\"Lê, \"\"Hai\"\"\"");
    }

    #[test]
    fn ratings_and_feedback_count_for_the_officers_concerned() {
        use crate::quality::feedback::*;
        use crate::quality::satisfaction::{RatingChannel, ScoredRating};
        let period = Period::quarter(2026, 1).unwrap();
        let rules = CountingRules::default();
        let w = finished(1, 3);
        let o = outcome(
            w.d(),
            &OutcomeCtx {
                rules: &rules,
                calendar: &w.cal,
                result_is_document: true,
                extras: Default::default(),
            },
        );
        let rating = |total, dissatisfied| ScoredRating {
            dossier: o.dossier,
            channel: RatingChannel::Portal,
            levels: Default::default(),
            comment: None,
            indices: vec![],
            total,
            max: 18,
            dissatisfied,
        };
        let mut acc = OfficerAccumulator::new(period);
        acc.add_dossier(&w.events, &o, &[rating(18, false), rating(9, true)]);
        let submitted = |at_day: i8, account| FeedbackEvent {
            at: at(2026, 3, at_day, 9, 0),
            actor: FeedbackActorRef {
                account: None,
                name: "Khách".into(),
                role: FeedbackRole::Anonymous,
            },
            data: FeedbackEventData::Submitted(Box::new(FeedbackSubmitted {
                id: FeedbackId(1),
                unit: COMMUNE_A,
                subject: Subject::Officer {
                    account,
                    name: "Lê Thị Chuyên".into(),
                },
                title: "Thái độ".into(),
                content: "…".into(),
                author: Author {
                    account: None,
                    contact: None,
                },
                deadlines: LegDeadlines {
                    started_at: at(2026, 3, at_day, 9, 0),
                    reject_by: at(2026, 3, at_day, 9, 0),
                    first_info_by: at(2026, 3, at_day, 9, 0),
                    resolve_by: at(2026, 3, at_day, 9, 0),
                },
            })),
        };
        for (day, account) in [
            (5, Some(AccountId(11))),
            (6, Some(AccountId(11))),
            (7, None),
        ] {
            acc.add_feedback(&start(&submitted(day, account)).unwrap());
        }
        let rows = acc.report();
        let s = rows.iter().find(|r| r.account == AccountId(11)).unwrap();
        assert_eq!(
            (s.ratings, s.rated_dissatisfied, s.feedback_received),
            (2, 1, 2)
        );
        assert_eq!(s.satisfaction, Some(Decimal2(7500)), "27 of 36 points");
    }
}
