//! Feedback and petitions (phản ánh, kiến nghị; ND 20/2008/NĐ-CP, R-PAKN-1) on the web: the
//! citizen's form, the public answers with like / dislike, the author's notices and follow
//! page, and the officers' lists and handling page. The rules (who may do what, deadlines,
//! redaction) are the domain's `quality::feedback`; the store runs them.

pub mod handle;
pub mod mine;
pub mod office;
pub mod public;
pub mod submit;

use jiff::Timestamp;
use motcua_domain::quality::feedback::{Feedback, LegEnd, Subject};
use motcua_ui::Lang;
use motcua_ui::i18n::moment;

/// What an item is about, in words (the dossier by its internal id: the code is the store's).
pub fn subject_text(lang: Lang, s: &Subject) -> String {
    match s {
        Subject::Procedure { code } => {
            format!("{} {}", lang.pick("Thủ tục", "Procedure"), code.as_str())
        }
        Subject::Dossier { .. } => lang
            .pick("Việc giải quyết một hồ sơ", "The handling of a dossier")
            .into(),
        Subject::Officer { name, .. } => format!("{}: {name}", lang.pick("Cán bộ", "Officer")),
        Subject::Rule { reference } => format!("{}: {reference}", lang.pick("Quy định", "Rule")),
    }
}

/// The item's history as its author may read it, from its state (no officer's names, no
/// internal drafts).
pub fn timeline(lang: Lang, fb: &Feedback) -> Vec<(String, String)> {
    let mut out: Vec<(Timestamp, String)> = vec![(
        fb.submitted_at,
        lang.pick("Đã gửi phản ánh, kiến nghị", "Feedback sent")
            .into(),
    )];
    for (i, leg) in fb.legs.iter().enumerate() {
        if i > 0 {
            out.push((
                leg.deadlines.started_at,
                lang.pick(
                    "Được chuyển đến cơ quan có thẩm quyền",
                    "Forwarded to the competent unit",
                )
                .into(),
            ));
        }
        if let Some(a) = leg.approved_at {
            out.push((
                a,
                lang.pick(
                    "Trả lời đã được duyệt, chờ công khai",
                    "Answer approved, awaiting publication",
                )
                .into(),
            ));
        }
        match (leg.end, leg.ended_at) {
            (Some(LegEnd::Published), Some(t)) => {
                out.push((
                    t,
                    lang.pick("Trả lời đã được công khai", "Answer published")
                        .into(),
                ));
            }
            (Some(LegEnd::Rejected), Some(t)) => {
                out.push((
                    t,
                    lang.pick("Bị từ chối hoặc trả lại", "Rejected or returned")
                        .into(),
                ));
            }
            _ => {}
        }
    }
    for r in &fb.info {
        out.push((
            r.asked_at,
            format!(
                "{}: {}",
                lang.pick(
                    "Cơ quan đề nghị bổ sung thông tin",
                    "The unit asked for more information"
                ),
                r.question
            ),
        ));
        if let Some(t) = r.answered_at {
            out.push((
                t,
                lang.pick("Đã bổ sung thông tin", "Information given")
                    .into(),
            ));
        }
    }
    out.sort_by_key(|(t, _)| *t);
    out.into_iter().map(|(t, s)| (moment(lang, t), s)).collect()
}
