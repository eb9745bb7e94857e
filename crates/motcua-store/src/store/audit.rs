//! Audit events for changes that are not dossier commands (accounts, units, the catalog,
//! sign-ins, calendars): every change is an event in the same hash chain.

use jiff::Timestamp;
use motcua_domain::dossier::{Actor, Role};
use motcua_domain::ids::UnitId;

use super::util::{actor_id, ms};
use crate::chain::{self, NewEvent};
use crate::error::StoreError;
use crate::sql::Conn;

/// Appends one administrative event. `unit`: the unit concerned (0 when none).
pub(crate) fn record(
    conn: &mut dyn Conn,
    now: Timestamp,
    actor: Option<&Actor>,
    unit: Option<UnitId>,
    kind: &str,
    payload: serde_json::Value,
) -> Result<(), StoreError> {
    let (id, role) = match actor {
        Some(a) => (
            actor_id(a),
            a.grants
                .iter()
                .map(|g| g.role)
                .max()
                .unwrap_or(Role::Citizen)
                .as_str(),
        ),
        None => ("anonymous".to_string(), "anonymous"),
    };
    chain::append(
        conn,
        &NewEvent {
            at_ms: ms(now),
            actor_id: id,
            actor_role: role.to_string(),
            unit_id: unit.map_or(0, |u| u.0).to_string(),
            dossier_id: None,
            kind: kind.to_string(),
            payload,
        },
    )?;
    Ok(())
}
