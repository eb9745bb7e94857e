//! `Row`: a decoded result row with typed getters by index or by column name.

use std::sync::Arc;

use super::Value;
use crate::error::{DecodeError, Result, StoreError};

/// One result row. Column names are shared by all rows of one result.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// A column designator: a zero-based index or a column name.
pub trait ColumnIndex: Copy {
    fn find(self, row: &Row) -> Result<usize>;
    fn describe(self) -> String;
}

impl ColumnIndex for usize {
    fn find(self, row: &Row) -> Result<usize> {
        if self < row.values.len() {
            Ok(self)
        } else {
            Err(decode(
                &format!("#{self}"),
                "an existing column",
                format!("only {} columns", row.values.len()),
            ))
        }
    }
    fn describe(self) -> String {
        format!("#{self}")
    }
}

impl ColumnIndex for &str {
    fn find(self, row: &Row) -> Result<usize> {
        // Names are compared case-insensitively because PostgreSQL folds unquoted names to
        // lower case while SQLite keeps them as written.
        row.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(self))
            .ok_or_else(|| {
                decode(
                    self,
                    "an existing column",
                    format!("columns {:?}", row.columns),
                )
            })
    }
    fn describe(self) -> String {
        self.to_owned()
    }
}

fn decode(column: &str, expected: &'static str, found: String) -> StoreError {
    StoreError::Decode(DecodeError {
        column: column.to_owned(),
        expected,
        found,
    })
}

macro_rules! getters {
    ($get:ident, $get_opt:ident, $t:ty, $name:literal, $conv:expr) => {
        #[doc = concat!("Reads a non-NULL ", $name, " column.")]
        pub fn $get<I: ColumnIndex>(&self, idx: I) -> Result<$t> {
            match self.$get_opt(idx)? {
                Some(v) => Ok(v),
                None => Err(decode(&idx.describe(), $name, "NULL".into())),
            }
        }
        #[doc = concat!("Reads a nullable ", $name, " column.")]
        pub fn $get_opt<I: ColumnIndex>(&self, idx: I) -> Result<Option<$t>> {
            let v = self.value(idx)?;
            if v.is_null() {
                return Ok(None);
            }
            let conv: fn(&Value) -> Option<$t> = $conv;
            conv(v)
                .map(Some)
                .ok_or_else(|| decode(&idx.describe(), $name, v.type_name().into()))
        }
    };
}

impl Row {
    pub(crate) fn new(columns: Arc<[String]>, values: Vec<Value>) -> Self {
        Row { columns, values }
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// The raw value of a column.
    pub fn value<I: ColumnIndex>(&self, idx: I) -> Result<&Value> {
        Ok(&self.values[idx.find(self)?])
    }

    getters!(get_i64, get_opt_i64, i64, "integer", |v| match v {
        Value::Int(i) => Some(*i),
        _ => None,
    });
    getters!(get_f64, get_opt_f64, f64, "real", |v| match v {
        Value::Real(f) => Some(*f),
        // An integer-valued REAL may come back as INTEGER from SQLite; widening is exact
        // enough for the magnitudes we store (|i| < 2^53).
        Value::Int(i) => Some(*i as f64),
        _ => None,
    });
    getters!(get_text, get_opt_text, String, "text", |v| match v {
        Value::Text(s) => Some(s.clone()),
        _ => None,
    });
    getters!(get_blob, get_opt_blob, Vec<u8>, "blob", |v| match v {
        Value::Blob(b) => Some(b.clone()),
        _ => None,
    });
    getters!(
        get_bool,
        get_opt_bool,
        bool,
        "boolean (integer 0 or 1)",
        |v| match v {
            Value::Int(0) => Some(false),
            Value::Int(1) => Some(true),
            _ => None,
        }
    );

    /// Borrows a non-NULL text column without copying it.
    pub fn get_str<I: ColumnIndex>(&self, idx: I) -> Result<&str> {
        match self.value(idx)? {
            Value::Text(s) => Ok(s),
            v => Err(decode(&idx.describe(), "text", v.type_name().into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> Row {
        Row::new(
            Arc::from(vec![
                "id".to_string(),
                "Name".into(),
                "gone".into(),
                "flag".into(),
            ]),
            vec![
                Value::Int(5),
                Value::Text("An".into()),
                Value::Null,
                Value::Int(1),
            ],
        )
    }

    #[test]
    fn getters_by_index_and_name() {
        let r = row();
        assert_eq!(r.get_i64(0).unwrap(), 5);
        assert_eq!(r.get_text("name").unwrap(), "An");
        assert_eq!(r.get_opt_text("gone").unwrap(), None);
        assert!(r.get_bool("flag").unwrap());
        assert_eq!(r.get_f64("id").unwrap(), 5.0);
    }

    #[test]
    fn clear_errors() {
        let r = row();
        let e = r.get_i64("name").unwrap_err().to_string();
        assert!(
            e.contains("`name`") && e.contains("expected integer") && e.contains("text"),
            "{e}"
        );
        let e = r.get_text("gone").unwrap_err().to_string();
        assert!(e.contains("NULL"), "{e}");
        let e = r.get_i64("nope").unwrap_err().to_string();
        assert!(e.contains("nope"), "{e}");
        assert!(r.get_i64(9).is_err());
    }
}
