//! Roll-up grains of the aggregate tables and the cover of a period by them.
//!
//! Every delta is added to its day row and to the rows of the month and year containing that
//! day (same transaction), so a sum over any range of days can read whole years and months and
//! only the days at the edges. The index of a period needs two sums (docs/QUALITY.md §3): the
//! rows before the period (the stock of open dossiers at its start) and the rows inside it.

use jiff::ToSpan;
use jiff::civil::Date;

/// The grain of a stored row; its `day` is the first day it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Grain {
    Day,
    Month,
    Year,
}

impl Grain {
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Day => "d",
            Grain::Month => "m",
            Grain::Year => "y",
        }
    }

    /// The first day of the row of this grain that contains `day`.
    pub fn start(self, day: Date) -> Date {
        match self {
            Grain::Day => day,
            Grain::Month => day.first_of_month(),
            Grain::Year => day.first_of_year(),
        }
    }
}

/// A range of rows of one grain: `grain = g AND day >= from AND day < to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub grain: Grain,
    pub from: Date,
    /// Exclusive.
    pub to: Date,
}

impl Piece {
    pub fn start_text(self) -> String {
        self.from.to_string()
    }
    pub fn end_text(self) -> String {
        self.to.to_string()
    }
}

/// Before every stored day (motcua has no dossier before 1900).
pub(crate) fn origin() -> Date {
    jiff::civil::date(1900, 1, 1)
}

fn next_month(d: Date) -> Date {
    d.first_of_month()
        .checked_add(1.month())
        .unwrap_or(Date::MAX)
}

fn next_year(d: Date) -> Date {
    d.first_of_year().checked_add(1.year()).unwrap_or(Date::MAX)
}

/// Covers `[from, to)` with as few pieces as possible, using grains up to `max`.
pub(crate) fn cover(from: Date, to: Date, max: Grain) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut at = from;
    while at < to {
        let (grain, end) = if max >= Grain::Year && at == at.first_of_year() && next_year(at) <= to
        {
            (Grain::Year, next_year(at))
        } else if max >= Grain::Month && at == at.first_of_month() && next_month(at) <= to {
            (Grain::Month, next_month(at))
        } else {
            (Grain::Day, next_month(at).min(to))
        };
        match out.last_mut() {
            Some(p) if p.grain == grain && p.to == at => p.to = end,
            _ => out.push(Piece {
                grain,
                from: at,
                to: end,
            }),
        }
        at = end;
    }
    out
}

/// Pieces for everything before `day` (from the origin).
pub(crate) fn before(day: Date, max: Grain) -> Vec<Piece> {
    cover(origin(), day, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn days(pieces: &[Piece]) -> i64 {
        pieces
            .iter()
            .map(|p| (p.to - p.from).get_days() as i64)
            .sum()
    }

    #[test]
    fn a_calendar_year_is_one_row_per_unit() {
        let p = cover(date(2026, 1, 1), date(2027, 1, 1), Grain::Year);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].grain, Grain::Year);
        let m = cover(date(2026, 1, 1), date(2027, 1, 1), Grain::Month);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].grain, Grain::Month);
    }

    #[test]
    fn ragged_ranges_use_days_at_the_edges() {
        let p = cover(date(2026, 1, 15), date(2027, 1, 15), Grain::Year);
        let grains: Vec<Grain> = p.iter().map(|p| p.grain).collect();
        assert_eq!(grains, [Grain::Day, Grain::Month, Grain::Day]);
        assert_eq!(p[0].to, date(2026, 2, 1));
        assert_eq!(p[1].to, date(2027, 1, 1));
        let span = (date(2027, 1, 15) - date(2026, 1, 15)).get_days() as i64;
        assert_eq!(days(&p), span);
        let b = before(date(2026, 3, 10), Grain::Year);
        assert_eq!(b.first().unwrap().from, origin());
        assert_eq!(b.last().unwrap().to, date(2026, 3, 10));
        let grains: Vec<Grain> = b.iter().map(|p| p.grain).collect();
        assert_eq!(grains, [Grain::Year, Grain::Month, Grain::Day]);
        assert!(cover(date(2026, 3, 1), date(2026, 3, 1), Grain::Year).is_empty());
    }

    #[test]
    fn pieces_tile_the_range_exactly() {
        for (a, b) in [
            (date(2025, 12, 31), date(2026, 1, 2)),
            (date(2026, 2, 1), date(2026, 3, 1)),
            (date(2024, 2, 29), date(2026, 7, 4)),
        ] {
            let p = cover(a, b, Grain::Year);
            assert_eq!(p.first().unwrap().from, a);
            assert_eq!(p.last().unwrap().to, b);
            for w in p.windows(2) {
                assert_eq!(w[0].to, w[1].from);
            }
            for x in &p {
                assert_eq!(x.grain.start(x.from), x.from, "aligned: {x:?}");
            }
        }
    }
}
