//! One line per event for the dossier's timeline (what happened, and the detail that matters).

use motcua_domain::dossier::{EventData, Outcome, ReturnMethod};
use motcua_domain::ids::UnitId;
use motcua_ui::Lang;

pub fn describe(lang: Lang, e: &EventData, unit: &dyn Fn(UnitId) -> String) -> (String, String) {
    let t = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let moment = |ts: jiff::Timestamp| motcua_ui::i18n::moment(lang, ts);
    match e {
        EventData::Submitted(s) => (
            t("Nộp hồ sơ", "Submitted"),
            lang.pick(s.channel.label_vi(), s.channel.label_en()).into(),
        ),
        EventData::Accepted { due_at, .. } => (
            t("Tiếp nhận (Mẫu 01)", "Accepted (Mẫu 01)"),
            format!("{} {}", t("Hẹn trả", "Due"), moment(*due_at)),
        ),
        EventData::SupplementRequested { items, reason, .. } => (
            t("Yêu cầu bổ sung (Mẫu 02)", "Supplement requested (Mẫu 02)"),
            format!("{} — {reason}", items.join("; ")),
        ),
        EventData::SupplementProvided { note, .. } => (
            t("Đã bổ sung", "Supplement provided"),
            note.clone().unwrap_or_default(),
        ),
        EventData::Refused {
            reason,
            legal_basis,
        } => (
            t("Từ chối (Mẫu 03)", "Refused (Mẫu 03)"),
            format!("{reason} — {legal_basis}"),
        ),
        EventData::Assigned {
            to_name, claimed, ..
        } => (
            if *claimed {
                t("Nhận xử lý", "Claimed")
            } else {
                t("Phân công", "Assigned")
            },
            to_name.clone(),
        ),
        EventData::Transferred { to_unit, note, .. } => (
            t("Chuyển đơn vị", "Transferred"),
            format!(
                "→ {}{}",
                unit(*to_unit),
                note.as_deref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            ),
        ),
        EventData::ResultProposed {
            outcome, summary, ..
        } => (
            t("Trình kết quả", "Result proposed"),
            format!(
                "{}: {summary}",
                match outcome {
                    Outcome::Granted => t("Giải quyết", "Granted"),
                    Outcome::Denied { .. } => t("Không giải quyết", "Denied"),
                }
            ),
        ),
        EventData::SentBack { reason, .. } => (t("Trả lại xử lý", "Sent back"), reason.clone()),
        EventData::Approved { note } => {
            (t("Phê duyệt", "Approved"), note.clone().unwrap_or_default())
        }
        EventData::ResultIssued { number, .. } => (
            t("Ban hành kết quả (ký số)", "Result issued (signed)"),
            number.clone().unwrap_or_default(),
        ),
        EventData::ResultReturned { method } => (
            t("Trả kết quả", "Result returned"),
            match method {
                ReturnMethod::Desk { received_by, .. } => format!(
                    "{} {received_by}",
                    t("Tại quầy, người nhận:", "At the desk, collected by")
                ),
                ReturnMethod::Post { tracking_number } => format!(
                    "{} {tracking_number}",
                    t("Bưu chính, mã:", "By post, tracking")
                ),
                ReturnMethod::Electronic => t(
                    "Bản điện tử vào tài khoản",
                    "Electronically, to the account",
                ),
            },
        ),
        EventData::Stopped { reason } => (
            t("Dừng giải quyết (Mẫu 05)", "Stopped (Mẫu 05)"),
            reason.clone(),
        ),
        EventData::Rescheduled {
            reason, new_due, ..
        } => (
            t("Xin lỗi, hẹn lại (Mẫu 04)", "Apology, new date (Mẫu 04)"),
            format!("{} — {reason}", moment(*new_due)),
        ),
        EventData::Closed { reason } => (t("Đóng hồ sơ", "Closed"), reason.clone()),
        EventData::Commented { text } => (t("Ghi chú", "Note"), text.clone()),
        EventData::DocumentAttached { document } => {
            (t("Đính kèm", "Attached"), document.file_name.clone())
        }
        EventData::HandedOver(h) => (
            t("Bàn giao (Phiếu kiểm soát)", "Handed over (control slip)"),
            format!(
                "{} → {} · {} · {}",
                unit(h.from_unit),
                h.to_unit
                    .map(unit)
                    .unwrap_or_else(|| t("người nộp", "the applicant")),
                h.step_name,
                completion(lang, h.outcome)
            ),
        ),
        EventData::DueRecomputed { due_at, reason, .. } => (
            t("Tính lại hạn", "Due recomputed"),
            format!("{} — {reason}", moment(*due_at)),
        ),
    }
}

fn completion(lang: Lang, c: motcua_calendar::Completion) -> &'static str {
    use motcua_calendar::Completion::*;
    match c {
        Early => lang.pick("Trước hạn", "Early"),
        OnTime => lang.pick("Đúng hạn", "On time"),
        Late => lang.pick("Quá hạn", "Late"),
    }
}
