//! Administration (issue #5 §9): units with dated versions, accounts and roles, TOTP reset,
//! the catalog (publish, abolish), the calendar; admins only, every change audited.

use reqwest::StatusCode;

use crate::story;
use crate::support::*;

story!(admin_manages_units_accounts_catalog_calendar, |app| {
    let mut officer = app.signed_in("leader.a").await;
    assert_eq!(
        officer.get("/office/admin").await.status,
        StatusCode::FORBIDDEN
    );

    let mut admin = app.signed_in("admin").await;
    let page = admin.get("/office/admin").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Xã An Bình"));
    let csrf = page.csrf();
    // A new commune, then its rename from a date.
    let r = admin
        .post(
            "/office/admin/units",
            &[
                ("csrf_token", &csrf),
                ("action", "create"),
                ("code", "H99.03"),
                ("name", "Xã Cẩm Thạch"),
                ("kind", "commune"),
                ("parent", ""),
                ("valid_from", "2026-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let u = app.store.unit_by_code("H99.03").await.unwrap();
    let r = admin
        .post(
            "/office/admin/units",
            &[
                ("csrf_token", &csrf),
                ("action", "version"),
                ("unit", &u.id.0.to_string()),
                ("code", "H99.03"),
                ("name", "Phường Cẩm Thạch"),
                ("valid_from", "2026-02-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.store.unit(u.id).await.unwrap().name, "Phường Cẩm Thạch");
    assert_eq!(
        app.store
            .unit_history()
            .iter()
            .filter(|x| x.id == u.id)
            .count(),
        2
    );
    // A desk officer for it; the new account signs in.
    let r = admin
        .post(
            "/office/admin/accounts",
            &[
                ("csrf_token", &csrf),
                ("action", "create"),
                ("display_name", "Lý Thị Mai"),
                ("username", "desk.c"),
                ("password", PASSWORD),
                ("role", "desk_officer"),
                ("unit", &u.id.0.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut c = app.browser();
    assert_eq!(
        c.sign_in("desk.c", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
    // Reset a second factor.
    let id = app.accounts["desk.a"].0.to_string();
    app.store
        .set_totp(
            app.accounts["desk.a"],
            Some("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into()),
            true,
        )
        .await
        .unwrap();
    let r = admin
        .post(
            "/office/admin/accounts",
            &[
                ("csrf_token", &csrf),
                ("action", "reset_totp"),
                ("account", &id),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        !app.store
            .account(app.accounts["desk.a"])
            .await
            .unwrap()
            .totp_enabled
    );
    // Abolish a procedure (a new version), then publish it again.
    let r = admin
        .post(
            "/office/admin/catalog",
            &[
                ("csrf_token", &csrf),
                ("action", "abolish"),
                ("code", BIRTH),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let p = app.store.procedure(&birth()).unwrap();
    assert_eq!(
        p.version.status,
        motcua_domain::procedure::PublicationStatus::Abolished
    );
    admin
        .post(
            "/office/admin/catalog",
            &[
                ("csrf_token", &csrf),
                ("action", "publish"),
                ("code", BIRTH),
            ],
        )
        .await;
    assert_eq!(
        app.store.procedure_history(&birth()).await.unwrap().len(),
        3
    );
    // A unit's working hours.
    let r = admin
        .post(
            "/office/admin/calendar",
            &[
                ("csrf_token", &csrf),
                ("action", "unit"),
                ("unit", &app.commune_a.0.to_string()),
                ("json", r#"{"workday": ["07:00-11:30", "13:30-17:00"]}"#),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let after = admin.get("/office/admin").await;
    assert!(after.has("Đã lưu thay đổi") || after.status == StatusCode::OK);
    // Bad input says what is wrong and changes nothing.
    let r = admin
        .post(
            "/office/admin/calendar",
            &[
                ("csrf_token", &csrf),
                ("action", "unit"),
                ("unit", &app.commune_a.0.to_string()),
                ("json", "{nonsense"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(admin.get("/office/admin").await.has("không hợp lệ"));
    assert!(app.store.verify_audit().await.unwrap().is_ok());
});
