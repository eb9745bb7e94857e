//! Service quality in the store (issue #6): the storage and queries behind the quality pages, the
//! Open311 adapter and the dashboards. The rules are in `motcua_domain::quality` and
//! docs/QUALITY.md; this module keeps their inputs and outputs.
//!
//! * Aggregates (`rows`, `outcomes`, `grain`): every job that writes a dossier diffs its counted
//!   facts and UPSERTs the deltas into daily rows keyed by (unit, procedure, channel, day), with
//!   month and year roll-ups, in the same transaction as the events.
//! * The 766 index (`index`, `sums`) as sums of rows, and the lists of dossiers behind each
//!   number (`lists`).
//! * Satisfaction ratings (`ratings`), feedback and petitions (`feedback`), Open311 (`open311`).
//! * Where the time goes and officers' results (`reports`), read from the events in pages.

mod feedback;
mod grain;
mod index;
mod lists;
mod open311;
mod outcomes;
mod ratings;
mod reports;
mod rows;
mod scope;
mod sums;
mod types;

pub use reports::MAX_REPORT_DOSSIERS;
pub use types::*;

pub(crate) use outcomes::dossier_written;

use std::sync::Arc;

use motcua_domain::dossier::Actor;
use motcua_domain::quality::config::QualityConfig;

use super::{AppResult, Store};
use crate::sql::Value;

/// Dossiers per rebuild job: a job holds the writer, so it stays short.
const FILL_CHUNK: i64 = 500;

impl Store {
    /// The configuration in force (766 weights and counting rules, feedback deadlines).
    pub fn quality_config(&self) -> Arc<QualityConfig> {
        self.inner.caches.quality()
    }

    /// Replaces the configuration (loaded from `data/quality/*.toml` by the caller). A change of
    /// the counting rules for past dossiers takes effect for them after `rebuild_quality`.
    pub fn set_quality_config(&self, config: QualityConfig) {
        *self
            .inner
            .caches
            .quality
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Arc::new(config);
    }

    /// Rebuilds every aggregate from the dossiers' and feedback items' states: one job clears
    /// the rows, then jobs of 500 dossiers fill them. Writes go on meanwhile and stay counted.
    pub async fn rebuild_quality(&self, actor: &Actor) -> AppResult<QualityRebuild> {
        let now = self.now();
        let who = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                outcomes::clear(conn, now)?;
                super::audit::record(
                    conn,
                    now,
                    Some(&who),
                    None,
                    "quality_rebuilt",
                    serde_json::json!({}),
                )?;
                Ok(())
            })
            .await?;
        self.fill_quality().await
    }

    async fn fill_quality(&self) -> AppResult<QualityRebuild> {
        let mut after = 0i64;
        let mut dossiers = 0u64;
        loop {
            let env = self.env();
            let step = self
                .inner
                .writer
                .run(move |conn| outcomes::fill(conn, &env, after, FILL_CHUNK))
                .await?;
            let Some((last, n)) = step else { break };
            after = last;
            dossiers += n;
            if dossiers % 50_000 < n {
                tracing::info!(dossiers, "quality aggregates: filling");
            }
        }
        Ok(QualityRebuild { dossiers })
    }

    /// Called when the store opens: scores ratings moved by the migration, then rebuilds the
    /// aggregates if they were found inconsistent, or fills them if they are empty while
    /// dossiers exist (the first start after migration 0010).
    pub(crate) async fn ensure_quality(&self) -> AppResult<()> {
        ratings::score_pending(self).await?;
        let (dirty, empty, dossiers) = self
            .inner
            .readers
            .run(|conn| -> AppResult<(bool, bool, bool)> {
                let dirty = conn
                    .query_one("SELECT dirty FROM quality_state WHERE id = 1", &[])?
                    .get_i64(0)?
                    != 0;
                let empty = conn
                    .query_opt("SELECT 1 FROM quality_outcomes LIMIT 1", &[])?
                    .is_none();
                let dossiers = conn
                    .query_opt("SELECT 1 FROM dossiers LIMIT 1", &[])?
                    .is_some();
                Ok((dirty, empty, dossiers))
            })
            .await?;
        if dirty {
            tracing::warn!("quality aggregates marked inconsistent: rebuilding");
            self.rebuild_quality(&Actor::system()).await?;
        } else if empty && dossiers {
            tracing::info!("quality aggregates empty: computing them from the dossiers");
            self.fill_quality().await?;
        }
        Ok(())
    }

    /// How the aggregates stand: kept outcomes against dossiers, and the inconsistency flag.
    pub async fn quality_status(&self) -> AppResult<QualityStatus> {
        self.inner
            .readers
            .run(|conn| -> AppResult<QualityStatus> {
                let count = |conn: &mut dyn crate::Conn, sql: &str| -> AppResult<u64> {
                    Ok(conn.query_one(sql, &[])?.get_i64(0)? as u64)
                };
                let dossiers = count(conn, "SELECT count(*) FROM dossiers")?;
                let counted = count(conn, "SELECT count(*) FROM quality_outcomes")?;
                let r = conn.query_one(
                    "SELECT dirty, note, rebuilt_at_ms FROM quality_state WHERE id = $1",
                    &[Value::Int(1)],
                )?;
                Ok(QualityStatus {
                    dossiers,
                    counted,
                    dirty: r.get_i64(0)? != 0,
                    note: r.get_opt_text(1)?,
                    rebuilt_at: r.get_opt_i64(2)?.map(super::util::ts),
                })
            })
            .await
    }
}
