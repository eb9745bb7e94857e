//! Who sees what: citizens their own dossiers, officers their units'; existence is never
//! confirmed to others. Sign-in and lookup limits.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::story;
use crate::support::*;

story!(citizens_and_officers_see_only_their_own, |app| {
    let a = app.citizen("Hoàng Văn Anh", "0966666666").await;
    let b = app.citizen("Đỗ Thị Bích", "0977777777").await;
    let d = submitted(&app, &a).await;
    let code = d["code"].as_str().unwrap();
    let file = d["documents"][0]["url"].as_str().unwrap();
    for path in [
        format!("/api/v1/dossiers/{code}"),
        format!("/api/v1/dossiers/{code}/events"),
        file.to_string(),
    ] {
        problem(
            app.get(&path, Some(&b)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        problem(
            app.get(&path, Some(&app.desk_b)).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        assert_eq!(
            app.get(&path, Some(&a)).await.status(),
            StatusCode::OK,
            "{path}"
        );
    }
    problem(
        act(&app, &b, code, json!({"action": "stop", "reason": "x"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        act(&app, &app.desk_b, code, json!({"action": "accept"})).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // No token at all.
    problem(
        app.get(&format!("/api/v1/dossiers/{code}"), None).await,
        StatusCode::UNAUTHORIZED,
        "auth.required",
    )
    .await;
    problem(
        app.get("/api/v1/me", Some("not-a-token")).await,
        StatusCode::UNAUTHORIZED,
        "auth.required",
    )
    .await;
    // Commune B's worklists are empty; A's are not.
    let list = app
        .get_json("/api/v1/worklists/all", Some(&app.desk_b))
        .await;
    assert_eq!(list["total"], 0);
    assert!(list["items"].as_array().unwrap().is_empty());
    let list = app
        .get_json("/api/v1/worklists/all?unit=H99.01", Some(&app.desk_b))
        .await;
    assert_eq!(list["total"], 0);
    assert_eq!(
        app.get_json("/api/v1/worklists/all", Some(&app.desk_a))
            .await["total"],
        1
    );
    let list = app
        .get_json("/api/v1/worklists/new?q=hoang%20van", Some(&app.desk_a))
        .await;
    assert_eq!(list["total"], 1);
    problem(
        app.get("/api/v1/worklists/nonsense", Some(&app.desk_a))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    problem(
        app.get("/api/v1/worklists/all?status=flying", Some(&app.desk_a))
            .await,
        StatusCode::BAD_REQUEST,
        "request.query_invalid",
    )
    .await;
    let ap = app
        .get_json("/api/v1/units/H99.01/apologies", Some(&app.desk_a))
        .await;
    assert_eq!(ap["total"], 0);

    // Through the lifecycle: a specialist may not approve, the leader may.
    for (token, body) in [
        (&app.desk_a, json!({"action": "accept"})),
        (&app.specialist_a, json!({"action": "claim"})),
        (
            &app.specialist_a,
            json!({"action": "propose_result", "outcome": "granted", "summary": "Đủ điều kiện"}),
        ),
    ] {
        let r = act(&app, token, code, body.clone()).await;
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body} {v:#}");
    }
    let v = problem(
        act(&app, &app.specialist_a, code, json!({"action": "approve"})).await,
        StatusCode::FORBIDDEN,
        "dossier.forbidden",
    )
    .await;
    assert!(v["message_vi"].as_str().unwrap().contains("Lãnh đạo"));
    let r = act(&app, &app.leader_a, code, json!({"action": "approve"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    // Citizens cannot run officers' actions on their own dossier.
    problem(
        act(&app, &a, code, json!({"action": "issue_result"})).await,
        StatusCode::FORBIDDEN,
        "dossier.forbidden",
    )
    .await;
    // The leader uploads the signed result and issues it, naming the file by its hash.
    let mut result = pdf();
    result.extend_from_slice(b"% ket qua\n");
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(result).file_name("giay-khai-sinh.pdf"),
    );
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/documents"),
            Some(&app.leader_a),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    let sha = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "officer")
        .unwrap()["sha256"]
        .clone();
    let r = act(
        &app,
        &app.leader_a,
        code,
        json!({"action": "issue_result", "documents": [{"sha256": sha}]}),
    )
    .await;
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{v:#}");
    assert_eq!(v["status"], "result_ready");
    assert_eq!(v["result_documents"][0]["sha256"], sha);
    // A hash that is not the dossier's is refused.
    let r = act(
        &app,
        &app.desk_a,
        code,
        json!({"action": "comment", "text": "x"}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = act(&app, &app.desk_a, code, json!({"action": "attach_document", "document": {"sha256": "ab".repeat(32), "size": 1, "media_type": "application/pdf", "file_name": "x.pdf"}})).await;
    assert!(r.status().is_client_error());
});

story!(lookup_shows_status_only_and_limits_guessing, |app| {
    let citizen = app.citizen("Bùi Quang Huy", "0988888888").await;
    let code = submitted(&app, &citizen).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    // The applicant's phone on the dossier is 0987654321 (see `custom_form`).
    let v = app
        .get_json(
            &format!("/api/v1/lookup?code={code}&phone=0987%20654%20321"),
            None,
        )
        .await;
    assert_eq!(v["status"], "submitted");
    assert_eq!(v["code"], code);
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert!(
        !keys
            .iter()
            .any(|k| k.contains("applicant") || k.contains("documents")),
        "{keys:?}"
    );
    let wrong = format!("/api/v1/lookup?code={code}&phone=0911000000");
    problem(
        app.get(&wrong, None).await,
        StatusCode::NOT_FOUND,
        "lookup.not_found",
    )
    .await;
    let mut limited = None;
    for _ in 0..12 {
        let r = app
            .req(Method::GET, &wrong, None)
            .header("x-forwarded-for", "203.0.113.9")
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(r);
            break;
        }
    }
    let r = limited.expect("guessing is limited");
    assert!(r.headers().get("retry-after").is_some());
    problem(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Another address is not affected.
    let r = app
        .req(
            Method::GET,
            &format!("/api/v1/lookup?code={code}&phone=0987654321"),
            None,
        )
        .header("x-forwarded-for", "203.0.113.10")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
});

story!(sign_in_failures_are_limited_and_signup_validated, |app| {
    let r = app
        .post_json(
            "/api/v1/auth/signup",
            None,
            &json!({"full_name": "A1", "phone": "123", "password": "short"}),
        )
        .await;
    let v = problem(r, StatusCode::UNPROCESSABLE_ENTITY, "account.invalid").await;
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["full_name", "phone", "password"]);
    app.citizen("Ngô Thị Lan", "0999999999").await;
    let r = app
        .post_json(
            "/api/v1/auth/signup",
            None,
            &json!({"full_name": "Ngô Thị Lan", "phone": "+84 999 999 999", "password": PASSWORD}),
        )
        .await;
    problem(r, StatusCode::CONFLICT, "duplicate").await;
    let mut last = None;
    for _ in 0..11 {
        let r = app
            .post_json(
                "/api/v1/auth/token",
                None,
                &json!({"login": "0999999999", "password": "sai mật khẩu"}),
            )
            .await;
        last = Some(r.status());
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.headers().get("retry-after").is_some());
            break;
        }
        problem(r, StatusCode::UNAUTHORIZED, "auth.invalid_credentials").await;
    }
    assert_eq!(last, Some(StatusCode::TOO_MANY_REQUESTS));
});

#[test]
fn production_officer_tokens_need_totp() {
    let config = motcua_web::WebConfig {
        production: true,
        ..Default::default()
    };
    run_with(
        motcua_store::testing::TestDb::sqlite(),
        config,
        |app| async move {
            let r = app
                .post_json(
                    "/api/v1/auth/token",
                    None,
                    &json!({"login": "desk.a", "password": PASSWORD}),
                )
                .await;
            problem(r, StatusCode::FORBIDDEN, "auth.totp_required").await;
            // Citizens are not concerned; default passwords are refused at sign-up.
            let r = app
            .post_json("/api/v1/auth/signup", None, &json!({"full_name": "Trịnh Văn Nam", "phone": "0912000111", "password": "12345678"}))
            .await;
            problem(r, StatusCode::UNPROCESSABLE_ENTITY, "account.invalid").await;
            app.citizen("Trịnh Văn Nam", "0912000111").await;
        },
    );
}
