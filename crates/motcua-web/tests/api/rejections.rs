//! Bad input gets a bilingual problem document and changes nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::story;
use crate::support::*;

story!(bad_submissions_change_nothing, |app| {
    let citizen = app.citizen("Phạm Thu Hà", "0944444444").await;
    let post_raw = |body: &'static str| {
        app.req(Method::POST, "/api/v1/dossiers", Some(&citizen))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // Malformed JSON.
    let v = problem(
        post_raw("{\"procedure\": ").await.unwrap(),
        StatusCode::BAD_REQUEST,
        "request.json_malformed",
    )
    .await;
    assert!(v["message_vi"].as_str().unwrap().contains("JSON"));
    // Well-formed JSON of the wrong shape.
    problem(
        post_raw("{\"unit\": \"H99.01\"}").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "request.json_invalid",
    )
    .await;
    // Unknown procedure.
    let r = app
        .post_json(
            "/api/v1/dossiers",
            Some(&citizen),
            &json!({"procedure": "9.999999", "unit": "H99.01"}),
        )
        .await;
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "procedure.unknown").await;
    // Unknown unit.
    let r = app
        .post_json(
            "/api/v1/dossiers",
            Some(&citizen),
            &json!({"procedure": "1.001193", "unit": "X00"}),
        )
        .await;
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "unit.unknown").await;
    // Missing required component (fields complete, no files).
    let (_, fields) = required(&app, "1.001193").await;
    let mut form = reqwest::multipart::Form::new()
        .text("procedure", "1.001193")
        .text("unit", "H99.01");
    for (k, v) in &fields {
        form = form.text(format!("form.{k}"), v.clone());
    }
    let v = problem(
        submit(&app, &citizen, form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "dossier.missing_components",
    )
    .await;
    assert!(v["message_en"].as_str().unwrap().contains("missing"));
    // An executable and an HTML page called .pdf are refused by their content, naming the file.
    for (bytes, name) in [
        (
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".repeat(8),
            "to-khai.pdf",
        ),
        (
            b"<!DOCTYPE html><html><body>gia mao</body></html>".to_vec(),
            "giay-chung-sinh.pdf",
        ),
    ] {
        let form = custom_form(&app, "1.001193", |_| (bytes.clone(), name.to_string())).await;
        let v = problem(
            submit(&app, &citizen, form).await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "upload.unsupported_type",
        )
        .await;
        assert!(v["message_vi"].as_str().unwrap().contains(name), "{v:#}");
        assert!(v["message_en"].as_str().unwrap().contains(name), "{v:#}");
    }
    // Too large: refused while streaming, naming the file.
    let big = {
        let mut b = pdf();
        b.resize(10 * 1024 * 1024 + 1024, b' ');
        b
    };
    let form = custom_form(&app, "1.001193", |_| {
        (big.clone(), "ban-quet-lon.pdf".into())
    })
    .await;
    let v = problem(
        submit(&app, &citizen, form).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload.too_large",
    )
    .await;
    assert!(
        v["message_vi"]
            .as_str()
            .unwrap()
            .contains("ban-quet-lon.pdf")
    );
    // Not multipart, not JSON.
    let r = app
        .req(Method::POST, "/api/v1/dossiers", Some(&citizen))
        .body("x")
        .send()
        .await
        .unwrap();
    problem(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "request.json_expected",
    )
    .await;
    assert_eq!(app.dossier_count().await, 0);
    assert!(
        app.get_json("/api/v1/my/dossiers", Some(&citizen)).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // A PNG called .pdf is accepted, as a PNG.
    let form = custom_form(&app, "1.001193", |_| (png(), "anh-chup.pdf".into())).await;
    let r = submit(&app, &citizen, form).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let d: Value = r.json().await.unwrap();
    assert_eq!(d["documents"][0]["media_type"], "image/png");
    assert_eq!(d["documents"][0]["file_name"], "anh-chup.pdf");
    assert_eq!(app.dossier_count().await, 1);
});

story!(illegal_and_stale_actions_change_nothing, |app| {
    let citizen = app.citizen("Vũ Minh Đức", "0955555555").await;
    let code = submitted(&app, &citizen).await["code"]
        .as_str()
        .unwrap()
        .to_string();
    let r = act(&app, &app.desk_a, &code, json!({"action": "accept"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let before = app
        .get_json(&format!("/api/v1/dossiers/{code}"), Some(&app.desk_a))
        .await;
    let version = before["version"].as_u64().unwrap();

    // Accepting twice is an illegal transition.
    let v = problem(
        act(&app, &app.desk_a, &code, json!({"action": "accept"})).await,
        StatusCode::CONFLICT,
        "dossier.illegal_transition",
    )
    .await;
    assert_eq!(v["detail"], v["message_vi"]);
    // English on request.
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/actions?lang=en"),
            Some(&app.desk_a),
        )
        .json(&json!({"action": "accept"}))
        .send()
        .await
        .unwrap();
    let v = problem(r, StatusCode::CONFLICT, "dossier.illegal_transition").await;
    assert_eq!(v["detail"], v["message_en"]);
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/actions"),
            Some(&app.desk_a),
        )
        .header("accept-language", "en-US,en;q=0.8")
        .json(&json!({"action": "accept"}))
        .send()
        .await
        .unwrap();
    assert!(
        problem(r, StatusCode::CONFLICT, "dossier.illegal_transition").await["detail"]
            .as_str()
            .unwrap()
            .starts_with("Cannot")
    );

    // A stale If-Match: 412; a stale expected_version: 409.
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/actions"),
            Some(&app.desk_a),
        )
        .header("if-match", format!("\"{}\"", version - 1))
        .json(&json!({"action": "comment", "text": "Ghi chú"}))
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::PRECONDITION_FAILED, "dossier.stale").await;
    let r = act(
        &app,
        &app.desk_a,
        &code,
        json!({"action": "comment", "text": "Ghi chú", "expected_version": version - 1}),
    )
    .await;
    let v = problem(r, StatusCode::CONFLICT, "dossier.stale").await;
    assert_eq!(v["current_version"], version);
    // An unknown action, malformed JSON.
    let r = act(&app, &app.desk_a, &code, json!({"action": "teleport"})).await;
    problem(r, StatusCode::UNPROCESSABLE_ENTITY, "request.json_invalid").await;
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/actions"),
            Some(&app.desk_a),
        )
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "request.json_malformed").await;

    let after = app
        .get_json(&format!("/api/v1/dossiers/{code}"), Some(&app.desk_a))
        .await;
    assert_eq!(after, before);
    // The right version passes.
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/actions"),
            Some(&app.desk_a),
        )
        .header("if-match", format!("\"{version}\""))
        .json(&json!({"action": "comment", "text": "Ghi chú"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
});
