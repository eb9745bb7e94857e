//! `Database`: which backend, where, and how to open connections to it.

use std::fmt;
use std::path::{Path, PathBuf};

use super::postgres::PgConn;
use super::sqlite::SqliteConn;
use super::{Conn, Dialect};
use crate::error::{Result, StoreError};

/// Where the data lives. Cheap to clone; opening connections is explicit.
#[derive(Clone)]
pub struct Database {
    target: Target,
}

#[derive(Clone)]
enum Target {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite file
    /// path (an optional `sqlite:` / `sqlite://` prefix is accepted). For SQLite the parent
    /// directory is created.
    pub fn open(url_or_path: &str) -> Result<Self> {
        let s = url_or_path.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            // Parse now so a typo is reported at start-up, not at the first query.
            s.parse::<postgres::Config>()
                .map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?;
            return Ok(Database { target: Target::Postgres(s.to_owned()) });
        }
        let path = s.strip_prefix("sqlite://").or_else(|| s.strip_prefix("sqlite:")).unwrap_or(s);
        if path.is_empty() {
            return Err(StoreError::Config("empty database path".into()));
        }
        Self::sqlite(path)
    }

    /// A SQLite database file; its directory is created if missing.
    pub fn sqlite(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::io(format!("creating {}", dir.display()), e))?;
        }
        Ok(Database { target: Target::Sqlite(path) })
    }

    pub fn dialect(&self) -> Dialect {
        match self.target {
            Target::Sqlite(_) => Dialect::Sqlite,
            Target::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The SQLite file, if this is SQLite.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.target {
            Target::Sqlite(p) => Some(p),
            Target::Postgres(_) => None,
        }
    }

    /// A read-write connection (the writer's, migrations', the CLI's).
    pub fn connect(&self) -> Result<Box<dyn Conn>> {
        Ok(match &self.target {
            Target::Sqlite(p) => Box::new(SqliteConn::open_write(p)?),
            Target::Postgres(u) => Box::new(PgConn::connect(u)?),
        })
    }

    /// A connection for readers. On SQLite it is opened read-only (the database must exist);
    /// on PostgreSQL it is an ordinary session (read-only transactions are chosen per query).
    pub fn connect_read(&self) -> Result<Box<dyn Conn>> {
        Ok(match &self.target {
            Target::Sqlite(p) => Box::new(SqliteConn::open_read(p)?),
            Target::Postgres(u) => Box::new(PgConn::connect(u)?),
        })
    }
}

/// Never prints a password: this ends up in logs.
impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Target::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            Target::Postgres(u) => write!(f, "{}", redact(u)),
        }
    }
}

fn redact(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((auth, host)) = rest.rsplit_once('@') else { return url.to_owned() };
    match auth.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend() {
        let d = Database::open("postgres://u:pw@h:5432/db").unwrap();
        assert_eq!(d.dialect(), Dialect::Postgres);
        assert_eq!(format!("{d:?}"), "postgres://u:***@h:5432/db");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/motcua.db");
        let d = Database::open(p.to_str().unwrap()).unwrap();
        assert_eq!(d.dialect(), Dialect::Sqlite);
        assert!(dir.path().join("a/b").is_dir());
        assert!(Database::open("").is_err());
    }
}
