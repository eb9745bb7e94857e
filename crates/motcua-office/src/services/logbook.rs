//! The logbook (Sổ theo dõi hồ sơ, Mẫu 07) of a desk for a date range, read from the dossiers
//! and their events: no paper book is kept, and the book cannot disagree with the system
//! because it is the system (the complaint; TT 03/2025 note on Mẫu 07: an electronic
//! logbook needs no paper copy as long as all its information is kept).

use jiff::civil::Date;
use motcua_calendar::to_local;
use motcua_docs::forms::{Issuer, Logbook, LogbookRow};
use motcua_domain::dossier::{Delivery, ReturnMethod};
use motcua_domain::ids::UnitId;
use motcua_store::store::LogbookEntry;

/// Maps the entries (in reception order) onto the form's rows.
pub fn logbook(
    issuer: Issuer,
    issued_on: Date,
    entries: &[LogbookEntry],
    procedure_name: &dyn Fn(&LogbookEntry) -> String,
    unit_name: &dyn Fn(UnitId) -> String,
) -> Logbook {
    let rows = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let d = &e.dossier;
            let a = &d.applicant;
            let contact = [a.address.as_ref().map(|x| x.to_string()), a.phone.clone()]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" / ");
            let received = d.received_at.unwrap_or(d.submitted_at);
            LogbookRow {
                seq: (i + 1) as u32,
                dossier_code: d.code.to_string(),
                procedure: procedure_name(e),
                applicant: a.full_name.clone(),
                address_phone: contact,
                lead_agency: unit_name(d.processing_unit),
                received_at: to_local(received),
                appointment_at: to_local(d.appointment().unwrap_or(received)),
                returned_at: e.returned_at.map(to_local),
                delivery_method: match (&d.returned_by, &d.delivery) {
                    (Some(ReturnMethod::Desk { .. }), _) => "Tại Bộ phận Một cửa".into(),
                    (Some(ReturnMethod::Post { tracking_number }), _) => {
                        format!("Bưu chính ({tracking_number})")
                    }
                    (Some(ReturnMethod::Electronic), _) => "Trực tuyến".into(),
                    (None, Delivery::Desk) => "Tại Bộ phận Một cửa".into(),
                    (None, Delivery::Post { .. }) => "Bưu chính".into(),
                    (None, Delivery::Electronic) => "Trực tuyến".into(),
                },
                signed_by: match &d.returned_by {
                    Some(ReturnMethod::Desk { received_by, .. }) => received_by.clone(),
                    _ => String::new(),
                },
            }
        })
        .collect();
    Logbook {
        number: format!(
            "{}/STD",
            entries.first().map_or(issued_on.year() as i32, |e| e.book)
        ),
        issuer,
        issued_on,
        field: None,
        rows,
    }
}
