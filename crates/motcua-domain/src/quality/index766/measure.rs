//! One function per indicator: which counters make its numerator and denominator
//! (REGULATIONS.md §3.2; the counting choices are in docs/QUALITY.md).

use super::{IndexInput, SubRatio};
use crate::quality::aggregate::{DossierCounters, FeedbackCounters, PeriodTotals};
use crate::quality::decimal::{Decimal2, Fraction};

pub(super) enum Value {
    Ratio {
        num: u64,
        den: u64,
    },
    /// A computed ratio without one numerator and denominator (5.4); `None`: N/A.
    Composite(Option<Fraction>),
    /// A sum and a count (2.2: minutes and dossiers).
    Average {
        sum: u64,
        count: u64,
    },
}

pub(super) struct Measure {
    pub value: Value,
    pub details: Vec<SubRatio>,
}

type Missing = (&'static str, &'static str);

const NO_FEEDBACK: Missing = (
    "Chưa có số liệu phản ánh, kiến nghị cho kỳ này.",
    "No feedback data was supplied for this period.",
);
const NO_CATALOG: Missing = (
    "Chưa có số liệu danh mục thủ tục của đơn vị.",
    "No catalog data was supplied for this unit.",
);

pub(super) fn fraction(num: u64, den: u64) -> Option<Fraction> {
    Fraction::new(u128::from(num), u128::from(den))
}

/// Points for ratio `r` (REGULATIONS.md §3.2): Pmax if R ≥ T, else R × Pmax / T; without a
/// threshold R × Pmax / 100. Rounded to hundredths, half away from zero.
pub fn score(r: Fraction, pmax: Decimal2, threshold: Option<Decimal2>) -> Decimal2 {
    let p = pmax.hundredths().max(0) as u128;
    match threshold {
        Some(t) => {
            let t = t.hundredths().max(1) as u128;
            // T in hundredths of a percent: R ≥ T ⟺ r ≥ t / 10 000.
            if Fraction::new(t, 10_000).is_some_and(|tf| r >= tf) {
                pmax
            } else {
                // points = r × (p / 100) / (t / 10 000) = r × p × 100 / t
                r.scale(p * 100, t).round_hundredths()
            }
        }
        None => r.scale(p, 100).round_hundredths(),
    }
}

/// Items counted by a "handled on time or still within time" indicator (2.1, 5.2) over a
/// period, from the flows before and in it: `(on time, counted)`.
///
/// counted = received up to the end − ended before the start;
/// overdue = became overdue up to the end − ended late before the start.
/// (docs/QUALITY.md derives both; `quality_props` checks them against a per-item count.)
pub fn on_time_stock(
    before_received: u64,
    within_received: u64,
    before_on_time: u64,
    before_late: u64,
    crossed_up_to_end: u64,
) -> (u64, u64) {
    let counted = (before_received + within_received).saturating_sub(before_on_time + before_late);
    let overdue = crossed_up_to_end.saturating_sub(before_late).min(counted);
    (counted - overdue, counted)
}

fn side(id: &str, vi: &str, en: &str, num: u64, den: u64) -> SubRatio {
    SubRatio {
        id: id.into(),
        label_vi: vi.into(),
        label_en: en.into(),
        numerator: num,
        denominator: den,
        ratio: fraction(num, den).map(Fraction::percent),
    }
}

fn ratio(num: u64, den: u64) -> Measure {
    Measure {
        value: Value::Ratio { num, den },
        details: Vec::new(),
    }
}

fn dossier_stock(t: &PeriodTotals<DossierCounters>) -> (u64, u64) {
    let (b, w) = (&t.before, &t.within);
    on_time_stock(
        b.received,
        w.received,
        b.finished_on_time,
        b.finished_late,
        b.overdue_crossed + w.overdue_crossed,
    )
}

fn feedback_stock(t: &PeriodTotals<FeedbackCounters>) -> (u64, u64) {
    let (b, w) = (&t.before, &t.within);
    on_time_stock(
        b.received,
        w.received,
        b.finished_on_time,
        b.finished_late,
        b.overdue_crossed + w.overdue_crossed,
    )
}

