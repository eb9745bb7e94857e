//! The dossier's way through the workspace (issue #5 §4–6): claim, transfer to the department
//! and back (control-slip rows), propose, a specialist cannot approve, the leader approves and
//! signs, `/verify` tells the issued file from a tampered one, the desk returns it; and the
//! overdue path with one apology (Mẫu 04) and a second refused.

use motcua_domain::dossier::{Command, Status};
use reqwest::StatusCode;

use crate::story;
use crate::support::*;

/// Receives a birth dossier at commune A's desk through the store (the desk page has its own
/// tests) and returns its code.
async fn received(app: &App) -> String {
    let desk = app.actor("desk.a").await;
    let p = app.store.procedure(&birth()).unwrap();
    let docs = p
        .version
        .components
        .iter()
        .map(|c| motcua_domain::dossier::DocumentRef {
            component: Some(c.key.clone()),
            sha256: "0".repeat(64),
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
            full_name: "Phạm Thị Hồng Nhung".into(),
            id_number: Some("001190099999".into()),
            phone: Some("0901234567".into()),
            ..Default::default()
        },
        owner: None,
        on_behalf: None,
        delivery: motcua_domain::dossier::Delivery::Desk,
        form: Default::default(),
        documents: docs,
    };
    let s = app
        .store
        .submit(
            &desk,
            new,
            vec![Command::Accept {
                shown_only: vec![],
                note: None,
            }],
            None,
        )
        .await
        .unwrap();
    s.view().dossier.code.to_string()
}

