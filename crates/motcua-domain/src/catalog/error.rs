//! What can be wrong with a catalog file, said in Vietnamese and English, with the line and
//! column in the file and the record it concerns.

use std::fmt;

use super::json::SyntaxKind;
use crate::message::Localized;

/// The import failed; nothing was imported. Every problem found is listed (not only the first),
/// so that an administrator can fix the file in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub problems: Vec<ImportProblem>,
}

/// One problem, where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Which file: `procedures.json`, `forms.toml` … (as passed by the caller).
    pub file: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The record concerned, when the problem is inside one.
    pub record: Option<RecordRef>,
    /// The key concerned inside the record, e.g. `required_documents[2].copies`.
    pub path: String,
    pub kind: ProblemKind,
}

/// A record of the national file: its 0-based index in the array and its code as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub index: usize,
    pub code: Option<String>,
}

/// The JSON type a key must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Text,
    TextOrNull,
    List,
    ListOfText,
    Object,
    WholeNumberOrNull,
}

impl Expected {
    fn vi(self) -> &'static str {
        match self {
            Expected::Text => "một chuỗi văn bản",
            Expected::TextOrNull => "một chuỗi văn bản hoặc null",
            Expected::List => "một danh sách (mảng)",
            Expected::ListOfText => "một danh sách các chuỗi văn bản",
            Expected::Object => "một đối tượng { … }",
            Expected::WholeNumberOrNull => "một số nguyên không âm hoặc null",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Expected::Text => "a string",
            Expected::TextOrNull => "a string or null",
            Expected::List => "an array",
            Expected::ListOfText => "an array of strings",
            Expected::Object => "an object { … }",
            Expected::WholeNumberOrNull => "a non-negative whole number or null",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not JSON at all.
    Syntax(SyntaxKind),
    /// The top level must be a list of procedures.
    NotAList {
        found: &'static str,
    },
    NoRecords,
    MissingKey {
        key: &'static str,
    },
    UnknownKey {
        key: String,
    },
    DuplicateKey {
        key: String,
    },
    WrongType {
        expected: Expected,
        found: &'static str,
    },
    EmptyText,
    BadCode {
        value: String,
    },
    DuplicateCode {
        code: String,
        first_index: usize,
    },
    BadCopies {
        value: String,
    },
    BadOnlineMode {
        value: String,
    },
    BadProcessingDays {
        value: String,
    },
    /// The level text names none of Cấp bộ / Cấp tỉnh / Cấp xã.
    NoLevel {
        value: String,
    },
    /// A problem in an enrichment file (TOML), described by the TOML reader or by motcua.
    Enrichment {
        message: String,
    },
}

impl ImportProblem {
    fn place_vi(&self) -> String {
        let mut s = format!("dòng {}, cột {}", self.line, self.column);
        if !self.file.is_empty() {
            s = format!("{}, {s}", self.file);
        }
        if let Some(r) = &self.record {
            s.push_str(&format!(", bản ghi [{}]", r.index));
            if let Some(c) = &r.code {
                s.push_str(&format!(" (mã {c})"));
            }
        }
        if !self.path.is_empty() {
            s.push_str(&format!(", khóa «{}»", self.path));
        }
        s
    }

