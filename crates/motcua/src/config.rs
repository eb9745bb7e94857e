//! Configuration: built-in defaults, then a TOML file, then `MOTCUA_*` environment variables,
//! then command-line flags (each later source wins).
//!
//! Secrets (the S3 secret key, a database password) are read only from the environment or from
//! a file named by `MOTCUA_*_FILE` (Docker/Kubernetes secrets): a configuration file is copied,
//! committed and printed far more often than an environment is, so a secret found in the TOML
//! file is refused with a message saying where to put it instead.
//!
//! Every key, its variable and its default are listed in docs/OPERATIONS.md and in
//! config/motcua.example.toml.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fail::CliError;

/// Everything `motcua` reads at start.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Refuses demo data and requires the settings a public deployment needs.
    pub production: bool,
    /// SQLite database (`motcua.db`) and local blobs (`blobs/`) live here.
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; empty means SQLite in `data_dir`.
    pub database_url: Option<String>,
    pub server: Server,
    pub blobs: Blobs,
    pub log: Log,
    /// Signing keys of electronic results (issue #5, docs/OFFICE.md "Signing keys").
    pub signing: motcua_office::SigningConfig,
    /// Form numbering (TT 03/2025 or TT 01/2018) and the place printed on documents.
    pub forms: motcua_office::FormsConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Server {
    /// Where to listen, `HOST:PORT`.
    pub addr: String,
    /// The address people use (links in e-mails, QR codes on documents). Defaults to the
    /// listening address.
    pub public_url: Option<String>,
    pub max_upload_bytes: u64,
    pub max_request_bytes: u64,
    pub session_hours: u32,
    /// After SIGTERM/SIGINT, how long in-flight requests may take before the server stops
    /// waiting for them (queued commits are always drained).
    pub shutdown_grace_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlobBackend {
    /// `<data_dir>/blobs`, one node.
    Local,
    /// S3-compatible object storage, for several app nodes.
    S3,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Blobs {
    pub backend: BlobBackend,
    pub s3: S3,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3 {
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub prefix: String,
    pub access_key_id: Option<String>,
    pub allow_http: bool,
    /// Secret: only from `MOTCUA_S3_SECRET_ACCESS_KEY` or `MOTCUA_S3_SECRET_ACCESS_KEY_FILE`.
    #[serde(skip)]
    pub secret_access_key: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// JSON when standard error is not a terminal (containers, systemd), text otherwise.
    Auto,
    Json,
    Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Log {
    pub format: LogFormat,
    /// `tracing` filter (`RUST_LOG` syntax); `RUST_LOG` itself wins.
    pub filter: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            production: false,
            data_dir: PathBuf::from("motcua-data"),
            database_url: None,
            server: Server::default(),
            blobs: Blobs::default(),
            log: Log::default(),
            signing: Default::default(),
            forms: Default::default(),
        }
    }
}

impl Default for Server {
    fn default() -> Self {
        Server {
            addr: "127.0.0.1:8080".into(),
            public_url: None,
            // A phone photo of a paper is a few MB; a scanned multi-page PDF rarely over 20.
            max_upload_bytes: 20 * 1024 * 1024,
            max_request_bytes: 64 * 1024 * 1024,
            session_hours: 12,
            shutdown_grace_secs: 30,
        }
    }
}

impl Default for Blobs {
    fn default() -> Self {
        Blobs {
            backend: BlobBackend::Local,
            s3: S3::default(),
        }
    }
}

impl Default for Log {
    fn default() -> Self {
        Log {
            format: LogFormat::Auto,
            filter: "info".into(),
        }
    }
}

/// How an environment variable's text becomes a TOML value.
#[derive(Clone, Copy)]
enum Kind {
    Str,
    Bool,
    Int,
}

/// `MOTCUA_<NAME>` → TOML path. The one list of variables (docs/OPERATIONS.md copies it).
const VARS: &[(&str, &str, Kind)] = &[
    ("PRODUCTION", "production", Kind::Bool),
    ("DATA_DIR", "data_dir", Kind::Str),
    ("DATABASE_URL", "database_url", Kind::Str),
    ("SERVER_ADDR", "server.addr", Kind::Str),
    ("PUBLIC_URL", "server.public_url", Kind::Str),
    ("MAX_UPLOAD_BYTES", "server.max_upload_bytes", Kind::Int),
    ("MAX_REQUEST_BYTES", "server.max_request_bytes", Kind::Int),
    ("SESSION_HOURS", "server.session_hours", Kind::Int),
    (
        "SHUTDOWN_GRACE_SECS",
        "server.shutdown_grace_secs",
        Kind::Int,
    ),
    ("BLOBS", "blobs.backend", Kind::Str),
    ("S3_ENDPOINT", "blobs.s3.endpoint", Kind::Str),
    ("S3_BUCKET", "blobs.s3.bucket", Kind::Str),
    ("S3_REGION", "blobs.s3.region", Kind::Str),
    ("S3_PREFIX", "blobs.s3.prefix", Kind::Str),
    ("S3_ACCESS_KEY_ID", "blobs.s3.access_key_id", Kind::Str),
    ("S3_ALLOW_HTTP", "blobs.s3.allow_http", Kind::Bool),
    ("LOG_FORMAT", "log.format", Kind::Str),
    ("LOG", "log.filter", Kind::Str),
];

/// Secrets: never in the TOML file, from `MOTCUA_<NAME>` or the file named by `MOTCUA_<NAME>_FILE`.
const SECRETS: &[(&str, &str)] = &[
    ("S3_SECRET_ACCESS_KEY", "blobs.s3.secret_access_key"),
    ("SIGNING_PASSWORD", "signing.password"),
];

/// Variables that are ours but not configuration keys (read elsewhere).
const OTHER_VARS: &[&str] = &["CONFIG", "TEST_DATABASE_URL", "DATABASE_URL_FILE"];

/// What the command line says about configuration (the global flags).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub config_file: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
}

impl Config {
    /// Loads the configuration from the real environment.
    pub fn load(overrides: &Overrides) -> Result<Config, CliError> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_from(overrides, &env)
    }

    /// Loads with an explicit environment (tests).
    pub fn load_from(overrides: &Overrides, env: &[(String, String)]) -> Result<Config, CliError> {
        let get = |name: &str| {
            env.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        let mut tree = match &overrides.config_file {
            Some(path) => read_toml(path)?,
            None => toml::Table::new(),
        };
        if let Some(path) = &overrides.config_file {
            refuse_secrets_in_file(path, &tree)?;
        }
        for (name, key, kind) in VARS {
            let var = format!("MOTCUA_{name}");
            if let Some(raw) = get(&var) {
                set(&mut tree, key, env_value(&var, &raw, *kind)?);
            }
        }
        // The database URL may carry a password: `MOTCUA_DATABASE_URL_FILE` like the secrets.
        if let Some(url) = secret("DATABASE_URL", &get)? {
            set(&mut tree, "database_url", toml::Value::String(url));
        }
        if let Some(dir) = &overrides.data_dir {
            set(
                &mut tree,
                "data_dir",
                toml::Value::String(dir.display().to_string()),
            );
        }
        if let Some(url) = overrides.database_url.as_ref().filter(|u| !u.is_empty()) {
            set(&mut tree, "database_url", toml::Value::String(url.clone()));
        }
        let origin = overrides
            .config_file
            .as_ref()
            .map_or("the environment".to_string(), |p| p.display().to_string());
        let mut config: Config = tree.try_into().map_err(|e: toml::de::Error| {
            CliError::new(
                "config.invalid",
                format!("Cấu hình không hợp lệ ({origin}): {}", e.message()),
                format!("Invalid configuration ({origin}): {}", e.message()),
            )
        })?;
        config.blobs.s3.secret_access_key = secret("S3_SECRET_ACCESS_KEY", &get)?;
        config.signing.password = secret("SIGNING_PASSWORD", &get)?;
        for (k, _) in env {
            if let Some(name) = k.strip_prefix("MOTCUA_") {
                let known = VARS.iter().any(|(n, _, _)| *n == name)
                    || SECRETS
                        .iter()
                        .any(|(n, _)| *n == name || name.strip_suffix("_FILE") == Some(n))
                    || OTHER_VARS.contains(&name);
                if !known {
                    // A typo in a variable name would otherwise silently keep the default.
                    eprintln!(
                        "Cảnh báo: biến môi trường {k} không được motcua dùng. / Warning: {k} is not a motcua setting."
                    );
                }
            }
        }
        config.check()?;
        Ok(config)
    }

    /// The database to open: the PostgreSQL URL, or the SQLite file in the data directory.
    pub fn database(&self) -> String {
        match self
            .database_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            Some(url) => url.to_string(),
            None => self.sqlite_path().display().to_string(),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"))
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.join("motcua.db")
    }

    /// The address people are told to open.
    pub fn public_url(&self, bound: std::net::SocketAddr) -> String {
        match &self.server.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", crate::serve::reachable(bound)),
        }
    }

    /// Rules that do not depend on the command.
    fn check(&self) -> Result<(), CliError> {
        if let Some(url) = &self.database_url {
            let u = url.trim();
            // SQLite is chosen by leaving this empty (the file is in data_dir), so anything
            // else is a mistake worth stopping for, not a file name to create.
            if !(u.starts_with("postgres://") || u.starts_with("postgresql://")) {
                return Err(CliError::new(
                    "config.database_url",
                    format!(
                        "database_url phải bắt đầu bằng postgres:// (hoặc để trống để dùng SQLite trong thư mục dữ liệu); đã nhận «{}».",
                        redact(u)
                    ),
                    format!(
                        "database_url must start with postgres:// (or be empty for SQLite in the data directory); got {:?}.",
                        redact(u)
                    ),
                ));
            }
        }
        if self.blobs.backend == BlobBackend::S3 && self.blobs.s3.bucket.trim().is_empty() {
            return Err(CliError::new(
                "config.s3_bucket",
                "Lưu tệp trên S3 cần tên bucket (blobs.s3.bucket hoặc MOTCUA_S3_BUCKET).",
                "S3 blob storage needs a bucket (blobs.s3.bucket or MOTCUA_S3_BUCKET).",
            ));
        }
        Ok(())
    }

    /// What a public deployment must have (checked by `serve` in production mode).
    pub fn check_production(&self) -> Result<(), CliError> {
        if !self.production {
            return Ok(());
        }
        let mut missing = Vec::new();
        if self.server.public_url.is_none() {
            missing.push("server.public_url (MOTCUA_PUBLIC_URL)");
        }
        if self.blobs.backend == BlobBackend::S3 {
            if self.blobs.s3.access_key_id.is_none() {
                missing.push("blobs.s3.access_key_id (MOTCUA_S3_ACCESS_KEY_ID)");
            }
            if self.blobs.s3.secret_access_key.is_none() {
                missing.push("MOTCUA_S3_SECRET_ACCESS_KEY (or MOTCUA_S3_SECRET_ACCESS_KEY_FILE)");
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        let list = missing.join(", ");
        Err(CliError::new(
            "config.production_incomplete",
            format!("Chế độ vận hành chính thức (production = true) thiếu: {list}."),
            format!("Production mode (production = true) is missing: {list}."),
        ))
    }
}

fn read_toml(path: &Path) -> Result<toml::Table, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::new(
            "config.unreadable",
            format!("Không đọc được tệp cấu hình {}: {e}", path.display()),
            format!("Cannot read the configuration file {}: {e}", path.display()),
        )
    })?;
    text.parse::<toml::Table>().map_err(|e| {
        let at = e
            .span()
            .map(|s| {
                let (line, col) = line_col(&text, s.start);
                format!(":{line}:{col}")
            })
            .unwrap_or_default();
        CliError::new(
            "config.syntax",
            format!(
                "Tệp cấu hình {}{at} sai cú pháp TOML: {}",
                path.display(),
                e.message()
            ),
            format!("{}{at}: not valid TOML: {}", path.display(), e.message()),
        )
    })
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn env_value(var: &str, raw: &str, kind: Kind) -> Result<toml::Value, CliError> {
    let bad = |what_vi: &str, what_en: &str| {
        CliError::new(
            "config.env",
            format!("Biến môi trường {var}={raw:?} không hợp lệ: cần {what_vi}."),
            format!("The environment variable {var}={raw:?} is not valid: expected {what_en}."),
        )
    };
    Ok(match kind {
        Kind::Str => toml::Value::String(raw.to_string()),
        Kind::Bool => match raw.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => toml::Value::Boolean(true),
            "0" | "false" | "no" | "off" => toml::Value::Boolean(false),
            _ => return Err(bad("true hoặc false", "true or false")),
        },
        Kind::Int => toml::Value::Integer(
            raw.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| bad("một số nguyên không âm", "a non-negative integer"))?,
        ),
    })
}

fn get<'a>(tree: &'a toml::Table, dotted: &str) -> Option<&'a toml::Value> {
    let mut parts = dotted.split('.');
    let mut v = tree.get(parts.next()?)?;
    for p in parts {
        v = v.as_table()?.get(p)?;
    }
    Some(v)
}

fn set(tree: &mut toml::Table, dotted: &str, value: toml::Value) {
    let mut parts: Vec<&str> = dotted.split('.').collect();
    let last = parts.pop().expect("non-empty key");
    let mut t = tree;
    for p in parts {
        let entry = t
            .entry(p.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        t = entry.as_table_mut().expect("just made a table");
    }
    t.insert(last.to_string(), value);
}

mod secrets;
#[cfg(test)]
mod tests;

pub use secrets::redact;
use secrets::{refuse_secrets_in_file, secret};
