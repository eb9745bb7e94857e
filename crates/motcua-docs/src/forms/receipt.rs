//! Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (ND 118/2025 art. 17; TT 03/2025 Phụ lục I).
//! Issued only when the dossier is complete and valid (R-LC-1); its issue time starts the
//! clock (R-TIME-1), so both the reception and the appointment print hour, minute and date.

use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use super::{
    Applicant, AuthorisedPerson, Issuer, OfficialForm, applicant_lines, field, field_bold,
    or_blank, start,
};
use crate::error::require;
use crate::fonts::Style;
use crate::format;
use crate::layout::decree30::{self, SignBlock};
use crate::layout::text::{self, Para};
use crate::layout::{Layout, MM, Role};
use crate::numbering::{FormKind, FormNumbering};
use crate::{DocError, qr};

/// One component of the dossier ("Thành phần hồ sơ nộp gồm").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    /// Bản chính (originals).
    pub originals: u32,
    /// Bản sao (copies).
    pub copies: u32,
}

/// "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogbookRef {
    pub book: String,
    pub entry: String,
}

/// Mẫu 01.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub issuer: Issuer,
    /// Số, ký hiệu, e.g. "125/TN-TTPVHCC".
    pub number: String,
    pub issued_on: Date,
    /// TT 01/2018 printed the copy: "Liên 1: Lưu" / "Liên 2: Giao khách hàng". Optional.
    pub copy_label: Option<String>,
    /// Mã hồ sơ.
    pub dossier_code: String,
    /// Name of the Trung tâm Phục vụ hành chính công / Bộ phận Tiếp nhận và Trả kết quả.
    pub reception_unit: String,
    pub applicant: Applicant,
    pub authorised: Option<AuthorisedPerson>,
    /// Nội dung yêu cầu giải quyết (the procedure).
    pub request: String,
    pub components: Vec<Component>,
    /// Số lượng hồ sơ (bộ).
    pub sets: u32,
    /// Thời gian giải quyết theo quy định, as published: "05 ngày làm việc".
    pub processing_time: String,
    /// Thời gian nhận hồ sơ (local time, UTC+7).
    pub received_at: DateTime,
    /// Thời gian trả kết quả (local time, UTC+7).
    pub appointment_at: DateTime,
    /// Đăng ký nhận kết quả tại: desk, postal address or electronic.
    pub result_delivery: String,
    pub logbook: Option<LogbookRef>,
    /// Người tiếp nhận hồ sơ (officer) — full name.
    pub receiver_name: String,
    /// What the QR code encodes: the public lookup URL, or the dossier code when `None`.
    pub lookup_url: Option<String>,
}

impl Receipt {
    fn validate(&self) -> Result<(), DocError> {
        require("dossier_code", &self.dossier_code)?;
        require("issuer.name", &self.issuer.name)?;
        require("applicant.name", &self.applicant.name)?;
        require("request", &self.request)?;
        require("receiver_name", &self.receiver_name)?;
        if self.components.is_empty() {
            return Err(DocError::MissingField {
                field: "components",
            });
        }
        Ok(())
    }
}

fn component_line(c: &Component) -> String {
    let mut parts = Vec::new();
    if c.originals > 0 {
        parts.push(format!("bản chính: {:02}", c.originals));
    }
    if c.copies > 0 {
        parts.push(format!("bản sao: {:02}", c.copies));
    }
    if parts.is_empty() {
        c.name.clone()
    } else {
        format!("{} ({})", c.name, parts.join("; "))
    }
}

impl OfficialForm for Receipt {
    const KIND: FormKind = FormKind::Receipt;

