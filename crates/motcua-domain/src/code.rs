//! Dossier codes (mã số hồ sơ), R-CODE-1.
//!
//! - TT 03/2025/TT-VPCP art. 13 (current, inferred base layout): `<agency e-ID>-YYMMDD-NNNN`, the
//!   sequence per agency per reception day, zero-padded to at least 4 digits.
//! - TT 04/2025/TT-VPCP art. 23(2), adding art. 13(3) to TT 03/2025 from 2026-01-25: for services
//!   run on a nationally centralised platform, `<deciding agency e-ID>-YYMMDD-AA<seq ≥ 4 digits>`
//!   where `AA` identifies the owner of the centralised system.
//! - TT 01/2018/TT-VPCP art. 19 (legacy): `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`, e.g.
//!   `000.00.16.H56-190315-0007`. Old codes must still parse.
//!
//! A code is given once and never changes afterwards (ND 45/2020 art. 12, R-LC-8).

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ids::{AgencyCode, ParseError};

/// Which legal layout a code follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeLayout {
    /// `<agency e-ID>-YYMMDD-NNNN` (TT 03/2025 art. 13).
    Standard,
    /// `<agency e-ID>-YYMMDD-AANNNN` (TT 03/2025 art. 13(3), from 2026-01-25).
    Centralized,
    /// `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` (TT 01/2018 art. 19).
    Legacy2018,
}

/// A dossier code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DossierCode {
    /// The agency part, as written (a QĐ 20/2020 e-ID, or the legacy unit code).
    agency: String,
    date: Date,
    /// `AA` of the centralised layout.
    system: Option<u8>,
    seq: u32,
    layout: CodeLayout,
}

impl DossierCode {
    /// The code of the `seq`-th dossier received by `agency` on `date` (seq starts at 1).
    pub fn new(agency: &AgencyCode, date: Date, seq: u32) -> Self {
        DossierCode {
            agency: agency.as_str().to_string(),
            date,
            system: None,
            seq,
            layout: CodeLayout::Standard,
        }
    }

    /// The centralised-platform layout (TT 03/2025 art. 13(3)).
    pub fn centralized(agency: &AgencyCode, date: Date, system: u8, seq: u32) -> Self {
        DossierCode {
            agency: agency.as_str().to_string(),
            date,
            system: Some(system.min(99)),
            seq,
            layout: CodeLayout::Centralized,
        }
    }

    /// Parses any of the three layouts. A trailing number is read as the standard layout's
    /// sequence; use [`DossierCode::parse_centralized`] where the platform is known to be a
    /// centralised one (the two layouts cannot be told apart by syntax alone).
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        Self::parse_with(s, false)
    }

    pub fn parse_centralized(s: &str) -> Result<Self, ParseError> {
        Self::parse_with(s, true)
    }

    fn parse_with(s: &str, centralized: bool) -> Result<Self, ParseError> {
        let err = || ParseError::DossierCode(s.to_string());
        let s = s.trim();
        let mut parts = s.rsplitn(3, '-');
        let (Some(seq), Some(ymd), Some(agency)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if ymd.len() != 6 || !ymd.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        if seq.len() < 4 || seq.len() > 10 || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| ymd[r].parse::<i16>().map_err(|_| err());
        let date =
            Date::new(2000 + num(0..2)?, num(2..4)? as i8, num(4..6)? as i8).map_err(|_| err())?;
        let (layout, agency) = if is_legacy_unit(agency) {
            (CodeLayout::Legacy2018, agency.to_string())
        } else {
            let a = AgencyCode::parse(agency).map_err(|_| err())?;
            let layout = if centralized {
                CodeLayout::Centralized
            } else {
                CodeLayout::Standard
            };
            (layout, a.as_str().to_string())
        };
        let (system, seq) = if layout == CodeLayout::Centralized {
            if seq.len() < 6 {
                return Err(err());
            }
            (
                Some(seq[..2].parse().map_err(|_| err())?),
                seq[2..].parse().map_err(|_| err())?,
            )
        } else {
            (None, seq.parse().map_err(|_| err())?)
        };
        if seq == 0 {
            return Err(err());
        }
        Ok(DossierCode {
            agency,
            date,
            system,
            seq,
            layout,
        })
    }

    pub fn agency(&self) -> &str {
        &self.agency
    }
    pub fn date(&self) -> Date {
        self.date
    }
    pub fn seq(&self) -> u32 {
        self.seq
    }
    pub fn system(&self) -> Option<u8> {
        self.system
    }
    pub fn layout(&self) -> CodeLayout {
        self.layout
    }
}

/// `V1V2V3.Z1Z2.Y1Y2.MX1X2` of TT 10/2016/TT-BTTTT as used by TT 01/2018.
fn is_legacy_unit(s: &str) -> bool {
    let g: Vec<&str> = s.split('.').collect();
    g.len() == 4
        && g[0].len() == 3
        && g[1].len() == 2
        && g[2].len() == 2
        && g[..3].iter().all(|x| x.bytes().all(|b| b.is_ascii_digit()))
        && AgencyCode::parse(g[3]).is_ok()
        && g[3].len() == 3
}

impl fmt::Display for DossierCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-{:02}{:02}{:02}-",
            self.agency,
            self.date.year() % 100,
            self.date.month(),
            self.date.day()
        )?;
        match self.system {
            Some(aa) => write!(f, "{aa:02}{:04}", self.seq),
            None => write!(f, "{:04}", self.seq),
        }
    }
}

impl FromStr for DossierCode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        DossierCode::parse(s)
    }
}

impl Serialize for DossierCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DossierCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        DossierCode::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn r_code_1_first_dossier_of_the_day() {
        let a = AgencyCode::parse("H56.22.17").unwrap();
        let c = DossierCode::new(&a, date(2026, 1, 26), 1);
        assert_eq!(c.to_string(), "H56.22.17-260126-0001");
        assert_eq!(DossierCode::parse("H56.22.17-260126-0001").unwrap(), c);
    }

    #[test]
    fn sequence_grows_past_four_digits() {
        let a = AgencyCode::parse("H56").unwrap();
        assert_eq!(
            DossierCode::new(&a, date(2026, 12, 31), 12345).to_string(),
            "H56-261231-12345"
        );
        let back = DossierCode::parse("H56-261231-12345").unwrap();
        assert_eq!(back.seq(), 12345);
    }

    #[test]
    fn centralized_layout() {
        let a = AgencyCode::parse("H56.22").unwrap();
        let c = DossierCode::centralized(&a, date(2026, 2, 1), 3, 17);
        assert_eq!(c.to_string(), "H56.22-260201-030017");
        let back = DossierCode::parse_centralized("H56.22-260201-030017").unwrap();
        assert_eq!(back, c);
        assert_eq!(back.system(), Some(3));
    }

    #[test]
    fn legacy_2018_layout_still_parses() {
        let c = DossierCode::parse("000.00.16.H56-190315-0007").unwrap();
        assert_eq!(c.layout(), CodeLayout::Legacy2018);
        assert_eq!(c.agency(), "000.00.16.H56");
        assert_eq!(c.date(), date(2019, 3, 15));
        assert_eq!(c.seq(), 7);
        assert_eq!(c.to_string(), "000.00.16.H56-190315-0007");
    }

    #[test]
    fn bad_codes_are_refused() {
        for bad in [
            "",
            "H56-260126",
            "H56-260230-0001",
            "H56-2601-0001",
            "H56-260126-001",
            "H56-260126-0000",
            "h56-260126-0001",
            "H56-260126-00a1",
        ] {
            assert!(DossierCode::parse(bad).is_err(), "{bad}");
        }
    }
}
