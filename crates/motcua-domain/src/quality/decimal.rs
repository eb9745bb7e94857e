//! Exact ratios and the two-decimal figures of the 766 index.
//!
//! Counts are integers, so a ratio is kept as an exact fraction and only the figures shown to
//! people are rounded: to 2 decimals, half away from zero (REGULATIONS.md §3.2 "Round to 2
//! decimals"; the tie rule is ours, documented in docs/QUALITY.md). Threshold comparisons and
//! points use the exact fraction, never a rounded ratio, so 79.996 % is below an 80 % threshold.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative exact fraction `num / den` (`den > 0`).
#[derive(Debug, Clone, Copy)]
pub struct Fraction {
    num: u128,
    den: u128,
}

impl Fraction {
    /// `None` when `den` is 0 (the indicator is then N/A or 0, by configuration).
    pub fn new(num: u128, den: u128) -> Option<Fraction> {
        (den > 0).then_some(Fraction { num, den })
    }

    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };
    pub const ONE: Fraction = Fraction { num: 1, den: 1 };

    pub fn num(self) -> u128 {
        self.num
    }

    pub fn den(self) -> u128 {
        self.den
    }

    /// `1 − a − b`, floored at 0 (indicator 5.4: 100 % minus two rates).
    pub fn one_minus(a: Fraction, b: Fraction) -> Fraction {
        let den = a.den * b.den;
        let take = a.num * b.den + b.num * a.den;
        Fraction {
            num: den.saturating_sub(take),
            den,
        }
    }

    /// `self × k / d` for small integer factors (scaling by points or thresholds).
    pub fn scale(self, k: u128, d: u128) -> Fraction {
        Fraction {
            num: self.num * k,
            den: self.den * d,
        }
    }

    /// The value rounded to hundredths, half away from zero (values here are never negative).
    pub fn round_hundredths(self) -> Decimal2 {
        let scaled = self.num * 100;
        let q = scaled / self.den;
        let r = scaled % self.den;
        let up = r * 2 >= self.den;
        Decimal2((q + u128::from(up)) as i64)
    }

    /// The value as a percentage rounded to hundredths (e.g. 3/7 → 42.86).
    pub fn percent(self) -> Decimal2 {
        self.scale(100, 1).round_hundredths()
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

/// A figure with exactly two decimals, stored as hundredths (`Decimal2(300)` is 3.00).
///
/// Serialised as a JSON number (3.0, 85.71); `Display` always prints two decimals ("3.00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Decimal2(pub i64);

impl Decimal2 {
    pub const ZERO: Decimal2 = Decimal2(0);

    pub fn from_units(units: i64) -> Decimal2 {
        Decimal2(units * 100)
    }

    pub fn hundredths(self) -> i64 {
        self.0
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Parses "4", "4.5", "0.25" (at most two decimals; no sign, no exponent).
    pub fn parse(s: &str) -> Option<Decimal2> {
        let s = s.trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || frac.len() > 2 {
            return None;
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = int.parse().ok()?;
        let mut f: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        if frac.len() == 1 {
            f *= 10;
        }
        whole.checked_mul(100)?.checked_add(f).map(Decimal2)
    }

    /// From a float as written in a configuration file (rounded to hundredths).
    pub fn from_f64(v: f64) -> Option<Decimal2> {
        if !v.is_finite() || !(0.0..=1e12).contains(&v) {
            return None;
        }
        let h = (v * 100.0).round();
        // Reject values with more than two decimals (4.125 would silently become 4.13).
        if ((v * 100.0) - h).abs() > 1e-6 {
            return None;
        }
        Some(Decimal2(h as i64))
    }
}

impl std::ops::Add for Decimal2 {
    type Output = Decimal2;
    fn add(self, o: Decimal2) -> Decimal2 {
        Decimal2(self.0 + o.0)
    }
}

impl std::iter::Sum for Decimal2 {
    fn sum<I: Iterator<Item = Decimal2>>(iter: I) -> Decimal2 {
        iter.fold(Decimal2::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Decimal2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Decimal2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Decimal2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Ok(Decimal2((v * 100.0).round() as i64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(n: u128, d: u128) -> Fraction {
        Fraction::new(n, d).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(f(1, 8).round_hundredths(), Decimal2(13)); // 0.125 → 0.13
        assert_eq!(f(1, 3).percent(), Decimal2(3333)); // 33.333… → 33.33
        assert_eq!(f(2, 3).percent(), Decimal2(6667));
        assert_eq!(f(1, 200).percent(), Decimal2(50)); // 0.5 % exactly
        assert_eq!(f(1, 80_000).percent(), Decimal2(0)); // 0.00125 % → 0.00
        assert_eq!(f(1, 40_000).percent(), Decimal2(0)); // 0.0025 % → 0.00
        assert_eq!(f(1, 20_000).percent(), Decimal2(1)); // 0.005 % → 0.01 (half up)
    }

    #[test]
    fn comparisons_are_exact() {
        assert!(f(79_996, 100_000) < f(80, 100));
        assert_eq!(f(4, 5), f(80, 100));
        assert_eq!(
            Fraction::one_minus(f(3, 100), f(2, 100)),
            f(95, 100),
            "5.4 golden: 100 % − 3 % − 2 %"
        );
        assert_eq!(Fraction::one_minus(f(3, 4), f(1, 2)), Fraction::ZERO);
    }

    #[test]
    fn parses_and_prints() {
        assert_eq!(Decimal2::parse("4"), Some(Decimal2(400)));
        assert_eq!(Decimal2::parse("4.5"), Some(Decimal2(450)));
        assert_eq!(Decimal2::parse("0.25"), Some(Decimal2(25)));
        for bad in ["", "-1", "4.125", "a", "1e3", ".5"] {
            assert_eq!(Decimal2::parse(bad), None, "{bad}");
        }
        assert_eq!(Decimal2(300).to_string(), "3.00");
        assert_eq!(Decimal2(8571).to_string(), "85.71");
        assert_eq!(serde_json::to_string(&Decimal2(8571)).unwrap(), "85.71");
        assert_eq!(Decimal2::from_f64(4.125), None);
        assert_eq!(Decimal2::from_f64(12.0), Some(Decimal2(1200)));
    }
}
