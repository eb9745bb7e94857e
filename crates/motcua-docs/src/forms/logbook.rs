//! Mẫu 07 — Sổ theo dõi hồ sơ (Mẫu 06 in TT 01/2018): landscape A4, the columns of the form in
//! their order, header repeated on every page; also as CSV for spreadsheets. With an electronic
//! logbook no paper copy is required (note on the form), so the PDF is for printing on demand.

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use super::{Issuer, OfficialForm};
use crate::DocError;
use crate::error::require;
use crate::format;
use crate::layout::table::{HeaderCell, Table};
use crate::layout::text::Align;
use crate::layout::{Layout, MM, Margins, decree30};
use crate::numbering::{FormKind, FormNumbering};

/// One dossier in the logbook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogbookRow {
    /// STT.
    pub seq: u32,
    pub dossier_code: String,
    /// Tên TTHC.
    pub procedure: String,
    /// Tên tổ chức, cá nhân.
    pub applicant: String,
    /// Địa chỉ/SĐT.
    pub address_phone: String,
    /// Cơ quan chủ trì giải quyết.
    pub lead_agency: String,
    /// Nhận hồ sơ.
    pub received_at: DateTime,
    /// Hẹn trả kết quả.
    pub appointment_at: DateTime,
    /// Trả kết quả (empty while pending).
    pub returned_at: Option<DateTime>,
    /// Phương thức nhận kết quả.
    pub delivery_method: String,
    /// Ký nhận: who signed for the result (empty on the electronic logbook).
    pub signed_by: String,
}

/// Mẫu 07.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logbook {
    pub issuer: Issuer,
    /// "Số: …STD-TTPVHCC".
    pub number: String,
    pub issued_on: Date,
    /// Lĩnh vực or group of fields the book covers (one book per field, note on the form).
    pub field: Option<String>,
    pub rows: Vec<LogbookRow>,
}

/// The column titles, in the order of the form (used by the PDF and the CSV).
pub const LOGBOOK_COLUMNS: [&str; 11] = [
    "STT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Tên tổ chức, cá nhân",
    "Địa chỉ/SĐT",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Trả kết quả",
    "Phương thức nhận kết quả",
    "Ký nhận",
];

fn cells(r: &LogbookRow) -> Vec<String> {
    vec![
        r.seq.to_string(),
        r.dossier_code.clone(),
        r.procedure.clone(),
        r.applicant.clone(),
        r.address_phone.clone(),
        r.lead_agency.clone(),
        format::date_time_short(r.received_at),
        format::date_time_short(r.appointment_at),
        r.returned_at
            .map(format::date_time_short)
            .unwrap_or_default(),
        r.delivery_method.clone(),
        r.signed_by.clone(),
    ]
}

fn table() -> Table {
    let mut header: Vec<HeaderCell> = (0..6)
        .map(|i| HeaderCell::simple(i, LOGBOOK_COLUMNS[i], 2))
        .collect();
    header.push(HeaderCell {
        text: "Nhận và trả kết quả".into(),
        col: 6,
        colspan: 5,
        row: 0,
        rowspan: 1,
    });
    for (i, title) in LOGBOOK_COLUMNS.iter().enumerate().skip(6) {
        header.push(HeaderCell {
            text: (*title).into(),
            col: i,
            colspan: 1,
            row: 1,
            rowspan: 1,
        });
    }
    Table {
        widths: vec![3.5, 14.5, 13.5, 11.0, 13.0, 10.0, 7.0, 7.0, 7.0, 7.5, 6.0],
        aligns: vec![
            Align::Centre,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Left,
            Align::Centre,
            Align::Centre,
            Align::Centre,
            Align::Left,
            Align::Left,
        ],
        header,
        header_rows: 2,
        size: 8.5,
        header_size: 8.5,
    }
}

impl OfficialForm for Logbook {
    const KIND: FormKind = FormKind::Logbook;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        let title = numbering.title(Self::KIND).to_owned();
        // A register is wide: landscape A4, narrower side margins than a letter.
        let margins = Margins {
            top: 15.0 * MM,
            right: 12.0 * MM,
            bottom: 15.0 * MM,
            left: 15.0 * MM,
        };
        let (w, h) = crate::layout::A4;
        let mut l = Layout::new((h, w), margins, &title);
        l.tagged = false;
        decree30::form_label(&mut l, numbering.label(Self::KIND).as_deref());
        decree30::header(&mut l, &self.issuer, &self.number, self.issued_on);
        decree30::title(&mut l, &title, self.field.as_deref());
        let rows: Vec<Vec<String>> = self.rows.iter().map(cells).collect();
        table().draw(&mut l, &rows);
        l.finish(None)
    }
}

impl Logbook {
    /// The same columns as CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark, which is what
    /// makes Excel open Vietnamese text correctly instead of guessing a legacy code page.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        let line = |out: &mut String, fields: &[String]| {
            let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&quoted.join(","));
            out.push_str("\r\n");
        };
        let head: Vec<String> = LOGBOOK_COLUMNS.iter().map(|s| s.to_string()).collect();
        line(&mut out, &head);
        for r in &self.rows {
            line(&mut out, &cells(r));
        }
        out
    }
}

fn csv_field(f: &str) -> String {
    // Formula injection: a cell starting with = + - @ would run in Excel; prefix a quote.
    let f = if f.starts_with(['=', '+', '-', '@']) {
        format!("'{f}")
    } else {
        f.to_owned()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("Nguyễn"), "Nguyễn");
    }
}
