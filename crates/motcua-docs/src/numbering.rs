//! Form numbers and titles as configuration (data/forms/numbering.toml).
//!
//! TT 03/2025/TT-VPCP numbers seven forms (01–07); TT 01/2018/TT-VPCP numbered six and had no
//! stop notice. Provinces differ in what they print, so the numbering is data with its legal
//! source, and the embedded file is only the default.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::DocError;

static EMBEDDED: &str = include_str!("../../../data/forms/numbering.toml");

/// The one-stop forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    Supplement,
    /// Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.
    Apology,
    /// Thông báo dừng giải quyết hồ sơ.
    Stop,
    /// Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSlip,
    /// Sổ theo dõi hồ sơ.
    Logbook,
}

impl FormKind {
    pub const ALL: [FormKind; 7] = [
        FormKind::Receipt,
        FormKind::Supplement,
        FormKind::Refusal,
        FormKind::Apology,
        FormKind::Stop,
        FormKind::ControlSlip,
        FormKind::Logbook,
    ];
}

/// Number and title of one form in one scheme.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct FormSpec {
    /// "01"… or none (printed without a "Mẫu số" label).
    pub number: Option<String>,
    pub title: String,
}

/// One numbering scheme (e.g. TT 03/2025 or TT 01/2018).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormNumbering {
    pub id: String,
    /// The legal text the scheme comes from.
    pub source: String,
    forms: BTreeMap<FormKind, FormSpec>,
}

#[derive(Deserialize)]
struct File {
    default: String,
    schemes: BTreeMap<String, SchemeFile>,
}

#[derive(Deserialize)]
struct SchemeFile {
    source: String,
    forms: BTreeMap<FormKind, FormSpec>,
}

fn invalid(detail: impl Into<String>) -> DocError {
    DocError::Numbering {
        detail: detail.into(),
    }
}

impl FormNumbering {
    /// Parses a numbering file (same format as data/forms/numbering.toml) and returns the
    /// scheme `id`, or the file's `default` scheme when `id` is `None`.
    pub fn parse(toml_text: &str, id: Option<&str>) -> Result<FormNumbering, DocError> {
        let file: File = toml::from_str(toml_text).map_err(|e| invalid(e.to_string()))?;
        let id = id.unwrap_or(&file.default).to_owned();
        let scheme = file
            .schemes
            .get(&id)
            .ok_or_else(|| invalid(format!("no scheme {id}")))?;
        for kind in FormKind::ALL {
            let spec = scheme
                .forms
                .get(&kind)
                .ok_or_else(|| invalid(format!("{id}: missing form {kind:?}")))?;
            if spec.title.trim().is_empty() {
                return Err(invalid(format!("{id}: empty title for {kind:?}")));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for spec in scheme.forms.values() {
            if let Some(n) = &spec.number
                && !seen.insert(n.clone())
            {
                return Err(invalid(format!("{id}: number {n} used twice")));
            }
        }
        Ok(FormNumbering {
            id,
            source: scheme.source.clone(),
            forms: scheme.forms.clone(),
        })
    }

    /// A scheme from the embedded data/forms/numbering.toml.
    pub fn embedded(id: &str) -> Result<FormNumbering, DocError> {
        FormNumbering::parse(EMBEDDED, Some(id))
    }

    /// TT 03/2025/TT-VPCP, Phụ lục I: Mẫu 01–07 (the default).
    pub fn tt03_2025() -> FormNumbering {
        FormNumbering::embedded("tt03-2025").expect("embedded numbering is valid")
    }

    /// TT 01/2018/TT-VPCP: Mẫu 01–06, no stop notice.
    pub fn tt01_2018() -> FormNumbering {
        FormNumbering::embedded("tt01-2018").expect("embedded numbering is valid")
    }

    pub fn spec(&self, kind: FormKind) -> &FormSpec {
        self.forms.get(&kind).expect("validated at parse time")
    }

    /// The printed title of a form.
    pub fn title(&self, kind: FormKind) -> &str {
        &self.spec(kind).title
    }

    /// "Mẫu số 01", or `None` when the scheme has no number for the form.
    pub fn label(&self, kind: FormKind) -> Option<String> {
        self.spec(kind)
            .number
            .as_ref()
            .map(|n| format!("Mẫu số {n}"))
    }
}

impl Default for FormNumbering {
    fn default() -> Self {
        FormNumbering::tt03_2025()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_schemes_load() {
        let new = FormNumbering::default();
        assert_eq!(new.label(FormKind::Stop).as_deref(), Some("Mẫu số 05"));
        assert_eq!(new.label(FormKind::Logbook).as_deref(), Some("Mẫu số 07"));
        let old = FormNumbering::tt01_2018();
        assert_eq!(old.label(FormKind::Stop), None);
        assert_eq!(
            old.label(FormKind::ControlSlip).as_deref(),
            Some("Mẫu số 05")
        );
        assert_eq!(
            old.title(FormKind::Apology),
            "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
        );
    }

    #[test]
    fn rejects_incomplete_or_duplicate() {
        let bad = "default = \"x\"\n[schemes.x]\nsource = \"s\"\n[schemes.x.forms]\n\
                   receipt = { number = \"01\", title = \"A\" }\n";
        assert_eq!(
            FormNumbering::parse(bad, None).unwrap_err().code(),
            "docs.numbering_invalid"
        );
        let dup = EMBEDDED.replace("number = \"02\"", "number = \"01\"");
        assert!(FormNumbering::parse(&dup, None).is_err());
        assert!(FormNumbering::parse(EMBEDDED, Some("nope")).is_err());
    }
}
