//! A citizen submits online with a PDF; a retry with the same key returns the same dossier; the
//! desk accepts; the citizen follows it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::story;
use crate::support::*;

story!(signup_submit_retry_accept_and_read, |app| {
    let citizen = app.citizen("Nguyễn Thị Minh Khai", "0912 345 678").await;
    let me = app.get_json("/api/v1/me", Some(&citizen)).await;
    assert_eq!(me["phone"], "0912345678");
    assert_eq!(me["roles"][0]["role"], "citizen");

    let send = |key: &'static str| {
        let app = &app;
        let citizen = citizen.clone();
        async move {
            let form = full_form(app, "1.001193").await;
            app.req(Method::POST, "/api/v1/dossiers", Some(&citizen))
                .header("Idempotency-Key", key)
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let first = send("retry-1").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let location = first.headers()["location"].to_str().unwrap().to_string();
    assert!(first.headers().get("idempotent-replayed").is_none());
    let d: Value = first.json().await.unwrap();
    let code = d["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("H99.01-260302-"), "{code}");
    assert_eq!(location, format!("/api/v1/dossiers/{code}"));
    assert_eq!(d["status"], "submitted");
    assert!(d["due_at"].is_null());
    assert_eq!(d["procedure"], "1.001193");
    assert!(d["version"].as_u64().unwrap() >= 1);
    let doc = &d["documents"][0];
    assert_eq!(doc["media_type"], "application/pdf");

    // The retry (a lost answer) gets the same dossier, and no second one exists.
    let again = send("retry-1").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let d2: Value = again.json().await.unwrap();
    assert_eq!(d2["code"], code);
    assert_eq!(app.dossier_count().await, 1);
    let mine = app.get_json("/api/v1/my/dossiers", Some(&citizen)).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);

    // The same key with another request is refused.
    let other = app
        .req(Method::POST, "/api/v1/dossiers", Some(&citizen))
        .header("Idempotency-Key", "retry-1")
        .multipart(
            reqwest::multipart::Form::new()
                .text("procedure", "1.001193")
                .text("unit", "H99.02"),
        )
        .send()
        .await
        .unwrap();
    problem(
        other,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency.key_reused",
    )
    .await;

    // The desk of commune A sees it in its "new" list and accepts it.
    let new = app
        .get_json("/api/v1/worklists/new", Some(&app.desk_a))
        .await;
    assert_eq!(new["total"], 1);
    assert_eq!(new["items"][0]["code"], code);
    let counts = app.get_json("/api/v1/worklists", Some(&app.desk_a)).await;
    assert!(
        counts["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["list"] == "new" && c["count"] == 1)
    );
    let r = act(&app, &app.desk_a, &code, json!({"action": "accept"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let accepted: Value = r.json().await.unwrap();
    assert_eq!(accepted["status"], "received");
    let due = accepted["due_at"].as_str().unwrap();
    assert!(due.ends_with("+07:00"), "{due}");

    // The citizen reads it, its timeline and its file.
    let seen = app
        .get_json(&format!("/api/v1/dossiers/{code}"), Some(&citizen))
        .await;
    assert_eq!(seen["status"], "received");
    assert_eq!(seen["due_at"], due);
    let events = app
        .get_json(&format!("/api/v1/dossiers/{code}/events"), Some(&citizen))
        .await;
    let kinds: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "submitted");
    assert!(kinds.contains(&"accepted"), "{kinds:?}");
    assert!(
        events["items"][0]["at"]
            .as_str()
            .unwrap()
            .ends_with("+07:00")
    );
    let url = doc["url"].as_str().unwrap();
    let f = app.get(url, Some(&citizen)).await;
    assert_eq!(f.status(), StatusCode::OK);
    assert_eq!(f.headers()["content-type"], "application/pdf");
    assert!(
        f.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(f.bytes().await.unwrap().to_vec(), pdf());

    // Documents are kept for reuse (once-only).
    let docs = app.get_json("/api/v1/my/documents", Some(&citizen)).await;
    assert!(!docs["items"].as_array().unwrap().is_empty());

    // Signing out ends the token.
    let r = app
        .req(Method::DELETE, "/api/v1/auth/token", Some(&citizen))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = app.get("/api/v1/me", Some(&citizen)).await;
    assert!(
        r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_lowercase()
            .starts_with("bearer")
    );
    problem(r, StatusCode::UNAUTHORIZED, "auth.required").await;
});

story!(supplement_with_files_and_json_reuse, |app| {
    let citizen = app.citizen("Lê Văn Cường", "0933333333").await;
    let d = submitted(&app, &citizen).await;
    let code = d["code"].as_str().unwrap().to_string();
    let r = act(&app, &app.desk_a, &code, json!({"action": "request_supplement", "items": ["Giấy chứng sinh bản rõ hơn"], "reason": "Bản chụp mờ"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "supplement_at_reception");
    assert!(
        v["supplements"][0]["requested_at"]
            .as_str()
            .unwrap()
            .ends_with("+07:00")
    );
    let key = d["documents"][0]["component"].as_str().unwrap().to_string();
    let form = reqwest::multipart::Form::new()
        .part(
            format!("file.{key}"),
            reqwest::multipart::Part::bytes(png()).file_name("anh.png"),
        )
        .text("note", "Đã chụp lại");
    let r = app
        .req(
            Method::POST,
            &format!("/api/v1/dossiers/{code}/supplement"),
            Some(&citizen),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{v:#}");
    assert_eq!(v["status"], "submitted");
    assert!(
        v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["media_type"] == "image/png")
    );

    // A JSON submission reusing a stored document.
    let docs = app.get_json("/api/v1/my/documents", Some(&citizen)).await;
    assert!(!docs["items"].as_array().unwrap().is_empty());
    let p = app.get_json("/api/v1/procedures/1.001193", None).await;
    let mut form = serde_json::Map::new();
    for f in p["form_fields"].as_array().unwrap() {
        if f["required"] == true {
            form.insert(f["key"].as_str().unwrap().into(), json!(field_value(f)));
        }
    }
    let reuse: Vec<Value> = p["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["required"] == true)
        .map(|c| json!({"component": c["key"], "personal_document_id": docs["items"][0]["id"]}))
        .collect();
    let r = app
        .post_json(
            "/api/v1/dossiers",
            Some(&citizen),
            &json!({
                "procedure": "1.001193", "unit": "H99.01", "form": form, "documents": reuse,
                "delivery": {"method": "electronic"}
            }),
        )
        .await;
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{v:#}");
    assert_eq!(v["documents"][0]["source"], "personal_store");
});
