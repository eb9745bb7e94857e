//! Exports of what the pages show (the index, the lists behind its numbers, the bottleneck
//! analysis, the officers' report) as CSV and XLSX. One [`Table`] feeds both, so a spreadsheet
//! always has the same rows as the page.
//!
//! CSV is RFC 4180 with CRLF and a UTF-8 byte-order mark: without the mark, Excel on Windows
//! reads the file as the local code page and Vietnamese letters come out garbled. XLSX is
//! written by `rust_xlsxwriter` with numbers as numbers, so a leader can sum and sort.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(u64),
    /// A figure with two decimals (ratios, points).
    Num(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<u64> for Cell {
    fn from(v: u64) -> Self {
        Cell::Int(v)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}
impl From<motcua_domain::quality::Decimal2> for Cell {
    fn from(v: motcua_domain::quality::Decimal2) -> Self {
        Cell::Num(v.as_f64())
    }
}

/// A sheet: a title (the sheet name), a header row and the rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Self {
        Table {
            title: title.into(),
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// Requested format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

fn csv_field(out: &mut String, s: &str) {
    // Cells that a spreadsheet would run as a formula are prefixed with an apostrophe (CSV
    // injection: a feedback title can be typed by anyone).
    let guarded = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
        && s.parse::<f64>().is_err();
    let s = if guarded {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&s);
    }
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(v) => v.to_string(),
        Cell::Num(v) => format!("{v:.2}"),
        Cell::Empty => String::new(),
    }
}

/// The table as CSV bytes (UTF-8 with BOM, CRLF line ends).
pub fn csv(t: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            csv_field(out, &c);
        }
        out.push_str("\r\n");
    };
    line(&mut out, &mut t.headers.iter().cloned());
    for r in &t.rows {
        line(&mut out, &mut r.iter().map(cell_text));
    }
    out.into_bytes()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let s: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    if s.trim().is_empty() {
        "Sheet1".into()
    } else {
        s
    }
}

/// The tables as an XLSX workbook, one sheet each.
pub fn xlsx(tables: &[&Table]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let two = rust_xlsxwriter::Format::new().set_num_format("0.00");
    let mut used = Vec::new();
    for t in tables {
        let ws = wb.add_worksheet();
        let mut name = sheet_name(&t.title);
        if used.contains(&name) {
            name = sheet_name(&format!("{} {}", used.len() + 1, t.title));
        }
        ws.set_name(&name)?;
        used.push(name);
        for (c, h) in t.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
                    }
                    Cell::Int(v) => {
                        ws.write_number(r, c, *v as f64)?;
                    }
                    Cell::Num(v) => {
                        ws.write_number_with_format(r, c, *v, &two)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.autofit();
    }
    wb.save_to_buffer()
}

/// A download response (never cached by shared caches: officers' exports name people).
pub fn download(bytes: Vec<u8>, format: Format, stem: &str) -> Response {
    let (mime, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
    };
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{stem}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    r
}

/// Renders `tables` in `format` (CSV takes the first table) as a download.
pub fn respond(tables: &[&Table], format: Format, stem: &str) -> Response {
    match format {
        Format::Csv => download(csv(tables[0]), format, stem),
        Format::Xlsx => match xlsx(tables) {
            Ok(b) => download(b, format, stem),
            Err(e) => {
                tracing::error!(error = %e, "xlsx export");
                motcua_ui::ErrorPage::internal(motcua_ui::Lang::Vi).into_response()
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new("Chỉ số 766: Xã An Hòa", &["Mã", "Tên", "Điểm"]);
        t.push(vec![
            "2.1".into(),
            "Tỷ lệ \"đúng hạn\", trước hạn".into(),
            Cell::Num(18.5),
        ]);
        t.push(vec!["=1+1".into(), Cell::Empty, Cell::Int(3)]);
        t
    }

    #[test]
    fn csv_has_bom_crlf_quotes_and_no_formulas() {
        let s = String::from_utf8(csv(&table())).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s,
            "\u{feff}Mã,Tên,Điểm\r\n2.1,\"Tỷ lệ \"\"đúng hạn\"\", trước hạn\",18.50\r\n'=1+1,,3\r\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_with_the_sheet() {
        let t = table();
        let bytes = xlsx(&[&t]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
        assert!(names.iter().any(|n| n == "xl/worksheets/sheet1.xml"));
        let mut wb = String::new();
        std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut wb).unwrap();
        assert!(wb.contains("name=\"Chỉ số 766- Xã An Hòa\""), "{wb}");
    }
}
