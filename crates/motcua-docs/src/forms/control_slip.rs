//! Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 in TT 01/2018). Every hand-over
//! between units is one immutable row (R-LC-4); the system records the trail and shows it on
//! the electronic form, so the table can run over many pages.

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use super::{Issuer, OfficialForm, field, field_bold, start};
use crate::DocError;
use crate::error::require;
use crate::format;
use crate::layout::table::{HeaderCell, Table};
use crate::layout::text::Align;
use crate::numbering::{FormKind, FormNumbering};

/// "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)", decided by the domain (R-TIME-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

impl Timeliness {
    pub fn label_vi(self) -> &'static str {
        match self {
            Timeliness::Early => "Trước hạn",
            Timeliness::OnTime => "Đúng hạn",
            Timeliness::Late => "Quá hạn",
        }
    }
}

/// One hand-over row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// "1. Giao:" unit.
    pub giver_unit: String,
    pub giver_person: String,
    /// "2. Nhận:" unit.
    pub receiver_unit: String,
    pub receiver_person: String,
    /// Thời gian giao, nhận hồ sơ.
    pub at: DateTime,
    /// Entered by the receiving side; `None` while the step is open.
    pub outcome: Option<Timeliness>,
    pub note: String,
}

/// Mẫu 06.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlSlip {
    pub issuer: Issuer,
    /// "Số: …PKS-TTPVHCC".
    pub number: String,
    pub issued_on: Date,
    pub dossier_code: String,
    /// Cơ quan (bộ phận) giải quyết hồ sơ.
    pub processing_agency: String,
    /// Cơ quan phối hợp giải quyết hồ sơ (empty when none).
    pub coordinating_agencies: Vec<String>,
    /// Ngày nhận.
    pub received_at: DateTime,
    /// Hẹn trả kết quả (giờ, phút, ngày).
    pub appointment_at: DateTime,
    pub rows: Vec<Handover>,
}

impl ControlSlip {
    pub(crate) fn table() -> Table {
        Table {
            widths: vec![30.0, 32.0, 20.0, 18.0],
            aligns: vec![Align::Left, Align::Left, Align::Centre, Align::Left],
            header: vec![
                HeaderCell::simple(0, "TÊN ĐƠN VỊ", 1),
                HeaderCell::simple(1, "THỜI GIAN GIAO, NHẬN HỒ SƠ", 1),
                HeaderCell::simple(
                    2,
                    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)",
                    1,
                ),
                HeaderCell::simple(3, "GHI CHÚ", 1),
            ],
            header_rows: 1,
            size: 10.5,
            header_size: 10.0,
        }
    }
}

fn row(h: &Handover) -> Vec<String> {
    vec![
        format!(
            "1. Giao: {}\n2. Nhận: {}",
            h.giver_unit.trim(),
            h.receiver_unit.trim()
        ),
        format!(
            "{}\nNgười giao: {}\nNgười nhận: {}",
            format::time_date(h.at),
            h.giver_person.trim(),
            h.receiver_person.trim()
        ),
        h.outcome.map(Timeliness::label_vi).unwrap_or("").to_owned(),
        h.note.clone(),
    ]
}

impl OfficialForm for ControlSlip {
    const KIND: FormKind = FormKind::ControlSlip;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        require("issuer.name", &self.issuer.name)?;
        require("dossier_code", &self.dossier_code)?;
        let mut l = start(
            numbering,
            Self::KIND,
            &self.issuer,
            &self.number,
            self.issued_on,
        );
        field_bold(&mut l, "Mã số hồ sơ", &self.dossier_code);
        field(
            &mut l,
            "Cơ quan (bộ phận) giải quyết hồ sơ",
            &self.processing_agency,
        );
        field(
            &mut l,
            "Cơ quan phối hợp giải quyết hồ sơ",
            &self.coordinating_agencies.join("; "),
        );
        field(&mut l, "Ngày nhận", &format::time_date(self.received_at));
        field_bold(
            &mut l,
            "Hẹn trả kết quả",
            &format::time_date(self.appointment_at),
        );
        l.y += 6.0;
        let rows: Vec<Vec<String>> = self.rows.iter().map(row).collect();
        ControlSlip::table().draw(&mut l, &rows);
        l.y += 6.0;
        super::body(
            &mut l,
            "Ghi chú: Kết quả giải quyết hồ sơ do bên nhận hồ sơ ghi khi nhận hồ sơ. Quá trình \
             giao, nhận hồ sơ được Hệ thống thông tin giải quyết thủ tục hành chính ghi nhận tự \
             động và thể hiện trên phiếu điện tử.",
        );
        l.finish(None)
    }
}
