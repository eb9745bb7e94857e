//! The committed description must match what the server serves.

use std::path::PathBuf;

#[test]
fn openapi_is_committed_and_served() {
    let generated = motcua_web::openapi_json();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json differs from the API's description; regenerate it with\n    UPDATE_OPENAPI=1 cargo test -p motcua-web openapi\nand commit the result."
    );
    let v: serde_json::Value = serde_json::from_str(&generated).unwrap();
    for p in [
        "/api/v1/procedures",
        "/api/v1/dossiers",
        "/api/v1/dossiers/{code}/actions",
        "/api/v1/calendar/due",
        "/api/v1/auth/token",
    ] {
        assert!(v["paths"][p].is_object(), "{p} missing");
    }
}

crate::story!(openapi_is_served, |app| {
    let served = app.get("/openapi.json", None).await.text().await.unwrap();
    assert_eq!(served, motcua_web::openapi_json());
});
