//! A dossier's history in plain words for the applicant, from its events (the same events the
//! officers' control slip and logbook are read from, so they cannot disagree). Internal steps
//! (hand-overs, assignments, officers' notes) are not shown: they mean nothing to the citizen.

use motcua_domain::dossier::{EventData, Outcome, ReturnMethod, Status, SupplementStage};
use motcua_store::store::{DossierEvent, DueState, Store};
use motcua_ui::{Lang, i18n};

/// One line of the timeline.
pub struct Line {
    pub when: String,
    pub text: String,
}

/// The timeline, oldest first.
pub fn lines(store: &Store, lang: Lang, events: &[DossierEvent]) -> Vec<Line> {
    let mut out = Vec::new();
    for e in events {
        let ev = &e.event;
        let unit = store.unit_name(ev.unit);
        let m = |t| i18n::moment(lang, t);
        let text = match &ev.data {
            EventData::Submitted(s) => {
                let by_helper = s.on_behalf.as_ref().map(|b| b.helper_name.clone());
                match (lang, by_helper) {
                    (Lang::Vi, Some(h)) => {
                        format!("{h} (Tổ công nghệ số) đã nộp hồ sơ thay bạn, gửi đến {unit}.")
                    }
                    (Lang::En, Some(h)) => format!(
                        "{h} (community digital team) submitted the dossier for you to {unit}."
                    ),
                    (Lang::Vi, None) => format!("Hồ sơ đã được gửi đến {unit}."),
                    (Lang::En, None) => format!("The dossier was sent to {unit}."),
                }
            }
            EventData::Accepted { due_at, .. } => match lang {
                Lang::Vi => format!(
                    "Bộ phận Một cửa {unit} đã tiếp nhận hồ sơ. Hẹn trả kết quả: {}.",
                    m(*due_at)
                ),
                Lang::En => format!(
                    "The one-stop desk of {unit} received the dossier. Result due: {}.",
                    m(*due_at)
                ),
            },
            EventData::SupplementRequested {
                items,
                reason,
                stage,
                ..
            } => {
                let list = items.join("; ");
                match (lang, stage) {
                    (Lang::Vi, SupplementStage::Reception) => {
                        format!("Cán bộ yêu cầu bổ sung giấy tờ: {list}. Lý do: {reason}")
                    }
                    (Lang::Vi, SupplementStage::Processing) => format!(
                        "Cán bộ yêu cầu bổ sung giấy tờ: {list}. Lý do: {reason}. Thời hạn giải quyết tạm dừng cho đến khi bạn bổ sung."
                    ),
                    (Lang::En, _) => {
                        format!("The office asked for more documents: {list}. Reason: {reason}")
                    }
                }
            }
            EventData::SupplementProvided { due_at, .. } => match (lang, due_at) {
                (Lang::Vi, Some(d)) => {
                    format!("Bạn đã bổ sung giấy tờ. Hẹn trả kết quả mới: {}.", m(*d))
                }
                (Lang::En, Some(d)) => format!(
                    "You sent the missing documents. New result date: {}.",
                    m(*d)
                ),
                (Lang::Vi, None) => "Bạn đã bổ sung giấy tờ; hồ sơ được kiểm tra lại.".into(),
                (Lang::En, None) => {
                    "You sent the missing documents; the dossier is checked again.".into()
                }
            },
            EventData::Refused {
                reason,
                legal_basis,
            } => match lang {
                Lang::Vi => {
                    format!("Hồ sơ bị từ chối tiếp nhận. Lý do: {reason} (căn cứ: {legal_basis}).")
                }
                Lang::En => {
                    format!("The dossier was refused. Reason: {reason} (basis: {legal_basis}).")
                }
            },
            EventData::Transferred { to_unit, .. } => {
                let to = store.unit_name(*to_unit);
                match lang {
                    Lang::Vi => format!("Hồ sơ được chuyển đến {to} để giải quyết."),
                    Lang::En => format!("The dossier was passed to {to} for processing."),
                }
            }
            EventData::Assigned { claimed: _, .. } => match lang {
                Lang::Vi => "Cán bộ chuyên môn đang giải quyết hồ sơ.".into(),
                Lang::En => "An officer is working on the dossier.".into(),
            },
            EventData::Approved { .. } => lang
                .pick(
                    "Lãnh đạo đã ký duyệt kết quả.",
                    "The result was approved and signed.",
                )
                .into(),
            EventData::ResultIssued { .. } => lang
                .pick("Đã có kết quả giải quyết.", "The result is ready.")
                .into(),
            EventData::ResultReturned { method } => match (lang, method) {
                (Lang::Vi, ReturnMethod::Electronic) => {
                    "Kết quả điện tử đã được trả vào tài khoản của bạn.".into()
                }
                (Lang::En, ReturnMethod::Electronic) => {
                    "The electronic result was delivered to your account.".into()
                }
                (Lang::Vi, ReturnMethod::Post { tracking_number }) => {
                    format!("Kết quả đã gửi qua bưu điện, mã bưu gửi {tracking_number}.")
                }
                (Lang::En, ReturnMethod::Post { tracking_number }) => {
                    format!("The result was posted, tracking number {tracking_number}.")
                }
                (Lang::Vi, ReturnMethod::Desk { .. }) => {
                    "Kết quả đã được trao tại Bộ phận Một cửa.".into()
                }
                (Lang::En, ReturnMethod::Desk { .. }) => {
                    "The result was handed over at the one-stop desk.".into()
                }
            },
            EventData::Stopped { reason } => match lang {
                Lang::Vi => format!("Hồ sơ đã dừng giải quyết theo đề nghị. Lý do: {reason}"),
                Lang::En => format!("The dossier was stopped on request. Reason: {reason}"),
            },
            EventData::Rescheduled {
                reason, new_due, ..
            } => match lang {
                Lang::Vi => format!(
                    "Cơ quan xin lỗi vì chậm trả kết quả ({reason}). Hẹn trả mới: {}.",
                    m(*new_due)
                ),
                Lang::En => format!(
                    "The office apologises for the delay ({reason}). New date: {}.",
                    m(*new_due)
                ),
            },
            EventData::Closed { reason } => match lang {
                Lang::Vi => format!("Hồ sơ đã đóng vì không được bổ sung đúng hạn. {reason}"),
                Lang::En => format!(
                    "The dossier was closed because the missing documents did not arrive in time. {reason}"
                ),
            },
            EventData::DueRecomputed { due_at, .. } => match lang {
                Lang::Vi => format!(
                    "Lịch nghỉ lễ được cập nhật; hẹn trả kết quả: {}.",
                    m(*due_at)
                ),
                Lang::En => format!("The holiday calendar changed; result due: {}.", m(*due_at)),
            },
            EventData::ResultProposed {
                outcome: Outcome::Denied { .. },
                ..
            }
            | EventData::ResultProposed { .. }
            | EventData::SentBack { .. }
            | EventData::Commented { .. }
            | EventData::DocumentAttached { .. }
            | EventData::HandedOver(_) => continue,
        };
        out.push(Line {
            when: i18n::moment(lang, ev.at),
            text,
        });
    }
    out
}

