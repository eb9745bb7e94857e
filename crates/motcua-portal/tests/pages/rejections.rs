//! Every refusal says what is wrong, next to the field, in both languages, and changes nothing.

use motcua_domain::dossier::Command;
use reqwest::StatusCode;

use crate::flow;
use crate::story;
use crate::support::{BIRTH, file, pdf_with};

story!(
    uploads_are_checked_by_content_size_and_completeness,
    |app| {
        let mut b = app.browser();
        b.sign_up("Ngô Thị Mai", "001190004567", "0987654321").await;
        let id = flow::start(&mut b, BIRTH).await;
        assert_eq!(
            flow::details(&app, &mut b, &id, BIRTH, None).await.status,
            StatusCode::SEE_OTHER
        );
        let key = flow::required(&app, BIRTH)[0].clone();
        let path = format!("/nhap/{id}/giay-to");
        let draft_before = app
            .store
            .draft(
                app.store
                    .account_by_login("0987654321")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
                id.parse().unwrap(),
            )
            .await
            .unwrap();

        // A text file called .pdf.
        let form = b.get(&path).await;
        let mp = reqwest::multipart::Form::new()
            .text("csrf_token", form.csrf())
            .part(
                format!("file.{key}"),
                file(
                    b"just some text, not a scan".to_vec(),
                    "giay-chung-sinh.pdf",
                ),
            )
            .text("action", "next");
        let p = b.post_multipart(&path, mp).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            p.has("Tệp «giay-chung-sinh.pdf» không phải là tệp PDF hay ảnh"),
            "{}",
            p.body
        );
        assert!(p.has(&format!("href=\"#f-file-{key}\"")));

        // Too large (the test server allows 200 KB per file).
        let form = b.get(&path).await;
        let mut big = pdf_with("x");
        big.resize(300 * 1024, b' ');
        let mp = reqwest::multipart::Form::new()
            .text("csrf_token", form.csrf())
            .part(format!("file.{key}"), file(big, "ban-quet-lon.pdf"))
            .text("action", "next");
        let p = b.post_multipart(&path, mp).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.has("Tệp «ban-quet-lon.pdf» lớn hơn"), "{}", p.body);

        // Nothing: the required component is missing.
        let form = b.get(&path).await;
        let mp = reqwest::multipart::Form::new()
            .text("csrf_token", form.csrf())
            .text("action", "next");
        let p = b.post_multipart(&path, mp).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(p.has("Còn thiếu giấy tờ bắt buộc"));

        // English on request.
        let form = b.get(&format!("{path}?lang=en")).await;
        let mp = reqwest::multipart::Form::new()
            .text("csrf_token", form.csrf())
            .part(
                format!("file.{key}"),
                file(b"GIF89a fake".to_vec(), "photo.jpg"),
            )
            .text("action", "next");
        let p = b.post_multipart(&path, mp).await;
        assert!(
            p.has("The file &quot;photo.jpg&quot; is not a PDF or an image"),
            "{}",
            p.body
        );

        let account = app
            .store
            .account_by_login("0987654321")
            .await
            .unwrap()
            .unwrap()
            .id;
        let draft = app.store.draft(account, id.parse().unwrap()).await.unwrap();
        let body: serde_json::Value = serde_json::from_str(&draft.body).unwrap();
        assert_eq!(body["documents"], serde_json::json!([]), "nothing attached");
        assert!(draft.revision >= draft_before.revision);
        assert_eq!(app.dossier_count().await, 0);
    }
);