    fn render_with(&self, numbering: &FormNumbering) -> Result<Vec<u8>, DocError> {
        self.validate()?;
        let mut l = start(
            numbering,
            Self::KIND,
            &self.issuer,
            &self.number,
            self.issued_on,
        );
        if let Some(copy) = &self.copy_label {
            text::paragraph(&mut l, &[(Style::Italic, copy)], Para::centred(12.0));
            l.y += 4.0;
        }
        // The QR code (lookup URL or dossier code; TT 01/2018 art. 19 allows a QR code beside
        // the code) floats top right so the whole receipt fits one sheet.
        let payload = self
            .lookup_url
            .clone()
            .unwrap_or_else(|| self.dossier_code.clone());
        qr_float(&mut l, &payload)?;
        field_bold(&mut l, "Mã hồ sơ", &self.dossier_code);
        let who = format!("{} tiếp nhận hồ sơ của:", or_blank(&self.reception_unit));
        text::paragraph(&mut l, &[(Style::Regular, &who)], Para::field());
        applicant_lines(&mut l, &self.applicant, "Ông (Bà)/Tổ chức");
        if let Some(a) = &self.authorised {
            text::paragraph(
                &mut l,
                &[(Style::Italic, "Trường hợp được ủy quyền:")],
                Para::field(),
            );
            field(&mut l, "Người được ủy quyền", &a.name);
            field(&mut l, "Số định danh cá nhân", &a.id_number);
            field(&mut l, "Địa chỉ", &a.address);
            field(&mut l, "Số điện thoại", &a.phone);
            field(&mut l, "Email", &a.email);
            field(&mut l, "Giấy tờ ủy quyền", &a.authorisation);
        }
        field(&mut l, "Nội dung yêu cầu giải quyết", &self.request);
        text::paragraph(
            &mut l,
            &[(Style::Regular, "1. Thành phần hồ sơ nộp gồm:")],
            Para::field(),
        );
        let items: Vec<String> = self.components.iter().map(component_line).collect();
        list(&mut l, &items);
        field(
            &mut l,
            "2. Số lượng hồ sơ",
            &format!("{:02} (bộ)", self.sets),
        );
        field(
            &mut l,
            "3. Thời gian giải quyết hồ sơ theo quy định",
            &self.processing_time,
        );
        field(
            &mut l,
            "4. Thời gian nhận hồ sơ",
            &format::time_date(self.received_at),
        );
        field_bold(
            &mut l,
            "5. Thời gian trả kết quả giải quyết hồ sơ",
            &format::time_date(self.appointment_at),
        );
        field(&mut l, "6. Đăng ký nhận kết quả tại", &self.result_delivery);
        if let Some(book) = &self.logbook {
            let line = format!(
                "Vào Sổ theo dõi hồ sơ, Quyển số: {}, Số thứ tự: {}",
                or_blank(&book.book),
                or_blank(&book.entry)
            );
            text::paragraph(&mut l, &[(Style::Regular, &line)], Para::field());
        }
        decree30::signatures_pair(
            &mut l,
            &SignBlock {
                title: "Người nộp hồ sơ".into(),
                hint: Some("(Ký và ghi rõ họ tên)".into()),
                name: self
                    .authorised
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_else(|| self.applicant.name.clone()),
                ..Default::default()
            },
            &SignBlock {
                title: "Người tiếp nhận hồ sơ".into(),
                hint: Some("(Ký và ghi rõ họ tên)".into()),
                name: self.receiver_name.clone(),
                ..Default::default()
            },
        );
        l.finish(Some(self.received_at))
    }
}

/// Indented item list ("- …;") under a numbered heading.
pub(crate) fn list(l: &mut Layout, items: &[String]) {
    let x = l.left() + 6.0 * MM;
    let w = l.text_width() - 6.0 * MM;
    for (i, item) in items.iter().enumerate() {
        let n = format!("{}) ", (b'a' + (i % 26) as u8) as char);
        text::paragraph_in(
            l,
            &[(Style::Regular, &n), (Style::Regular, item)],
            Para::field(),
            x,
            w,
        );
    }
}

/// A QR code at the right margin, with "Tra cứu hồ sơ" under it; text flows on its left.
fn qr_float(l: &mut Layout, payload: &str) -> Result<(), DocError> {
    let size = 24.0 * MM;
    let x = l.right() - size;
    let top = l.y - 4.0;
    l.begin(Role::Figure(format!("Mã QR tra cứu hồ sơ: {payload}")));
    l.push(qr::qr_op(payload, x, top, size)?);
    l.begin(Role::P);
    l.text_centred(
        x + size / 2.0,
        top + size + 6.0,
        Style::Italic,
        9.0,
        "Tra cứu hồ sơ",
    );
    l.float_right = Some((top + size + 8.0, size + 3.0 * MM));
    Ok(())
}

/// A QR code with an explanatory sentence to its right.
pub(crate) fn qr_note(l: &mut Layout, payload: &str, note: &str) -> Result<(), DocError> {
    let size = 26.0 * MM;
    l.ensure(size + 4.0);
    let top = l.y + 2.0;
    l.begin(Role::Figure(format!("Mã QR: {payload}")));
    let op = qr::qr_op(payload, l.left(), top, size)?;
    l.push(op);
    let x = l.left() + size + 4.0 * MM;
    let w = l.right() - x;
    l.y = top + 8.0;
    text::paragraph_in(l, &[(Style::Italic, note)], Para::field(), x, w);
    if payload.contains("://") {
        let p = Para {
            size: 10.0,
            leading: 13.0,
            ..Para::field()
        };
        text::paragraph_in(l, &[(Style::Regular, payload)], p, x, w);
    }
    l.y = l.y.max(top + size) + 4.0;
    Ok(())
}
