//! Due moments (R-TIME-1, R-TIME-2) and working-minute arithmetic. The reasons for each rule are
//! in docs/CALENDAR.md §"Due moments".

use jiff::civil::DateTime;

use super::{CLOSED, Spot, WorkingCalendar};
use crate::days::{MAX_YEAR, MIN_YEAR, date_of, day_of, days_in_month, max_date, min_date};
use crate::error::CalendarError;
use crate::report::DueAnswer;
use crate::status::truncate;
use crate::{CutoffRule, Limit, MINUTES_PER_WORKING_DAY, OpenState, TimeUnit};

/// A position: working minutes since 1 January 00:00 of `year` (may be outside [0, total] before
/// normalisation).
#[derive(Debug, Clone, Copy)]
struct Pos {
    year: i16,
    r: i64,
}

impl WorkingCalendar {
    /// The due moment for something received at `received` (local time).
    pub fn due(
        &self,
        received: DateTime,
        limit: Limit,
        cutoff: CutoffRule,
    ) -> Result<DateTime, CalendarError> {
        self.compute(received, limit, cutoff)
            .map(|(_, due)| due.to_datetime())
    }

    /// The due moment with its explanation (counting start, provisional data used), for the CLI
    /// and the API.
    pub fn due_answer(
        &self,
        received: DateTime,
        limit: Limit,
        cutoff: CutoffRule,
    ) -> Result<DueAnswer, CalendarError> {
        let (start, due) = self.compute(received, limit, cutoff)?;
        let first_year = received.year().max(MIN_YEAR);
        let mut provisional = false;
        for y in first_year..=due.year {
            provisional |= self.year_index(y)?.provisional();
        }
        Ok(DueAnswer {
            from: received,
            counting_starts: start.to_datetime(),
            due: due.to_datetime(),
            limit,
            cutoff,
            provisional_days_used: provisional,
        })
    }

    /// When counting starts for something received at `received` (R-TIME-1): at that moment if
    /// it is inside working hours and the cut-off does not apply, else at the start of the next
    /// working period (next working day if the cut-off applies).
    pub fn counting_starts(
        &self,
        received: DateTime,
        cutoff: CutoffRule,
    ) -> Result<DateTime, CalendarError> {
        Ok(self.start_spot(Spot::of(received)?, cutoff)?.to_datetime())
    }

    fn compute(
        &self,
        received: DateTime,
        limit: Limit,
        cutoff: CutoffRule,
    ) -> Result<(Spot, Spot), CalendarError> {
        let start = self.start_spot(Spot::of(received)?, cutoff)?;
        let amount = i64::from(limit.amount);
        let due = match limit.unit {
            TimeUnit::WorkingHours | TimeUnit::WorkingDays => {
                let per = if limit.unit == TimeUnit::WorkingHours {
                    60
                } else {
                    MINUTES_PER_WORKING_DAY
                };
                if amount == 0 {
                    start
                } else {
                    let p = self.position(start)?;
                    self.earliest_at(Pos {
                        year: p.year,
                        r: p.r + amount * per,
                    })?
                }
            }
            // "Trong ngày": the close of the counted reception day.
            TimeUnit::SameDay => self.close_of(start)?,
            // Civil Code 2015 art. 147(1): the first day is not counted; art. 148: the period ends
            // at the end of its last day, moved to the next working day if that day is a rest day.
            TimeUnit::CalendarDays => {
                let last = i64::from(day_of(start.date())) + amount;
                self.close_of_first_working_day_from(last)?
            }
            // Art. 148: the corresponding day of the last month, or that month's last day.
            TimeUnit::Months => {
                let last = add_months(start.date(), amount)?;
                self.close_of_first_working_day_from(last.into())?
            }
        };
        Ok((start, due))
    }

    /// R-TIME-1: normalise the reception moment, applying the procedure's cut-off.
    fn start_spot(&self, at: Spot, cutoff: CutoffRule) -> Result<Spot, CalendarError> {
        let y = self.year_index(at.year)?;
        let profile = &self.inner.profiles[y.profile[at.day as usize] as usize];
        let d = at.day as usize;
        let late = match (cutoff, profile.close()) {
            (_, None) | (CutoffRule::None, _) => false,
            // "Nếu tiếp nhận sau 15 giờ": strictly after, at minute precision.
            (CutoffRule::After { time }, Some(_)) => {
                at.minute > time.hour() as u16 * 60 + time.minute() as u16
            }
            // "Trong vòng 01 giờ trước khi kết thúc giờ làm việc": [close − n, close) and later.
            (CutoffRule::BeforeClose { minutes }, Some(close)) => {
                i64::from(at.minute) >= i64::from(close) - i64::from(minutes)
            }
        };
        let r = if late {
            i64::from(y.cum[d + 1])
        } else {
            i64::from(y.cum[d]) + i64::from(profile.worked_before(at.minute))
        };
        // The latest moment holding position r is the end of the first working minute after it,
        // minus one minute: inside a period that is the moment itself, otherwise the next start.
        let mut next = self.earliest_at(Pos {
            year: at.year,
            r: r + 1,
        })?;
        next.minute -= 1;
        Ok(next)
    }

    /// Position of a spot (its minute truncated).
    fn position(&self, at: Spot) -> Result<Pos, CalendarError> {
        let y = self.year_index(at.year)?;
        let profile = &self.inner.profiles[y.profile[at.day as usize] as usize];
        Ok(Pos {
            year: at.year,
            r: i64::from(y.cum[at.day as usize]) + i64::from(profile.worked_before(at.minute)),
        })
    }