story!(forms_without_the_csrf_token_change_nothing, |app| {
    let mut b = app.browser();
    // Anonymous sign-up without the token.
    let p = b
        .post(
            "/dang-ky",
            &[
                ("full_name", "Lý Văn Sáu"),
                ("citizen_id", "001090012345"),
                ("phone", "0912345678"),
                ("password", "mật khẩu dài 2026"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.has("chưa có gì thay đổi"));
    assert!(
        app.store
            .account_by_login("0912345678")
            .await
            .unwrap()
            .is_none()
    );
    b.sign_up("Lý Văn Sáu", "001090012345", "0912345678").await;
    let id = flow::start(&mut b, BIRTH).await;
    let account = app
        .store
        .account_by_login("0912345678")
        .await
        .unwrap()
        .unwrap()
        .id;
    let before = app.store.draft(account, id.parse().unwrap()).await.unwrap();
    // A wrong token, and none at all.
    let p = b
        .post(
            &format!("/nhap/{id}/thong-tin"),
            &[
                ("csrf_token", "forged"),
                ("applicant.full_name", "Kẻ Giả Mạo"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = b
        .post(
            &format!("/nhap/{id}/thong-tin"),
            &[("applicant.full_name", "Kẻ Giả Mạo"), ("action", "save")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // Multipart without the token first.
    let mp = reqwest::multipart::Form::new().part("file.x", file(pdf_with("a"), "a.pdf"));
    let p = b.post_multipart(&format!("/nhap/{id}/giay-to"), mp).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.draft(account, id.parse().unwrap()).await.unwrap(),
        before
    );
    // The right token, but posted from another site.
    let form = b.get(&format!("/nhap/{id}/thong-tin")).await;
    let p = b
        .post_cross_site(
            &format!("/nhap/{id}/thong-tin"),
            &[("csrf_token", &form.csrf()), ("action", "save")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.draft(account, id.parse().unwrap()).await.unwrap(),
        before
    );
    // Stop and rate without a token.
    let code = flow::submit_birth(&app, &mut b).await;
    let p = b
        .post(
            &format!("/ho-so/{code}/dung"),
            &[("reason", "không cần nữa")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let v = app
        .store
        .dossier(
            &app.desk,
            &motcua_domain::code::DossierCode::parse(&code).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(v.dossier.status, motcua_domain::dossier::Status::Submitted);
});

story!(another_citizens_dossier_is_not_found, |app| {
    let mut owner = app.browser();
    owner
        .sign_up("Bùi Thị Thu", "001190004567", "0987654321")
        .await;
    let code = flow::submit_birth(&app, &mut owner).await;
    let d = owner.get(&format!("/ho-so/{code}")).await;
    let file_href = {
        let at = d
            .body
            .find(&format!("/ho-so/{code}/tep/"))
            .expect("a file link");
        let end = d.body[at..].find('"').unwrap();
        d.body[at..at + end].to_string()
    };
    let mut other = app.browser();
    other
        .sign_up("Đinh Văn Long", "001090012345", "0912345678")
        .await;
    let csrf = other.get("/ho-so").await.csrf();
    assert!(!other.get("/ho-so").await.has(&code));
    for path in [
        format!("/ho-so/{code}"),
        format!("/ho-so/{code}/bien-nhan"),
        format!("/ho-so/{code}/bien-nhan.pdf"),
        file_href.clone(),
        format!("/ho-so/{code}/dung"),
    ] {
        assert_eq!(
            other.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let p = other
        .post(
            &format!("/ho-so/{code}/dung"),
            &[("csrf_token", &csrf), ("reason", "x")],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let p = other
        .post(
            &format!("/ho-so/{code}/danh-gia"),
            &[("csrf_token", &csrf), ("score.overall", "dissatisfied")],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    app.officer(
        &app.desk,
        &code,
        vec![Command::RequestSupplement {
            items: vec!["Giấy chứng sinh".into()],
            reason: "Ảnh mờ".into(),
        }],
    )
    .await;
    let mp = reqwest::multipart::Form::new()
        .text("csrf_token", csrf.clone())
        .part("file.supplement", file(pdf_with("x"), "x.pdf"));
    let p = other
        .post_multipart(&format!("/ho-so/{code}/bo-sung"), mp)
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    // A code that does not exist looks the same.
    assert_eq!(
        other.get("/ho-so/H99.01-260302-9999").await.status,
        StatusCode::NOT_FOUND
    );
    // Nothing changed.
    let v = app
        .store
        .dossier(
            &app.desk,
            &motcua_domain::code::DossierCode::parse(&code).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        v.dossier.status,
        motcua_domain::dossier::Status::SupplementAtReception
    );
});
