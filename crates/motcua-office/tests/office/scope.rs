//! Authorization (issue #5 "Done means"): an officer of commune B cannot see, act on or export
//! commune A's dossiers through any page; non-admins cannot administer.

use reqwest::StatusCode;

use crate::story;
use crate::support::*;

story!(commune_b_sees_nothing_of_commune_a, |app| {
    // A dossier of commune A with a file and a receipt.
    let desk_a = app.actor("desk.a").await;
    let p = app.store.procedure(&birth()).unwrap();
    let docs: Vec<_> = p
        .version
        .components
        .iter()
        .map(|c| motcua_domain::dossier::DocumentRef {
            component: Some(c.key.clone()),
            sha256: "1".repeat(64),
            size: 1,
            media_type: "application/pdf".into(),
            file_name: "x.pdf".into(),
            pages: Some(1),
            source: motcua_domain::dossier::DocSource::Scan,
        })
        .collect();
    let new = motcua_store::store::NewDossier {
        procedure: p.version.code.clone(),
        unit: app.commune_a,
        channel: motcua_domain::procedure::Channel::Desk,
        applicant: motcua_domain::dossier::Applicant {
            full_name: "Vũ Thị Lan".into(),
            id_number: Some("001190055555".into()),
            ..Default::default()
        },
        owner: None,
        on_behalf: None,
        delivery: motcua_domain::dossier::Delivery::Desk,
        form: Default::default(),
        documents: docs,
    };
    let code = app
        .store
        .submit(
            &desk_a,
            new,
            vec![motcua_domain::dossier::Command::Accept {
                shown_only: vec![],
                note: None,
            }],
            None,
        )
        .await
        .unwrap()
        .view()
        .dossier
        .code
        .to_string();
    let mut a = app.signed_in("desk.a").await;
    assert_eq!(
        a.get(&format!("/office/dossiers/{code}")).await.status,
        StatusCode::OK
    );
    // Commune A finds it in its whole history by nothing, name, code prefix and CCCD.
    let link = format!("href=\"/office/dossiers/{code}\"");
    let prefix = &code[..code.len() - 2];
    for q in ["", "vu%20thi", prefix, "001190055555"] {
        let p = a.get(&format!("/office/lists/all?q={q}")).await;
        assert!(p.has(&link), "q={q}: {}", p.body);
    }
    assert!(
        !a.get("/office/lists/all?q=khong%20co%20ai")
            .await
            .has(&link)
    );

    for user in ["desk.b", "specialist.b", "leader.b"] {
        let mut b = app.signed_in(user).await;
        for path in [
            format!("/office/dossiers/{code}"),
            format!("/office/dossiers/{code}/forms/receipt.pdf"),
            format!("/office/dossiers/{code}/forms/control-slip.pdf"),
            format!("/office/dossiers/{code}/files/{}", "1".repeat(64)),
            format!(
                "/office/logbook/export?unit={}&from=2026-03-01&to=2026-03-31&format=csv",
                app.commune_a.0
            ),
            format!(
                "/office/logbook/export?unit={}&from=2026-03-01&to=2026-03-31&format=pdf",
                app.commune_a.0
            ),
            format!("/office/logbook?unit={}", app.commune_a.0),
        ] {
            let r = b.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} {path}");
            assert!(!r.body.contains("Vũ Thị Lan"), "{user} {path}");
        }
        let csrf = b.session_csrf().await;
        for action in ["claim", "comment", "stop", "return_desk", "approve"] {
            let r = b
                .post(
                    &format!("/office/dossiers/{code}/act"),
                    &[
                        ("csrf_token", &csrf),
                        ("action", action),
                        ("text", "x"),
                        ("reason", "x"),
                        ("received_by", "x"),
                    ],
                )
                .await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} {action}");
        }
        for list in ["all", "to-process", "new", "overdue"] {
            let r = b.get(&format!("/office/lists/{list}?q={code}")).await;
            assert!(
                !r.has(&format!("href=\"/office/dossiers/{code}\"")),
                "{user} {list}"
            );
        }
        let r = b.get("/office/lists/all?q=001190055555").await;
        assert!(!r.has("Vũ Thị Lan"));
    }
    // Still untouched.
    let v = app.store.dossier(&desk_a, &dcode(&code)).await.unwrap();
    assert_eq!(v.dossier.status, motcua_domain::dossier::Status::Received);
});

story!(a_csrf_token_is_needed, |app| {
    let mut b = app.signed_in("desk.a").await;
    let r = b.post("/office/admin/units", &[("action", "create")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = b
        .post("/office/sign-out", &[("csrf_token", "forged")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
});
