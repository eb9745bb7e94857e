//! The one-stop forms of TT 03/2025/TT-VPCP, Phụ lục I (Mẫu 01–07) and the electronic result.
//!
//! Each form is a plain input struct with the fields the form lists (field lists per
//! shared/domain/REGULATIONS.md, addendum §1 — taken from QĐ 3621/QĐ-BYT, which adapts the
//! circular's forms; [S]). Inputs are strings, dates and numbers so the web layer can map a
//! dossier onto them without this crate knowing the domain types.

mod apology;
mod control_slip;
mod logbook;
mod receipt;
mod refusal;
mod result;
mod stop;
mod supplement;

pub use apology::Apology;
pub use control_slip::{ControlSlip, Handover, Timeliness};
pub use logbook::{Logbook, LogbookRow};
pub use receipt::{Component, LogbookRef, Receipt};
pub use refusal::Refusal;
pub use result::ElectronicResult;
pub use stop::StopNotice;
pub use supplement::Supplement;

use serde::{Deserialize, Serialize};

use crate::DocError;
use crate::fonts::Style;
use crate::layout::text::{self, Para};
use crate::layout::{Layout, Margins, decree30};
use crate::numbering::{FormKind, FormNumbering};

/// The issuing body as printed in the top-left block and the place of the date line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    /// Tên cơ quan, tổ chức chủ quản (regular capitals), e.g. "UBND xã Minh Châu". Optional.
    pub parent: Option<String>,
    /// Tên cơ quan, tổ chức ban hành (bold capitals), e.g. "Bộ phận Một cửa".
    pub name: String,
    /// Địa danh for "…, ngày … tháng … năm …", e.g. "Hà Nội".
    pub place: String,
}

/// The applicant (tổ chức, cá nhân) as the forms print them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// "Ông (Bà)/Tổ chức".
    pub name: String,
    /// Số định danh cá nhân (12-digit CCCD) or the organisation's identifier.
    pub id_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

/// Someone filing on the applicant's behalf (Mẫu 01: "trường hợp được ủy quyền").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorisedPerson {
    pub name: String,
    pub id_number: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The authorisation paper, e.g. "Giấy ủy quyền số 12/UQ ngày 01/3/2026".
    pub authorisation: String,
}

/// A form that can be rendered to PDF.
pub trait OfficialForm {
    /// Which form this is (its number and title come from the [`FormNumbering`]).
    const KIND: FormKind;

    /// Renders with the given numbering scheme.
    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError>;
}

/// Renders a form with the default numbering (TT 03/2025, Mẫu 01–07).
pub fn render<F: OfficialForm>(form: &F) -> Result<Vec<u8>, DocError> {
    form.render_with(&FormNumbering::default())
}

/// Value or the dotted blank the paper forms leave for handwriting.
pub(crate) fn or_blank(v: &str) -> &str {
    if v.trim().is_empty() {
        "……………"
    } else {
        v
    }
}

/// A new A4 portrait document with the form label, the Decree 30 header and the title.
pub(crate) fn start(
    numbering: &FormNumbering,
    kind: FormKind,
    issuer: &Issuer,
    number: &str,
    date: jiff::civil::Date,
) -> Layout {
    let title = numbering.title(kind).to_owned();
    let mut l = Layout::new(crate::layout::A4, Margins::DECREE_30, &title);
    decree30::form_label(&mut l, numbering.label(kind).as_deref());
    decree30::header(&mut l, issuer, number, date);
    decree30::title(&mut l, &title, None);
    l
}

/// "Label: value" on one justified line (wrapping as needed).
pub(crate) fn field(l: &mut Layout, label: &str, value: &str) {
    let label = format!("{label}: ");
    text::paragraph(
        l,
        &[(Style::Regular, &label), (Style::Regular, or_blank(value))],
        Para::field(),
    );
}

/// "Label: value" with the value in bold (dossier code, appointment).
pub(crate) fn field_bold(l: &mut Layout, label: &str, value: &str) {
    let label = format!("{label}: ");
    text::paragraph(
        l,
        &[(Style::Regular, &label), (Style::Bold, or_blank(value))],
        Para::field(),
    );
}

/// A plain body paragraph (justified, first-line indent).
pub(crate) fn body(l: &mut Layout, text_: &str) {
    text::paragraph(l, &[(Style::Regular, text_)], Para::body());
}

/// The applicant block shared by several forms.
pub(crate) fn applicant_lines(l: &mut Layout, a: &Applicant, name_label: &str) {
    field_bold(l, name_label, &a.name);
    field(l, "Số định danh cá nhân/tổ chức", &a.id_number);
    field(l, "Địa chỉ", &a.address);
    field(l, "Số điện thoại", &a.phone);
    field(l, "Email", &a.email);
}