/// The status in plain words.
pub fn status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Submitted => {
            lang.pick("Đã gửi, chờ cán bộ tiếp nhận", "Sent, waiting for the desk")
        }
        Status::SupplementAtReception | Status::SupplementInProcess => {
            lang.pick("Cần bạn bổ sung giấy tờ", "Waiting for your documents")
        }
        Status::Received | Status::InProcess | Status::AwaitingApproval => {
            lang.pick("Đang giải quyết", "Being processed")
        }
        Status::Approved => lang.pick(
            "Đã duyệt, đang hoàn tất kết quả",
            "Approved, result being issued",
        ),
        Status::ResultReady => lang.pick("Đã có kết quả", "Result ready"),
        Status::Returned => lang.pick("Đã trả kết quả", "Result delivered"),
        Status::Refused => lang.pick("Bị từ chối tiếp nhận", "Refused"),
        Status::Stopped => lang.pick("Đã dừng theo đề nghị", "Stopped on request"),
        Status::Closed => lang.pick("Đã đóng (không bổ sung)", "Closed (no documents sent)"),
    }
}

/// The CSS modifier of a status tag.
pub fn tone(s: Status) -> &'static str {
    match s {
        Status::SupplementAtReception | Status::SupplementInProcess => "tag--amber",
        Status::ResultReady | Status::Returned => "tag--green",
        Status::Refused | Status::Closed => "tag--red",
        Status::Stopped => "tag--grey",
        _ => "",
    }
}

/// The deadline state in plain words.
pub fn due(lang: Lang, d: &DueState) -> Option<String> {
    use motcua_calendar::{Completion, OpenState};
    Some(match d {
        DueState::NotStarted => return None,
        DueState::Paused => lang
            .pick(
                "Tạm dừng tính thời hạn trong khi chờ bạn bổ sung",
                "The clock is stopped while we wait for you",
            )
            .into(),
        DueState::Open(OpenState::WithinTime) => lang.pick("Trong hạn", "On time").into(),
        DueState::Open(OpenState::DueSoon) => lang.pick("Sắp đến hạn", "Due soon").into(),
        DueState::Open(OpenState::Overdue) => lang
            .pick(
                "Quá hạn — cơ quan phải xin lỗi và hẹn lại",
                "Overdue — the office must apologise and give a new date",
            )
            .into(),
        DueState::Finished(Completion::Early) => {
            lang.pick("Xong trước hạn", "Finished early").into()
        }
        DueState::Finished(Completion::OnTime) => {
            lang.pick("Xong đúng hạn", "Finished on time").into()
        }
        DueState::Finished(Completion::Late) => {
            lang.pick("Xong nhưng trễ hạn", "Finished late").into()
        }
    })
}
