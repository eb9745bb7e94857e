//! The store facade's conformance suite: the same stories on SQLite and on PostgreSQL
//! (`MOTCUA_TEST_DATABASE_URL`), including every cell of the lifecycle table by role.

mod fixture;

use std::collections::BTreeMap;

use fixture::*;
use motcua_domain::dossier::{
    Command, CommandKind, DocSource, DocumentRef, Outcome, Rejection, ReturnMethod, Role, Status,
    rules,
};
use motcua_domain::ids::UnitId;
use motcua_store::store::{AppError, Idempotency, Worklist, WorklistQuery};

motcua_store::conformance_test!(online_story_to_electronic_return, |t| {
    Fixture::run(&t, |f| async move {
        let view = f.submit_online(None).await;
        let code = view.dossier.code.clone();
        assert!(code.to_string().starts_with("H99.01-"), "{code}");
        assert_eq!(view.dossier.status, Status::Submitted);
        let v = f.exec(&f.desk_a, &code, accept()).await.unwrap();
        assert_eq!(v.dossier.status, Status::Received);
        assert!(v.dossier.due_at.is_some());
        f.exec(&f.specialist_a, &code, Command::Claim)
            .await
            .unwrap();
        f.exec(
            &f.specialist_a,
            &code,
            Command::Transfer {
                to_unit: f.commune_b,
                note: Some("Xác minh".into()),
            },
        )
        .await
        .unwrap();
        // The dossier passed through B: B's officers see it; it is now in B's worklist.
        let b_list = f
            .store
            .worklist(
                &f.specialist_b,
                WorklistQuery {
                    list: Worklist::ToProcess,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(b_list.total, 1);
        f.exec(&f.specialist_b, &code, Command::Claim)
            .await
            .unwrap();
        f.exec(
            &f.specialist_b,
            &code,
            Command::Transfer {
                to_unit: f.commune_a,
                note: None,
            },
        )
        .await
        .unwrap();
        f.exec(&f.specialist_a, &code, Command::Claim)
            .await
            .unwrap();
        f.exec(&f.specialist_a, &code, propose()).await.unwrap();
        f.exec(&f.leader_a, &code, Command::Approve { note: None })
            .await
            .unwrap();
        f.exec(&f.leader_a, &code, issue()).await.unwrap();
        let v = f
            .exec(
                &f.desk_a,
                &code,
                Command::ReturnResult {
                    method: ReturnMethod::Electronic,
                },
            )
            .await
            .unwrap();
        assert_eq!(v.dossier.status, Status::Returned);
        assert_eq!(v.dossier.code, code, "the code never changes");
        // The result is now in the citizen's personal store, next to the submitted form.
        let docs = f
            .store
            .personal_documents(f.citizen.account.unwrap())
            .await
            .unwrap();
        assert!(docs.iter().any(|d| d.is_result), "{docs:?}");
        assert!(docs.iter().any(|d| !d.is_result));
        // The control slip: every hand-over is a row.
        let events = f.store.dossier_events(&f.citizen, &code).await.unwrap();
        let hand_overs = events
            .iter()
            .filter(|e| e.event.data.kind() == "handed_over")
            .count();
        assert_eq!(hand_overs, 6);
        assert!(f.store.verify_audit().await.unwrap().is_ok());
    })
});

motcua_store::conformance_test!(idempotent_submission_never_duplicates, |t| {
    Fixture::run(&t, |f| async move {
        let key = Idempotency {
            key: "abc-123".into(),
            request_hash: "h1".into(),
        };
        let first = f
            .store
            .submit(&f.citizen, f.new_dossier(), vec![], Some(key.clone()))
            .await
            .unwrap();
        let again = f
            .store
            .submit(&f.citizen, f.new_dossier(), vec![], Some(key.clone()))
            .await
            .unwrap();
        assert!(!first.is_replay());
        assert!(again.is_replay());
        assert_eq!(first.view().dossier.code, again.view().dossier.code);
        assert_eq!(f.store.my_dossiers(&f.citizen).await.unwrap().len(), 1);
        let other = Idempotency {
            key: "abc-123".into(),
            request_hash: "different".into(),
        };
        assert!(matches!(
            f.store
                .submit(&f.citizen, f.new_dossier(), vec![], Some(other))
                .await,
            Err(AppError::Idempotency(_))
        ));
    })
});

motcua_store::conformance_test!(codes_are_unique_under_concurrency, |t| {
    Fixture::run(&t, |f| async move {
        let mut tasks = Vec::new();
        for _ in 0..40 {
            let (store, actor, nd) = (f.store.clone(), f.citizen.clone(), f.new_dossier());
            tasks.push(tokio::spawn(async move {
                store.submit(&actor, nd, vec![], None).await
            }));
        }
        let mut seqs = Vec::new();
        for t in tasks {
            seqs.push(t.await.unwrap().unwrap().view().dossier.code.seq());
        }
        seqs.sort();
        assert_eq!(
            seqs,
            (1..=40).collect::<Vec<u32>>(),
            "per-agency, per-day sequence without gaps or duplicates"
        );
    })
});

motcua_store::conformance_test!(visibility_is_scoped, |t| {
    Fixture::run(&t, |f| async move {
        let code = f.submit_online(None).await.dossier.code;
        for outsider in [&f.other_citizen, &f.desk_b, &f.admin] {
            assert!(matches!(
                f.store.dossier(outsider, &code).await,
                Err(AppError::NotFound)
            ));
            assert!(matches!(
                f.store.dossier_events(outsider, &code).await,
                Err(AppError::NotFound)
            ));
            assert!(matches!(
                f.exec(outsider, &code, accept()).await,
                Err(AppError::NotFound)
            ));
        }
        assert!(f.store.dossier(&f.desk_a, &code).await.is_ok());
        assert!(
            f.store.dossier(&f.leader_p, &code).await.is_ok(),
            "a province leader sees its communes"
        );
        let b = f
            .store
            .worklist(&f.desk_b, WorklistQuery::default())
            .await
            .unwrap();
        assert_eq!(b.total, 0);
        let a = f
            .store
            .worklist(
                &f.desk_a,
                WorklistQuery {
                    list: Worklist::New,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(a.total, 1);
        // An officer cannot widen the scope by asking for another unit.
        let asked = f
            .store
            .worklist(
                &f.desk_a,
                WorklistQuery {
                    units: Some(vec![f.commune_b]),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(asked.total, 0);
    })
});

motcua_store::conformance_test!(refused_commands_change_nothing, |t| {
    Fixture::run(&t, |f| async move {
        let code = f.submit_online(None).await.dossier.code;
        let before = f.store.dossier(&f.desk_a, &code).await.unwrap();
        let events_before = f
            .store
            .dossier_events(&f.desk_a, &code)
            .await
            .unwrap()
            .len();
        let r = f
            .exec(&f.leader_a, &code, Command::Approve { note: None })
            .await;
        assert!(
            matches!(
                r,
                Err(AppError::Rejected(Rejection::IllegalTransition { .. }))
            ),
            "{r:?}"
        );
        // A stale version is refused too.
        let r = f
            .store
            .execute(
                &f.desk_a,
                &code,
                Some(before.dossier.version + 5),
                vec![accept()],
            )
            .await;
        assert!(matches!(r, Err(AppError::Stale { .. })), "{r:?}");
        // A batch that fails half-way leaves nothing behind.
        let r = f
            .store
            .execute(
                &f.desk_a,
                &code,
                None,
                vec![accept(), Command::Approve { note: None }],
            )
            .await;
        assert!(r.is_err());
        let after = f.store.dossier(&f.desk_a, &code).await.unwrap();
        assert_eq!(after, before);
        assert_eq!(
            f.store
                .dossier_events(&f.desk_a, &code)
                .await
                .unwrap()
                .len(),
            events_before
        );
    })
});

motcua_store::conformance_test!(desk_receives_paper_dossier_in_one_step, |t| {
    Fixture::run(&t, |f| async move {
        let mut nd = f.new_dossier();
        nd.channel = motcua_domain::procedure::Channel::Desk;
        nd.owner = None;
        let v = f
            .store
            .submit(&f.desk_a, nd, vec![accept()], None)
            .await
            .unwrap();
        assert_eq!(v.view().dossier.status, Status::Received);
        assert!(v.view().dossier.due_at.is_some());
        // A desk officer of commune B cannot enter a paper dossier for commune A.
        let mut nd = f.new_dossier();
        nd.channel = motcua_domain::procedure::Channel::Desk;
        let r = f.store.submit(&f.desk_b, nd, vec![], None).await;
        assert!(
            matches!(r, Err(AppError::Rejected(Rejection::OutOfScope))),
            "{r:?}"
        );
    })
});

motcua_store::conformance_test!(public_lookup_needs_the_phone, |t| {
    Fixture::run(&t, |f| async move {
        let code = f.submit_online(None).await.dossier.code;
        let hit = f
            .store
            .public_lookup(&code, "+84 912 345 678")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(hit.status, Status::Submitted);
        assert!(
            f.store
                .public_lookup(&code, "0987654321")
                .await
                .unwrap()
                .is_none()
        );
    })
});

motcua_store::conformance_test!(reuse_only_from_own_store, |t| {
    Fixture::run(&t, |f| async move {
        f.submit_online(None).await;
        let mine = f
            .store
            .personal_documents(f.citizen.account.unwrap())
            .await
            .unwrap();
        assert_eq!(mine.len(), 1);
        let mut reused = mine[0].document.clone();
        reused.source = DocSource::PersonalStore { from_dossier: None };
        let mut nd = f.new_dossier();
        nd.documents = vec![reused.clone()];
        assert!(f.store.submit(&f.citizen, nd, vec![], None).await.is_ok());
        let mut nd = f.new_dossier();
        nd.owner = f.other_citizen.account;
        nd.documents = vec![reused];
        let r = f.store.submit(&f.other_citizen, nd, vec![], None).await;
        assert!(
            matches!(
                r,
                Err(AppError::Invalid {
                    code: "dossier.reuse_not_found",
                    ..
                })
            ),
            "{r:?}"
        );
    })
});

motcua_store::conformance_test!(audit_verify_detects_a_changed_row, |t| {
    let db = t.db.clone();
    Fixture::run(&t, |f| async move {
        let code = f.submit_online(None).await.dossier.code;
        f.exec(&f.desk_a, &code, accept()).await.unwrap();
        assert!(f.store.verify_audit().await.unwrap().is_ok());
        f.store.shutdown();
        let seq = motcua_store::testing::off_runtime(move || {
            let mut c = db.connect().unwrap();
            let seq = c
                .query_one("SELECT max(seq) FROM events WHERE kind = 'accepted'", &[])
                .unwrap()
                .get_i64(0)
                .unwrap();
            c.execute("UPDATE events SET payload = replace(payload, 'received_at', 'received_ad') WHERE seq = $1", &[seq.into()]).unwrap();
            seq
        });
        let reopened = f.reopen().await;
        let err = reopened.verify_audit().await.unwrap().unwrap_err();
        assert_eq!(err.seq(), Some(seq), "{err:?}");
    })
});

// Every status × command × role through the store, on both databases: allowed exactly when the
// transition table says so; a refusal changes nothing.
motcua_store::conformance_test!(every_transition_by_role, |t| {
    Fixture::run(&t, |f| async move {
        let roles: Vec<(&motcua_domain::dossier::Actor, Role)> = vec![
            (&f.citizen, Role::Citizen),
            (&f.desk_a, Role::DeskOfficer),
            (&f.specialist_a, Role::Specialist),
            (&f.leader_a, Role::Leader),
            (&f.admin, Role::Admin),
            (&f.system, Role::System),
        ];
        let mut allowed_seen = 0;
        for status in Status::ALL {
            let parked = f.dossier_in(status).await;
            for kind in CommandKind::ALL {
                if kind == CommandKind::Submit {
                    continue;
                }
                for (actor, role) in &roles {
                    let allowed = rules::rules_for(kind, status).any(|r| r.roles.contains(role));
                    if allowed {
                        // A fresh dossier per allowed cell: the command may change it.
                        let code = f.dossier_in(status).await;
                        if kind == CommandKind::Close {
                            f.clock.advance(jiff::SignedDuration::from_hours(24 * 40));
                        }
                        let r = f.exec(actor, &code, example(kind, &f)).await;
                        match r {
                            Ok(_) => allowed_seen += 1,
                            Err(AppError::Rejected(
                                Rejection::NotAssignee
                                | Rejection::SecondReceptionSupplement
                                | Rejection::AlreadyAssigned
                                | Rejection::NoElectronicResult
                                | Rejection::NewDueNotLater,
                            )) => {}
                            Err(e) => panic!("{status:?} {kind:?} {role:?}: {e:?}"),
                        }
                    } else {
                        let before = f.store.dossier(&f.system, &parked).await.unwrap();
                        let r = f.exec(actor, &parked, example(kind, &f)).await;
                        assert!(
                            matches!(
                                r,
                                Err(AppError::NotFound)
                                    | Err(AppError::Rejected(
                                        Rejection::IllegalTransition { .. }
                                            | Rejection::Forbidden { .. }
                                            | Rejection::NotYourDossier
                                            | Rejection::DecisionExists
                                            | Rejection::OutOfScope
                                    ))
                            ),
                            "{status:?} {kind:?} {role:?} must be refused: {r:?}"
                        );
                        let after = f.store.dossier(&f.system, &parked).await.unwrap();
                        assert_eq!(before.dossier, after.dossier);
                    }
                }
            }
        }
        assert!(allowed_seen >= 40, "{allowed_seen}");
        assert!(f.store.verify_audit().await.unwrap().is_ok());
    })
});

fn accept() -> Command {
    Command::Accept {
        shown_only: vec![],
        note: None,
    }
}

fn propose() -> Command {
    Command::ProposeResult {
        outcome: Outcome::Granted,
        summary: "Đủ điều kiện".into(),
        documents: vec![],
    }
}

fn issue() -> Command {
    Command::IssueResult {
        documents: vec![result_doc()],
        number: Some("12/GXN".into()),
    }
}

fn result_doc() -> DocumentRef {
    DocumentRef {
        component: None,
        sha256: "cd".repeat(32),
        size: 2048,
        media_type: "application/pdf".into(),
        file_name: "ket-qua.pdf".into(),
        pages: Some(1),
        source: DocSource::Officer,
    }
}

fn example(kind: CommandKind, f: &Fixture) -> Command {
    match kind {
        CommandKind::Submit => unreachable!(),
        CommandKind::Accept => accept(),
        CommandKind::RequestSupplement => Command::RequestSupplement {
            items: vec!["Giấy tờ A".into()],
            reason: "Thiếu".into(),
        },
        CommandKind::ProvideSupplement => Command::ProvideSupplement {
            documents: vec![form_doc()],
            form_changes: BTreeMap::new(),
            note: None,
        },
        CommandKind::Refuse => Command::Refuse {
            reason: "Không đủ điều kiện".into(),
            legal_basis: "Điều 17 NĐ 118/2025".into(),
        },
        CommandKind::Assign => Command::Assign {
            to: f.specialist_a.account.unwrap(),
            to_name: f.specialist_a.name.clone(),
        },
        CommandKind::Claim => Command::Claim,
        CommandKind::Transfer => Command::Transfer {
            to_unit: f.commune_b,
            note: None,
        },
        CommandKind::ProposeResult => propose(),
        CommandKind::SendBack => Command::SendBack {
            reason: "Xem lại".into(),
        },
        CommandKind::Approve => Command::Approve { note: None },
        CommandKind::IssueResult => issue(),
        CommandKind::ReturnResult => Command::ReturnResult {
            method: ReturnMethod::Desk {
                received_by: "Nguyễn Thị Lan".into(),
                id_number: None,
            },
        },
        CommandKind::Stop => Command::Stop {
            reason: "Không còn nhu cầu".into(),
        },
        CommandKind::Reschedule => Command::Reschedule {
            reason: "Cần xác minh".into(),
            new_due: f.store.now() + jiff::SignedDuration::from_hours(24 * 60),
        },
        CommandKind::Close => Command::Close {
            reason: "Quá hạn bổ sung".into(),
        },
        CommandKind::Comment => Command::Comment {
            text: "Ghi chú".into(),
        },
        CommandKind::AttachDocument => Command::AttachDocument {
            document: result_doc(),
        },
    }
}

#[allow(dead_code)]
fn unit(n: i64) -> UnitId {
    UnitId(n)
}

motcua_store::conformance_test!(duties_close_unanswered_supplements, |t| {
    Fixture::run(&t, |f| async move {
        let waiting = f.dossier_in(Status::SupplementAtReception).await;
        let answered = f.dossier_in(Status::SupplementInProcess).await;
        // Not yet: the period (15 working days) is running.
        assert_eq!(f.store.run_duties().await.unwrap().dossiers_closed, 0);
        f.exec(
            &f.citizen,
            &answered,
            Command::ProvideSupplement {
                documents: vec![form_doc()],
                form_changes: BTreeMap::new(),
                note: None,
            },
        )
        .await
        .unwrap();
        f.clock.advance(jiff::SignedDuration::from_hours(24 * 40));
        let report = f.store.run_duties().await.unwrap();
        assert_eq!(report.dossiers_closed, 1);
        let v = f.store.dossier(&f.system, &waiting).await.unwrap();
        assert_eq!(v.dossier.status, Status::Closed);
        let events = f.store.dossier_events(&f.system, &waiting).await.unwrap();
        let last = &events.last().unwrap().event;
        assert_eq!(
            last.actor.role,
            Role::System,
            "closed by motcua itself, in the audit log"
        );
        assert_eq!(
            f.store
                .dossier(&f.system, &answered)
                .await
                .unwrap()
                .dossier
                .status,
            Status::InProcess
        );
        // Idempotent.
        assert_eq!(f.store.run_duties().await.unwrap().dossiers_closed, 0);
    })
});
