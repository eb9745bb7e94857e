//! The astronomy behind the Vietnamese lunar calendar, after Hồ Ngọc Đức's public description
//! ("Thuật toán tính âm lịch"), which uses the new-moon and sun-longitude series of J. Meeus,
//! *Astronomical Algorithms* (1998), ch. 47 and 25 (abridged).
//!
//! Rules of the calendar (as used in Vietnam since 1968 at UTC+7):
//! 1. A month starts on the local day (UTC+7) of the new moon.
//! 2. Month 11 is the month containing the winter solstice.
//! 3. A year from month 11 to the next month 11 with 13 months has a leap month: the first month
//!    after month 11 that contains no major solar term (trung khí) repeats the previous number.
//!
//! The time zone matters: at UTC+8 (China) the new moon or solstice can fall on another day, which
//! moves a month boundary or the leap month (Tết 1985, 2030 and 2053 differ).
//!
//! All results for 1900–2199 are compiled once into a table of month starts.

use std::f64::consts::PI;
use std::sync::OnceLock;

use crate::days::{MAX_YEAR, MIN_YEAR, from_civil};

/// UTC+7, in days.
const TZ: f64 = 7.0 / 24.0;
/// Julian Day Number of 1970-01-01 (day number 0).
const JDN_UNIX: i32 = 2_440_588;
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// JD of the new moon of 1900-01-01 (k = 0 in the series below).
const K0_JD: f64 = 2_415_021.076_998_695;

/// One lunar month: where it starts (day number) and what it is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    pub start: i32,
    pub year: i16,
    pub month: u8,
    pub leap: bool,
}

impl Month {
    /// Sort key inside the calendar: (year, month, leap after the regular month).
    pub fn key(&self) -> (i16, u8, bool) {
        (self.year, self.month, self.leap)
    }
}

/// The months covering 1900-01-01 … 2199-12-31 (the first starts in December 1899, the last
/// ends in January 2200), in order, plus the start of the month after the last.
pub(crate) struct Table {
    pub months: Vec<Month>,
    pub end: i32,
}

impl Table {
    pub fn get() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(build)
    }

    /// Length in days of month `i` of the table.
    pub fn length(&self, i: usize) -> i32 {
        let next = self.months.get(i + 1).map_or(self.end, |m| m.start);
        next - self.months[i].start
    }
}

/// Julian date (fractional) of the k-th new moon after 1900-01-01 (Meeus ch. 47, abridged; the
/// ΔT term converts dynamical to universal time).
fn new_moon(k: i32) -> f64 {
    let k = f64::from(k);
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    // Mean anomaly of the sun, of the moon, and the moon's argument of latitude.
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// Apparent longitude of the sun in radians, [0, 2π), at Julian date `jd` (Meeus ch. 25, low
/// accuracy).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Julian Day Number of the local (UTC+7) day of the k-th new moon.
fn new_moon_day(k: i32) -> i32 {
    (new_moon(k) + 0.5 + TZ).floor() as i32
}

/// Which of the 12 major-term sectors (0 = spring equinox … 9 = winter solstice) the sun is in at
/// the start of local day `jdn`.
fn sun_sector(jdn: i32) -> i32 {
    (sun_longitude(f64::from(jdn) - 0.5 - TZ) / PI * 6.0).floor() as i32
}

/// Julian Day Number of the first day of lunar month 11 (the month of the winter solstice) that
/// begins in December (or late November) of Gregorian year `year`.
fn month11(year: i32) -> i32 {
    let off = from_civil(year, 12, 31) + JDN_UNIX - 2_415_021;
    let k = (f64::from(off) / SYNODIC_MONTH).floor() as i32;
    let nm = new_moon_day(k);
    // If the sun is already past the solstice sector at that new moon, the solstice month began
    // one lunation earlier.
    if sun_sector(nm) >= 9 {
        new_moon_day(k - 1)
    } else {
        nm
    }
}

fn lunation_index(jdn: i32) -> i32 {
    ((f64::from(jdn) - K0_JD) / SYNODIC_MONTH + 0.5).floor() as i32
}

/// In a 13-month year starting at month 11 `a11`, the offset (1..=12) of the leap month: the
/// first month whose start and the next month's start lie in the same major-term sector.
fn leap_offset(a11: i32) -> i32 {
    let k = lunation_index(a11);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i));
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i));
        if arc == last || i >= 14 {
            return i - 1;
        }
    }
}

/// Months from month 11 of lunar year `year - 1` up to (not including) month 11 of `year`.
fn span(year: i32, out: &mut Vec<Month>) {
    let a11 = month11(year - 1);
    let b11 = month11(year);
    let k = lunation_index(a11);
    // 12 lunations are about 354 days, 13 about 384.
    let count = if b11 - a11 > 365 { 13 } else { 12 };
    debug_assert_eq!(new_moon_day(k), a11);
    let leap_at = if count == 13 {
        Some(leap_offset(a11))
    } else {
        None
    };
    for i in 0..count {
        let (number, leap) = match leap_at {
            Some(l) if i >= l => (11 + i - 1, i == l),
            _ => (11 + i, false),
        };
        let month = ((number - 1) % 12 + 1) as u8;
        // Months 11 and 12 (and a leap 11 or 12) at the start of the span belong to the previous
        // lunar year; the span always ends before the next month 11.
        let lunar_year = if month >= 11 { year - 1 } else { year };
        out.push(Month {
            start: new_moon_day(k + i) - JDN_UNIX,
            year: lunar_year as i16,
            month,
            leap,
        });
    }
}

fn build() -> Table {
    let mut months = Vec::with_capacity(3_750);
    // The span of MIN_YEAR starts at month 11 of the year before (covers 1 January of MIN_YEAR);
    // the span of MAX_YEAR + 1 ends at month 11 of MAX_YEAR + 1 (covers 31 December of MAX_YEAR).
    for year in i32::from(MIN_YEAR)..=i32::from(MAX_YEAR) + 1 {
        span(year, &mut months);
    }
    // Keep the months up to the one containing 31 December of MAX_YEAR.
    let last_day = from_civil(MAX_YEAR.into(), 12, 31);
    let keep = months.partition_point(|m| m.start <= last_day);
    let end = months[keep].start;
    months.truncate(keep);
    debug_assert!(
        months
            .windows(2)
            .all(|w| w[0].start < w[1].start && w[0].key() < w[1].key())
    );
    Table { months, end }
}