pub(super) fn measure(id: &str, input: &IndexInput<'_>) -> Result<Measure, Missing> {
    let d = input.dossiers;
    let w = &d.within;
    let feedback = || input.feedback.ok_or(NO_FEEDBACK);
    let catalog = || input.catalog.ok_or(NO_CATALOG);
    Ok(match id {
        "1.3" => {
            let c = catalog()?;
            ratio(c.published_complete, c.procedures)
        }
        "2.1" => {
            let (on_time, counted) = dossier_stock(d);
            let finished = w.finished_on_time + w.finished_late;
            let open = counted.saturating_sub(finished);
            let open_within = on_time.saturating_sub(w.finished_on_time);
            Measure {
                value: Value::Ratio {
                    num: on_time,
                    den: counted,
                },
                details: vec![
                    side(
                        "finished_on_time",
                        "Đã giải quyết đúng hạn, trước hạn",
                        "Finished on time or early",
                        w.finished_on_time,
                        counted,
                    ),
                    side(
                        "finished_late",
                        "Đã giải quyết quá hạn",
                        "Finished late",
                        w.finished_late,
                        counted,
                    ),
                    side(
                        "open_within_time",
                        "Đang giải quyết trong hạn",
                        "Open, within time",
                        open_within,
                        counted,
                    ),
                    side(
                        "open_overdue",
                        "Đang giải quyết quá hạn",
                        "Open, overdue",
                        open - open_within,
                        counted,
                    ),
                ],
            }
        }
        "2.2" => Measure {
            value: Value::Average {
                sum: w.resolution_minutes,
                count: w.resolved,
            },
            details: Vec::new(),
        },
        "3.1" => {
            let c = catalog()?;
            Measure {
                value: Value::Ratio {
                    num: c.online,
                    den: c.procedures,
                },
                details: vec![side(
                    "full_online",
                    "TTHC cung cấp DVCTT toàn trình",
                    "Procedures offered fully online",
                    c.full_online,
                    c.procedures,
                )],
            }
        }
        "3.2" => {
            let c = catalog()?;
            ratio(c.online_with_dossiers, c.online)
        }
        "3.3" => Measure {
            // Sync coefficient 1: motcua is the system of record (1.4 is not measured).
            value: Value::Ratio {
                num: w.online_ok,
                den: w.received,
            },
            details: vec![
                side(
                    "desk",
                    "Hồ sơ nộp trực tiếp",
                    "Received at the desk",
                    w.via_desk,
                    w.received,
                ),
                side(
                    "post",
                    "Hồ sơ nộp qua bưu chính",
                    "Received by post",
                    w.via_post,
                    w.received,
                ),
            ],
        },
        "4.1" => ratio(w.e_results, w.doc_results),
        "4.2" => ratio(w.digitised, w.received),
        "4.3" => ratio(w.reused, w.received),
        "4.4" => ratio(w.personal_store, w.received),
        "5.1" => {
            let f = &feedback()?.within;
            let classified = f.about_rules + f.about_conduct;
            Measure {
                value: Value::Ratio {
                    num: f.about_rules,
                    den: classified,
                },
                details: vec![side(
                    "about_conduct",
                    "PAKN về hành vi, thái độ của cán bộ, công chức",
                    "Feedback about officers' conduct",
                    f.about_conduct,
                    classified,
                )],
            }
        }
        "5.2" => {
            let (on_time, counted) = feedback_stock(feedback()?);
            ratio(on_time, counted)
        }
        "5.3" => {
            let f = &feedback()?.within;
            ratio(
                f.first_received.saturating_sub(f.unsatisfactory),
                f.first_received,
            )
        }
        "5.4" => {
            // Portal rule [S]: 100 % − (overdue rate + rate of dossiers with feedback or a
            // dislike). The overdue rate is 2.1's complement over the same dossiers.
            let (on_time, counted) = dossier_stock(d);
            let overdue = counted - on_time;
            let over = fraction(overdue, counted);
            let dis = fraction(w.dissatisfied, w.received);
            let value = match (over, dis) {
                (None, None) => None,
                (o, s) => Some(Fraction::one_minus(
                    o.unwrap_or(Fraction::ZERO),
                    s.unwrap_or(Fraction::ZERO),
                )),
            };
            Measure {
                value: Value::Composite(value),
                details: vec![
                    side(
                        "overdue",
                        "Tỷ lệ hồ sơ quá hạn",
                        "Overdue dossiers",
                        overdue,
                        counted,
                    ),
                    side(
                        "dissatisfied",
                        "Tỷ lệ hồ sơ bị đánh giá không hài lòng hoặc có PAKN",
                        "Dossiers rated dissatisfied or with feedback",
                        w.dissatisfied,
                        w.received,
                    ),
                ],
            }
        }
        _ => {
            return Err((
                "Chưa có cách tính cho chỉ số này.",
                "No computation for this indicator.",
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Points never exceed Pmax, reach it at the threshold, grow with the ratio, and agree
        /// with the plain formula to within the rounding.
        #[test]
        fn scoring_is_bounded_monotone_and_matches_the_formula(
            den in 1u64..100_000,
            a in 0u64..100_000,
            b in 0u64..100_000,
            pmax in 0i64..2_001,
            t in prop::option::of(1i64..10_001),
        ) {
            let (lo, hi) = (a.min(b) % (den + 1), a.max(b) % (den + 1));
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            let f = |n| Fraction::new(u128::from(n), u128::from(den)).unwrap();
            let (p, t) = (Decimal2(pmax), t.map(Decimal2));
            let (s_lo, s_hi) = (score(f(lo), p, t), score(f(hi), p, t));
            prop_assert!(s_lo <= s_hi);
            prop_assert!(s_hi <= p);
            let r = hi as f64 / den as f64 * 100.0;
            let expected = match t {
                Some(t) if r >= t.as_f64() => p.as_f64(),
                Some(t) => r * p.as_f64() / t.as_f64(),
                None => r * p.as_f64() / 100.0,
            };
            prop_assert!((s_hi.as_f64() - expected).abs() <= 0.005 + 1e-9, "{} vs {}", s_hi, expected);
            if let Some(t) = t {
                // At or above the threshold: full points.
                let at = u64::try_from((t.0 as u128 * u128::from(den)).div_ceil(10_000)).unwrap();
                if at <= den {
                    prop_assert_eq!(score(f(at), p, Some(t)), p);
                }
            }
        }

        #[test]
        fn the_stock_never_counts_more_on_time_than_counted(
            br in 0u64..1000, wr in 0u64..1000, bo in 0u64..1000, bl in 0u64..1000, c in 0u64..3000,
        ) {
            let (on_time, counted) = on_time_stock(br, wr, bo, bl, c);
            prop_assert!(on_time <= counted);
            prop_assert!(counted <= br + wr);
        }
    }
}
