//! What can be wrong in a quality configuration file, with the line and column, in Vietnamese
//! and English (the files are edited by administrators; the message must lead to the fix).

use std::ops::Range;

use jiff::civil::Date;

use crate::message::Localized;

/// A configuration file could not be loaded; nothing of it was loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}:{line}:{column}: {problem}")]
pub struct ConfigError {
    /// The file name given by the caller (e.g. `data/quality/index766.toml`).
    pub origin: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    pub problem: ConfigProblem,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    #[error("not valid TOML or wrong structure: {message}")]
    Syntax { message: String },
    #[error("the file has no [[version]]")]
    NoVersion,
    #[error("{text:?} is not a date YYYY-MM-DD")]
    BadDate { text: String },
    #[error("two versions take effect on {date}")]
    DuplicateVersion { date: Date },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("confidence {text:?} is not one of V, S, R, U, GAP")]
    UnknownConfidence { text: String },
    #[error("{field} = {text:?} is not one of {allowed}")]
    BadChoice {
        field: &'static str,
        text: String,
        allowed: &'static str,
    },
    #[error("{field} = {text} is not a non-negative number with at most two decimals{extra}")]
    BadNumber {
        field: &'static str,
        text: String,
        extra: &'static str,
    },
    #[error("group {id:?} is declared twice")]
    DuplicateGroup { id: String },
    #[error("indicator {id:?} is declared twice")]
    DuplicateIndicator { id: String },
    #[error("indicator {id:?} names group {group:?}, which this version does not declare")]
    UnknownGroup { id: String, group: String },
    #[error("indicator {id:?} is marked measured but motcua has no computation for it")]
    NoComputation { id: String },
    #[error("indicator {id:?} is not measured: reason_vi and reason_en are required")]
    ReasonRequired { id: String },
    #[error("group {id:?} declares max {declared} but its indicators add up to {sum}")]
    GroupSum {
        id: String,
        declared: String,
        sum: String,
    },
    #[error("total_max is {declared} but the groups add up to {sum}")]
    TotalMax { declared: String, sum: String },
    #[error("{field} must be a whole number of working days between 1 and 365")]
    BadDays { field: &'static str },
}

impl ConfigProblem {
    fn vi(&self) -> String {
        match self {
            ConfigProblem::Syntax { message } => {
                format!("tệp không đúng cú pháp TOML hoặc sai cấu trúc: {message}")
            }
            ConfigProblem::NoVersion => "tệp không có phiên bản nào ([[version]])".into(),
            ConfigProblem::BadDate { text } => {
                format!("«{text}» không phải ngày dạng YYYY-MM-DD")
            }
            ConfigProblem::DuplicateVersion { date } => {
                format!("có hai phiên bản cùng hiệu lực từ ngày {date}")
            }
            ConfigProblem::Empty { field } => format!("«{field}» không được để trống"),
            ConfigProblem::UnknownConfidence { text } => {
                format!("mức tin cậy «{text}» phải là V, S, R, U hoặc GAP")
            }
            ConfigProblem::BadChoice {
                field,
                text,
                allowed,
            } => format!("«{field}» = «{text}» không hợp lệ; chọn một trong: {allowed}"),
            ConfigProblem::BadNumber { field, text, extra } => format!(
                "«{field}» = {text} phải là số không âm, tối đa hai chữ số thập phân{}",
                if extra.is_empty() {
                    ""
                } else {
                    " (ngưỡng từ trên 0 đến 100)"
                }
            ),
            ConfigProblem::DuplicateGroup { id } => format!("nhóm «{id}» được khai báo hai lần"),
            ConfigProblem::DuplicateIndicator { id } => {
                format!("chỉ số «{id}» được khai báo hai lần")
            }
            ConfigProblem::UnknownGroup { id, group } => {
                format!("chỉ số «{id}» thuộc nhóm «{group}» nhưng phiên bản này không có nhóm đó")
            }
            ConfigProblem::NoComputation { id } => format!(
                "chỉ số «{id}» được đánh dấu là đo được nhưng motcua chưa có cách tính; đặt measured = false và ghi lý do"
            ),
            ConfigProblem::ReasonRequired { id } => {
                format!("chỉ số «{id}» chưa đo được: phải ghi reason_vi và reason_en")
            }
            ConfigProblem::GroupSum { id, declared, sum } => {
                format!("nhóm «{id}» có điểm tối đa {declared} nhưng tổng điểm các chỉ số là {sum}")
            }
            ConfigProblem::TotalMax { declared, sum } => {
                format!("total_max là {declared} nhưng tổng điểm các nhóm là {sum}")
            }
            ConfigProblem::BadDays { field } => {
                format!("«{field}» phải là số nguyên ngày làm việc từ 1 đến 365")
            }
        }
    }
}

impl Localized for ConfigError {
    fn code(&self) -> &'static str {
        "quality.config_invalid"
    }
    fn message_vi(&self) -> String {
        format!(
            "Tệp cấu hình {} không hợp lệ, dòng {}, cột {}: {}.",
            self.origin,
            self.line,
            self.column,
            self.problem.vi()
        )
    }
    fn message_en(&self) -> String {
        format!(
            "The configuration file {} is invalid at line {}, column {}: {}.",
            self.origin, self.line, self.column, self.problem
        )
    }
}

/// The file being read, to turn byte spans into lines and columns.
pub(super) struct Source<'a> {
    pub origin: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line as u32, column as u32)
    }

    pub fn error(&self, span: Range<usize>, problem: ConfigProblem) -> ConfigError {
        let (line, column) = self.position(span.start);
        ConfigError {
            origin: self.origin.to_string(),
            line,
            column,
            problem,
        }
    }

    pub fn syntax(&self, e: toml::de::Error) -> ConfigError {
        self.error(
            e.span().unwrap_or(0..0),
            ConfigProblem::Syntax {
                message: e.message().trim().to_string(),
            },
        )
    }
}
