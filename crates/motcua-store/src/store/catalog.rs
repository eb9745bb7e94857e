//! The procedure catalog: versions kept forever, the newest in force (R-DATA-2).

use std::sync::Arc;

use motcua_domain::dossier::Actor;
use motcua_domain::ids::{ProcedureCode, ProcedureVersionId};
use motcua_domain::procedure::{ProcedureVersion, StoredProcedure};
use serde_json::json;

use super::caches::Catalog;
use super::util::{json, ms};
use super::{AppError, AppResult, ImportSummary, Store, audit, load, util};
use crate::sql::{Conn, Value};

/// Stores `v` as the next version of its code unless it equals the current one. Returns
/// `None` when unchanged, else whether the code is new.
fn store_version(
    conn: &mut dyn Conn,
    now_ms: i64,
    v: &ProcedureVersion,
) -> Result<Option<(bool, ProcedureVersion)>, crate::StoreError> {
    let current = conn.query_opt(
        "SELECT version, body FROM procedure_versions WHERE code = $1 ORDER BY version DESC LIMIT 1",
        &[v.code.as_str().into()],
    )?;
    let next = match &current {
        Some(r) => {
            let stored: ProcedureVersion = util::from_json("procedure", r.get_str(1)?)?;
            let mut candidate = v.clone();
            candidate.version = stored.version;
            if candidate == stored {
                return Ok(None);
            }
            r.get_i64(0)? + 1
        }
        None => 1,
    };
    let mut v = v.clone();
    v.version = next as u32;
    let id = util::next_id(conn, "procedure_version")?;
    conn.execute(
        "INSERT INTO procedure_versions (id, code, version, status, effective_from_ms, body) VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            Value::Int(id),
            v.code.as_str().into(),
            Value::Int(next),
            json(&v.status).trim_matches('"').into(),
            Value::Int(now_ms),
            json(&v).into(),
        ],
    )?;
    Ok(Some((current.is_none(), v)))
}

impl Store {
    /// The versions in force now of every procedure (published and abolished), from memory.
    pub fn procedures(&self) -> Arc<Vec<StoredProcedure>> {
        self.inner.caches.catalog().list.clone()
    }

    /// The version in force now of a procedure.
    pub fn procedure(&self, code: &ProcedureCode) -> Option<StoredProcedure> {
        self.inner
            .caches
            .catalog()
            .current
            .get(code)
            .map(|p| (**p).clone())
    }

    /// A given version (a dossier keeps the version in force when it was received).
    pub async fn procedure_version(&self, id: ProcedureVersionId) -> AppResult<StoredProcedure> {
        self.inner
            .caches
            .catalog()
            .by_id
            .get(&id)
            .map(|p| (**p).clone())
            .ok_or(AppError::NotFound)
    }

    /// Every version of a procedure, oldest first.
    pub async fn procedure_history(&self, code: &ProcedureCode) -> AppResult<Vec<StoredProcedure>> {
        let mut v: Vec<StoredProcedure> = self
            .inner
            .caches
            .catalog()
            .by_id
            .values()
            .filter(|p| &p.version.code == code)
            .map(|p| (**p).clone())
            .collect();
        v.sort_by_key(|p| p.version.version);
        Ok(v)
    }

    /// Imports procedures: new codes are created, changed ones get a new version, identical
    /// ones are left alone. One transaction; an audit event per change.
    pub async fn import_catalog(
        &self,
        actor: &Actor,
        versions: Vec<ProcedureVersion>,
    ) -> AppResult<ImportSummary> {
        let now = self.now();
        let actor = actor.clone();
        let summary = self
            .inner
            .writer
            .run(move |conn| -> AppResult<ImportSummary> {
                let mut s = ImportSummary::default();
                for v in &versions {
                    match store_version(conn, ms(now), v)? {
                        None => s.unchanged += 1,
                        Some((created, stored)) => {
                            if created {
                                s.created += 1;
                            } else {
                                s.new_versions += 1;
                            }
                            audit::record(conn, now, Some(&actor), None, "procedure_version_saved", json!({"code": stored.code, "version": stored.version, "status": stored.status, "imported": true}))?;
                        }
                    }
                }
                Ok(s)
            })
            .await?;
        self.reload_catalog().await?;
        Ok(summary)
    }

    /// Saves an edited procedure as its next version (edit, publish, abolish). Dossiers
    /// already received keep the version they were received under.
    pub async fn save_procedure(
        &self,
        actor: &Actor,
        version: ProcedureVersion,
    ) -> AppResult<StoredProcedure> {
        if version.name_vi.trim().is_empty() {
            return Err(AppError::invalid(
                "procedure.empty_name",
                "Tên thủ tục không được để trống.",
                "The procedure name must not be empty.",
            ));
        }
        let now = self.now();
        let actor = actor.clone();
        let code = version.code.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                if let Some((_, stored)) = store_version(conn, ms(now), &version)? {
                    audit::record(conn, now, Some(&actor), None, "procedure_version_saved", json!({"code": stored.code, "version": stored.version, "status": stored.status}))?;
                }
                Ok(())
            })
            .await?;
        self.reload_catalog().await?;
        self.procedure(&code).ok_or(AppError::NotFound)
    }

    pub(crate) async fn reload_catalog(&self) -> AppResult<()> {
        let all = self.inner.readers.run(|conn| load::catalog(conn)).await?;
        self.inner.caches.set_catalog(Catalog::new(all));
        Ok(())
    }
}
