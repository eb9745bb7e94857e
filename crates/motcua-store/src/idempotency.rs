//! Idempotency keys: a client that repeats a request (after a timeout, say) with the same key
//! gets the first response again instead of a second dossier.
//!
//! Both calls run inside the same writer job as the work itself, so the key, the work and the
//! stored response commit together or not at all: a crash can never leave a key that points
//! at work that did not happen, nor work without its key.

use sha2::{Digest, Sha256};

use crate::error::StoreError;
use crate::sql::{Conn, Value};

/// What `check_or_reserve` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reservation {
    /// First use of the key: do the work, then call `store`.
    New,
    /// The key was used before for the same request: send this response again.
    Replay { status: i64, response: String },
}

#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The same key came with a different request.
    #[error("idempotency key reused for a different request")]
    KeyReused,
    /// Another transaction (another app node) holds the key and has not finished.
    #[error("a request with this idempotency key is still in progress")]
    InProgress,
    /// Empty, too long, or not printable ASCII.
    #[error("malformed idempotency key")]
    InvalidKey,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IdempotencyError {
    pub fn code(&self) -> &'static str {
        match self {
            IdempotencyError::KeyReused => "idempotency.key_reused",
            IdempotencyError::InProgress => "idempotency.in_progress",
            IdempotencyError::InvalidKey => "idempotency.invalid_key",
            IdempotencyError::Store(e) => e.code(),
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            IdempotencyError::KeyReused => {
                "Khóa chống gửi trùng (Idempotency-Key) này đã được dùng cho một yêu cầu khác."
                    .into()
            }
            IdempotencyError::InProgress => {
                "Yêu cầu với khóa này đang được xử lý, vui lòng thử lại sau giây lát.".into()
            }
            IdempotencyError::InvalidKey => {
                "Khóa chống gửi trùng không hợp lệ (1–255 ký tự ASCII in được).".into()
            }
            IdempotencyError::Store(e) => e.message_vi(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            IdempotencyError::KeyReused => {
                "This Idempotency-Key was already used for a different request.".into()
            }
            IdempotencyError::InProgress => {
                "A request with this key is still being processed; please retry shortly.".into()
            }
            IdempotencyError::InvalidKey => {
                "The idempotency key is not valid (1–255 printable ASCII characters).".into()
            }
            IdempotencyError::Store(e) => e.message_en(),
        }
    }
}

/// A digest of the parts that make a request "the same request" (method, path, body, …).
/// Parts are length-prefixed so their boundaries cannot shift.
pub fn request_hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

fn valid_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// Looks the key up within `scope` (e.g. the account id) and reserves it if new.
pub fn check_or_reserve(
    conn: &mut dyn Conn,
    scope: &str,
    key: &str,
    request_hash: &str,
    now_ms: i64,
) -> Result<Reservation, IdempotencyError> {
    if !valid_key(key) {
        return Err(IdempotencyError::InvalidKey);
    }
    let found = conn.query_opt(
        "SELECT request_hash, status, response FROM idempotency_keys WHERE scope = $1 AND key = $2",
        &[scope.into(), key.into()],
    )?;
    if let Some(r) = found {
        if r.get_str(0)? != request_hash {
            return Err(IdempotencyError::KeyReused);
        }
        return match (r.get_opt_i64(1)?, r.get_opt_text(2)?) {
            (Some(status), Some(response)) => Ok(Reservation::Replay { status, response }),
            // Reserved in this transaction by a job that never stored its response.
            _ => Err(IdempotencyError::InProgress),
        };
    }
    let inserted = conn.execute(
        "INSERT INTO idempotency_keys (scope, key, request_hash, status, response, created_at_ms) \
         VALUES ($1, $2, $3, NULL, NULL, $4)",
        &[
            scope.into(),
            key.into(),
            request_hash.into(),
            Value::Int(now_ms),
        ],
    );
    match inserted {
        Ok(_) => Ok(Reservation::New),
        // PostgreSQL, several nodes: another transaction inserted the key first and we waited
        // for it on the unique index.
        Err(e) if e.is_unique_violation() => Err(IdempotencyError::InProgress),
        Err(e) => Err(e.into()),
    }
}

/// Stores the response for a key reserved by `check_or_reserve` in the same job.
pub fn store(
    conn: &mut dyn Conn,
    scope: &str,
    key: &str,
    status: i64,
    response: &str,
) -> Result<(), StoreError> {
    let n = conn.execute(
        "UPDATE idempotency_keys SET status = $1, response = $2 WHERE scope = $3 AND key = $4",
        &[
            Value::Int(status),
            response.into(),
            scope.into(),
            key.into(),
        ],
    )?;
    if n != 1 {
        return Err(StoreError::Internal(format!(
            "idempotency key {key:?} was not reserved"
        )));
    }
    Ok(())
}

/// Deletes keys created before `cutoff_ms` (keys only need to outlive client retries).
pub fn purge_before(conn: &mut dyn Conn, cutoff_ms: i64) -> Result<u64, StoreError> {
    conn.execute(
        "DELETE FROM idempotency_keys WHERE created_at_ms < $1",
        &[Value::Int(cutoff_ms)],
    )
}
