//! The hash-chained, append-only event log.
//!
//! Every event's `hash` is `SHA-256(prev_hash || canonical bytes of the event)`, and
//! `chain_head` holds the last seq and hash. Changing, deleting, reordering or inserting a row
//! outside `append` breaks the chain at a seq that `verify` names. (Someone able to rewrite the
//! whole tail *and* the head can forge a consistent chain: publishing the head hash elsewhere,
//! an anchor, is what closes that gap; see docs/STORAGE.md.)

mod canonical;
mod verify;

pub use canonical::{GENESIS_HASH, canonical_bytes, canonical_json, event_hash};
pub use verify::{ChainError, VerifyReport, verify, verify_paged};

use crate::error::{Result, StoreError};
use crate::sql::{BatchState, Conn, Dialect, Row, Value};

/// An event to append. `payload` is stored as canonical JSON (sorted keys, no spaces).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub at_ms: i64,
    pub actor_id: String,
    pub actor_role: String,
    pub unit_id: String,
    pub dossier_id: Option<String>,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// Where an appended event landed in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
    pub hash: String,
}

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: String,
    pub actor_role: String,
    pub unit_id: String,
    pub dossier_id: Option<String>,
    pub kind: String,
    /// Canonical JSON text.
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
}

impl StoredEvent {
    pub(crate) const COLUMNS: &'static str =
        "seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash";

    pub fn from_row(r: &Row) -> Result<Self> {
        Ok(StoredEvent {
            seq: r.get_i64(0)?,
            at_ms: r.get_i64(1)?,
            actor_id: r.get_text(2)?,
            actor_role: r.get_text(3)?,
            unit_id: r.get_text(4)?,
            dossier_id: r.get_opt_text(5)?,
            kind: r.get_text(6)?,
            payload: r.get_text(7)?,
            prev_hash: r.get_text(8)?,
            hash: r.get_text(9)?,
        })
    }

    /// The payload parsed back into JSON.
    pub fn payload_json(&self) -> Result<serde_json::Value> {
        serde_json::from_str(&self.payload).map_err(|e| {
            StoreError::Internal(format!("event {} payload is not JSON: {e}", self.seq))
        })
    }
}

/// The current head: the last seq (0 when empty) and its hash (`GENESIS_HASH` when empty).
/// Inside a writer job this includes events appended earlier in the same batch.
pub fn head(conn: &mut dyn Conn) -> Result<Appended> {
    if let Some((seq, hash)) = conn.batch_state().and_then(|s| s.chain_head.clone()) {
        return Ok(Appended { seq, hash });
    }
    let r = conn.query_one("SELECT seq, hash FROM chain_head WHERE id = 1", &[])?;
    Ok(Appended {
        seq: r.get_i64(0)?,
        hash: r.get_text(1)?,
    })
}

/// Appends one event. Must run inside a write transaction (a writer job).
pub fn append(conn: &mut dyn Conn, event: &NewEvent) -> Result<Appended> {
    let mut out = append_all(conn, std::slice::from_ref(event))?;
    Ok(out.pop().expect("one event in, one out"))
}

/// Appends several events in order.
///
/// Inside a writer job the head is read once per batch (and locked on PostgreSQL, so several
/// app nodes append one batch at a time) and written back once before COMMIT; elsewhere it is
/// read and written here. Must run inside a write transaction.
pub fn append_all(conn: &mut dyn Conn, events: &[NewEvent]) -> Result<Vec<Appended>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let cached = conn.batch_state().and_then(|s| s.chain_head.clone());
    let (mut seq, mut prev) = match cached {
        Some(head) => head,
        None => {
            // PostgreSQL: lock the head row until COMMIT. SQLite: the writer's BEGIN IMMEDIATE
            // already holds the only write lock.
            let sql = match conn.dialect() {
                Dialect::Postgres => "SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE",
                Dialect::Sqlite => "SELECT seq, hash FROM chain_head WHERE id = 1",
            };
            let r = conn.query_one(sql, &[])?;
            (r.get_i64(0)?, r.get_text(1)?)
        }
    };
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        seq += 1;
        let stored = StoredEvent {
            seq,
            at_ms: e.at_ms,
            actor_id: e.actor_id.clone(),
            actor_role: e.actor_role.clone(),
            unit_id: e.unit_id.clone(),
            dossier_id: e.dossier_id.clone(),
            kind: e.kind.clone(),
            payload: canonical_json(&e.payload),
            prev_hash: prev,
            hash: String::new(),
        };
        let hash = event_hash(&stored.prev_hash, &canonical_bytes(&stored))?;
        let StoredEvent {
            actor_id,
            actor_role,
            unit_id,
            dossier_id,
            kind,
            payload,
            prev_hash,
            ..
        } = stored;
        conn.execute(
            "INSERT INTO events (seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                Value::Int(seq),
                Value::Int(e.at_ms),
                actor_id.into(),
                actor_role.into(),
                unit_id.into(),
                dossier_id.into(),
                kind.into(),
                payload.into(),
                prev_hash.into(),
                Value::Text(hash.clone()),
            ],
        )?;
        prev = hash.clone();
        out.push(Appended { seq, hash });
    }
    match conn.batch_state() {
        Some(state) => {
            state.chain_head = Some((seq, prev));
            state.chain_dirty = true;
        }
        None => write_head(conn, seq, prev)?,
    }
    Ok(out)
}

fn write_head(conn: &mut dyn Conn, seq: i64, hash: String) -> Result<()> {
    conn.execute(
        "UPDATE chain_head SET seq = $1, hash = $2 WHERE id = 1",
        &[Value::Int(seq), Value::Text(hash)],
    )?;
    Ok(())
}

/// Writes the batch's cached head to `chain_head` (the writer calls this before COMMIT).
pub(crate) fn flush_head(conn: &mut dyn Conn, state: &mut BatchState) -> Result<()> {
    if state.chain_dirty
        && let Some((seq, hash)) = state.chain_head.clone()
    {
        write_head(conn, seq, hash)?;
        state.chain_dirty = false;
    }
    Ok(())
}

/// Events with `seq > after`, in order, at most `limit` of them (for paging through the log).
pub fn read_after(conn: &mut dyn Conn, after: i64, limit: i64) -> Result<Vec<StoredEvent>> {
    let sql = "SELECT seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash \
               FROM events WHERE seq > $1 ORDER BY seq LIMIT $2";
    debug_assert!(sql.contains(StoredEvent::COLUMNS));
    conn.query(sql, &[Value::Int(after), Value::Int(limit)])?
        .iter()
        .map(StoredEvent::from_row)
        .collect()
}

/// Every event of one dossier, in order (its timeline).
pub fn dossier_events(conn: &mut dyn Conn, dossier_id: &str) -> Result<Vec<StoredEvent>> {
    let sql = "SELECT seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash \
               FROM events WHERE dossier_id = $1 ORDER BY seq";
    conn.query(sql, &[dossier_id.into()])?
        .iter()
        .map(StoredEvent::from_row)
        .collect()
}
