//! The synthetic dossier generator produces every state through the real lifecycle, on both
//! databases, and its event log verifies.

mod fixture;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use fixture::*;
use motcua_domain::dossier::{Role, Status, replay};
use motcua_store::store::demo::{DemoOptions, generate};
use motcua_store::store::{Worklist, WorklistQuery};

motcua_store::conformance_test!(generated_dossiers_cover_every_state, |t| {
    Fixture::run(&t, |f| async move {
        let root = motcua_domain::dossier::Actor {
            account: None,
            name: "setup".into(),
            grants: vec![motcua_domain::dossier::Grant {
                role: Role::Admin,
                unit: None,
            }],
        };
        f.store
            .import_catalog(&root, motcua_domain::catalog::demo_catalog())
            .await
            .unwrap();
        let seen = Arc::new(AtomicU64::new(0));
        let s2 = seen.clone();
        let summary = generate(
            &f.store,
            DemoOptions {
                dossiers: 2000,
                // Two dense months, so that every transient state is caught at `now`.
                months: 2,
                min_communes: 4,
                citizens: 50,
                progress: Some(Arc::new(move |done, _| s2.store(done, Ordering::Relaxed))),
                ..DemoOptions::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(summary.dossiers, 2000);
        assert_eq!(
            seen.load(Ordering::Relaxed),
            2000,
            "progress reaches the total"
        );
        let statuses: Vec<Status> = summary.by_status.iter().map(|(s, _)| *s).collect();
        for s in Status::ALL {
            assert!(
                statuses.contains(&s),
                "no dossier in {s:?}: {:?}",
                summary.by_status
            );
        }
        let counted: u64 = summary.by_status.iter().map(|(_, n)| n).sum();
        // The fixture's own dossiers are none; all come from the generator.
        assert_eq!(counted, 2000);
        assert!(f.store.verify_audit().await.unwrap().is_ok());
        // Grants are expanded when the actor is loaded: reload after new communes appeared.
        let leader = f.store.actor(f.leader_p.account.unwrap()).await.unwrap();
        // Each stored state is exactly the fold of its events.
        let page = f
            .store
            .worklist(
                &leader,
                WorklistQuery {
                    list: Worklist::All,
                    per_page: 60,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(page.total > 0);
        for s in page.items {
            let view = f.store.dossier(&f.system, &s.code).await.unwrap();
            let events = f.store.dossier_events(&f.system, &s.code).await.unwrap();
            let folded = replay(events.iter().map(|e| &e.event)).unwrap();
            assert_eq!(folded, view.dossier, "{}", s.code);
        }
        // Some are overdue, some due soon or within time: the worklists are populated.
        let counts = f.store.worklist_counts(&leader, None).await.unwrap();
        let get = |l: Worklist| counts.iter().find(|(x, _)| *x == l).unwrap().1;
        assert_eq!(get(Worklist::All), 2000, "{counts:?}");
        assert!(get(Worklist::Overdue) > 0, "{counts:?}");
        assert!(get(Worklist::ToProcess) > 0, "{counts:?}");
    })
});
