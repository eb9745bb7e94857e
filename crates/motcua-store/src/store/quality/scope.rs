//! Who may see the lists behind the numbers and the analytic reports: officers whose (expanded)
//! grants cover the unit asked for, and the system. Anyone else gets `NotFound`, as for dossiers.

use motcua_domain::dossier::{Actor, Role};
use motcua_domain::ids::UnitId;

use super::super::{AppError, AppResult};

pub(crate) fn require(actor: &Actor, unit: UnitId) -> AppResult<()> {
    if actor.has_role(Role::System) || actor.officer_units().any(|u| u == unit) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The actor's officer units (sorted, without repeats), intersected with `requested`.
pub(crate) fn units(actor: &Actor, requested: &Option<Vec<UnitId>>) -> Vec<i64> {
    let mut mine: Vec<i64> = actor.officer_units().map(|u| u.0).collect();
    mine.sort();
    mine.dedup();
    match requested {
        Some(r) => r.iter().map(|u| u.0).filter(|u| mine.contains(u)).collect(),
        None => mine,
    }
}
