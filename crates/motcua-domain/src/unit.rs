//! Government units as a tree with dated versions.
//!
//! Since 2025-07-01 local government has two tiers: province and commune (Law 72/2025/QH15);
//! districts no longer exist (R-ADM-1). Units are versioned by date (valid_from / valid_to) so the
//! merger and later re-organisations keep history (R-ADM-2): an old dossier keeps its unit, and
//! reports map old units to new ones.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::ids::{AgencyCode, UnitId};
use crate::message::Localized;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Tỉnh / thành phố trực thuộc trung ương.
    Province,
    /// Huyện: only before 2025-07-01.
    District,
    /// Xã / phường / đặc khu.
    Commune,
    /// Sở, ban, ngành; phòng chuyên môn; công an xã …
    Department,
    /// Trung tâm Phục vụ hành chính công (provincial or commune level).
    ServiceCenter,
}

impl UnitKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitKind::Province => "Tỉnh, thành phố",
            UnitKind::District => "Huyện",
            UnitKind::Commune => "Xã, phường, đặc khu",
            UnitKind::Department => "Cơ quan chuyên môn",
            UnitKind::ServiceCenter => "Trung tâm Phục vụ hành chính công",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            UnitKind::Province => "Province",
            UnitKind::District => "District",
            UnitKind::Commune => "Commune",
            UnitKind::Department => "Department",
            UnitKind::ServiceCenter => "Public service centre",
        }
    }
}

/// The date districts ceased to exist (Law 72/2025/QH15).
pub fn two_tier_reform_date() -> Date {
    jiff::civil::date(2025, 7, 1)
}

/// One dated version of a unit: its code, name, kind and parent during [valid_from, valid_to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitVersion {
    pub unit: UnitId,
    pub code: AgencyCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub valid_from: Date,
    /// Exclusive end; `None` while in force.
    pub valid_to: Option<Date>,
    /// For a unit that was merged: the unit that took over its work (for reports, R-ADM-2).
    pub successor: Option<UnitId>,
}

impl UnitVersion {
    pub fn in_force_on(&self, d: Date) -> bool {
        self.valid_from <= d && self.valid_to.is_none_or(|end| d < end)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("valid_to must be after valid_from")]
    EmptyPeriod,
    #[error("a district cannot be in force on or after 2025-07-01")]
    DistrictAfterReform,
    #[error("a unit cannot be its own parent")]
    OwnParent,
    #[error("the parent unit is not in force on {0}")]
    ParentNotInForce(Date),
    #[error("versions of one unit overlap")]
    Overlap,
    #[error("name must not be empty")]
    EmptyName,
}

impl Localized for UnitError {
    fn code(&self) -> &'static str {
        match self {
            UnitError::EmptyPeriod => "unit.empty_period",
            UnitError::DistrictAfterReform => "unit.district_after_reform",
            UnitError::OwnParent => "unit.own_parent",
            UnitError::ParentNotInForce(_) => "unit.parent_not_in_force",
            UnitError::Overlap => "unit.overlap",
            UnitError::EmptyName => "unit.empty_name",
        }
    }
    fn message_vi(&self) -> String {
        match self {
            UnitError::EmptyPeriod => "Ngày hết hiệu lực phải sau ngày có hiệu lực.".into(),
            UnitError::DistrictAfterReform => {
                "Không còn cấp huyện từ ngày 01/07/2025 (Luật Tổ chức chính quyền địa phương 2025)."
                    .into()
            }
            UnitError::OwnParent => "Một đơn vị không thể trực thuộc chính nó.".into(),
            UnitError::ParentNotInForce(d) => {
                format!("Đơn vị cấp trên không có hiệu lực vào ngày {d}.")
            }
            UnitError::Overlap => "Các phiên bản của cùng một đơn vị bị chồng thời gian.".into(),
            UnitError::EmptyName => "Tên đơn vị không được để trống.".into(),
        }
    }
    fn message_en(&self) -> String {
        match self {
            UnitError::EmptyPeriod => "The end date must be after the start date.".into(),
            UnitError::DistrictAfterReform => {
                "There are no districts from 2025-07-01 (Law on Local Government 2025).".into()
            }
            UnitError::OwnParent => "A unit cannot be its own parent.".into(),
            UnitError::ParentNotInForce(d) => format!("The parent unit is not in force on {d}."),
            UnitError::Overlap => "Versions of the same unit overlap in time.".into(),
            UnitError::EmptyName => "The unit name must not be empty.".into(),
        }
    }
}

/// Checks a new version against the rules and the unit's other versions.
pub fn check_version(v: &UnitVersion, others: &[UnitVersion]) -> Result<(), UnitError> {
    if v.name.trim().is_empty() {
        return Err(UnitError::EmptyName);
    }
    if v.valid_to.is_some_and(|end| end <= v.valid_from) {
        return Err(UnitError::EmptyPeriod);
    }
    if v.parent == Some(v.unit) {
        return Err(UnitError::OwnParent);
    }
    if v.kind == UnitKind::District && v.valid_to.is_none_or(|end| end > two_tier_reform_date()) {
        return Err(UnitError::DistrictAfterReform);
    }
    let overlaps = |o: &UnitVersion| {
        o.unit == v.unit
            && o.valid_from < v.valid_to.unwrap_or(Date::MAX)
            && v.valid_from < o.valid_to.unwrap_or(Date::MAX)
    };
    if others.iter().any(overlaps) {
        return Err(UnitError::Overlap);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn v(kind: UnitKind, from: Date, to: Option<Date>) -> UnitVersion {
        UnitVersion {
            unit: UnitId(2),
            code: AgencyCode::parse("H56.22").unwrap(),
            name: "Huyện cũ".into(),
            kind,
            parent: Some(UnitId(1)),
            valid_from: from,
            valid_to: to,
            successor: None,
        }
    }

    #[test]
    fn no_district_after_the_2025_reform() {
        let old = v(UnitKind::District, date(2010, 1, 1), Some(date(2025, 7, 1)));
        assert!(check_version(&old, &[]).is_ok());
        let open = v(UnitKind::District, date(2010, 1, 1), None);
        assert_eq!(
            check_version(&open, &[]),
            Err(UnitError::DistrictAfterReform)
        );
    }

    #[test]
    fn versions_do_not_overlap() {
        let a = v(UnitKind::Commune, date(2020, 1, 1), Some(date(2025, 7, 1)));
        let b = v(UnitKind::Commune, date(2025, 7, 1), None);
        assert!(check_version(&b, std::slice::from_ref(&a)).is_ok());
        let c = v(UnitKind::Commune, date(2025, 6, 1), None);
        assert_eq!(check_version(&c, &[a]), Err(UnitError::Overlap));
        assert!(b.in_force_on(date(2025, 7, 1)));
        assert!(!b.in_force_on(date(2025, 6, 30)));
    }
}
