//! The server under test: the real `motcua` binary, started on a free port with a fresh data
//! folder, stopped when the [`Server`] is dropped.
//!
//! The harness builds nothing. It runs the binary named by `MOTCUA_BIN`, else the one in the
//! Cargo target folder (`target/debug/motcua`, then `target/release/motcua`); `.ci/run` runs
//! `cargo build -p motcua` before the browser tests. A missing binary fails the test with a
//! message that says so: it never skips.

use std::fs::OpenOptions;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::{Browser, BrowserOptions};
use crate::util::{self, Artifacts};

/// How to start the server.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// `serve --demo`: the demo province, catalog, one account per role and synthetic dossiers.
    pub demo: bool,
    /// `--demo-dossiers N` (the server's default when `None`). Fewer start faster.
    pub demo_dossiers: Option<u64>,
    /// More command-line arguments, after `serve`.
    pub args: Vec<String>,
    /// Environment variables for the server. Every other `MOTCUA_*` variable of the test's own
    /// environment is removed, so a developer's or CI's settings (a PostgreSQL URL, say) never
    /// leak into the server under test.
    pub env: Vec<(String, String)>,
    /// How long to wait for `GET /healthz` to answer 200.
    pub startup_timeout: Duration,
    /// The artifacts folder name; the running test's name when `None`.
    pub name: Option<String>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            demo: true,
            demo_dossiers: None,
            args: Vec::new(),
            env: Vec::new(),
            startup_timeout: Duration::from_secs(120),
            name: None,
        }
    }
}

/// One account printed by `serve --demo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// The role's code (`citizen`, `helper`, `desk_officer`, `specialist`, `leader`, `admin`);
    /// the printed label when it is not one the harness knows.
    pub role: String,
    /// The role as printed (Vietnamese).
    pub role_label: String,
    /// What to type as the login (user name or phone number).
    pub login: String,
    /// The person's name.
    pub name: String,
    /// The unit's agency code (`H99.01`), for officers.
    pub unit: Option<String>,
    /// The shared demo password.
    pub password: String,
}

/// The role labels `motcua` prints (`Role::label_vi`) and their codes (`Role::as_str`).
const ROLE_LABELS: &[(&str, &str)] = &[
    ("Công chức Bộ phận Một cửa", "desk_officer"),
    ("Người dân, doanh nghiệp", "citizen"),
    ("Tổ công nghệ số cộng đồng", "helper"),
    ("Quản trị hệ thống", "admin"),
    ("Chuyên viên", "specialist"),
    ("Lãnh đạo", "leader"),
];

