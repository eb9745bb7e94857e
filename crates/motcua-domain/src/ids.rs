//! Identifiers. Numeric ids of different kinds cannot be mixed up; codes that people read
//! (agency e-IDs, procedure codes) are parsed once at the edge and are valid inside.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::message::Localized;

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

numeric_id!(
    /// A dossier's internal id (people use its [`crate::code::DossierCode`]).
    DossierId
);
numeric_id!(
    /// A government unit (province, commune, department, service centre).
    UnitId
);
numeric_id!(
    /// A person's account (citizen, helper, officer, administrator).
    AccountId
);
numeric_id!(
    /// One version of a procedure in the catalog.
    ProcedureVersionId
);

/// Why a code or a personal detail was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("invalid agency e-ID {0:?}")]
    AgencyCode(String),
    #[error("invalid procedure code {0:?}")]
    ProcedureCode(String),
    #[error("invalid dossier code {0:?}")]
    DossierCode(String),
}

impl Localized for ParseError {
    fn code(&self) -> &'static str {
        match self {
            ParseError::AgencyCode(_) => "invalid_agency_code",
            ParseError::ProcedureCode(_) => "invalid_procedure_code",
            ParseError::DossierCode(_) => "invalid_dossier_code",
        }
    }
    fn message_vi(&self) -> String {
        match self {
            ParseError::AgencyCode(s) => format!(
                "Mã định danh cơ quan «{s}» không hợp lệ: tối đa 35 ký tự gồm chữ số, chữ in hoa và dấu chấm; nhóm đầu có dạng chữ cái A–Y và hai chữ số (QĐ 20/2020/QĐ-TTg)."
            ),
            ParseError::ProcedureCode(s) => {
                format!("Mã thủ tục «{s}» không hợp lệ (ví dụ đúng: 1.001193).")
            }
            ParseError::DossierCode(s) => format!(
                "Mã hồ sơ «{s}» không hợp lệ (dạng: mã cơ quan-YYMMDD-số thứ tự, ví dụ H56.22-260126-0001)."
            ),
        }
    }
    fn message_en(&self) -> String {
        match self {
            ParseError::AgencyCode(s) => format!(
                "Agency e-ID {s:?} is invalid: at most 35 characters of digits, capital letters and dots; the first group is a letter A–Y and two digits (Decision 20/2020/QĐ-TTg)."
            ),
            ParseError::ProcedureCode(s) => {
                format!("Procedure code {s:?} is invalid (e.g. 1.001193).")
            }
            ParseError::DossierCode(s) => format!(
                "Dossier code {s:?} is invalid (layout: agency code-YYMMDD-sequence, e.g. H56.22-260126-0001)."
            ),
        }
    }
}

/// The electronic identifier of an agency (mã định danh điện tử, QĐ 20/2020/QĐ-TTg art. 4):
/// at most 35 characters of `[0-9A-Z.]`, dot-separated groups from the top level down, the
/// first group `[A-Y][0-9]{2}` (e.g. `H56`, `H56.22`, `H56.22.17`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AgencyCode(String);

impl AgencyCode {
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let err = || ParseError::AgencyCode(s.to_string());
        if s.is_empty() || s.len() > 35 {
            return Err(err());
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'.')
        {
            return Err(err());
        }
        let mut groups = s.split('.');
        let first = groups.next().ok_or_else(err)?.as_bytes();
        let first_ok = first.len() == 3
            && (b'A'..=b'Y').contains(&first[0])
            && first[1].is_ascii_digit()
            && first[2].is_ascii_digit();
        if !first_ok || groups.any(|g| g.is_empty()) {
            return Err(err());
        }
        Ok(AgencyCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True if `self` is `other` or one of its sub-units by code (`H56.22` is under `H56`).
    pub fn is_within(&self, other: &AgencyCode) -> bool {
        self.0 == other.0
            || (self.0.len() > other.0.len()
                && self.0.starts_with(&other.0)
                && self.0.as_bytes()[other.0.len()] == b'.')
    }
}

impl fmt::Display for AgencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for AgencyCode {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        AgencyCode::parse(&s)
    }
}

impl From<AgencyCode> for String {
    fn from(c: AgencyCode) -> String {
        c.0
    }
}

/// A procedure's code: the national database code `D.DDDDDD` (e.g. `1.001193`), or a local code
/// `L.NNNNNN` that motcua assigns to a procedure the national database lists without a code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProcedureCode(String);

impl ProcedureCode {
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let b = s.as_bytes();
        let ok = b.len() == 8
            && (b[0].is_ascii_digit() || b[0] == b'L')
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit);
        if ok {
            Ok(ProcedureCode(s.to_string()))
        } else {
            Err(ParseError::ProcedureCode(s.to_string()))
        }
    }

    /// The local code number `n` (`L.000001` for 1).
    pub fn local(n: u32) -> Self {
        ProcedureCode(format!("L.{n:06}"))
    }

    pub fn is_local(&self) -> bool {
        self.0.starts_with('L')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProcedureCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ProcedureCode {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        ProcedureCode::parse(&s)
    }
}

impl From<ProcedureCode> for String {
    fn from(c: ProcedureCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_codes_follow_decision_20_2020() {
        for ok in ["H56", "H56.22", "H56.22.17", "A01.1.2", "Y99.ABC.09"] {
            assert!(AgencyCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "h56",
            "Z56",
            "H5",
            "H567",
            "H56.",
            "H56..1",
            ".H56",
            "H56-22",
            "H56.đ",
            "H56.22.17.12345678901234567890123456",
        ] {
            assert!(AgencyCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!("H56.2222222222.3333333333.44444444".len(), 34);
        assert!(AgencyCode::parse("H56.2222222222.3333333333.444444444").is_ok());
        assert!(AgencyCode::parse("H56.2222222222.3333333333.4444444444").is_err());
    }

    #[test]
    fn agency_subunits() {
        let h56 = AgencyCode::parse("H56").unwrap();
        let h5622 = AgencyCode::parse("H56.22").unwrap();
        let h562 = AgencyCode::parse("H56.2").unwrap();
        assert!(h5622.is_within(&h56));
        assert!(h56.is_within(&h56));
        assert!(!h56.is_within(&h5622));
        assert!(!h5622.is_within(&h562));
    }

    #[test]
    fn procedure_codes() {
        assert!(ProcedureCode::parse("1.001193").is_ok());
        assert!(ProcedureCode::parse("L.000001").is_ok());
        assert_eq!(ProcedureCode::local(7).as_str(), "L.000007");
        for bad in ["1001193", "1.00119", "1.0011933", "X.001193", ""] {
            assert!(ProcedureCode::parse(bad).is_err(), "{bad}");
        }
    }
}