    fn place_en(&self) -> String {
        let mut s = format!("line {}, column {}", self.line, self.column);
        if !self.file.is_empty() {
            s = format!("{}, {s}", self.file);
        }
        if let Some(r) = &self.record {
            s.push_str(&format!(", record [{}]", r.index));
            if let Some(c) = &r.code {
                s.push_str(&format!(" (code {c})"));
            }
        }
        if !self.path.is_empty() {
            s.push_str(&format!(", key \"{}\"", self.path));
        }
        s
    }
}

fn syntax_vi(k: &SyntaxKind) -> String {
    match k {
        SyntaxKind::UnexpectedEnd => "tệp kết thúc giữa chừng (thiếu dấu đóng ] } hoặc \")".into(),
        SyntaxKind::Unexpected { found, expected } => {
            format!("gặp ký tự «{found}» trong khi cần {expected}")
        }
        SyntaxKind::BadEscape => "chuỗi thoát (\\…) không hợp lệ".into(),
        SyntaxKind::BadNumber => "số không hợp lệ".into(),
        SyntaxKind::ControlCharacter => {
            "chuỗi chứa ký tự điều khiển (ví dụ xuống dòng) chưa được thoát".into()
        }
        SyntaxKind::TrailingText => "còn nội dung thừa sau giá trị JSON".into(),
        SyntaxKind::TooDeep => "lồng nhau quá sâu".into(),
    }
}

fn syntax_en(k: &SyntaxKind) -> String {
    match k {
        SyntaxKind::UnexpectedEnd => {
            "the file ends too early (a closing ] } or \" is missing)".into()
        }
        SyntaxKind::Unexpected { found, expected } => {
            format!("found {found:?} where {expected} was expected")
        }
        SyntaxKind::BadEscape => "invalid escape sequence (\\…)".into(),
        SyntaxKind::BadNumber => "invalid number".into(),
        SyntaxKind::ControlCharacter => {
            "a string contains an unescaped control character (e.g. a line break)".into()
        }
        SyntaxKind::TrailingText => "extra text after the JSON value".into(),
        SyntaxKind::TooDeep => "nested too deeply".into(),
    }
}

impl Localized for ImportProblem {
    fn code(&self) -> &'static str {
        match &self.kind {
            ProblemKind::Syntax(_) => "catalog.import.syntax",
            ProblemKind::NotAList { .. } => "catalog.import.not_a_list",
            ProblemKind::NoRecords => "catalog.import.no_records",
            ProblemKind::MissingKey { .. } => "catalog.import.missing_key",
            ProblemKind::UnknownKey { .. } => "catalog.import.unknown_key",
            ProblemKind::DuplicateKey { .. } => "catalog.import.duplicate_key",
            ProblemKind::WrongType { .. } => "catalog.import.wrong_type",
            ProblemKind::EmptyText => "catalog.import.empty_text",
            ProblemKind::BadCode { .. } => "catalog.import.bad_code",
            ProblemKind::DuplicateCode { .. } => "catalog.import.duplicate_code",
            ProblemKind::BadCopies { .. } => "catalog.import.bad_copies",
            ProblemKind::BadOnlineMode { .. } => "catalog.import.bad_online_mode",
            ProblemKind::BadProcessingDays { .. } => "catalog.import.bad_processing_days",
            ProblemKind::NoLevel { .. } => "catalog.import.no_level",
            ProblemKind::Enrichment { .. } => "catalog.import.enrichment",
        }
    }

    fn message_vi(&self) -> String {
        let what = match &self.kind {
            ProblemKind::Syntax(k) => format!("không phải JSON hợp lệ: {}", syntax_vi(k)),
            ProblemKind::NotAList { found } => {
                format!("tệp phải là một danh sách [ … ] các thủ tục, nhưng là {found}")
            }
            ProblemKind::NoRecords => "danh sách không có thủ tục nào".into(),
            ProblemKind::MissingKey { key } => format!("thiếu khóa bắt buộc «{key}»"),
            ProblemKind::UnknownKey { key } => format!(
                "khóa «{key}» không thuộc định dạng (gõ sai tên khóa?); các khóa hợp lệ có trong data/catalog/README.md"
            ),
            ProblemKind::DuplicateKey { key } => format!("khóa «{key}» xuất hiện hai lần"),
            ProblemKind::WrongType { expected, found } => {
                format!("giá trị phải là {}, nhưng là {found}", expected.vi())
            }
            ProblemKind::EmptyText => "giá trị không được để trống".into(),
            ProblemKind::BadCode { value } => format!(
                "mã thủ tục «{value}» không hợp lệ (dạng đúng: một chữ số, dấu chấm, sáu chữ số, ví dụ 1.001193; hoặc null nếu chưa có mã)"
            ),
            ProblemKind::DuplicateCode { code, first_index } => {
                format!("mã thủ tục {code} trùng với bản ghi [{first_index}]")
            }
            ProblemKind::BadCopies { value } => format!(
                "số lượng bản «{value}» không đọc được (ví dụ đúng: «1 bản chính», «02 bản sao», «1 bản chính, 1 bản sao»; hoặc null)"
            ),
            ProblemKind::BadOnlineMode { value } => format!(
                "mức dịch vụ công trực tuyến «{value}» không hợp lệ (chỉ nhận toan_trinh, mot_phan, truc_tiep hoặc null)"
            ),
            ProblemKind::BadProcessingDays { value } => format!(
                "thời hạn giải quyết «{value}» phải là số nguyên không âm (số ngày) hoặc null"
            ),
            ProblemKind::NoLevel { value } => {
                format!("cấp thực hiện «{value}» không nêu Cấp bộ, Cấp tỉnh hay Cấp xã")
            }
            ProblemKind::Enrichment { message } => format!("tệp bổ sung không hợp lệ: {message}"),
        };
        format!("{}: {what}.", capitalise(&self.place_vi()))
    }

