//! The public catalog.

use serde_json::Value;

use crate::story;
use crate::support::*;

story!(
    search_ignores_diacritics_and_ranks_birth_registration_first,
    |app| {
        let v = app
            .get_json("/api/v1/procedures?q=dang%20ky%20khai%20sinh", None)
            .await;
        let items = v["items"].as_array().unwrap();
        assert_eq!(items[0]["code"], "1.001193", "{v:#}");
        assert!(items[0]["name"].as_str().unwrap().contains("khai sinh"));
        // đ folds to d.
        let v = app
            .get_json(
                "/api/v1/procedures?q=%C4%91%C4%83ng%20k%C3%BD%20khai%20sinh",
                None,
            )
            .await;
        assert_eq!(v["items"][0]["code"], "1.001193");
        // Filters and limits.
        let v = app
            .get_json(
                "/api/v1/procedures?field=ho%20tich&level=commune&limit=3",
                None,
            )
            .await;
        let items = v["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.len() <= 3);
        assert!(items.iter().all(|i| i["field"] == "Hộ tịch"));
        let r = app.get("/api/v1/procedures?level=district", None).await;
        problem(r, reqwest::StatusCode::BAD_REQUEST, "catalog.bad_level").await;
    }
);

story!(procedure_detail_and_units, |app| {
    let p = app.get_json("/api/v1/procedures/1.001193", None).await;
    assert_eq!(p["code"], "1.001193");
    assert!(p["components"].as_array().unwrap().len() >= 2);
    assert!(
        p["form_fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "child_name")
    );
    assert_eq!(p["versions"][0]["version"], 1);
    assert!(p["internal_steps"].is_array() && p["legal_basis"].is_array());
    let r = app.get("/api/v1/procedures/9.999999", None).await;
    problem(r, reqwest::StatusCode::NOT_FOUND, "not_found").await;
    let u = app.get_json("/api/v1/units", None).await;
    let codes: Vec<&str> = u["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["H99", "H99.01", "H99.02"]);
    let _: &Value = &u;
});

story!(admin_imports_the_national_catalog_all_or_nothing, |app| {
    let import = |token: &str, body: &'static str| {
        app.req(
            reqwest::Method::POST,
            "/api/v1/admin/catalog/import",
            Some(token),
        )
        .body(body)
        .send()
    };
    let r = import(&app.admin, motcua_domain::catalog::DEMO_PROCEDURES_JSON)
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["created"], 0, "{v:#}");
    let r = import(&app.admin, "[\n {\"code\": \"1.0\"}\n]")
        .await
        .unwrap();
    let v = problem(
        r,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "catalog.import_failed",
    )
    .await;
    let errors = v["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert_eq!(errors[0]["line"], 2, "{v:#}");
    let r = import(&app.desk_a, "[]").await.unwrap();
    problem(r, reqwest::StatusCode::FORBIDDEN, "auth.forbidden").await;
});
