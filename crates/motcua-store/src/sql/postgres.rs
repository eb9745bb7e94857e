//! The PostgreSQL backend (the synchronous `postgres` crate).
//!
//! The sync client drives its own small Tokio runtime internally, so a `PgConn` must live on a
//! dedicated std thread (writer, reader, CLI) and never be used inside an async task.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::{BufMut, BytesMut};
use postgres::error::SqlState;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, NoTls, Statement};

use super::{Conn, Dialect, Row, Value};
use crate::error::{DbErrorKind, DecodeError, Result, StoreError};

type BoxError = Box<dyn StdError + Sync + Send>;

/// Cap on cached statements; past it the cache is cleared (the store issues far fewer).
const STATEMENT_CACHE: usize = 1024;

pub struct PgConn {
    client: Client,
    statements: HashMap<String, (Statement, Arc<[String]>)>,
}

impl PgConn {
    pub fn connect(config: &postgres::Config) -> Result<Self> {
        let mut config = config.clone();
        if config.get_connect_timeout().is_none() {
            // An unreachable server must fail fast and loudly, not hang a start-up or a test.
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("motcua");
        }
        let client = config.connect(NoTls).map_err(|e| map_err(e, "connect"))?;
        Ok(PgConn {
            client,
            statements: HashMap::new(),
        })
    }

    fn prepare(&mut self, sql: &str) -> Result<(Statement, Arc<[String]>)> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        if self.statements.len() >= STATEMENT_CACHE {
            self.statements.clear();
        }
        let stmt = self.client.prepare(sql).map_err(|e| map_err(e, sql))?;
        let cols: Arc<[String]> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        self.statements
            .insert(sql.to_owned(), (stmt.clone(), cols.clone()));
        Ok((stmt, cols))
    }
}

/// Classifies a driver error by SQLSTATE and keeps the SQL for the logs.
fn map_err(e: postgres::Error, sql: &str) -> StoreError {
    let kind = match e.code() {
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => DbErrorKind::UniqueViolation,
        Some(c) if *c == SqlState::FOREIGN_KEY_VIOLATION => DbErrorKind::ForeignKeyViolation,
        Some(c) if *c == SqlState::NOT_NULL_VIOLATION || *c == SqlState::CHECK_VIOLATION => {
            DbErrorKind::ConstraintViolation
        }
        Some(c)
            if *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED =>
        {
            DbErrorKind::SerializationFailure
        }
        Some(c) if *c == SqlState::LOCK_NOT_AVAILABLE => DbErrorKind::Busy,
        Some(c) if c.code().starts_with("08") => DbErrorKind::Connection,
        Some(_) => DbErrorKind::Other,
        None if e.is_closed() => DbErrorKind::Connection,
        None => {
            // No SQLSTATE: an I/O or protocol failure, or a parameter we could not encode.
            if e.source().is_some_and(|s| s.is::<std::io::Error>()) || sql == "connect" {
                DbErrorKind::Connection
            } else {
                DbErrorKind::Other
            }
        }
    };
    let detail = match e.as_db_error() {
        Some(db) => format!("{e}: {db}; sql: {sql}"),
        None => match e.source() {
            Some(s) => format!("{e}: {s}; sql: {sql}"),
            None => format!("{e}; sql: {sql}"),
        },
    };
    StoreError::db(kind, detail)
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => match i {
                    0 | 1 => (*i == 1).to_sql(ty, out),
                    _ => Err(format!("boolean parameter must be 0 or 1, got {i}").into()),
                },
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
            Value::Text(s) => match *ty {
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    s.as_str().to_sql(ty, out)
                }
                Type::JSON => {
                    out.put_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                Type::JSONB => {
                    out.put_u8(1); // jsonb binary format version
                    out.put_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                _ => Err(mismatch(self, ty)),
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => Err(mismatch(self, ty)),
            },
        }
    }

    // Every type is "accepted" here and the pairing is checked in `to_sql`, so the error can
    // say which value met which column type.
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn mismatch(v: &Value, ty: &Type) -> BoxError {
    format!(
        "cannot bind a {} value to a PostgreSQL {} parameter (cast the placeholder in SQL, e.g. CAST($1 AS BIGINT))",
        v.type_name(),
        ty.name()
    )
    .into()
}

/// JSON / JSONB read as their text.
struct JsonText(String);

impl<'a> FromSql<'a> for JsonText {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let raw = if *ty == Type::JSONB {
            match raw.split_first() {
                Some((1, rest)) => rest,
                _ => return Err("unsupported jsonb version".into()),
            }
        } else {
            raw
        };
        Ok(JsonText(std::str::from_utf8(raw)?.to_owned()))
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::JSON || *ty == Type::JSONB
    }
}

fn decode_row(row: &postgres::Row, columns: &Arc<[String]>) -> Result<Row> {
    let mut values = Vec::with_capacity(row.len());
    for (i, col) in row.columns().iter().enumerate() {
        let ty = col.type_();
        let bad = |e: postgres::Error| {
            StoreError::Decode(DecodeError {
                column: col.name().to_owned(),
                expected: "a value of its declared type",
                found: e.to_string(),
            })
        };
        let v = match *ty {
            Type::INT8 => row
                .try_get::<_, Option<i64>>(i)
                .map_err(bad)?
                .map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)
                .map_err(bad)?
                .map(Value::from),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)
                .map_err(bad)?
                .map(Value::from),
            Type::OID => row
                .try_get::<_, Option<u32>>(i)
                .map_err(bad)?
                .map(Value::from),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)
                .map_err(bad)?
                .map(Value::from),
            Type::FLOAT8 => row
                .try_get::<_, Option<f64>>(i)
                .map_err(bad)?
                .map(Value::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)
                .map_err(bad)?
                .map(|f| Value::Real(f64::from(f))),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => row
                .try_get::<_, Option<String>>(i)
                .map_err(bad)?
                .map(Value::Text),
            Type::BYTEA => row
                .try_get::<_, Option<Vec<u8>>>(i)
                .map_err(bad)?
                .map(Value::Blob),
            // `SELECT pg_advisory_lock(…)` and other void functions.
            Type::VOID => None,
            Type::JSON | Type::JSONB => row
                .try_get::<_, Option<JsonText>>(i)
                .map_err(bad)?
                .map(|j| Value::Text(j.0)),
            _ => {
                // NUMERIC is what `sum(bigint)` returns; the portable rule is to cast it.
                return Err(StoreError::Decode(DecodeError {
                    column: columns[i].clone(),
                    expected: "BIGINT, INTEGER, DOUBLE PRECISION, TEXT, BYTEA or BOOLEAN",
                    found: format!(
                        "PostgreSQL type {} (cast it in SQL, e.g. CAST(sum(x) AS BIGINT))",
                        ty.name()
                    ),
                }));
            }
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row::new(columns.clone(), values))
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let (stmt, _) = self.prepare(sql)?;
        self.client
            .execute(&stmt, &refs(params))
            .map_err(|e| map_err(e, sql))
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let (stmt, cols) = self.prepare(sql)?;
        let rows = self
            .client
            .query(&stmt, &refs(params))
            .map_err(|e| map_err(e, sql))?;
        rows.iter().map(|r| decode_row(r, &cols)).collect()
    }

    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(|e| map_err(e, sql))
    }

    fn begin(&mut self) -> Result<()> {
        self.execute_batch("BEGIN")
    }

    fn begin_read(&mut self) -> Result<()> {
        self.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    }
}
