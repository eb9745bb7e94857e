//! `verify`: walks the whole log in seq order, a page at a time (bounded memory for millions
//! of events), inside one read snapshot so concurrent appends cannot cause false alarms.

use super::{GENESIS_HASH, StoredEvent, canonical_bytes, event_hash, head, read_after};
use crate::error::StoreError;
use crate::sql::Conn;

/// What a successful verification saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: u64,
    pub head_seq: i64,
    pub head_hash: String,
}

/// The first problem found, naming the event.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// Expected event `seq` is absent (a row was deleted, or the tail was truncated).
    #[error("event {seq} is missing (deleted or truncated)")]
    Missing { seq: i64 },
    /// Event `seq`'s stored hash does not match its contents (the row was edited).
    #[error("event {seq} was altered: its hash does not match its contents")]
    Changed { seq: i64 },
    /// Event `seq` does not link to the previous event's hash (rows reordered, a row inserted,
    /// or the previous row rewritten together with its hash).
    #[error(
        "event {seq} does not link to the previous event (inserted, reordered, or its predecessor rewritten)"
    )]
    OutOfOrder { seq: i64 },
    /// The head row disagrees with the log (`seq` is the first event concerned).
    #[error("the chain head does not match the log at event {seq}: {detail}")]
    HeadMismatch { seq: i64, detail: String },
    /// The log could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ChainError {
    /// The first bad event, if the chain itself is bad.
    pub fn seq(&self) -> Option<i64> {
        match self {
            ChainError::Missing { seq }
            | ChainError::Changed { seq }
            | ChainError::OutOfOrder { seq }
            | ChainError::HeadMismatch { seq, .. } => Some(*seq),
            ChainError::Store(_) => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ChainError::Missing { .. } => "audit.event_missing",
            ChainError::Changed { .. } => "audit.event_changed",
            ChainError::OutOfOrder { .. } => "audit.event_out_of_order",
            ChainError::HeadMismatch { .. } => "audit.head_mismatch",
            ChainError::Store(e) => e.code(),
        }
    }

    pub fn message_vi(&self) -> String {
        match self {
            ChainError::Missing { seq } => {
                format!("Nhật ký bị can thiệp: sự kiện số {seq} bị thiếu (đã bị xóa hoặc cắt bớt).")
            }
            ChainError::Changed { seq } => {
                format!(
                    "Nhật ký bị can thiệp: sự kiện số {seq} đã bị sửa (mã băm không khớp nội dung)."
                )
            }
            ChainError::OutOfOrder { seq } => format!(
                "Nhật ký bị can thiệp: sự kiện số {seq} không nối tiếp sự kiện trước (bị chèn, đổi thứ tự, hoặc sự kiện trước bị ghi lại)."
            ),
            ChainError::HeadMismatch { seq, .. } => {
                format!(
                    "Nhật ký bị can thiệp: đầu chuỗi không khớp với nhật ký tại sự kiện số {seq}."
                )
            }
            ChainError::Store(e) => e.message_vi(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ChainError::Store(e) => e.message_en(),
            other => format!("Audit log tampered with: {other}."),
        }
    }
}

/// Rows per page while verifying.
const PAGE: i64 = 1000;

/// Verifies the whole chain; see `ChainError` for what is detected.
pub fn verify(conn: &mut dyn Conn) -> Result<VerifyReport, ChainError> {
    verify_paged(conn, PAGE)
}

/// `verify` with a chosen page size (tests use tiny pages to cross page boundaries).
pub fn verify_paged(conn: &mut dyn Conn, page: i64) -> Result<VerifyReport, ChainError> {
    conn.begin_read()?;
    let r = walk(conn, page.max(1));
    // Read-only snapshot: ending it with ROLLBACK is the same as COMMIT and cannot fail usefully.
    let _ = conn.rollback();
    r
}

fn walk(conn: &mut dyn Conn, page: i64) -> Result<VerifyReport, ChainError> {
    let head = head(conn)?;
    let mut expected: i64 = 1;
    let mut prev_hash = GENESIS_HASH.to_owned();
    loop {
        let events = read_after(conn, expected - 1, page)?;
        if events.is_empty() {
            break;
        }
        for e in events {
            check(&e, expected, &prev_hash, head.seq)?;
            prev_hash = e.hash;
            expected += 1;
        }
    }
    let last = expected - 1;
    if last < head.seq {
        return Err(ChainError::Missing { seq: last + 1 });
    }
    if head.hash != prev_hash {
        return Err(ChainError::HeadMismatch {
            seq: head.seq,
            detail: "the head's hash differs from the last event's hash".into(),
        });
    }
    Ok(VerifyReport {
        events: last as u64,
        head_seq: head.seq,
        head_hash: head.hash,
    })
}

fn check(e: &StoredEvent, expected: i64, prev_hash: &str, head_seq: i64) -> Result<(), ChainError> {
    if e.seq != expected {
        // Rows come ordered by a unique seq, so a different seq can only be a larger one.
        return Err(ChainError::Missing { seq: expected });
    }
    if e.seq > head_seq {
        return Err(ChainError::HeadMismatch {
            seq: e.seq,
            detail: format!(
                "event {} lies beyond the head ({head_seq}): inserted outside the log",
                e.seq
            ),
        });
    }
    if e.prev_hash != prev_hash {
        return Err(ChainError::OutOfOrder { seq: e.seq });
    }
    match event_hash(&e.prev_hash, &canonical_bytes(e)) {
        Ok(h) if h == e.hash => Ok(()),
        _ => Err(ChainError::Changed { seq: e.seq }),
    }
}
