//! Checks the national JSON format record by record and key by key, collecting every problem
//! with its line and column. Only a file without problems reaches the mapping.

use std::collections::{HashMap, HashSet};

use super::error::{Expected, ImportError, ImportProblem, ProblemKind, RecordRef};
use super::json::{self, LineIndex, Member, Node, Value};
use super::map::{components::parse_copies, levels};
use crate::ids::ProcedureCode;
use crate::procedure::{Level, OnlineMode};

/// Keys of one procedure record, and whether each must be present (present keys may still be
/// null where the format allows it).
pub const RECORD_KEYS: [(&str, bool); 13] = [
    ("code", true),
    ("name_vi", true),
    ("name_en", false),
    ("field_vi", true),
    ("level", true),
    ("processing_time_text", true),
    ("processing_days", true),
    ("fee_text", true),
    ("required_documents", true),
    ("result_vi", true),
    ("online_mode", true),
    ("source_urls", false),
    ("caveats", false),
];

/// Keys of one item of `required_documents`.
pub const DOCUMENT_KEYS: [(&str, bool); 2] = [("name_vi", true), ("copies", true)];

/// A record that passed every check.
#[derive(Debug, Clone)]
pub struct Raw {
    pub code: Option<ProcedureCode>,
    pub name_vi: String,
    pub name_en: Option<String>,
    pub field_vi: String,
    pub level: String,
    pub levels: Vec<Level>,
    pub processing_time_text: Option<String>,
    pub processing_days: Option<u32>,
    pub fee_text: Option<String>,
    pub documents: Vec<RawDocument>,
    pub result_vi: Option<String>,
    pub online_mode: Option<OnlineMode>,
    pub source_urls: Vec<String>,
    pub caveats: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RawDocument {
    pub name_vi: String,
    pub copies_text: Option<String>,
    pub originals: u8,
    pub copies: u8,
}

struct Checker<'t> {
    text: &'t str,
    file: &'t str,
    lines: LineIndex,
    problems: Vec<ImportProblem>,
}

