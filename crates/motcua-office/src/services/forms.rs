//! A dossier and its events mapped onto the official forms (Mẫu 01–06). Each form is rebuilt
//! from the event that caused it (who, when, what), so printing it again next month gives the
//! same paper: the documents are views of the event log, like the logbook.

use jiff::Timestamp;
use jiff::civil::DateTime;
use motcua_calendar::{Completion, to_local};
use motcua_docs::forms::{
    Apology, Applicant as FormApplicant, Component, ControlSlip, Handover, Issuer, LogbookRef,
    Receipt, Refusal, StopNotice, Supplement, Timeliness,
};
use motcua_domain::dossier::{Delivery, EventData, Role};
use motcua_domain::procedure::ProcedureVersion;
use motcua_store::store::DossierEvent;
use motcua_store::store::{DossierView, UnitInfo};

/// Everything the forms of one dossier read.
pub struct FormSource<'a> {
    pub view: &'a DossierView,
    pub procedure: &'a ProcedureVersion,
    pub events: &'a [DossierEvent],
    /// The receiving unit (its desk issues Mẫu 01–03 and 05).
    pub desk_unit: &'a UnitInfo,
    /// The name of the body above it ("UBND tỉnh …"), printed above the unit.
    pub parent_name: Option<String>,
    /// Địa danh of the date line.
    pub place: String,
    /// Names of units by id (hand-over rows).
    pub unit_name: &'a (dyn Fn(motcua_domain::ids::UnitId) -> String + Sync),
    /// "Quyển số …, Số thứ tự …" of the reception, if received.
    pub logbook: Option<(i32, u64)>,
    /// The public lookup page (its URL goes in the receipt's QR code).
    pub lookup_url: Option<String>,
}

/// Which forms exist for this dossier (the dossier page offers only these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Available {
    pub receipt: bool,
    pub supplement: bool,
    pub refusal: bool,
    pub apology: bool,
    pub stop: bool,
    pub control_slip: bool,
}

pub fn available(events: &[DossierEvent]) -> Available {
    let has = |f: &dyn Fn(&EventData) -> bool| events.iter().any(|e| f(&e.event.data));
    Available {
        receipt: has(&|d| matches!(d, EventData::Accepted { .. })),
        supplement: has(&|d| matches!(d, EventData::SupplementRequested { .. })),
        refusal: has(&|d| matches!(d, EventData::Refused { .. })),
        apology: has(&|d| matches!(d, EventData::Rescheduled { .. })),
        stop: has(&|d| matches!(d, EventData::Stopped { .. })),
        control_slip: has(&|d| matches!(d, EventData::HandedOver(_))),
    }
}

fn local(t: Timestamp) -> DateTime {
    to_local(t)
}

