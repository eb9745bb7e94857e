//! Small conversions shared by the facade's jobs and queries.

use jiff::Timestamp;
use motcua_domain::dossier::Actor;

use super::AppError;
use crate::error::StoreError;
use crate::sql::{Conn, Value};

pub(crate) fn ms(t: Timestamp) -> i64 {
    t.as_millisecond()
}

pub(crate) fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(crate) fn opt_ts(ms: Option<i64>) -> Option<Timestamp> {
    ms.map(ts)
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("our types serialize")
}

pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    what: &str,
    s: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(s)
        .map_err(|e| StoreError::Internal(format!("{what} is not valid JSON: {e}")))
}

/// Takes the next value of a named counter (ids allocated in the writer's transaction).
pub(crate) fn next_id(conn: &mut dyn Conn, name: &str) -> Result<i64, StoreError> {
    let r = conn.query_one(
        "UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value",
        &[name.into()],
    )?;
    r.get_i64(0)
}

/// The id written in the audit log for an actor.
pub(crate) fn actor_id(actor: &Actor) -> String {
    actor
        .account
        .map_or_else(|| "system".to_string(), |a| a.0.to_string())
}

/// A list of integers as SQL parameters `$k, $k+1, …` (our ids; never user text).
pub(crate) fn id_list(start: usize, ids: &[i64]) -> (String, Vec<Value>) {
    let sql = (0..ids.len())
        .map(|i| format!("${}", start + i))
        .collect::<Vec<_>>()
        .join(", ");
    (sql, ids.iter().map(|i| Value::Int(*i)).collect())
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Store(StoreError::Internal(format!("JSON: {e}")))
    }
}
