//! Prometheus metrics in the text exposition format, written here (a few dozen lines) rather
//! than through a metrics framework: request latency by method, matched route and status class;
//! dossiers by status (counted at scrape); the writer's batch sizes and commit latency.
//!
//! Routes are labelled with axum's `MatchedPath` (`/api/v1/dossiers/{code}`), never the raw
//! path, so the number of series stays bounded whatever clients send.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use motcua_store::metrics::{Histogram, LATENCY_BOUNDS};

use crate::state::AppState;

type Key = (String, String, &'static str);

/// Request latency histograms, one per (method, route, status class).
#[derive(Default)]
pub struct HttpMetrics {
    requests: Mutex<HashMap<Key, Histogram>>,
}

impl HttpMetrics {
    fn observe(&self, key: Key, seconds: f64) {
        let mut map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key)
            .or_insert_with(|| Histogram::new(LATENCY_BOUNDS))
            .observe(seconds);
    }

    fn snapshot(&self) -> Vec<(Key, Histogram)> {
        let map = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let mut v: Vec<_> = map.iter().map(|(k, h)| (k.clone(), h.clone())).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

/// Middleware (on the router, so the matched route is known).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let res = next.run(req).await;
    let class = match res.status().as_u16() {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    state
        .inner
        .metrics
        .observe((method, route, class), start.elapsed().as_secs_f64());
    res
}

fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn histogram(out: &mut String, name: &str, labels: &str, h: &Histogram) {
    let sep = if labels.is_empty() { "" } else { "," };
    for (le, count) in h.cumulative() {
        let le = if le.is_infinite() {
            "+Inf".to_string()
        } else {
            le.to_string()
        };
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{le}\"}} {count}");
    }
    let braces = if labels.is_empty() {
        String::new()
    } else {
        format!("{{{labels}}}")
    };
    let _ = writeln!(out, "{name}_sum{braces} {}", h.sum);
    let _ = writeln!(out, "{name}_count{braces} {}", h.count);
}

/// The exposition text. Dossier counts come from the database at scrape time.
pub async fn render(state: &AppState) -> String {
    let mut out = String::new();
    out.push_str("# HELP http_request_duration_seconds Time to answer HTTP requests.\n");
    out.push_str("# TYPE http_request_duration_seconds histogram\n");
    for ((method, route, class), h) in state.inner.metrics.snapshot() {
        let labels = format!(
            "method=\"{}\",route=\"{}\",status=\"{class}\"",
            escape(&method),
            escape(&route)
        );
        histogram(&mut out, "http_request_duration_seconds", &labels, &h);
    }
    out.push_str("# HELP motcua_dossiers Dossiers by status.\n");
    out.push_str("# TYPE motcua_dossiers gauge\n");
    match state.store().status_counts().await {
        Ok(counts) => {
            let counts: HashMap<_, _> = counts.into_iter().collect();
            for s in motcua_domain::dossier::Status::ALL {
                let n = counts.get(&s).copied().unwrap_or(0);
                let _ = writeln!(out, "motcua_dossiers{{status=\"{}\"}} {n}", s.as_str());
            }
        }
        Err(e) => tracing::warn!(error = %e, "dossier counts unavailable for /metrics"),
    }
    let w = state.store().writer_stats();
    out.push_str("# HELP motcua_writer_batch_size Jobs committed together in one batch.\n");
    out.push_str("# TYPE motcua_writer_batch_size histogram\n");
    histogram(&mut out, "motcua_writer_batch_size", "", &w.batch_size);
    out.push_str("# HELP motcua_writer_commit_seconds Time spent in COMMIT (the fsync).\n");
    out.push_str("# TYPE motcua_writer_commit_seconds histogram\n");
    histogram(
        &mut out,
        "motcua_writer_commit_seconds",
        "",
        &w.commit_seconds,
    );
    out.push_str("# HELP motcua_writer_batch_seconds Time from BEGIN to the answers of a batch.\n");
    out.push_str("# TYPE motcua_writer_batch_seconds histogram\n");
    histogram(
        &mut out,
        "motcua_writer_batch_seconds",
        "",
        &w.batch_seconds,
    );
    for (name, help, v) in [
        (
            "motcua_writer_batches_total",
            "Batches committed.",
            w.batches,
        ),
        (
            "motcua_writer_batches_failed_total",
            "Batches that failed.",
            w.batches_failed,
        ),
        (
            "motcua_writer_jobs_total",
            "Jobs run by the writer.",
            w.jobs,
        ),
        (
            "motcua_writer_jobs_failed_total",
            "Jobs that failed.",
            w.jobs_failed,
        ),
        ("motcua_writer_retries_total", "Batches retried.", w.retries),
    ] {
        let _ = writeln!(
            out,
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
        );
    }
    out
}