/// Posts an action from the dossier page (its CSRF token and version).
async fn act(b: &mut Browser, code: &str, action: &str, fields: &[(&str, &str)]) -> Page {
    let page = b.get(&format!("/office/dossiers/{code}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = page.csrf();
    let version = page.input("version").unwrap_or_default();
    let mut all = vec![
        ("csrf_token", csrf.as_str()),
        ("version", version.as_str()),
        ("action", action),
    ];
    all.extend_from_slice(fields);
    b.post(&format!("/office/dossiers/{code}/act"), &all).await
}

story!(transfer_approve_sign_verify_return, |app| {
    let code = received(&app).await;
    let mut spec = app.signed_in("specialist.a").await;
    assert!(spec.get("/office/lists/to-process").await.has(&code));
    assert_eq!(
        act(&mut spec, &code, "claim", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let dept = app.department.0.to_string();
    let r = act(
        &mut spec,
        &code,
        "transfer",
        &[("to_unit", &dept), ("note", "Xin ý kiến thẩm định")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // The department's specialist takes it and sends it back.
    let mut stp = app.signed_in("specialist.stp").await;
    assert_eq!(
        act(&mut stp, &code, "claim", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let back = app.commune_a.0.to_string();
    assert_eq!(
        act(
            &mut stp,
            &code,
            "transfer",
            &[("to_unit", &back), ("note", "Đã thẩm định, đồng ý")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    // The control slip (Mẫu 06) has a row per hand-over, with the step's timeliness.
    let slip = spec
        .get(&format!("/office/dossiers/{code}/forms/control-slip.pdf"))
        .await;
    let text = pdf_text(&slip.bytes);
    assert!(
        text.contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
        "{text}"
    );
    assert!(text.contains("Sở Tư pháp tỉnh Thử Nghiệm"), "{text}");
    assert!(
        text.contains("Trước hạn") || text.contains("Đúng hạn"),
        "{text}"
    );
    // Back in the commune: claim, propose.
    assert_eq!(
        act(&mut spec, &code, "claim", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let r = act(
        &mut spec,
        &code,
        "propose",
        &[
            ("outcome", "granted"),
            ("summary", "Đủ điều kiện đăng ký khai sinh"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // A specialist cannot approve: 403 with the reason.
    let no = act(&mut spec, &code, "approve", &[]).await;
    assert_eq!(no.status, StatusCode::FORBIDDEN, "{}", no.body);
    assert!(
        no.has("Lãnh đạo") || no.has("lãnh đạo") || no.has("leader"),
        "{}",
        no.body
    );
    // The leader approves: the result is signed and issued.
    let mut leader = app.signed_in("leader.a").await;
    assert!(leader.get("/office/lists/to-approve").await.has(&code));
    let ok = act(&mut leader, &code, "approve", &[("note", "Đồng ý")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let v = app
        .store
        .dossier(&app.actor("leader.a").await, &dcode(&code))
        .await
        .unwrap();
    assert_eq!(v.dossier.status, Status::ResultReady);
    let results = app
        .store
        .issued_results_of(&app.actor("leader.a").await, &dcode(&code))
        .await
        .unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert!(r.demo, "demo mode signs with a demo CA");
    let signed = leader
        .get(&format!("/office/dossiers/{code}/files/{}", r.sha256))
        .await
        .bytes;
    // A standard tool checks the signature.
    let sig = tool("pdfsig", &[], &signed);
    assert!(sig.contains("Signature is Valid"), "{sig}");
    let text = pdf_text(&signed);
    assert!(
        text.contains(&format!("/verify/{}", r.verify_code)),
        "{text}"
    );
    assert_fonts_embedded(&signed);
    // The public page: no account needed.
    let mut anyone = app.browser();
    let page = anyone.get(&format!("/verify/{}", r.verify_code)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("THỬ NGHIỆM"), "the demo CA is said");
    let csrf = page.csrf();
    let good = anyone
        .post_multipart(
            &format!("/verify/{}", r.verify_code),
            &[("csrf_token", &csrf)],
            &[("copy", "kq.pdf", &signed)],
        )
        .await;
    assert!(
        good.has("XÁC THỰC: văn bản đúng là bản đã ban hành"),
        "{}",
        good.body
    );
    let mut tampered = signed.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    let bad = anyone
        .post_multipart(
            &format!("/verify/{}", r.verify_code),
            &[("csrf_token", &csrf)],
            &[("copy", "kq.pdf", &tampered)],
        )
        .await;
    assert!(bad.has("KHÔNG XÁC THỰC"), "{}", bad.body);
    assert!(!anyone.get("/verify/KHONGCOMA1234").await.has("XÁC THỰC:"));
    // The desk returns it, recording who collected it.
    let mut desk = app.signed_in("desk.a").await;
    assert!(desk.get("/office/lists/to-return").await.has(&code));
    let r = act(
        &mut desk,
        &code,
        "return_desk",
        &[
            ("received_by", "Phạm Thị Hồng Nhung"),
            ("id_number", "001190099999"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let csv = desk
        .get(&format!(
            "/office/logbook/export?unit={}&from=2026-03-01&to=2026-03-31&format=csv",
            app.commune_a.0
        ))
        .await;
    assert!(csv.body.contains("Phạm Thị Hồng Nhung"));
    assert!(csv.body.contains("Tại Bộ phận Một cửa"));
});

story!(overdue_apology_once, |app| {
    let code = received(&app).await;
    let mut spec = app.signed_in("specialist.a").await;
    act(&mut spec, &code, "claim", &[]).await;
    // Past the due moment: the dossier is overdue and needs an apology (R-LC-5).
    app.clock.advance(jiff::SignedDuration::from_hours(24 * 30));
    let mut leader = app.signed_in("leader.a").await;
    // The leader can assign to the unit's specialists (and only to them).
    let page = leader.get(&format!("/office/dossiers/{code}")).await;
    assert!(
        page.has(&format!(
            "<option value=\"{}\">Cán bộ specialist.a</option>",
            app.accounts["specialist.a"].0
        )),
        "{}",
        page.body
    );
    assert!(!page.has("Cán bộ specialist.b"));
    let list = leader.get("/office/lists/needs-apology").await;
    assert!(list.has(&code), "{}", list.body);
    assert!(leader.get("/office/lists/overdue").await.has("Quá hạn"));
    let r = act(
        &mut leader,
        &code,
        "reschedule",
        &[
            ("reason", "Chờ xác minh của cơ quan khác"),
            ("new_due", "2026-04-15T16:00"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let pdf = leader
        .get(&format!("/office/dossiers/{code}/forms/apology.pdf"))
        .await;
    let text = pdf_text(&pdf.bytes);
    assert!(text.contains("XIN LỖI"), "{text}");
    assert!(text.contains("Chờ xác minh của cơ quan khác"), "{text}");
    // Only once: the page no longer offers it, and a forged second post is refused.
    let page = leader.get(&format!("/office/dossiers/{code}")).await;
    assert!(!page.has("value=\"reschedule\""));
    let csrf = page.csrf();
    let second = leader
        .post(
            &format!("/office/dossiers/{code}/act"),
            &[
                ("csrf_token", &csrf),
                ("action", "reschedule"),
                ("reason", "Lần hai"),
                ("new_due", "2026-05-15T16:00"),
            ],
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    assert!(
        second.has("một lần") || second.has("đã được hẹn lại") || second.has("once"),
        "{}",
        second.body
    );
});
