use motcua_store::chain::{self, ChainError, GENESIS_HASH, NewEvent};
use motcua_store::testing::TestDb;
use motcua_store::writer::{Writer, WriterConfig};
use motcua_store::{Conn, StoreError, conformance_test, params};
use serde_json::json;

fn event(i: i64) -> NewEvent {
    NewEvent {
        at_ms: 1_760_000_000_000 + i,
        actor_id: format!("officer-{}", i % 3),
        actor_role: "officer".into(),
        unit_id: "000.00.01.H01".into(),
        dossier_id: (i % 4 != 0).then(|| format!("H01.1-250101-{:04}", i % 7)),
        kind: "submitted".into(),
        payload: json!({"i": i, "note": "Hồ sơ", "items": [i, {"b": 2, "a": 1}]}),
    }
}

/// Appends `n` events through the writer (several per job, so both paths are used).
fn fill(t: &TestDb, n: i64) {
    drop(t.migrated());
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    let rxs: Vec<_> = (1..=n)
        .step_by(2)
        .map(|i| {
            w.submit(move |c: &mut dyn Conn| {
                let evs: Vec<NewEvent> = (i..=(i + 1).min(n)).map(event).collect();
                chain::append_all(c, &evs)
            })
            .unwrap()
        })
        .collect();
    for rx in rxs {
        rx.blocking_recv().unwrap().unwrap();
    }
}

fn verify_err(t: &TestDb) -> ChainError {
    let mut c = t.connect();
    chain::verify_paged(&mut *c, 7).unwrap_err()
}

conformance_test!(append_and_verify, |t| {
    let mut c = t.migrated();
    assert_eq!(chain::verify(&mut *c).unwrap().events, 0);
    assert_eq!(chain::head(&mut *c).unwrap().hash, GENESIS_HASH);
    c.begin().unwrap();
    let a = chain::append(&mut *c, &event(1)).unwrap();
    c.commit().unwrap();
    assert_eq!(a.seq, 1);
    fill(&t, 0);
    let mut c = t.connect();
    let first = chain::read_after(&mut *c, 0, 10).unwrap();
    assert_eq!(first[0].prev_hash, GENESIS_HASH);
    assert_eq!(first[0].hash, a.hash);
    // The payload is stored canonically: sorted keys, no spaces.
    assert_eq!(
        first[0].payload,
        r#"{"i":1,"items":[1,{"a":1,"b":2}],"note":"Hồ sơ"}"#
    );
    assert_eq!(first[0].payload_json().unwrap()["i"], 1);
});

conformance_test!(a_long_chain_verifies_across_pages, |t| {
    fill(&t, 50);
    let mut c = t.connect();
    for page in [1, 7, 50, 1000] {
        let r = chain::verify_paged(&mut *c, page).unwrap();
        assert_eq!((r.events, r.head_seq), (50, 50));
    }
    let d = chain::dossier_events(&mut *c, "H01.1-250101-0003").unwrap();
    assert!(!d.is_empty() && d.windows(2).all(|w| w[0].seq < w[1].seq));
});