/// Reads the demo block `motcua serve --demo` prints on standard output:
///
/// ```text
/// DEMO MODE — demo accounts, shared password "motcua-demo" (never for real data)
///   Người dân, doanh nghiệp      0912345678       Nguyễn Văn An
///   Công chức Bộ phận Một cửa    motcua01         Lê Thị Cúc [H99.01]
/// ```
///
/// Returns no account when the block is not there (not demo mode, or the format changed).
pub fn parse_demo_accounts(stdout: &str) -> Vec<DemoAccount> {
    let mut lines = stdout.lines();
    let mut password = None;
    for line in lines.by_ref() {
        if let Some(rest) = line.split("shared password \"").nth(1)
            && let Some(pw) = rest.split('"').next()
        {
            password = Some(pw.to_string());
            break;
        }
    }
    let Some(password) = password else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in lines {
        let Some(body) = line.strip_prefix("  ") else {
            break;
        };
        let known = ROLE_LABELS.iter().find(|(label, _)| {
            body.strip_prefix(label)
                .is_some_and(|r| r.starts_with(char::is_whitespace))
        });
        let (role_label, role, rest) = match known {
            Some((label, code)) => (label.to_string(), code.to_string(), &body[label.len()..]),
            None => {
                // The label column is 28 characters wide.
                let split = body.char_indices().nth(28).map_or(body.len(), |(i, _)| i);
                let label = body[..split].trim().to_string();
                (label.clone(), label, &body[split..])
            }
        };
        let rest = rest.trim();
        let (login, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let rest = rest.trim();
        let (name, unit) = match rest.strip_suffix(']').and_then(|r| r.rsplit_once(" [")) {
            Some((name, unit)) => (name.trim().to_string(), Some(unit.to_string())),
            None => (rest.to_string(), None),
        };
        if login.is_empty() {
            break;
        }
        out.push(DemoAccount {
            role,
            role_label,
            login: login.to_string(),
            name,
            unit,
            password: password.clone(),
        });
    }
    out
}

/// The `motcua` binary to run: `MOTCUA_BIN`, else `<target>/<profile of this test>/motcua`,
/// `<target>/debug/motcua`, `<target>/release/motcua`. The error says what was looked for and
/// how to build it.
pub fn motcua_bin() -> Result<PathBuf, String> {
    find_motcua_bin(
        std::env::var_os("MOTCUA_BIN")
            .filter(|b| !b.is_empty())
            .map(PathBuf::from),
        &util::target_dir(),
        util::current_profile().as_deref(),
    )
}

fn find_motcua_bin(
    explicit: Option<PathBuf>,
    target: &Path,
    profile: Option<&str>,
) -> Result<PathBuf, String> {
    if let Some(bin) = explicit {
        return if bin.is_file() {
            Ok(bin)
        } else {
            Err(format!(
                "MOTCUA_BIN={} does not name a file. Build the server with `cargo build -p motcua` \
                 or point MOTCUA_BIN at a motcua binary.",
                bin.display()
            ))
        };
    }
    let mut profiles: Vec<&str> = Vec::new();
    if let Some(p) = profile {
        profiles.push(p);
    }
    for p in ["debug", "release"] {
        if !profiles.contains(&p) {
            profiles.push(p);
        }
    }
    let candidates: Vec<PathBuf> = profiles
        .iter()
        .map(|p| {
            target
                .join(p)
                .join(format!("motcua{}", std::env::consts::EXE_SUFFIX))
        })
        .collect();
    if let Some(found) = candidates.iter().find(|c| c.is_file()) {
        return Ok(found.clone());
    }
    Err(format!(
        "the motcua server binary was not found (looked for {}). The browser tests run the real \
         server and build nothing themselves: run `cargo build -p motcua` first (.ci/run does), \
         or set MOTCUA_BIN=/path/to/motcua.",
        candidates
            .iter()
            .map(|c| c.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Says so (on the real standard error, once per process) when a source file of the server is
/// newer than the binary: `cargo test -p motcua-e2e` does not rebuild `motcua`, and a story run
/// against an old binary tests old pages.
fn warn_if_stale(bin: &Path) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(built) = std::fs::metadata(bin).and_then(|m| m.modified()) else {
            return;
        };
        let root = util::workspace_root();
        let mut newest: Option<(std::time::SystemTime, PathBuf)> = None;
        let mut stack = vec![root.join("crates"), root.join("data")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let path = e.path();
                let name = e.file_name();
                let Ok(meta) = e.metadata() else { continue };
                if meta.is_dir() {
                    // What does not go into the binary.
                    let skip = ["motcua-e2e", "target", "tests", "benches", "examples"];
                    if !skip.iter().any(|s| name == *s) {
                        stack.push(path);
                    }
                } else if path.extension().is_some_and(|x| x == "md") || name == "tests.rs" {
                    continue;
                } else if let Ok(m) = meta.modified()
                    && newest.as_ref().is_none_or(|(t, _)| m > *t)
                {
                    newest = Some((m, path));
                }
            }
        }
        if let Some((t, path)) = newest
            && t > built
        {
            util::notice(&format!(
                "e2e: WARNING: {} is older than {} — run `cargo build -p motcua` to test the current code",
                bin.display(),
                path.display()
            ));
        }
    });
}

/// A running `motcua serve`. Dropping it stops the process (SIGTERM, then SIGKILL after 5 s)
/// and removes its data folder; if the test is failing (panicking), the server's log is copied
/// into the test's artifacts folder and its last lines are printed.
pub struct Server {
    child: Option<Child>,
    base_url: String,
    root: Option<tempfile::TempDir>,
    data_dir: PathBuf,
    log_path: PathBuf,
    stdout: Arc<Mutex<String>>,
    accounts: Vec<DemoAccount>,
    artifacts: Artifacts,
    http: reqwest::Client,
    bin: PathBuf,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("base_url", &self.base_url)
            .field("bin", &self.bin)
            .field("data_dir", &self.data_dir)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// `motcua serve --demo` with the server's default number of demo dossiers.
    pub async fn demo() -> Server {
        Server::start(ServerOptions::default()).await
    }

    /// Starts the binary and waits until `GET /healthz` answers 200. Panics (failing the test)
    /// if the binary is missing, exits early or is not healthy in time, with the log's tail.
    pub async fn start(opts: ServerOptions) -> Server {
        let bin = motcua_bin().unwrap_or_else(|e| panic!("{e}"));
        warn_if_stale(&bin);
        let name = opts.name.clone().unwrap_or_else(util::current_test_name);
        let artifacts = Artifacts::for_test(&name);
        let mut last_err = String::new();
        // A port found free can be taken before the server binds it: try a few.
        for _ in 0..3 {
            match Self::try_start(&bin, &opts, artifacts.clone()).await {
                Ok(server) => return server,
                Err((err, retry)) => {
                    if !retry {
                        panic!("{err}");
                    }
                    last_err = err;
                }
            }
        }
        panic!("{last_err}");
    }

    async fn try_start(
        bin: &Path,
        opts: &ServerOptions,
        artifacts: Artifacts,
    ) -> Result<Server, (String, bool)> {
        let root = tempfile::Builder::new()
            .prefix("motcua-e2e-")
            .tempdir()
            .map_err(|e| (format!("cannot create a temporary folder: {e}"), false))?;
        let data_dir = root.path().join("data");
        let log_path = root.path().join("server.log");
        // Append mode for every writer (the server's standard error, the standard output
        // copier): one file, no writer overwriting another.
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(|e| (format!("cannot create {}: {e}", log_path.display()), false))?;
        let port = util::free_port();
        let addr = format!("127.0.0.1:{port}");

        let mut cmd = Command::new(bin);
        cmd.arg("serve");
        if opts.demo {
            cmd.arg("--demo");
            if let Some(n) = opts.demo_dossiers {
                cmd.arg("--demo-dossiers").arg(n.to_string());
            }
        }
        cmd.arg("--addr")
            .arg(&addr)
            .arg("--data-dir")
            .arg(&data_dir)
            .args(&opts.args)
            .current_dir(util::workspace_root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(
                log.try_clone().map_err(|e| (e.to_string(), false))?,
            ));
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("MOTCUA_") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(opts.env.iter().map(|(k, v)| (k, v)));
        let command_line = format!("{cmd:?}");
        {
            let mut l = &log;
            let _ = writeln!(l, "# {command_line}");
        }
        let mut child = cmd
            .spawn()
            .map_err(|e| (format!("cannot start {}: {e}", bin.display()), false))?;

        // Standard output: into the log, and kept to read the demo accounts.
        let stdout = Arc::new(Mutex::new(String::new()));
        if let Some(out) = child.stdout.take() {
            let keep = Arc::clone(&stdout);
            let mut log = OpenOptions::new()
                .append(true)
                .open(&log_path)
                .map_err(|e| (e.to_string(), false))?;
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines() {
                    let Ok(line) = line else { break };
                    let _ = writeln!(log, "{line}");
                    let mut s = keep.lock().unwrap_or_else(|e| e.into_inner());
                    s.push_str(&line);
                    s.push('\n');
                }
            });
        }

        let base_url = format!("http://{addr}");
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("HTTP client");
        let mut server = Server {
            child: Some(child),
            base_url,
            root: Some(root),
            data_dir,
            log_path,
            stdout,
            accounts: Vec::new(),
            artifacts,
            http,
            bin: bin.to_path_buf(),
        };

        let started = Instant::now();
        loop {
            if let Some(status) = server
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                server.child = None;
                let tail = util::tail(&server.log_path, 40);
                let retry = tail.contains("serve.bind");
                let msg = format!(
                    "motcua exited before it was healthy ({status}): {command_line}\n--- last lines of its log ---\n{tail}"
                );
                if retry {
                    // Nothing to keep: the next attempt gets a fresh folder.
                    return Err((msg, true));
                }
                // `server` is dropped here while not panicking: keep the log by hand.
                let kept = server.keep_log();
                return Err((format!("{msg}\n(log kept at {})", kept.display()), false));
            }
            let ok = server
                .http
                .get(server.url("/healthz"))
                .timeout(Duration::from_secs(5))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ok {
                break;
            }
            if started.elapsed() > opts.startup_timeout {
                let kept = server.keep_log();
                return Err((
                    format!(
                        "motcua did not answer GET {}/healthz with 200 within {:?}: {command_line}\n\
                         --- last lines of its log (kept at {}) ---\n{}",
                        server.base_url,
                        opts.startup_timeout,
                        kept.display(),
                        util::tail(&server.log_path, 40)
                    ),
                    false,
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        if opts.demo {
            // The accounts are printed (and flushed) before the server listens; give the reader
            // thread a moment to take them in.
            let deadline = Instant::now() + Duration::from_secs(3);
            let mut last_len = usize::MAX;
            loop {
                let text = server.stdout_text();
                let accounts = parse_demo_accounts(&text);
                if !accounts.is_empty() && accounts.len() == last_len {
                    server.accounts = accounts;
                    break;
                }
                last_len = accounts.len();
                if Instant::now() > deadline {
                    server.accounts = accounts;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Ok(server)
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `base_url` + `path` (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The server's data folder (deleted when the server is dropped).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The binary that runs.
    pub fn bin(&self) -> &Path {
        &self.bin
    }

    /// The log file (standard output and standard error of the server).
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Everything the server printed on standard output so far.
    pub fn stdout_text(&self) -> String {
        self.stdout
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The test's artifacts folder.
    pub fn artifacts(&self) -> &Artifacts {
        &self.artifacts
    }

    /// The demo accounts printed at start (empty unless demo mode).
    pub fn demo_accounts(&self) -> &[DemoAccount] {
        &self.accounts
    }

    /// The first demo account with role code `role` (`citizen`, `desk_officer`, …). Panics with
    /// the list of accounts when there is none.
    pub fn account(&self, role: &str) -> &DemoAccount {
        self.accounts
            .iter()
            .find(|a| a.role == role)
            .unwrap_or_else(|| self.no_account(role, None))
    }

    /// The demo account with role `role` in unit `unit` (`H99.01`).
    pub fn account_at(&self, role: &str, unit: &str) -> &DemoAccount {
        self.accounts
            .iter()
            .find(|a| a.role == role && a.unit.as_deref() == Some(unit))
            .unwrap_or_else(|| self.no_account(role, Some(unit)))
    }

    fn no_account(&self, role: &str, unit: Option<&str>) -> ! {
        panic!(
            "no demo account with role {role:?}{} (was the server started with demo: true?). \
             Accounts read from its output: {:#?}",
            unit.map(|u| format!(" in unit {u:?}")).unwrap_or_default(),
            self.accounts
        )
    }

    /// A browser whose relative paths go to this server (`Browser::start_with` with
    /// `base_url` set and the same artifacts folder).
    pub async fn browser(&self) -> Browser {
        self.browser_with(BrowserOptions::default()).await
    }

    /// Like [`Server::browser`], with options (JavaScript off, desktop size, large text…).
    pub async fn browser_with(&self, mut opts: BrowserOptions) -> Browser {
        opts.base_url = Some(self.base_url.clone());
        if opts.name.is_none() {
            opts.name = Some(
                self.artifacts
                    .dir()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(util::current_test_name),
            );
        }
        Browser::start_with(opts).await
    }

    /// A client of the JSON API (`/api/v1/...` paths are relative to the server).
    pub fn api(&self) -> Api {
        Api {
            http: self.http.clone(),
            base_url: self.base_url.clone(),
            bearer: None,
        }
    }

    /// Copies the log into the artifacts folder; returns where.
    fn keep_log(&self) -> PathBuf {
        let dest = self.artifacts.next_path("server", "log");
        if std::fs::copy(&self.log_path, &dest).is_err() {
            return self.log_path.clone();
        }
        dest
    }

    /// Stops the server now (SIGTERM, then SIGKILL after 5 s). Idempotent.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        util::kill_pid(child.id(), libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match child.try_wait() {
                Ok(Some(_)) => return,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return;
                }
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if std::thread::panicking() {
            let kept = self.keep_log();
            eprintln!(
                "--- motcua server log (kept at {}), last lines ---\n{}",
                kept.display(),
                util::tail(&self.log_path, 30)
            );
        }
        if std::env::var_os("E2E_KEEP_DATA").is_some_and(|v| !v.is_empty())
            && let Some(root) = self.root.take()
        {
            let kept = root.keep();
            util::notice(&format!("e2e: server data kept at {}", kept.display()));
        }
    }
}

/// A small client of the JSON API for setting up a story (accounts, tokens, dossiers) without
/// clicking through pages. Answers are returned whatever their status; the story asserts.
#[derive(Debug, Clone)]
pub struct Api {
    http: reqwest::Client,
    base_url: String,
    bearer: Option<String>,
}

/// A citizen account made by [`Api::new_citizen`].
#[derive(Debug, Clone)]
pub struct Citizen {
    pub full_name: String,
    /// The login.
    pub phone: String,
    pub password: String,
    /// A bearer token (see [`Api::with_bearer`]).
    pub token: String,
}

/// An API answer: status and JSON body (`Value::Null` when the body is not JSON).
#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: u16,
    pub body: Value,
    pub text: String,
}

impl ApiResponse {
    /// Panics unless the status is 2xx, showing the body (a problem document, usually).
    #[track_caller]
    pub fn ok(self) -> Value {
        assert!(
            (200..300).contains(&self.status),
            "API answered {}: {}",
            self.status,
            self.text
        );
        self.body
    }
}

impl Api {
    /// The same client, sending `Authorization: Bearer <token>`.
    pub fn with_bearer(&self, token: &str) -> Api {
        Api {
            bearer: Some(token.to_string()),
            ..self.clone()
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder, what: &str) -> ApiResponse {
        let req = match &self.bearer {
            Some(t) => req.bearer_auth(t),
            None => req,
        };
        let resp = req
            .header("accept", "application/json")
            .header("accept-language", "vi")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        ApiResponse { status, body, text }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> ApiResponse {
        let url = format!("{}{path}", self.base_url);
        self.send(self.http.get(&url), &format!("GET {url}")).await
    }

    /// `POST path` with a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> ApiResponse {
        let url = format!("{}{path}", self.base_url);
        self.send(self.http.post(&url).json(body), &format!("POST {url}"))
            .await
    }

    /// `POST /api/v1/auth/signup` with `body` (the fields the API asks for; see
    /// `motcua openapi`). Returns the answer.
    pub async fn signup(&self, body: &Value) -> ApiResponse {
        self.post("/api/v1/auth/signup", body).await
    }

    /// A new citizen account (signed up through the API, then signed in): a unique mobile
    /// number as login. The server allows 20 sign-ups per hour from one address.
    pub async fn new_citizen(&self, full_name: &str) -> Citizen {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let phone = format!(
            "09{:08}",
            (std::process::id() % 10_000) * 10_000 + n % 10_000
        );
        let password = "Bi-mat-e2e-dai-hon-8".to_string();
        self.signup(&serde_json::json!({
            "full_name": full_name, "phone": phone, "password": password,
        }))
        .await
        .ok();
        let token = self.token(&phone, &password).await;
        Citizen {
            full_name: full_name.to_string(),
            phone,
            password,
            token,
        }
    }

    /// `POST /api/v1/auth/token` with `{"login", "password"}`; returns the token from the
    /// answer's `token` (or `access_token`) field. Panics on a non-2xx answer.
    pub async fn token(&self, login: &str, password: &str) -> String {
        let body = self
            .post(
                "/api/v1/auth/token",
                &serde_json::json!({ "login": login, "password": password }),
            )
            .await
            .ok();
        body.get("token")
            .or_else(|| body.get("access_token"))
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no access_token in the token answer: {body}"))
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_demo_block() {
        let out = [
            "motcua đang chạy tại / is running at: http://127.0.0.1:8080/",
            "",
            "CHẾ ĐỘ TRÌNH DIỄN — tài khoản mẫu, mật khẩu chung «motcua-demo» (không dùng cho dữ liệu thật)",
            "DEMO MODE — demo accounts, shared password \"motcua-demo\" (never for real data)",
            "  Người dân, doanh nghiệp      0912345678       Nguyễn Văn An",
            "  Tổ công nghệ số cộng đồng    totcns           Trần Thị Bình (Tổ công nghệ số cộng đồng)",
            "  Công chức Bộ phận Một cửa    motcua01         Lê Thị Cúc [H99.01]",
            "  Chuyên viên                  chuyenvien.stp   Đỗ Hữu Khánh [H99.10]",
            "  Quản trị hệ thống            quantri          Quản trị hệ thống (demo)",
            "  Nhân viên mới                abc.def          Ai Đó [H99.02]",
            "",
        ]
        .join("\n");
        let out = out.as_str();
        let a = parse_demo_accounts(out);
        assert_eq!(a.len(), 6);
        assert_eq!(a[0].role, "citizen");
        assert_eq!(a[0].login, "0912345678");
        assert_eq!(a[0].name, "Nguyễn Văn An");
        assert_eq!(a[0].unit, None);
        assert_eq!(a[0].password, "motcua-demo");
        assert_eq!(a[1].name, "Trần Thị Bình (Tổ công nghệ số cộng đồng)");
        assert_eq!(a[2].role, "desk_officer");
        assert_eq!(a[2].unit.as_deref(), Some("H99.01"));
        assert_eq!(a[3].role, "specialist");
        assert_eq!(a[3].login, "chuyenvien.stp");
        assert_eq!(a[4].role, "admin");
        assert_eq!(a[5].role, "Nhân viên mới");
        assert_eq!(a[5].login, "abc.def");
        assert_eq!(a[5].unit.as_deref(), Some("H99.02"));
    }

    #[test]
    fn missing_binary_says_how_to_build_it() {
        let dir = tempfile::tempdir().unwrap();
        let e = find_motcua_bin(None, dir.path(), Some("debug")).unwrap_err();
        assert!(e.contains("cargo build -p motcua"), "{e}");
        assert!(
            e.contains(
                &dir.path()
                    .join("debug")
                    .join("motcua")
                    .display()
                    .to_string()
            ),
            "{e}"
        );
        assert!(e.contains("release"), "{e}");
        let e = find_motcua_bin(Some("/nonexistent/motcua".into()), dir.path(), None).unwrap_err();
        assert!(e.contains("MOTCUA_BIN=/nonexistent/motcua"), "{e}");

        std::fs::create_dir_all(dir.path().join("release")).unwrap();
        std::fs::write(dir.path().join("release").join("motcua"), b"").unwrap();
        assert_eq!(
            find_motcua_bin(None, dir.path(), Some("debug")).unwrap(),
            dir.path().join("release").join("motcua")
        );
    }

    #[test]
    fn no_block_no_accounts() {
        assert!(parse_demo_accounts("motcua is running at: http://x/\n").is_empty());
    }
}
