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
    Postgres(Box<postgres::Config>),
}

impl Database {
    /// `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite file
    /// path (an optional `sqlite:` / `sqlite://` prefix is accepted). For SQLite the parent
    /// directory is created.
    pub fn open(url_or_path: &str) -> Result<Self> {
        let s = url_or_path.trim();
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            // Parse now so a typo is reported at start-up, not at the first query.
            let config = s
                .parse::<postgres::Config>()
                .map_err(|e| StoreError::Config(format!("invalid PostgreSQL URL: {e}")))?;
            return Ok(Self::postgres(config));
        }
        let path = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
            .unwrap_or(s);
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
        Ok(Database {
            target: Target::Sqlite(path),
        })
    }

    /// A PostgreSQL database described by a driver config.
    pub fn postgres(config: postgres::Config) -> Self {
        Database {
            target: Target::Postgres(Box::new(config)),
        }
    }

    /// The PostgreSQL config, if this is PostgreSQL.
    pub fn postgres_config(&self) -> Option<&postgres::Config> {
        match &self.target {
            Target::Postgres(c) => Some(c),
            Target::Sqlite(_) => None,
        }
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
            Target::Postgres(c) => Box::new(PgConn::connect(c)?),
        })
    }

    /// A connection for readers. On SQLite it is opened read-only (the database must exist);
    /// on PostgreSQL it is an ordinary session (read-only transactions are chosen per query).
    pub fn connect_read(&self) -> Result<Box<dyn Conn>> {
        Ok(match &self.target {
            Target::Sqlite(p) => Box::new(SqliteConn::open_read(p)?),
            Target::Postgres(c) => Box::new(PgConn::connect(c)?),
        })
    }
}

/// Never prints a password: this ends up in logs.
impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.target {
            Target::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            Target::Postgres(c) => {
                let hosts: Vec<String> = c
                    .get_hosts()
                    .iter()
                    .map(|h| match h {
                        postgres::config::Host::Tcp(h) => h.clone(),
                        postgres::config::Host::Unix(p) => p.display().to_string(),
                    })
                    .collect();
                write!(
                    f,
                    "postgres://{}@{}:{:?}/{}",
                    c.get_user().unwrap_or(""),
                    hosts.join(","),
                    c.get_ports(),
                    c.get_dbname().unwrap_or("")
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend() {
        let d = Database::open("postgres://u:pw@h:5432/db").unwrap();
        assert_eq!(d.dialect(), Dialect::Postgres);
        let shown = format!("{d:?}");
        assert!(!shown.contains("pw") && shown.contains("db"), "{shown}");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/motcua.db");
        let d = Database::open(p.to_str().unwrap()).unwrap();
        assert_eq!(d.dialect(), Dialect::Sqlite);
        assert!(dir.path().join("a/b").is_dir());
        assert!(Database::open("").is_err());
    }
}
