//! Health, metrics, ping, unknown routes.

use reqwest::StatusCode;

use crate::story;
use crate::support::*;

story!(health_metrics_and_ping, |app| {
    let h = app.get_json("/healthz", None).await;
    assert_eq!(h["status"], "ok");
    let r = app.get("/api/v1/ping", None).await;
    assert_eq!(r.text().await.unwrap(), "pong");
    submitted(&app, &app.citizen("Trần Thị Bình", "0911111111").await).await;
    let r = app.get("/api/v1/procedures/1.001193", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let m = app.get("/metrics", None).await.text().await.unwrap();
    assert!(m.contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/procedures/{code}\",status=\"2xx\""), "{m}");
    assert!(m.contains("motcua_dossiers{status=\"submitted\"} 1"), "{m}");
    assert!(m.contains("motcua_writer_batch_size_count"));
    assert!(m.contains("motcua_writer_commit_seconds_bucket"));
    // Raw paths never become labels.
    assert!(!m.contains("1.001193"));
    let r = app.get("/nowhere", None).await;
    problem(r, StatusCode::NOT_FOUND, "route.not_found").await;
    let r = app
        .req(reqwest::Method::DELETE, "/api/v1/procedures", None)
        .send()
        .await
        .unwrap();
    problem(
        r,
        StatusCode::METHOD_NOT_ALLOWED,
        "route.method_not_allowed",
    )
    .await;
});