impl Checker<'_> {
    fn report(&mut self, at: usize, record: Option<&RecordRef>, path: &str, kind: ProblemKind) {
        let (line, column) = self.lines.position(self.text, at);
        self.problems.push(ImportProblem {
            file: self.file.to_string(),
            line,
            column,
            record: record.cloned(),
            path: path.to_string(),
            kind,
        });
    }

    /// Reports unknown and repeated keys; returns the first member of each known key.
    fn members<'n>(
        &mut self,
        members: &'n [Member],
        keys: &[(&'static str, bool)],
        obj_at: usize,
        rec: &RecordRef,
        prefix: &str,
    ) -> HashMap<&'static str, &'n Node> {
        let mut out = HashMap::new();
        let mut seen = HashSet::new();
        for m in members {
            let path = format!("{prefix}{}", m.key);
            if !seen.insert(m.key.as_str()) {
                let key = m.key.clone();
                self.report(
                    m.key_at,
                    Some(rec),
                    &path,
                    ProblemKind::DuplicateKey { key },
                );
            } else if let Some((k, _)) = keys.iter().find(|(k, _)| *k == m.key) {
                out.insert(*k, &m.value);
            } else {
                let key = m.key.clone();
                self.report(m.key_at, Some(rec), &path, ProblemKind::UnknownKey { key });
            }
        }
        for (key, required) in keys {
            if *required && !out.contains_key(key) {
                let path = format!("{prefix}{key}");
                self.report(obj_at, Some(rec), &path, ProblemKind::MissingKey { key });
            }
        }
        out
    }

    /// A string (trimmed), or `None` for null/absent when `nullable`.
    fn text(
        &mut self,
        node: Option<&Node>,
        nullable: bool,
        rec: &RecordRef,
        path: &str,
    ) -> Option<String> {
        let node = node?;
        match &node.value {
            Value::String(s) if !nullable && s.trim().is_empty() => {
                self.report(node.at, Some(rec), path, ProblemKind::EmptyText);
                None
            }
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Null if nullable => None,
            other => {
                let expected = if nullable {
                    Expected::TextOrNull
                } else {
                    Expected::Text
                };
                let found = other.type_name();
                self.report(
                    node.at,
                    Some(rec),
                    path,
                    ProblemKind::WrongType { expected, found },
                );
                None
            }
        }
    }

    fn text_list(&mut self, node: Option<&Node>, rec: &RecordRef, path: &str) -> Vec<String> {
        let Some(node) = node else { return Vec::new() };
        let Value::Array(items) = &node.value else {
            let found = node.value.type_name();
            let kind = ProblemKind::WrongType {
                expected: Expected::ListOfText,
                found,
            };
            self.report(node.at, Some(rec), path, kind);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match &item.value {
                Value::String(s) => out.push(s.trim().to_string()),
                other => {
                    let kind = ProblemKind::WrongType {
                        expected: Expected::Text,
                        found: other.type_name(),
                    };
                    self.report(item.at, Some(rec), &format!("{path}[{i}]"), kind);
                }
            }
        }
        out
    }

    fn record(&mut self, index: usize, node: &Node) -> Option<(Raw, Option<usize>)> {
        let code_as_written = match &node.value {
            Value::Object(ms) => {
                ms.iter()
                    .find(|m| m.key == "code")
                    .and_then(|m| match &m.value.value {
                        Value::String(s) => Some(s.clone()),
                        _ => None,
                    })
            }
            _ => None,
        };
        let rec = RecordRef {
            index,
            code: code_as_written,
        };
        let Value::Object(members) = &node.value else {
            let kind = ProblemKind::WrongType {
                expected: Expected::Object,
                found: node.value.type_name(),
            };
            self.report(node.at, Some(&rec), "", kind);
            return None;
        };
        let before = self.problems.len();
        let m = self.members(members, &RECORD_KEYS, node.at, &rec, "");
        let code_node = m.get("code").copied();
        let code = match self.text(code_node, true, &rec, "code") {
            Some(s) => match ProcedureCode::parse(&s) {
                Ok(c) => Some(c),
                Err(_) => {
                    let at = code_node.map_or(node.at, |n| n.at);
                    self.report(at, Some(&rec), "code", ProblemKind::BadCode { value: s });
                    None
                }
            },
            None => None,
        };
        let name_vi = self.text(m.get("name_vi").copied(), false, &rec, "name_vi");
        let name_en = self.text(m.get("name_en").copied(), true, &rec, "name_en");
        let field_vi = self.text(m.get("field_vi").copied(), false, &rec, "field_vi");
        let level = self.text(m.get("level").copied(), false, &rec, "level");
        let mut found_levels = Vec::new();
        if let (Some(l), Some(n)) = (&level, m.get("level")) {
            found_levels = levels(l);
            if found_levels.is_empty() {
                let kind = ProblemKind::NoLevel { value: l.clone() };
                self.report(n.at, Some(&rec), "level", kind);
            }
        }
        let time_text = m.get("processing_time_text").copied();
        let processing_time_text = self.text(time_text, true, &rec, "processing_time_text");
        let processing_days = self.days(m.get("processing_days").copied(), &rec);
        let fee_text = self.text(m.get("fee_text").copied(), true, &rec, "fee_text");
        let result_vi = self.text(m.get("result_vi").copied(), true, &rec, "result_vi");
        let mode_node = m.get("online_mode").copied();
        let online_mode = match self.text(mode_node, true, &rec, "online_mode") {
            None => None,
            Some(s) => match s.as_str() {
                "toan_trinh" => Some(OnlineMode::Full),
                "mot_phan" => Some(OnlineMode::Partial),
                "truc_tiep" => Some(OnlineMode::InPerson),
                _ => {
                    let at = mode_node.map_or(node.at, |n| n.at);
                    let kind = ProblemKind::BadOnlineMode { value: s };
                    self.report(at, Some(&rec), "online_mode", kind);
                    None
                }
            },
        };
        let documents = self.documents(m.get("required_documents").copied(), &rec);
        let source_urls = self.text_list(m.get("source_urls").copied(), &rec, "source_urls");
        let caveats = self.text_list(m.get("caveats").copied(), &rec, "caveats");
        if self.problems.len() > before {
            return None;
        }
        let raw = Raw {
            code,
            name_vi: name_vi?,
            name_en,
            field_vi: field_vi?,
            level: level?,
            levels: found_levels,
            processing_time_text,
            processing_days: processing_days?,
            fee_text,
            documents,
            result_vi,
            online_mode,
            source_urls,
            caveats,
        };
        Some((raw, code_node.map(|n| n.at)))
    }

    /// `Some(None)` for null, `None` after a problem (or when absent: reported as missing).
    fn days(&mut self, node: Option<&Node>, rec: &RecordRef) -> Option<Option<u32>> {
        let node = node?;
        match &node.value {
            Value::Null => Some(None),
            Value::Number(s) => {
                let whole = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                match s.parse::<u32>().ok().filter(|_| whole) {
                    Some(n) => Some(Some(n)),
                    None => {
                        let kind = ProblemKind::BadProcessingDays { value: s.clone() };
                        self.report(node.at, Some(rec), "processing_days", kind);
                        None
                    }
                }
            }
            other => {
                let kind = ProblemKind::WrongType {
                    expected: Expected::WholeNumberOrNull,
                    found: other.type_name(),
                };
                self.report(node.at, Some(rec), "processing_days", kind);
                None
            }
        }
    }

    fn documents(&mut self, node: Option<&Node>, rec: &RecordRef) -> Vec<RawDocument> {
        let Some(node) = node else { return Vec::new() };
        let Value::Array(items) = &node.value else {
            let kind = ProblemKind::WrongType {
                expected: Expected::List,
                found: node.value.type_name(),
            };
            self.report(node.at, Some(rec), "required_documents", kind);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let prefix = format!("required_documents[{i}].");
            let Value::Object(members) = &item.value else {
                let kind = ProblemKind::WrongType {
                    expected: Expected::Object,
                    found: item.value.type_name(),
                };
                self.report(item.at, Some(rec), &prefix[..prefix.len() - 1], kind);
                continue;
            };
            let m = self.members(members, &DOCUMENT_KEYS, item.at, rec, &prefix);
            let name = self.text(
                m.get("name_vi").copied(),
                false,
                rec,
                &(prefix.clone() + "name_vi"),
            );
            let copies_node = m.get("copies").copied();
            let copies_path = prefix.clone() + "copies";
            let copies_text = self.text(copies_node, true, rec, &copies_path);
            // A missing count is kept as 0/0 ("not published"), never guessed.
            let counts = match &copies_text {
                None => Some((0, 0)),
                Some(t) => parse_copies(t).or_else(|| {
                    let at = copies_node.map_or(item.at, |n| n.at);
                    let kind = ProblemKind::BadCopies { value: t.clone() };
                    self.report(at, Some(rec), &copies_path, kind);
                    None
                }),
            };
            if let (Some(name_vi), Some((originals, copies))) = (name, counts) {
                out.push(RawDocument {
                    name_vi,
                    copies_text,
                    originals,
                    copies,
                });
            }
        }
        out
    }
}

