//! Loading the in-memory snapshots from the database.

use std::collections::HashMap;

use jiff::civil::Date;
use motcua_calendar::{ScheduleSet, UnitCalendar, YearSchedule};
use motcua_domain::ids::{AgencyCode, ProcedureVersionId, UnitId};
use motcua_domain::procedure::StoredProcedure;
use motcua_domain::unit::UnitKind;

use super::UnitInfo;
use super::util::{from_json, ts};
use crate::error::StoreError;
use crate::sql::{Conn, Row};

pub(crate) fn catalog(conn: &mut dyn Conn) -> Result<Vec<StoredProcedure>, StoreError> {
    let rows = conn.query(
        "SELECT id, effective_from_ms, body FROM procedure_versions ORDER BY id",
        &[],
    )?;
    rows.iter()
        .map(|r| {
            Ok(StoredProcedure {
                id: ProcedureVersionId(r.get_i64(0)?),
                effective_from: ts(r.get_i64(1)?),
                version: from_json("procedure version", r.get_str(2)?)?,
            })
        })
        .collect()
}

pub(crate) fn unit_row(r: &Row) -> Result<UnitInfo, StoreError> {
    let date = |s: String| -> Result<Date, StoreError> {
        s.parse()
            .map_err(|e| StoreError::Internal(format!("bad date {s:?}: {e}")))
    };
    let kind: UnitKind = from_json("unit kind", &format!("\"{}\"", r.get_str("kind")?))?;
    Ok(UnitInfo {
        id: UnitId(r.get_i64("id")?),
        code: AgencyCode::parse(r.get_str("code")?)
            .map_err(|e| StoreError::Internal(format!("stored unit code: {e}")))?,
        name: r.get_text("name")?,
        kind,
        parent: r.get_opt_i64("parent_id")?.map(UnitId),
        valid_from: date(r.get_text("valid_from")?)?,
        valid_to: r.get_opt_text("valid_to")?.map(date).transpose()?,
    })
}

pub(crate) fn units(conn: &mut dyn Conn) -> Result<Vec<UnitInfo>, StoreError> {
    let rows = conn.query(
        "SELECT id, code, name, kind, parent_id, valid_from, valid_to FROM units ORDER BY id, version",
        &[],
    )?;
    rows.iter().map(unit_row).collect()
}

pub(crate) fn calendars(
    conn: &mut dyn Conn,
) -> Result<(ScheduleSet, HashMap<UnitId, UnitCalendar>), StoreError> {
    let mut set = ScheduleSet::builtin();
    for r in conn.query("SELECT year, body FROM calendar_years ORDER BY year", &[])? {
        let y: YearSchedule = from_json("calendar year", r.get_str(1)?)?;
        set.insert(y);
    }
    let mut units = HashMap::new();
    for r in conn.query("SELECT unit_id, body FROM unit_calendars", &[])? {
        let c: UnitCalendar = from_json("unit calendar", r.get_str(1)?)?;
        units.insert(UnitId(r.get_i64(0)?), c);
    }
    Ok((set, units))
}
