//! Enrichment files (TOML under `data/catalog/`): what the national format lacks and a province
//! curates: online form fields, plain-language summaries, the supplement deadline per procedure,
//! and — for the demo catalog only — fill-ins for missing processing times and online levels.
//!
//! Every file has the same shape (any section may be absent):
//!
//! ```toml
//! [defaults]
//! supplement_close_after = { amount = 15, unit = "working_days" }
//!
//! [[procedure]]
//! code = "1.001193"
//! summary_vi = "…"
//! supplement_close_after = { amount = 15, unit = "working_days" }   # optional
//! processing_time = { amount = 3, unit = "working_days" }           # fill-in, only if missing
//! processing_time_note = "why this value"                            # required with it
//! online_mode = "partial"                                            # fill-in, only if unknown
//! online_mode_note = "why"
//!
//! [[form]]
//! procedure = "1.001193"
//! [[form.field]]
//! key = "child_name"
//! label_vi = "Họ, chữ đệm và tên của trẻ"
//! label_en = "Child's full name"
//! type = "text"            # text, long_text, date, number, select, citizen_id, phone, email, address, file
//! required = true
//! ```

use std::collections::BTreeMap;

use motcua_calendar::{Limit, TimeUnit};
use serde::Deserialize;

use super::error::{ImportError, ImportProblem, ProblemKind};
use super::json::LineIndex;
use crate::ids::ProcedureCode;
use crate::procedure::{FieldKind, FormField, OnlineMode};

/// R-LC-7: an unanswered supplement request closes the dossier after 15 working days (the
/// example of the 2025 inter-agency decree), unless a file says otherwise.
pub const DEFAULT_SUPPLEMENT_CLOSE_AFTER: Limit = Limit::working_days(15);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    defaults: Option<Defaults>,
    #[serde(default)]
    procedure: Vec<ProcedureEntry>,
    #[serde(default)]
    form: Vec<FormEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    supplement_close_after: Option<Limit>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureEntry {
    code: toml::Spanned<String>,
    #[serde(default)]
    summary_vi: Option<String>,
    #[serde(default)]
    supplement_close_after: Option<Limit>,
    #[serde(default)]
    processing_time: Option<Limit>,
    #[serde(default)]
    processing_time_note: Option<String>,
    #[serde(default)]
    online_mode: Option<OnlineMode>,
    #[serde(default)]
    online_mode_note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormEntry {
    procedure: toml::Spanned<String>,
    #[serde(default)]
    field: Vec<FormField>,
}

/// What one procedure gets from the enrichment files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    pub summary_vi: Option<String>,
    pub supplement_close_after: Option<Limit>,
    /// Demo fill-in: used only when the national record has no processing time.
    pub processing_time: Option<(Limit, String)>,
    /// Demo fill-in: used only when the national record does not give the online level.
    pub online_mode: Option<(OnlineMode, String)>,
    /// Curated online form fields (the default `request` field is added after them).
    pub form_fields: Vec<FormField>,
}

/// Enrichment from one or more files, by procedure code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrichment {
    pub supplement_close_after: Limit,
    pub procedures: BTreeMap<ProcedureCode, Extra>,
}

impl Default for Enrichment {
    fn default() -> Self {
        Enrichment {
            supplement_close_after: DEFAULT_SUPPLEMENT_CLOSE_AFTER,
            procedures: BTreeMap::new(),
        }
    }
}

const FORMS_TOML: &str = include_str!("../../../../data/catalog/forms.toml");
const ENRICHMENT_TOML: &str = include_str!("../../../../data/catalog/enrichment.toml");
const DEMO_TOML: &str = include_str!("../../../../data/catalog/demo.toml");

impl Enrichment {
    /// The curated files shipped with motcua (forms, summaries, supplement deadlines), applied
    /// to every import.
    pub fn builtin() -> Enrichment {
        let mut e = Enrichment::default();
        e.add("data/catalog/forms.toml", FORMS_TOML)
            .expect("data/catalog/forms.toml is valid (tested)");
        e.add("data/catalog/enrichment.toml", ENRICHMENT_TOML)
            .expect("data/catalog/enrichment.toml is valid (tested)");
        e
    }

    /// [`Enrichment::builtin`] plus the demo fill-ins of `data/catalog/demo.toml`.
    pub fn demo() -> Enrichment {
        let mut e = Enrichment::builtin();
        e.add("data/catalog/demo.toml", DEMO_TOML)
            .expect("data/catalog/demo.toml is valid (tested)");
        e
    }