    fn message_en(&self) -> String {
        let what = match &self.kind {
            ProblemKind::Syntax(k) => format!("not valid JSON: {}", syntax_en(k)),
            ProblemKind::NotAList { found } => {
                format!("the file must be a list [ … ] of procedures, but it is {found}")
            }
            ProblemKind::NoRecords => "the list holds no procedure".into(),
            ProblemKind::MissingKey { key } => format!("the required key \"{key}\" is missing"),
            ProblemKind::UnknownKey { key } => format!(
                "\"{key}\" is not a key of this format (misspelt?); the valid keys are listed in data/catalog/README.md"
            ),
            ProblemKind::DuplicateKey { key } => format!("the key \"{key}\" appears twice"),
            ProblemKind::WrongType { expected, found } => {
                format!("the value must be {}, but it is {found}", expected.en())
            }
            ProblemKind::EmptyText => "the value must not be empty".into(),
            ProblemKind::BadCode { value } => format!(
                "procedure code {value:?} is invalid (a digit, a dot and six digits, e.g. 1.001193; or null when there is none)"
            ),
            ProblemKind::DuplicateCode { code, first_index } => {
                format!("procedure code {code} is already used by record [{first_index}]")
            }
            ProblemKind::BadCopies { value } => format!(
                "the count {value:?} cannot be read (e.g. \"1 bản chính\", \"02 bản sao\", \"1 bản chính, 1 bản sao\"; or null)"
            ),
            ProblemKind::BadOnlineMode { value } => format!(
                "online service level {value:?} is invalid (only toan_trinh, mot_phan, truc_tiep or null)"
            ),
            ProblemKind::BadProcessingDays { value } => format!(
                "processing time {value:?} must be a non-negative whole number (of days) or null"
            ),
            ProblemKind::NoLevel { value } => format!(
                "the level {value:?} names none of Cấp bộ (ministry), Cấp tỉnh (province), Cấp xã (commune)"
            ),
            ProblemKind::Enrichment { message } => format!("invalid enrichment file: {message}"),
        };
        format!("{}: {what}.", capitalise(&self.place_en()))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// At most this many problems are spelt out in the combined message (all stay in `problems`).
const LISTED: usize = 50;

impl Localized for ImportError {
    fn code(&self) -> &'static str {
        "catalog.import_failed"
    }

    fn message_vi(&self) -> String {
        let mut s = format!(
            "Không nhập danh mục: có {} lỗi, chưa thủ tục nào được nhập.",
            self.problems.len()
        );
        for p in self.problems.iter().take(LISTED) {
            s.push_str("\n- ");
            s.push_str(&p.message_vi());
        }
        if self.problems.len() > LISTED {
            s.push_str(&format!(
                "\n… và {} lỗi khác.",
                self.problems.len() - LISTED
            ));
        }
        s
    }

    fn message_en(&self) -> String {
        let mut s = format!(
            "Catalog not imported: {} problem(s), no procedure was imported.",
            self.problems.len()
        );
        for p in self.problems.iter().take(LISTED) {
            s.push_str("\n- ");
            s.push_str(&p.message_en());
        }
        if self.problems.len() > LISTED {
            s.push_str(&format!("\n… and {} more.", self.problems.len() - LISTED));
        }
        s
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for ImportError {}
