use motcua_store::idempotency::{self, IdempotencyError, Reservation, request_hash};
use motcua_store::writer::{Writer, WriterConfig};
use motcua_store::{Conn, StoreError, conformance_test};

/// A job shaped like a real handler: reserve, do work, store the response, all in one job.
fn handler(
    key: &'static str,
    body: &'static str,
    fail_after_reserve: bool,
) -> impl FnMut(&mut dyn Conn) -> Result<(i64, String), IdempotencyError> + Send + 'static {
    move |c: &mut dyn Conn| {
        let h = request_hash(&[b"POST", b"/api/v1/dossiers", body.as_bytes()]);
        match idempotency::check_or_reserve(c, "account-1", key, &h, 1000)? {
            Reservation::Replay { status, response } => Ok((status, response)),
            Reservation::New => {
                if fail_after_reserve {
                    return Err(StoreError::Internal("work failed".into()).into());
                }
                let response = format!(r#"{{"body":"{body}"}}"#);
                idempotency::store(c, "account-1", key, 201, &response)?;
                Ok((201, response))
            }
        }
    }
}

conformance_test!(keys_replay_and_refuse_reuse, |t| {
    drop(t.migrated());
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    let first = w.run_blocking(handler("k1", "a", false)).unwrap();
    let again = w.run_blocking(handler("k1", "a", false)).unwrap();
    assert_eq!(first, again);
    let e = w.run_blocking(handler("k1", "b", false)).unwrap_err();
    assert!(matches!(e, IdempotencyError::KeyReused), "{e}");
    assert_eq!(e.code(), "idempotency.key_reused");
    assert!(!e.message_vi().is_empty() && !e.message_en().is_empty());
    // Another scope may use the same key.
    let other = w.run_blocking(|c: &mut dyn Conn| {
        idempotency::check_or_reserve(c, "account-2", "k1", "h", 1)
            .map_err(|e| StoreError::Internal(e.to_string()))
    });
    assert_eq!(other.unwrap(), Reservation::New);
    let e = w.run_blocking(handler("", "a", false)).unwrap_err();
    assert!(matches!(e, IdempotencyError::InvalidKey));
});

conformance_test!(a_failed_job_releases_its_key, |t| {
    drop(t.migrated());
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    assert!(w.run_blocking(handler("k2", "a", true)).is_err());
    // The reservation was rolled back with the job, so the retry does the work.
    assert_eq!(w.run_blocking(handler("k2", "a", false)).unwrap().0, 201);
});

conformance_test!(same_key_twice_in_one_batch_replays, |t| {
    drop(t.migrated());
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    let rxs: Vec<_> = (0..20)
        .map(|_| w.submit(handler("k3", "a", false)).unwrap())
        .collect();
    let answers: Vec<_> = rxs
        .into_iter()
        .map(|rx| rx.blocking_recv().unwrap().unwrap())
        .collect();
    assert!(answers.iter().all(|a| *a == answers[0]));
    let mut c = t.connect();
    let n = c
        .query_one("SELECT count(*) FROM idempotency_keys", &[])
        .unwrap()
        .get_i64(0)
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(idempotency::purge_before(&mut *c, 1001).unwrap(), 1);
});
