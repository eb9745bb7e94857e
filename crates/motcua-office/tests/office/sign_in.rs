//! Sign-in with a second factor (issue #5 §1): password then TOTP; enrolment by QR code with
//! ten recovery codes shown once; a code is accepted once; production sends officers without
//! TOTP to enrolment; every attempt is in the audit log.

use motcua_office::services::totp;
use reqwest::StatusCode;

use crate::story;
use crate::support::*;

fn code_now(app: &App, secret: &str) -> String {
    let key = totp::base32_decode(secret).unwrap();
    totp::code_at(&key, app.store.now().as_second())
}

story!(enrol_then_sign_in_with_code_and_recovery, |app| {
    let mut b = app.signed_in("desk.a").await;
    // Demo mode: the workspace opens without TOTP, and enrolment is offered.
    assert_eq!(b.get("/office").await.status, StatusCode::OK);
    let enrol = b.get("/office/totp").await;
    assert_eq!(enrol.status, StatusCode::OK);
    assert!(enrol.has("<svg"), "a QR code");
    let secret = enrol
        .between("id=\"secret\">", "<")
        .expect("the secret is shown");
    assert_eq!(secret.len(), 32);
    // A wrong code is refused and nothing is enabled.
    let bad = b
        .post(
            "/office/totp",
            &[("csrf_token", &enrol.csrf()), ("code", "000000")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = b
        .post(
            "/office/totp",
            &[
                ("csrf_token", &enrol.csrf()),
                ("code", &code_now(&app, &secret)),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let codes: Vec<String> = ok
        .body
        .split("<li>")
        .skip(1)
        .filter_map(|s| s.split("</li>").next())
        .filter(|s| s.len() == 11 && s.as_bytes()[5] == b'-')
        .map(str::to_string)
        .collect();
    assert_eq!(
        codes.len(),
        10,
        "ten recovery codes shown once: {}",
        ok.body
    );
    assert!(
        app.store
            .account(app.accounts["desk.a"])
            .await
            .unwrap()
            .totp_enabled
    );

    // Next sign-in: password, then the code page; the workspace is closed until then.
    let mut c = app.browser();
    let p = c.sign_in("desk.a", PASSWORD).await;
    assert_eq!(
        p.location.as_deref(),
        Some("/office/sign-in/code?next=%2Foffice")
    );
    assert_eq!(
        c.get("/office").await.location.as_deref(),
        Some("/office/sign-in/code")
    );
    let form = c.get("/office/sign-in/code").await;
    let wrong = c
        .post(
            "/office/sign-in/code",
            &[
                ("csrf_token", &form.csrf()),
                ("code", "123456"),
                ("next", "/office"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // The code used at enrolment was already used: a replay within the same 30 s is refused.
    let replay = c
        .post(
            "/office/sign-in/code",
            &[
                ("csrf_token", &form.csrf()),
                ("code", &code_now(&app, &secret)),
                ("next", "/office"),
            ],
        )
        .await;
    assert_eq!(
        replay.status,
        StatusCode::UNAUTHORIZED,
        "a TOTP code works once"
    );
    app.clock.advance(jiff::SignedDuration::from_secs(30));
    let good = c
        .post(
            "/office/sign-in/code",
            &[
                ("csrf_token", &form.csrf()),
                ("code", &code_now(&app, &secret)),
                ("next", "/office"),
            ],
        )
        .await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/office").await.status, StatusCode::OK);

    // A recovery code works once.
    let mut d = app.browser();
    d.sign_in("desk.a", PASSWORD).await;
    let form = d.get("/office/sign-in/code").await;
    let r = d
        .post(
            "/office/sign-in/code",
            &[
                ("csrf_token", &form.csrf()),
                ("code", &codes[3].to_uppercase()),
                ("next", "/office"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut e = app.browser();
    e.sign_in("desk.a", PASSWORD).await;
    let form = e.get("/office/sign-in/code").await;
    let again = e
        .post(
            "/office/sign-in/code",
            &[
                ("csrf_token", &form.csrf()),
                ("code", &codes[3]),
                ("next", "/office"),
            ],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "a recovery code works once"
    );
    assert_eq!(
        app.store
            .recovery_codes_left(app.accounts["desk.a"])
            .await
            .unwrap(),
        9
    );

    // Signing out ends the session.
    let csrf = c.session_csrf().await;
    c.post("/office/sign-out", &[("csrf_token", &csrf)]).await;
    assert!(
        c.get("/office")
            .await
            .location
            .unwrap()
            .starts_with("/office/sign-in")
    );
});

story!(wrong_password_and_citizens_are_refused, |app| {
    let mut b = app.browser();
    let p = b.sign_in("desk.a", "sai-mat-khau").await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    assert!(p.has("không đúng"));
    // A citizen account cannot use the workspace.
    let p = b.sign_in("0912345678", PASSWORD).await;
    assert_eq!(p.status, StatusCode::UNAUTHORIZED);
    // Both attempts are in the audit log, and the chain still verifies.
    let report = app.store.verify_audit().await.unwrap();
    assert!(report.is_ok());
});

story!(production_sends_officers_to_enrolment, true, |app| {
    let mut b = app.browser();
    let p = b.sign_in("leader.a", PASSWORD).await;
    assert_eq!(p.location.as_deref(), Some("/office/totp"));
    // Without TOTP nothing of the workspace opens.
    assert_eq!(
        b.get("/office").await.location.as_deref(),
        Some("/office/totp")
    );
    assert_eq!(
        b.get("/office/desk").await.location.as_deref(),
        Some("/office/totp")
    );
    let enrol = b.get("/office/totp").await;
    assert!(enrol.has("chế độ vận hành chính thức"));
    let secret = enrol.between("id=\"secret\">", "<").unwrap();
    let ok = b
        .post(
            "/office/totp",
            &[
                ("csrf_token", &enrol.csrf()),
                ("code", &code_now(&app, &secret)),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(b.get("/office").await.status, StatusCode::OK);
});
