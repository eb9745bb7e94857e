//! Units: a tree with dated versions (R-ADM-1, R-ADM-2).

use jiff::civil::Date;
use motcua_domain::Localized;
use motcua_domain::dossier::Actor;
use motcua_domain::ids::UnitId;
use motcua_domain::unit::{UnitVersion, check_version};
use serde_json::json;

use super::caches::Units;
use super::{AppError, AppResult, NewUnit, Store, UnitInfo, audit, load, util};
use crate::sql::{Conn, Value};

fn today(store: &Store) -> Date {
    motcua_calendar::to_local(store.now()).date()
}

fn domain_version(id: UnitId, u: &NewUnit, valid_to: Option<Date>) -> UnitVersion {
    UnitVersion {
        unit: id,
        code: u.code.clone(),
        name: u.name.trim().to_string(),
        kind: u.kind,
        parent: u.parent,
        valid_from: u.valid_from,
        valid_to,
        successor: None,
    }
}

fn invalid_unit(e: motcua_domain::unit::UnitError) -> AppError {
    AppError::invalid(e.code(), e.message_vi(), e.message_en())
}

fn insert_version(
    conn: &mut dyn Conn,
    id: UnitId,
    version: i64,
    u: &NewUnit,
) -> Result<(), crate::StoreError> {
    conn.execute(
        "INSERT INTO units (id, version, code, name, kind, parent_id, valid_from, valid_to, successor_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL)",
        &[
            Value::Int(id.0),
            Value::Int(version),
            u.code.as_str().into(),
            u.name.trim().into(),
            util::json(&u.kind).trim_matches('"').into(),
            u.parent.map(|p| p.0).into(),
            u.valid_from.to_string().into(),
        ],
    )?;
    Ok(())
}

impl Store {
    pub async fn create_unit(&self, actor: &Actor, unit: NewUnit) -> AppResult<UnitId> {
        check_version(&domain_version(UnitId(0), &unit, None), &[]).map_err(invalid_unit)?;
        let units = self.inner.caches.units();
        if let Some(p) = unit.parent
            && units.on(p, unit.valid_from).is_none()
        {
            return Err(AppError::invalid(
                "unit.parent_not_in_force",
                format!(
                    "Đơn vị cấp trên không có hiệu lực vào ngày {}.",
                    unit.valid_from
                ),
                format!("The parent unit is not in force on {}.", unit.valid_from),
            ));
        }
        let now = self.now();
        let actor = actor.clone();
        let id = self
            .inner
            .writer
            .run(move |conn| -> AppResult<UnitId> {
                let taken = conn.query_opt(
                    "SELECT id FROM units WHERE code = $1 AND valid_to IS NULL",
                    &[unit.code.as_str().into()],
                )?;
                if taken.is_some() {
                    return Err(AppError::Duplicate("unit code"));
                }
                let id = UnitId(util::next_id(conn, "unit")?);
                insert_version(conn, id, 1, &unit)?;
                audit::record(conn, now, Some(&actor), Some(id), "unit_created", json!({"unit": id, "code": unit.code, "name": unit.name, "kind": unit.kind, "parent": unit.parent, "valid_from": unit.valid_from}))?;
                Ok(id)
            })
            .await?;
        self.reload_units().await?;
        Ok(id)
    }

    /// Ends the unit's current version on `next.valid_from` and starts a new one (rename, new
    /// code, new parent), or, with `successor`, closes the unit for good (merged into it).
    pub async fn add_unit_version(
        &self,
        actor: &Actor,
        unit: UnitId,
        next: NewUnit,
        successor: Option<UnitId>,
    ) -> AppResult<()> {
        let units = self.inner.caches.units();
        let others: Vec<UnitVersion> = units
            .versions
            .iter()
            .filter(|u| u.id == unit)
            .map(|u| UnitVersion {
                unit: u.id,
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind,
                parent: u.parent,
                valid_from: u.valid_from,
                valid_to: if u.valid_to.is_none() {
                    Some(next.valid_from)
                } else {
                    u.valid_to
                },
                successor: None,
            })
            .collect();
        if others.is_empty() {
            return Err(AppError::NotFound);
        }
        if others.iter().any(|o| o.valid_from >= next.valid_from) {
            return Err(AppError::invalid(
                "unit.version_not_after",
                "Phiên bản mới phải có hiệu lực sau phiên bản hiện tại.",
                "The new version must start after the current one.",
            ));
        }
        if successor.is_none() {
            check_version(&domain_version(unit, &next, None), &others).map_err(invalid_unit)?;
        }
        let now = self.now();
        let actor = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let last = conn
                    .query_one("SELECT max(version) FROM units WHERE id = $1", &[Value::Int(unit.0)])?
                    .get_i64(0)?;
                conn.execute(
                    "UPDATE units SET valid_to = $1, successor_id = $2 WHERE id = $3 AND valid_to IS NULL",
                    &[next.valid_from.to_string().into(), successor.map(|s| s.0).into(), Value::Int(unit.0)],
                )?;
                if successor.is_none() {
                    insert_version(conn, unit, last + 1, &next)?;
                }
                audit::record(conn, now, Some(&actor), Some(unit), "unit_version_added", json!({"unit": unit, "code": next.code, "name": next.name, "valid_from": next.valid_from, "successor": successor}))?;
                Ok(())
            })
            .await?;
        self.reload_units().await
    }

    pub(crate) async fn reload_units(&self) -> AppResult<()> {
        let versions = self.inner.readers.run(|conn| load::units(conn)).await?;
        self.inner.caches.set_units(Units { versions });
        Ok(())
    }

    /// Units in force on a date (today if `None`).
    pub async fn units(&self, on: Option<Date>) -> AppResult<Vec<UnitInfo>> {
        Ok(self
            .inner
            .caches
            .units()
            .in_force(on.unwrap_or_else(|| today(self))))
    }

    /// Every version of every unit (history).
    pub fn unit_history(&self) -> Vec<UnitInfo> {
        self.inner.caches.units().versions.clone()
    }

    /// A unit as in force now (or its last version).
    pub async fn unit(&self, id: UnitId) -> AppResult<UnitInfo> {
        self.inner
            .caches
            .units()
            .get(id, today(self))
            .cloned()
            .ok_or(AppError::NotFound)
    }

    pub async fn unit_by_code(&self, code: &str) -> AppResult<UnitInfo> {
        let units = self.inner.caches.units();
        let d = today(self);
        units
            .versions
            .iter()
            .filter(|u| u.code.as_str() == code)
            .find(|u| u.valid_from <= d && u.valid_to.is_none_or(|e| d < e))
            .or_else(|| {
                units
                    .versions
                    .iter()
                    .filter(|u| u.code.as_str() == code)
                    .max_by_key(|u| u.valid_from)
            })
            .cloned()
            .ok_or(AppError::NotFound)
    }

    /// The unit and all its sub-units (as in force now).
    pub async fn subtree(&self, id: UnitId) -> AppResult<Vec<UnitId>> {
        Ok(self.inner.caches.units().subtree(id, today(self)))
    }

    /// A unit's name as in force today (for pages), or `#id` if unknown.
    pub fn unit_name(&self, id: UnitId) -> String {
        self.inner
            .caches
            .units()
            .get(id, today(self))
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }
}
