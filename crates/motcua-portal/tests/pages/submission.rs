//! Online submission: drafts, the steps, the receipt, and never two dossiers for one submit.

use reqwest::StatusCode;

use crate::flow;
use crate::story;
use crate::support::BIRTH;

story!(submit_birth_registration_and_get_the_receipt, |app| {
    let mut b = app.browser();
    // Not signed in: the flow starts with sign-in and comes back.
    let p = b.get(&format!("/nop/{BIRTH}")).await;
    assert_eq!(
        p.location.as_deref(),
        Some("/dang-nhap?next=%2Fnop%2F1.001193")
    );
    b.sign_up("Trần Thị Ánh Nguyệt", "001190004567", "0987654321")
        .await;
    let code = flow::submit_birth(&app, &mut b).await;
    let r = b.get(&format!("/ho-so/{code}/bien-nhan")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.has(&code) && r.has("id=\"hen-tra\"") && r.has("<svg"));
    // Monday 2026-03-02 09:00 + the procedure's time, with the weekday.
    assert!(r.has("Thứ Hai 02/03/2026"), "{}", r.body);
    let pdf = b.get(&format!("/ho-so/{code}/bien-nhan.pdf")).await;
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let list = b.get("/ho-so").await;
    assert!(list.has(&code));
    // The uploaded documents are now in the personal store (once-only).
    let store = b.get("/kho-du-lieu").await;
    assert!(store.has("/kho-du-lieu/"));
});

story!(double_submit_gives_one_dossier, |app| {
    let mut b = app.browser();
    b.sign_up("Đỗ Văn Hùng", "001090012345", "0912345678").await;
    let id = flow::start(&mut b, BIRTH).await;
    assert_eq!(
        flow::details(&app, &mut b, &id, BIRTH, None).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        flow::documents(&app, &mut b, &id, BIRTH).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        flow::delivery(&mut b, &id, "desk").await.status,
        StatusCode::SEE_OTHER
    );
    let (csrf, rev) = flow::check(&mut b, &id).await;
    let path = format!("/nhap/{id}/kiem-tra");
    let fields = [("csrf_token", csrf.as_str()), ("revision", rev.as_str())];
    // Two clicks at once, and a retry afterwards.
    let (a, c) = tokio::join!(
        async {
            let mut x = app.browser();
            x.cookies_from(&b);
            x.post(&path, &fields).await
        },
        async {
            let mut y = app.browser();
            y.cookies_from(&b);
            y.post(&path, &fields).await
        },
    );
    let retry = b.post(&path, &fields).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(c.status, StatusCode::SEE_OTHER, "{}", c.body);
    assert_eq!(a.location, c.location);
    assert_eq!(retry.location, a.location);
    assert_eq!(app.dossier_count().await, 1);
});

story!(drafts_are_saved_resumed_and_deleted, |app| {
    let mut b = app.browser();
    b.sign_up("Hoàng Thị Lan", "001190004567", "0987654321")
        .await;
    let id = flow::start(&mut b, BIRTH).await;
    // Half filled, saved as a draft: kept as typed, no error shown.
    let form = b.get(&format!("/nhap/{id}/thong-tin")).await;
    let saved = b
        .post(
            &format!("/nhap/{id}/thong-tin"),
            &[
                ("csrf_token", &form.csrf()),
                ("applicant.full_name", "Hoàng Thị Lan"),
                ("form.child_name", "Hoàng Minh Khôi"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let again = b.get(saved.location.as_deref().unwrap()).await;
    assert!(again.has("Đã lưu nháp") && again.has("value=\"Hoàng Minh Khôi\""));
    let list = b.get("/nhap").await;
    assert!(list.has(&format!("/nhap/{id}/thong-tin")));
    // Invalid "continue": errors, but what was typed is kept in the draft.
    let bad = flow::details(
        &app,
        &mut b,
        &id,
        BIRTH,
        Some(("applicant.id_number", "0123")),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("href=\"#f-applicant-id_number\""));
    let ok = flow::details(&app, &mut b, &id, BIRTH, None).await;
    assert_eq!(ok.location, Some(format!("/nhap/{id}/giay-to")));
    let resume = b.get(&format!("/nhap/{id}")).await;
    assert_eq!(resume.location, Some(format!("/nhap/{id}/giay-to")));
    // Another person cannot open it.
    let mut other = app.browser();
    other
        .sign_up("Vũ Văn Nam", "001090012345", "0912345678")
        .await;
    assert_eq!(
        other.get(&format!("/nhap/{id}/thong-tin")).await.status,
        StatusCode::NOT_FOUND
    );
    let list = b.get("/nhap").await;
    let del = b
        .post(&format!("/nhap/{id}/xoa"), &[("csrf_token", &list.csrf())])
        .await;
    assert_eq!(del.status, StatusCode::SEE_OTHER);
    assert!(!b.get("/nhap").await.has(&format!("/nhap/{id}/")));
    assert_eq!(app.dossier_count().await, 0);
});
