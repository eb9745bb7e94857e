//! Signing up and in.

use reqwest::StatusCode;

use crate::story;

story!(sign_up_checks_details_and_signs_in, |app| {
    let mut b = app.browser();
    let form = b.get("/dang-ky").await;
    let bad = b
        .post(
            "/dang-ky",
            &[
                ("csrf_token", &form.csrf()),
                ("full_name", "Nguyen 123"),
                ("citizen_id", "12345"),
                ("phone", "0112345678"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("error-summary") && bad.has("href=\"#f-citizen_id\""));
    assert!(bad.has("12 chữ số") && bad.has("Số điện thoại không hợp lệ"));
    assert!(bad.has("value=\"Nguyen 123\""), "input is kept");
    assert!(
        app.store
            .account_by_login("0112345678")
            .await
            .unwrap()
            .is_none()
    );
    b.sign_up("Lê Thị Hồng Nhung", "001190004567", "0987 654 321")
        .await;
    let a = app
        .store
        .account_by_login("0987654321")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a.display_name, "Lê Thị Hồng Nhung");
    assert_eq!(a.citizen_id.as_deref(), Some("001190004567"));
    assert!(a.password_hash.starts_with("$argon2"));
    let mine = b.get("/ho-so").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.has("Lê Thị Hồng Nhung"));
    // Sign out ends the session in the database.
    let csrf = mine.csrf();
    let out = b.post("/dang-xuat", &[("csrf_token", &csrf)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(!b.signed_in());
    let again = b.get("/ho-so").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert!(again.location.unwrap().starts_with("/dang-nhap?next="));
    // A second account with the same phone is refused.
    let mut c = app.browser();
    let form = c.get("/dang-ky").await;
    let dup = c
        .post(
            "/dang-ky",
            &[
                ("csrf_token", &form.csrf()),
                ("full_name", "Lê Văn Tám"),
                ("citizen_id", "001090012345"),
                ("phone", "+84987654321"),
                ("password", "mật khẩu dài 2026"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.has("đã có tài khoản"));
});

story!(sign_in_by_phone_or_email_and_rate_limit, |app| {
    let mut b = app.browser();
    b.sign_up("Phạm Văn Đức", "001090012345", "0912345678")
        .await;
    let mut c = app.browser();
    let form = c.get("/dang-nhap?next=/kho-du-lieu").await;
    let ok = c
        .post(
            "/dang-nhap",
            &[
                ("csrf_token", &form.csrf()),
                ("login", "+84 912 345 678"),
                ("password", "mật khẩu dài 2026"),
                ("next", "/kho-du-lieu"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location.as_deref(), Some("/kho-du-lieu"));
    // Open redirects are not followed.
    let mut d = app.browser();
    let form = d.get("/dang-nhap").await;
    let p = d
        .post(
            "/dang-nhap",
            &[
                ("csrf_token", &form.csrf()),
                ("login", "0912345678"),
                ("password", "mật khẩu dài 2026"),
                ("next", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/ho-so"));
    let mut e = app.browser();
    let form = e.get("/dang-nhap").await;
    let csrf = form.csrf();
    for i in 0..10 {
        let p = e
            .post(
                "/dang-nhap",
                &[
                    ("csrf_token", &csrf),
                    ("login", "0912345678"),
                    ("password", "sai"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "attempt {i}");
        assert!(p.has("không đúng"));
    }
    let blocked = e
        .post(
            "/dang-nhap",
            &[
                ("csrf_token", &csrf),
                ("login", "0912345678"),
                ("password", "mật khẩu dài 2026"),
            ],
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.has("Vui lòng chờ"));
});