    /// The earliest moment whose position is `p` (with p.r > 0 after normalisation): a target that
    /// ends exactly at a period end is that end (Wed 17:00), never the next start (Thu 07:00).
    fn earliest_at(&self, mut p: Pos) -> Result<Spot, CalendarError> {
        loop {
            if p.r <= 0 {
                if p.year <= MIN_YEAR {
                    return Err(CalendarError::out_of_range(format!("{}", min_date())));
                }
                p.year -= 1;
                p.r += i64::from(self.year_index(p.year)?.total());
                continue;
            }
            let y = self.year_index(p.year)?;
            let total = i64::from(y.total());
            if p.r > total {
                if p.year >= MAX_YEAR {
                    return Err(CalendarError::out_of_range(format!(
                        "a moment after {}",
                        max_date()
                    )));
                }
                p.r -= total;
                p.year += 1;
                continue;
            }
            let r = p.r as u32;
            let day = y.day_holding(r);
            let profile = &self.inner.profiles[y.profile[day] as usize];
            let minute = profile.minute_of(r - y.cum[day]);
            return Ok(Spot {
                year: p.year,
                day: day as u16,
                minute,
            });
        }
    }

    /// The close of a working day.
    fn close_of(&self, at: Spot) -> Result<Spot, CalendarError> {
        let y = self.year_index(at.year)?;
        let p = y.profile[at.day as usize];
        debug_assert_ne!(p, CLOSED);
        let minute = self.inner.profiles[p as usize].close().unwrap_or(at.minute);
        Ok(Spot { minute, ..at })
    }

    /// The close of the first working day on or after day number `day`.
    fn close_of_first_working_day_from(&self, day: i64) -> Result<Spot, CalendarError> {
        if day > i64::from(day_of(max_date())) {
            return Err(CalendarError::out_of_range(format!(
                "a date after {}",
                max_date()
            )));
        }
        let day = day as i32;
        let date = date_of(day);
        let y = self.year_index(date.year())?;
        let first = self.earliest_at(Pos {
            year: date.year(),
            r: i64::from(y.cum[(day - y.first_day) as usize]) + 1,
        })?;
        self.close_of(first)
    }

    /// `start` plus `minutes` working minutes (negative: minus). The result is the earliest moment
    /// with that position, so `working_minutes_between(start, result) == minutes`.
    pub fn add_working_minutes(
        &self,
        start: DateTime,
        minutes: i64,
    ) -> Result<DateTime, CalendarError> {
        if minutes == 0 {
            return Ok(start);
        }
        let p = self.position(Spot::of(start)?)?;
        let r = p.r.checked_add(minutes).ok_or_else(|| {
            CalendarError::out_of_range(format!("{start} + {minutes} working minutes"))
        })?;
        Ok(self.earliest_at(Pos { year: p.year, r })?.to_datetime())
    }

    /// Working minutes in [a, b) (negative if b < a), at minute precision. Moments outside
    /// 1900–2199 are clamped to the range.
    pub fn working_minutes_between(&self, a: DateTime, b: DateTime) -> i64 {
        let (pa, pb) = (self.clamped_position(a), self.clamped_position(b));
        let (lo, hi, sign) = if pa.year <= pb.year {
            (pa, pb, 1)
        } else {
            (pb, pa, -1)
        };
        let mut sum = hi.r - lo.r;
        for year in lo.year..hi.year {
            sum += self.year_index(year).map_or(0, |y| i64::from(y.total()));
        }
        sign * sum
    }

    fn clamped_position(&self, at: DateTime) -> Pos {
        let lo = min_date().at(0, 0, 0, 0);
        let hi = max_date().at(23, 59, 0, 0);
        let at = at.clamp(lo, hi);
        self.position(Spot::of(at).expect("clamped into range"))
            .expect("clamped into range")
    }

    /// The moment `days` working days (× 8 working hours) before `due`, e.g. the start of the
    /// "due soon" window (R-LC-5: apology due by due − 1 working day).
    pub fn sub_working_days(&self, due: DateTime, days: u32) -> Result<DateTime, CalendarError> {
        self.add_working_minutes(due, -i64::from(days) * MINUTES_PER_WORKING_DAY)
    }

    /// Within time / due soon / overdue for an open item, at minute precision: overdue iff
    /// now > due; due soon iff now ≥ due − `due_soon_days` working days.
    pub fn open_state(&self, due: DateTime, now: DateTime, due_soon_days: u32) -> OpenState {
        let (due, now) = (truncate(due), truncate(now));
        if now > due {
            return OpenState::Overdue;
        }
        let threshold = if due_soon_days == 0 {
            due
        } else {
            // Before 1900 nothing is "soon"; the window then starts at the range start.
            self.sub_working_days(due, due_soon_days)
                .unwrap_or_else(|_| min_date().at(0, 0, 0, 0))
        };
        if now >= threshold {
            OpenState::DueSoon
        } else {
            OpenState::WithinTime
        }
    }
}

/// Day number of `date` + `months` months, clamped to the month's last day (Civil Code 2015
/// art. 148: "nếu tháng kết thúc thời hạn không có ngày tương ứng thì … ngày cuối cùng của tháng").
fn add_months(date: jiff::civil::Date, months: i64) -> Result<i32, CalendarError> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month() - 1) + months;
    let year = index.div_euclid(12);
    if year > i64::from(MAX_YEAR) {
        return Err(CalendarError::out_of_range(format!(
            "{date} + {months} months"
        )));
    }
    let month = (index.rem_euclid(12) + 1) as u32;
    let day = (date.day() as u32).min(days_in_month(year as i32, month));
    Ok(crate::days::from_civil(year as i32, month, day))
}