conformance_test!(changed_payload_is_named, |t| {
    fill(&t, 50);
    t.connect()
        .execute(
            "UPDATE events SET payload = $1 WHERE seq = 20",
            &params![r#"{"i":999}"#],
        )
        .unwrap();
    let e = verify_err(&t);
    assert!(matches!(e, ChainError::Changed { seq: 20 }), "{e}");
    assert_eq!(e.code(), "audit.event_changed");
    assert!(
        e.message_vi().contains("số 20") && e.message_en().contains("event 20"),
        "{}",
        e.message_vi()
    );
});

conformance_test!(changed_actor_is_named, |t| {
    fill(&t, 30);
    t.connect()
        .execute("UPDATE events SET actor_id = 'intruder' WHERE seq = 1", &[])
        .unwrap();
    assert!(matches!(verify_err(&t), ChainError::Changed { seq: 1 }));
});

conformance_test!(deleted_row_is_named, |t| {
    fill(&t, 50);
    t.connect()
        .execute("DELETE FROM events WHERE seq = 20", &[])
        .unwrap();
    let e = verify_err(&t);
    assert!(matches!(e, ChainError::Missing { seq: 20 }), "{e}");
});

conformance_test!(swapped_rows_are_named, |t| {
    fill(&t, 50);
    let mut c = t.connect();
    // Swap the seq numbers of events 20 and 21 (through a free value, for the primary key).
    c.execute_batch(
        "UPDATE events SET seq = -1 WHERE seq = 20;
         UPDATE events SET seq = 20 WHERE seq = 21;
         UPDATE events SET seq = 21 WHERE seq = -1;",
    )
    .unwrap();
    let e = verify_err(&t);
    assert!(matches!(e, ChainError::OutOfOrder { seq: 20 }), "{e}");
});

conformance_test!(
    rewritten_row_with_recomputed_hash_breaks_the_next_link,
    |t| {
        fill(&t, 50);
        let mut c = t.connect();
        let mut ev = chain::read_after(&mut *c, 19, 1).unwrap().remove(0);
        ev.payload = r#"{"forged":true}"#.into();
        let forged = chain::event_hash(&ev.prev_hash, &chain::canonical_bytes(&ev)).unwrap();
        c.execute(
            "UPDATE events SET payload = $1, hash = $2 WHERE seq = 20",
            &params![ev.payload, forged],
        )
        .unwrap();
        assert!(matches!(verify_err(&t), ChainError::OutOfOrder { seq: 21 }));
    }
);

conformance_test!(truncated_tail_is_named, |t| {
    fill(&t, 50);
    t.connect()
        .execute("DELETE FROM events WHERE seq >= 45", &[])
        .unwrap();
    let e = verify_err(&t);
    assert!(matches!(e, ChainError::Missing { seq: 45 }), "{e}");
});

conformance_test!(row_inserted_past_the_head_is_named, |t| {
    fill(&t, 50);
    let mut c = t.connect();
    let last = chain::read_after(&mut *c, 49, 1).unwrap().remove(0);
    c.execute(
        "INSERT INTO events (seq, at_ms, actor_id, actor_role, unit_id, dossier_id, kind, payload, prev_hash, hash)
         VALUES (51, 0, 'x', 'x', 'x', NULL, 'x', '{}', $1, $2)",
        &params![last.hash.clone(), last.hash],
    )
    .unwrap();
    let e = verify_err(&t);
    assert!(matches!(e, ChainError::HeadMismatch { seq: 51, .. }), "{e}");
});

conformance_test!(tampered_head_is_named, |t| {
    fill(&t, 10);
    t.connect()
        .execute("UPDATE chain_head SET hash = $1", &params![GENESIS_HASH])
        .unwrap();
    let e = verify_err(&t);
    assert!(matches!(e, ChainError::HeadMismatch { seq: 10, .. }), "{e}");
});

conformance_test!(append_failure_inside_a_job_leaves_the_chain_intact, |t| {
    fill(&t, 5);
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    let r = w.run_blocking(|c: &mut dyn Conn| {
        chain::append(c, &event(6))?;
        Err::<(), _>(StoreError::Internal("rejected after appending".into()))
    });
    assert!(r.is_err());
    let a = w
        .run_blocking(|c: &mut dyn Conn| chain::append(c, &event(6)))
        .unwrap();
    assert_eq!(a.seq, 6);
    let mut c = t.connect();
    assert_eq!(chain::verify(&mut *c).unwrap().events, 6);
});

conformance_test!(the_batch_head_cache_follows_rollbacks, |t| {
    drop(t.migrated());
    let w = Writer::open(&t.db, WriterConfig::default()).unwrap();
    // Hold the writer so the next jobs share one batch. The gate may be re-run (an optimistic
    // batch re-runs every job), so only its first run waits.
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let wait = std::sync::Mutex::new(Some(wait));
    let (started_tx, started) = std::sync::mpsc::channel::<()>();
    let g = w
        .submit(move |_c: &mut dyn Conn| {
            if let Some(wait) = wait.lock().unwrap().take() {
                let _ = started_tx.send(());
                let _ = wait.recv_timeout(std::time::Duration::from_secs(60));
            }
            Ok::<(), StoreError>(())
        })
        .unwrap();
    started
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("gate started");
    let a = w
        .submit(|c: &mut dyn Conn| chain::append(c, &event(1)))
        .unwrap();
    let failing = w
        .submit(|c: &mut dyn Conn| {
            chain::append(c, &event(2))?;
            Err::<chain::Appended, _>(StoreError::Internal("rejected".into()))
        })
        .unwrap();
    let nested = w
        .submit(|c: &mut dyn Conn| {
            // A job's own savepoint: the event appended inside it is undone with it.
            c.savepoint("my_sp")?;
            chain::append(c, &event(3))?;
            c.rollback_to("my_sp")?;
            assert_eq!(chain::head(c)?.seq, 1);
            chain::append(c, &event(4))
        })
        .unwrap();
    let b = w
        .submit(|c: &mut dyn Conn| chain::append(c, &event(5)))
        .unwrap();
    release.send(()).unwrap();
    g.blocking_recv().unwrap().unwrap();
    assert_eq!(a.blocking_recv().unwrap().unwrap().seq, 1);
    assert!(failing.blocking_recv().unwrap().is_err());
    assert_eq!(nested.blocking_recv().unwrap().unwrap().seq, 2);
    let last = b.blocking_recv().unwrap().unwrap();
    assert_eq!(last.seq, 3);
    let mut c = t.connect();
    let r = chain::verify(&mut *c).unwrap();
    assert_eq!((r.events, r.head_hash), (3, last.hash));
});
