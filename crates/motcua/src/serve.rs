//! `motcua serve`: opens the store and the blob store, seeds the demo if asked, listens, prints
//! the address, and stops gracefully.
//!
//! Shutdown (SIGTERM from an orchestrator, SIGINT from Ctrl-C): stop accepting connections, let
//! requests in flight finish (at most `server.shutdown_grace_secs`), then drain the writer so
//! every queued commit is done before the process exits. A second signal exits at once: that
//! loses nothing acknowledged, because a 2xx is only sent after its commit reached the disk.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use motcua_web::{AppState, WebConfig};
use tokio::sync::watch;

use crate::cli::ServeArgs;
use crate::config::{Config, redact};
use crate::fail::CliError;

pub async fn run(config: Config, args: ServeArgs) -> Result<ExitCode, CliError> {
    if config.production && args.demo {
        return Err(CliError::new(
            "serve.demo_in_production",
            "Không chạy dữ liệu trình diễn (--demo) ở chế độ vận hành chính thức (production = true).",
            "Demo data (--demo) is refused in production mode (production = true).",
        ));
    }
    config.check_production()?;
    let store = crate::open::store(&config).await?;
    if config.production && crate::demo::present(&store).await {
        store.shutdown();
        return Err(CliError::new(
            "serve.demo_data_in_production",
            format!(
                "Cơ sở dữ liệu có dữ liệu trình diễn (đơn vị {}); không khởi động ở chế độ vận hành chính thức. Hãy dùng một cơ sở dữ liệu mới.",
                crate::demo::PROVINCE
            ),
            format!(
                "The database holds demo data (unit {}); refusing to start in production mode. Use a fresh database.",
                crate::demo::PROVINCE
            ),
        ));
    }
    let blobs = crate::open::blobs(&config)?;
    let accounts = if args.demo {
        Some(crate::demo::seed(&store, &blobs, args.demo_dossiers).await?)
    } else {
        None
    };

    let listener = tokio::net::TcpListener::bind(&config.server.addr)
        .await
        .map_err(|e| {
            CliError::new(
                "serve.bind",
                format!(
                    "Không mở được địa chỉ {} (cổng đang bận hoặc không được phép?). Dùng --addr HOST:PORT để chọn địa chỉ khác.",
                    config.server.addr
                ),
                format!(
                    "Cannot listen on {} (port in use or not allowed?). Use --addr HOST:PORT to choose another.",
                    config.server.addr
                ),
            )
            .with_detail(e)
        })?;
    let bound = listener.local_addr().map_err(|e| {
        CliError::new(
            "serve.bind",
            "Không đọc được địa chỉ đang nghe.",
            "Cannot read the listening address.",
        )
        .with_detail(e)
    })?;
    let public_url = config.public_url(bound);
    let web = WebConfig {
        production: config.production,
        public_url: public_url.clone(),
        max_upload_bytes: config.server.max_upload_bytes,
        max_request_bytes: config.server.max_request_bytes,
        session_hours: config.server.session_hours,
        demo: args.demo,
    };
    let state = AppState::new(store.clone(), blobs, web);
    // Built before the address is printed: a wrong signing key stops the start, not later.
    let app = app(&config, state)?;

    tracing::info!(
        addr = %bound,
        public_url = %public_url,
        database = %redact(&config.database()),
        blobs = ?config.blobs.backend,
        production = config.production,
        demo = args.demo,
        "motcua is listening"
    );
    // Standard output: what a person (or a test harness) reads to know where to go; the
    // address comes last, where the eye lands.
    let here = reachable(bound);
    let mut banner = accounts
        .as_deref()
        .map(crate::demo::render_accounts)
        .unwrap_or_default();
    banner.push_str(&format!(
        "\nCán bộ / officer workspace: http://{here}/office\n\
         API: http://{here}/api/v1/procedures (OpenAPI: http://{here}/openapi.json)\n\
         motcua đang chạy tại / is running at: http://{here}/\n"
    ));
    crate::fail::emit(&banner);

    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(signals(stop_tx));
    tokio::spawn(duties(store.clone(), stop_rx.clone()));
    let grace = Duration::from_secs(config.server.shutdown_grace_secs);
    let server = motcua_web::for_pages::serve_app(listener, app, stopped(stop_rx.clone()));
    let result = tokio::select! {
        r = server => r,
        () = async { stopped(stop_rx).await; tokio::time::sleep(grace).await } => {
            tracing::warn!(grace_secs = grace.as_secs(), "requests still open after the grace period; stopping anyway");
            Ok(())
        }
    };
    // Every commit already queued is finished before the process ends.
    let s = store.clone();
    let _ = tokio::task::spawn_blocking(move || s.shutdown()).await;
    tracing::info!("motcua stopped");
    result.map_err(|e| {
        CliError::new(
            "serve.io",
            "Máy chủ dừng vì lỗi mạng.",
            "The server stopped on a network error.",
        )
        .with_detail(e)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The API, the citizen portal's pages (issue #4), the officer workspace (issue #5) with its
/// signing keys and the quality pages with Open311 (issue #6), on one listener.
fn app(config: &Config, state: AppState) -> Result<axum::Router, CliError> {
    let office = motcua_office::OfficeConfig {
        signing: config.signing.clone(),
        forms: config.forms.clone(),
    };
    let office = motcua_office::router_with(state.clone(), &office).map_err(|e| {
        CliError::new("serve.signing", e.message_vi(), e.message_en()).with_detail(e)
    })?;
    Ok(motcua_web::router(state.clone())
        .merge(motcua_portal::router(state.clone()))
        .merge(office)
        .merge(motcua_quality_web::router(state))
        .fallback(not_found))
}

/// An unknown address: a friendly page for people (a mistyped link on a phone), a problem
/// document for programs (`/api/…`, `/open311/…`, or a client that asks for JSON).
async fn not_found(
    prefs: motcua_ui::Prefs,
    headers: axum::http::HeaderMap,
    uri: axum::http::Uri,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = uri.path();
    let wants_json = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("json") && !a.contains("text/html"));
    if path.starts_with("/api/") || path.starts_with("/open311/") || wants_json {
        return motcua_web::not_found_problem().into_response();
    }
    motcua_ui::ErrorPage::not_found(prefs.lang).into_response()
}

/// The legal duties motcua performs itself (close unanswered supplement requests after their
/// period, R-LC-7; mark feedback overdue), every five minutes and once at start.
async fn duties(store: motcua_store::store::Store, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(300));
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match store.run_duties().await {
            Ok(r) if r.dossiers_closed + r.feedback_marked_overdue > 0 => tracing::info!(
                closed = r.dossiers_closed,
                feedback_overdue = r.feedback_marked_overdue,
                "scheduled duties done"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "scheduled duties failed; will retry"),
        }
    }
}

/// Resolves once a stop was asked for.
async fn stopped(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// SIGTERM or SIGINT → graceful stop; a second one → exit now.
async fn signals(tx: watch::Sender<bool>) {
    let name = next_signal().await;
    tracing::info!(
        signal = name,
        "stopping: no new connections, finishing requests in flight"
    );
    let _ = tx.send(true);
    let name = next_signal().await;
    tracing::warn!(signal = name, "second signal: exiting now");
    std::process::exit(130);
}

#[cfg(unix)]
async fn next_signal() -> &'static str {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => tokio::select! {
            _ = tokio::signal::ctrl_c() => "SIGINT",
            _ = term.recv() => "SIGTERM",
        },
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            "SIGINT"
        }
    }
}

#[cfg(not(unix))]
async fn next_signal() -> &'static str {
    let _ = tokio::signal::ctrl_c().await;
    "Ctrl-C"
}

/// An address a browser on this machine can open (0.0.0.0 → 127.0.0.1, [::] → [::1]).
pub fn reachable(bound: SocketAddr) -> SocketAddr {
    let mut a = bound;
    if a.ip().is_unspecified() {
        a.set_ip(if a.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    a
}