    /// Adds one file; later files win for the same procedure and key. All problems are
    /// collected, with their line and column in `text`.
    pub fn add(&mut self, file: &str, text: &str) -> Result<(), ImportError> {
        let lines = LineIndex::new(text);
        let mut problems = Vec::new();
        let mut problem = |at: usize, message: String| {
            let (line, column) = lines.position(text, at);
            problems.push(ImportProblem {
                file: file.to_string(),
                line,
                column,
                record: None,
                path: String::new(),
                kind: ProblemKind::Enrichment { message },
            });
        };
        let parsed: File = match toml::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                let at = e.span().map_or(0, |s| s.start);
                problem(at, e.message().trim().to_string());
                return Err(ImportError { problems });
            }
        };
        let mut staged = self.clone();
        if let Some(limit) = parsed.defaults.and_then(|d| d.supplement_close_after) {
            staged.supplement_close_after = limit;
        }
        for entry in parsed.procedure {
            let at = entry.code.span().start;
            let Ok(code) = ProcedureCode::parse(entry.code.get_ref()) else {
                problem(
                    at,
                    format!(
                        "mã thủ tục «{}» không hợp lệ / invalid procedure code",
                        entry.code.get_ref()
                    ),
                );
                continue;
            };
            let extra = staged.procedures.entry(code).or_default();
            if let Some(s) = entry.summary_vi {
                extra.summary_vi = Some(s.trim().to_string());
            }
            if let Some(l) = entry.supplement_close_after {
                extra.supplement_close_after = Some(l);
            }
            match (entry.processing_time, entry.processing_time_note) {
                (Some(l), _) if l.amount == 0 && l.unit != TimeUnit::SameDay => problem(
                    at,
                    "processing_time phải lớn hơn 0 / must be more than zero".into(),
                ),
                (Some(l), Some(note)) => extra.processing_time = Some((l, note)),
                (Some(_), None) => problem(
                    at,
                    "processing_time cần processing_time_note nói nguồn của giá trị / needs a processing_time_note saying where the value comes from".into(),
                ),
                (None, _) => {}
            }
            match (entry.online_mode, entry.online_mode_note) {
                (Some(m), Some(note)) => extra.online_mode = Some((m, note)),
                (Some(_), None) => problem(
                    at,
                    "online_mode cần online_mode_note / needs an online_mode_note".into(),
                ),
                (None, _) => {}
            }
        }
        for form in parsed.form {
            let at = form.procedure.span().start;
            let Ok(code) = ProcedureCode::parse(form.procedure.get_ref()) else {
                problem(
                    at,
                    format!(
                        "mã thủ tục «{}» không hợp lệ / invalid procedure code",
                        form.procedure.get_ref()
                    ),
                );
                continue;
            };
            if let Err(m) = check_fields(&form.field) {
                problem(at, m);
                continue;
            }
            staged.procedures.entry(code).or_default().form_fields = form.field;
        }
        if problems.is_empty() {
            *self = staged;
            Ok(())
        } else {
            Err(ImportError { problems })
        }
    }

    pub fn get(&self, code: &ProcedureCode) -> Option<&Extra> {
        self.procedures.get(code)
    }
}

fn check_fields(fields: &[FormField]) -> Result<(), String> {
    let mut keys = std::collections::HashSet::new();
    for f in fields {
        let key_ok = !f.key.is_empty()
            && f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !key_ok {
            return Err(format!(
                "khóa trường «{}» chỉ gồm chữ thường, chữ số, «_» / field key {:?} must be lowercase letters, digits or '_'",
                f.key, f.key
            ));
        }
        if f.key == "request" || !keys.insert(f.key.as_str()) {
            return Err(format!(
                "khóa trường «{}» bị trùng (hoặc trùng trường mặc định «request») / field key {:?} is repeated (or clashes with the default \"request\")",
                f.key, f.key
            ));
        }
        if f.label_vi.trim().is_empty() || f.label_en.trim().is_empty() {
            return Err(format!(
                "trường «{}» thiếu nhãn tiếng Việt hoặc tiếng Anh / field {:?} needs both labels",
                f.key, f.key
            ));
        }
        if let FieldKind::Select { options } = &f.kind
            && options.is_empty()
        {
            return Err(format!(
                "trường chọn «{}» không có lựa chọn nào / select field {:?} has no options",
                f.key, f.key
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_are_valid() {
        let e = Enrichment::demo();
        let birth = e.get(&ProcedureCode::parse("1.001193").unwrap()).unwrap();
        assert!(birth.summary_vi.is_some());
        assert!(birth.form_fields.len() >= 9);
    }

    #[test]
    fn problems_have_positions() {
        let mut e = Enrichment::default();
        let err = e
            .add("x.toml", "[[procedure]]\ncode = \"1.00119\"\n\n[[procedure]]\ncode = \"1.001193\"\nprocessing_time = { amount = 3, unit = \"working_days\" }\n")
            .unwrap_err();
        assert_eq!(err.problems.len(), 2);
        assert_eq!((err.problems[0].line, err.problems[0].column), (2, 8));
        assert_eq!((err.problems[1].line, err.problems[1].column), (5, 8));
        // Nothing was applied.
        assert!(e.procedures.is_empty());
        let err = e
            .add(
                "x.toml",
                "[[procedure]]\ncode = \"1.001193\"\nsumary_vi = \"x\"\n",
            )
            .unwrap_err();
        assert_eq!(err.problems[0].line, 3);
        let err = e
            .add("x.toml", "[[form]]\nprocedure = \"1.001193\"\n[[form.field]]\nkey = \"a\"\nlabel_vi = \"A\"\nlabel_en = \"A\"\ntype = \"select\"\noptions = []\nrequired = true\n")
            .unwrap_err();
        assert_eq!(err.problems[0].line, 2);
    }
}