/// Reads and checks the whole file: every record valid, codes unique; else every problem.
pub fn read(file: &str, text: &str) -> Result<Vec<Raw>, ImportError> {
    let mut cx = Checker {
        text,
        file,
        lines: LineIndex::new(text),
        problems: Vec::new(),
    };
    let root = match json::parse(text) {
        Ok(root) => root,
        Err(e) => {
            cx.report(e.at, None, "", ProblemKind::Syntax(e.kind));
            return Err(ImportError {
                problems: cx.problems,
            });
        }
    };
    let items = match &root.value {
        Value::Array(items) if items.is_empty() => {
            cx.report(root.at, None, "", ProblemKind::NoRecords);
            &[][..]
        }
        Value::Array(items) => &items[..],
        other => {
            let found = other.type_name();
            cx.report(root.at, None, "", ProblemKind::NotAList { found });
            &[][..]
        }
    };
    let mut records = Vec::new();
    let mut first_by_code: HashMap<ProcedureCode, usize> = HashMap::new();
    for (index, node) in items.iter().enumerate() {
        let Some((raw, code_at)) = cx.record(index, node) else {
            continue;
        };
        if let Some(code) = &raw.code {
            if let Some(&first_index) = first_by_code.get(code) {
                let rec = RecordRef {
                    index,
                    code: Some(code.to_string()),
                };
                let kind = ProblemKind::DuplicateCode {
                    code: code.to_string(),
                    first_index,
                };
                cx.report(code_at.unwrap_or(node.at), Some(&rec), "code", kind);
                continue;
            }
            first_by_code.insert(code.clone(), index);
        }
        records.push(raw);
    }
    if cx.problems.is_empty() {
        Ok(records)
    } else {
        // In file order, as a person fixes them.
        cx.problems.sort_by_key(|p| (p.line, p.column));
        Err(ImportError {
            problems: cx.problems,
        })
    }
}
