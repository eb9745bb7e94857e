//! The CLI's one error type: what went wrong in Vietnamese, then in English, and for the
//! operator (never shown to citizens) the technical detail. Printed to standard error; the
//! process exits non-zero.

use std::fmt;

use motcua_domain::Localized;

#[derive(Debug)]
pub struct CliError {
    pub code: &'static str,
    pub vi: String,
    pub en: String,
    /// Technical detail for the operator (database message, path …), if it adds anything.
    pub detail: Option<String>,
}

impl CliError {
    pub fn new(code: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        CliError {
            code,
            vi: vi.into(),
            en: en.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl fmt::Display) -> Self {
        let d = detail.to_string();
        if d != self.en && !d.is_empty() {
            self.detail = Some(d);
        }
        self
    }

    pub fn localized(e: &dyn Localized) -> Self {
        CliError::new(e.code(), e.message_vi(), e.message_en())
    }

    /// Prints the error the way every subcommand does.
    pub fn print(&self) {
        eprintln!("Lỗi: {}", self.vi);
        eprintln!("Error: {}", self.en);
        if let Some(d) = &self.detail {
            eprintln!("Chi tiết / detail [{}]: {d}", self.code);
        } else {
            eprintln!("[{}]", self.code);
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.vi, self.en)
    }
}

/// Errors of the layers below carry a code and both sentences; some through `Localized`, some
/// (the store's own errors, calendar, blobs) as inherent methods of the same names.
macro_rules! from_bilingual {
    ($($t:ty),* $(,)?) => {$(
        impl From<$t> for CliError {
            fn from(e: $t) -> Self {
                CliError::new(e.code(), e.message_vi(), e.message_en()).with_detail(&e)
            }
        }
    )*};
}

from_bilingual!(
    motcua_store::StoreError,
    motcua_store::blob::BlobError,
    motcua_calendar::CalendarError,
);

impl From<motcua_store::chain::ChainError> for CliError {
    // The sentences already name the event; only a failure to read the log has more to say.
    fn from(e: motcua_store::chain::ChainError) -> Self {
        let err = CliError::new(e.code(), e.message_vi(), e.message_en());
        match &e {
            motcua_store::chain::ChainError::Store(inner) => err.with_detail(inner),
            _ => err,
        }
    }
}

impl From<motcua_store::store::AppError> for CliError {
    fn from(e: motcua_store::store::AppError) -> Self {
        CliError::localized(&e).with_detail(&e)
    }
}

impl From<motcua_domain::catalog::ImportError> for CliError {
    // The message already lists every problem with its line and column.
    fn from(e: motcua_domain::catalog::ImportError) -> Self {
        CliError::localized(&e)
    }
}

impl From<motcua_domain::ids::ParseError> for CliError {
    fn from(e: motcua_domain::ids::ParseError) -> Self {
        CliError::localized(&e)
    }
}

/// Reading an input file named on the command line.
pub fn read_input(path: &std::path::Path) -> Result<String, CliError> {
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::new(
            "input.unreadable",
            format!("Không đọc được tệp {}: {e}", path.display()),
            format!("Cannot read {}: {e}", path.display()),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        CliError::new(
            "input.not_utf8",
            format!(
                "Tệp {} không phải văn bản UTF-8 (byte thứ {at} không hợp lệ).",
                path.display()
            ),
            format!(
                "{} is not UTF-8 text (invalid byte at offset {at}).",
                path.display()
            ),
        )
    })
}

/// Writes a command's answer to standard output. A reader that stopped reading (`motcua openapi
/// | head`) is not an error: the answer was not wanted any more, so the command ends quietly
/// instead of panicking on the broken pipe.
pub fn emit(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("Lỗi ghi ra đầu ra chuẩn / cannot write to standard output: {e}");
    }
}