/// "UBND xã An Hòa" from "Xã An Hòa" (the people's committee the desk belongs to).
pub fn committee_of(unit_name: &str) -> String {
    if unit_name.starts_with("Sở ") || unit_name.starts_with("UBND") {
        return unit_name.to_string();
    }
    let mut chars = unit_name.chars();
    match chars.next() {
        Some(c) => format!("UBND {}{}", c.to_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The place of the date line from the province's name ("Tỉnh Demo" → "Demo").
pub fn place_from(province_name: &str) -> String {
    for prefix in [
        "UBND tỉnh ",
        "UBND thành phố ",
        "Tỉnh ",
        "Thành phố ",
        "tỉnh ",
    ] {
        if let Some(rest) = province_name.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    province_name.trim().to_string()
}

impl FormSource<'_> {
    fn desk_issuer(&self) -> Issuer {
        Issuer {
            parent: Some(committee_of(&self.desk_unit.name)),
            name: "Bộ phận Một cửa".into(),
            place: self.place.clone(),
        }
    }

    fn unit_issuer(&self) -> Issuer {
        Issuer {
            parent: self.parent_name.clone(),
            name: committee_of(&self.desk_unit.name),
            place: self.place.clone(),
        }
    }

    fn applicant(&self) -> FormApplicant {
        let a = &self.view.dossier.applicant;
        FormApplicant {
            name: a.full_name.clone(),
            id_number: a.id_number.clone().unwrap_or_default(),
            address: a
                .address
                .as_ref()
                .map(|x| x.to_string())
                .unwrap_or_default(),
            phone: a.phone.clone().unwrap_or_default(),
            email: a.email.clone().unwrap_or_default(),
        }
    }

    /// "0012/TN": the dossier's daily sequence with the form's sign.
    fn number(&self, sign: &str) -> String {
        format!("{:04}/{sign}", self.view.dossier.code.seq())
    }

    fn code(&self) -> String {
        self.view.dossier.code.to_string()
    }

    fn last(&self, f: impl Fn(&EventData) -> bool) -> Option<&DossierEvent> {
        self.events.iter().rev().find(|e| f(&e.event.data))
    }

    fn delivery_text(&self) -> String {
        match &self.view.dossier.delivery {
            Delivery::Desk => format!("Bộ phận Một cửa, {}", committee_of(&self.desk_unit.name)),
            Delivery::Post { address } => format!("Qua dịch vụ bưu chính công ích: {address}"),
            Delivery::Electronic => {
                "Trực tuyến, vào kho dữ liệu của người nộp trên Cổng dịch vụ công".into()
            }
        }
    }

    /// The components handed over or shown at reception, with the counts the catalog asks for.
    fn components(&self, shown_only: &[String]) -> Vec<Component> {
        let d = &self.view.dossier;
        self.procedure
            .components
            .iter()
            .filter(|c| {
                shown_only.contains(&c.key)
                    || d.documents
                        .iter()
                        .any(|doc| doc.component.as_deref() == Some(c.key.as_str()))
            })
            .map(|c| Component {
                name: c.name_vi.clone(),
                originals: u32::from(c.originals),
                copies: u32::from(c.copies),
            })
            .collect()
    }
}

/// Mẫu 01, from the acceptance event.
pub fn receipt(s: &FormSource<'_>) -> Option<Receipt> {
    let e = s.last(|d| matches!(d, EventData::Accepted { .. }))?;
    let EventData::Accepted {
        received_at,
        due_at,
        shown_only,
        ..
    } = &e.event.data
    else {
        return None;
    };
    let d = &s.view.dossier;
    Some(Receipt {
        issuer: s.desk_issuer(),
        number: s.number("TN"),
        issued_on: local(*received_at).date(),
        copy_label: None,
        dossier_code: s.code(),
        reception_unit: format!("Bộ phận Một cửa, {}", committee_of(&s.desk_unit.name)),
        applicant: s.applicant(),
        authorised: None,
        request: s.procedure.name_vi.clone(),
        components: s.components(shown_only),
        sets: 1,
        processing_time: s.procedure.processing_time_text.clone(),
        received_at: local(*received_at),
        appointment_at: local(d.original_due_at.unwrap_or(*due_at)),
        result_delivery: s.delivery_text(),
        logbook: s.logbook.map(|(book, entry)| LogbookRef {
            book: book.to_string(),
            entry: entry.to_string(),
        }),
        receiver_name: e.event.actor.name.clone(),
        lookup_url: s.lookup_url.clone(),
    })
}

/// Mẫu 02, from the latest supplement request.
pub fn supplement(s: &FormSource<'_>) -> Option<Supplement> {
    let e = s.last(|d| matches!(d, EventData::SupplementRequested { .. }))?;
    let EventData::SupplementRequested { items, reason, .. } = &e.event.data else {
        return None;
    };
    let a = s.applicant();
    Some(Supplement {
        issuer: s.desk_issuer(),
        number: s.number("PBS"),
        issued_on: local(e.event.at).date(),
        dossier_code: Some(s.code()),
        applicant_name: a.name,
        request: s.procedure.name_vi.clone(),
        address: a.address,
        phone: a.phone,
        email: a.email,
        items: items.clone(),
        reason: reason.clone(),
        contact_name: e.event.actor.name.clone(),
        contact_phone: String::new(),
        officer_name: e.event.actor.name.clone(),
    })
}

/// Mẫu 03, from the refusal.
pub fn refusal(s: &FormSource<'_>) -> Option<Refusal> {
    let e = s.last(|d| matches!(d, EventData::Refused { .. }))?;
    let EventData::Refused {
        reason,
        legal_basis,
    } = &e.event.data
    else {
        return None;
    };
    let lines = |t: &str| -> Vec<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    Some(Refusal {
        issuer: s.desk_issuer(),
        number: s.number("PTC"),
        issued_on: local(e.event.at).date(),
        reception_unit: format!("Bộ phận Một cửa, {}", committee_of(&s.desk_unit.name)),
        applicant: s.applicant(),
        dossier_code: Some(s.code()),
        request: s.procedure.name_vi.clone(),
        reasons: lines(reason),
        legal_basis: lines(legal_basis),
        receiver_name: e.event.actor.name.clone(),
    })
}

/// Mẫu 04, from the reschedule (there is at most one, R-LC-5).
pub fn apology(s: &FormSource<'_>) -> Option<Apology> {
    let e = s.last(|d| matches!(d, EventData::Rescheduled { .. }))?;
    let EventData::Rescheduled {
        reason,
        previous_due,
        new_due,
    } = &e.event.data
    else {
        return None;
    };
    let d = &s.view.dossier;
    Some(Apology {
        issuer: s.unit_issuer(),
        number: s.number("PXL"),
        issued_on: local(e.event.at).date(),
        addressee: d.applicant.full_name.clone(),
        reception_unit: format!("Bộ phận Một cửa, {}", committee_of(&s.desk_unit.name)),
        received_at: local(d.received_at.unwrap_or(d.submitted_at)),
        procedure: s.procedure.name_vi.clone(),
        applicant_name: d.applicant.full_name.clone(),
        id_number: d.applicant.id_number.clone().unwrap_or_default(),
        dossier_code: s.code(),
        original_appointment: local(*previous_due),
        reason: reason.clone(),
        new_appointment: local(*new_due),
        signer_authority: None,
        signer_title: e.event.actor.role.label_vi().to_uppercase(),
        signer_name: e.event.actor.name.clone(),
        recipients: vec![
            d.applicant.full_name.clone(),
            "Bộ phận Một cửa".into(),
            "Lưu: VT".into(),
        ],
    })
}

/// Mẫu 05, from the stop at the applicant's request.
pub fn stop_notice(s: &FormSource<'_>) -> Option<StopNotice> {
    let e = s.last(|d| matches!(d, EventData::Stopped { .. }))?;
    let EventData::Stopped { reason } = &e.event.data else {
        return None;
    };
    let d = &s.view.dossier;
    Some(StopNotice {
        issuer: s.desk_issuer(),
        number: s.number("TB-DG"),
        issued_on: local(e.event.at).date(),
        dossier_code: s.code(),
        applicant: s.applicant(),
        procedure: s.procedure.name_vi.clone(),
        received_at: local(d.received_at.unwrap_or(d.submitted_at)),
        requested_at: local(e.event.at),
        reason: Some(reason.clone()),
        note: None,
        signer_authority: None,
        signer_title: e.event.actor.role.label_vi().to_uppercase(),
        signer_name: e.event.actor.name.clone(),
        recipients: vec![d.applicant.full_name.clone(), "Lưu: VT".into()],
    })
}

/// Mẫu 06, one row per `handed_over` event (R-LC-4). The receiver of a row is whoever acted
/// next on the dossier; the applicant for the final return.
pub fn control_slip(s: &FormSource<'_>) -> Option<ControlSlip> {
    let d = &s.view.dossier;
    let received_at = d.received_at?;
    let mut rows = Vec::new();
    let mut coordinating: Vec<String> = Vec::new();
    for (i, e) in s.events.iter().enumerate() {
        let EventData::HandedOver(h) = &e.event.data else {
            continue;
        };
        let receiver_unit = match h.to_unit {
            Some(u) => (s.unit_name)(u),
            None => format!("Người nộp hồ sơ: {}", d.applicant.full_name),
        };
        if let Some(u) = h.to_unit
            && u != d.receiving_unit
            && u != h.from_unit
        {
            let n = (s.unit_name)(u);
            if !coordinating.contains(&n) {
                coordinating.push(n);
            }
        }
        // The person who received: the actor of the next event in another role or unit.
        let receiver_person = match h.to_unit {
            None => d.applicant.full_name.clone(),
            Some(_) => s.events[i + 1..]
                .iter()
                .find(|n| {
                    !matches!(n.event.data, EventData::HandedOver(_))
                        && n.event.actor.name != e.event.actor.name
                        && n.event.actor.role != Role::System
                        && !matches!(
                            n.event.data,
                            EventData::Transferred { .. }
                                | EventData::ResultProposed { .. }
                                | EventData::SentBack { .. }
                                | EventData::ResultIssued { .. }
                        )
                })
                .map(|n| n.event.actor.name.clone())
                .unwrap_or_default(),
        };
        rows.push(Handover {
            giver_unit: (s.unit_name)(h.from_unit),
            giver_person: e.event.actor.name.clone(),
            receiver_unit,
            receiver_person,
            at: local(e.event.at),
            outcome: Some(match h.outcome {
                Completion::Early => Timeliness::Early,
                Completion::OnTime => Timeliness::OnTime,
                Completion::Late => Timeliness::Late,
            }),
            note: [Some(h.step_name.clone()), h.note.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — "),
        });
    }
    if rows.is_empty() {
        return None;
    }
    let issued = s.events.last().map_or(received_at, |e| e.event.at);
    Some(ControlSlip {
        issuer: s.desk_issuer(),
        number: s.number("PKS"),
        issued_on: local(issued).date(),
        dossier_code: s.code(),
        processing_agency: (s.unit_name)(d.processing_unit),
        coordinating_agencies: coordinating,
        received_at: local(received_at),
        appointment_at: local(d.appointment().unwrap_or(received_at)),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_on_the_forms() {
        assert_eq!(committee_of("Xã An Hòa"), "UBND xã An Hòa");
        assert_eq!(committee_of("Phường Bình Minh"), "UBND phường Bình Minh");
        assert_eq!(committee_of("Sở Tư pháp tỉnh Demo"), "Sở Tư pháp tỉnh Demo");
        assert_eq!(place_from("Tỉnh Demo"), "Demo");
        assert_eq!(place_from("Thành phố Hà Nội"), "Hà Nội");
        assert_eq!(place_from("Huế"), "Huế");
    }
}
