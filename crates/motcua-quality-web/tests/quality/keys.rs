//! Administrators issue and revoke Open311 keys; the key is shown once and works until revoked.

use crate::story;

story!(admin_issues_and_revokes_keys, |app| {
    let mut leader = app.signed_in("leader.a").await;
    assert_eq!(leader.get("/office/open311-keys").await.status, 403);
    let mut admin = app.signed_in("admin").await;
    let page = admin.get("/office/open311-keys").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = page.csrf();
    let missing = admin
        .post(
            "/office/open311-keys",
            &[
                ("csrf_token", &csrf),
                ("action", "create"),
                ("label", "App"),
                ("unit", ""),
            ],
        )
        .await;
    assert_eq!(missing.status, 422);
    let made = admin
        .post(
            "/office/open311-keys",
            &[
                ("csrf_token", &csrf),
                ("action", "create"),
                ("label", "FixMyStreet VN"),
                ("unit", "H99.01"),
            ],
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    let key = made.between("<p class=\"secret\">", "</p>").unwrap();
    assert!(key.starts_with("o311_"));
    assert!(
        !admin.get("/office/open311-keys").await.has(&key),
        "shown once"
    );
    assert!(app.store.open311_key(&key).await.unwrap().is_some());
    let id = app
        .store
        .open311_keys(&crate::support::root())
        .await
        .unwrap()[0]
        .id
        .to_string();
    let r = admin
        .post(
            "/office/open311-keys",
            &[("csrf_token", &csrf), ("action", "revoke"), ("id", &id)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert!(app.store.open311_key(&key).await.unwrap().is_none());
    assert!(admin.get("/office/open311-keys").await.has("Đã thu hồi"));
});
