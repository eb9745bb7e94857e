//! The satisfaction rating of a finished dossier: the 12 criteria shown on provincial portals
//! (REGULATIONS.md §4.2) with the levels Rất hài lòng / Hài lòng / Không hài lòng, and a
//! comment. The keys are stored as they are (docs/PORTAL.md lists them) so the quality index
//! can map them. Only the overall assessment is required: twelve compulsory questions would
//! keep many people from rating at all.

use std::collections::BTreeMap;

use motcua_ui::form::{Control, Kind};
use motcua_ui::{FormErrors, Lang};

/// (key, Vietnamese, English), in the order of §4.2.
pub const CRITERIA: [(&str, &str, &str); 12] = [
    ("overall", "Đánh giá chung về dịch vụ", "Overall service"),
    ("ease_of_use", "Mức độ dễ sử dụng", "Ease of use"),
    ("timeliness", "Giải quyết và trả kết quả kịp thời", "Timely processing and delivery"),
    ("attitude", "Thái độ của cán bộ", "Attitude of the officers"),
    ("total_time", "Tổng thời gian so với quy định", "Total time against the legal limit"),
    ("time_vs_rules", "Thời gian thực hiện đúng quy định", "Time taken as the rules say"),
    ("contacts", "Số lần phải liên hệ để hoàn thành hồ sơ", "Number of contacts needed"),
    ("agencies", "Số cơ quan phải liên hệ", "Number of agencies contacted"),
    ("one_stop", "Tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa", "Reception, processing and return at the one-stop desk"),
    ("publicity", "Công khai thủ tục hành chính", "Publicity of the procedure"),
    ("feedback_handling", "Tiếp nhận, xử lý phản ánh, kiến nghị", "Handling of feedback"),
    ("online_progress", "Tiến độ và chất lượng dịch vụ công trực tuyến", "Progress and quality of the online service"),
];

/// (key, Vietnamese, English).
pub const LEVELS: [(&str, &str, &str); 3] = [
    ("very_satisfied", "Rất hài lòng", "Very satisfied"),
    ("satisfied", "Hài lòng", "Satisfied"),
    ("dissatisfied", "Không hài lòng", "Dissatisfied"),
];

pub fn level_label(lang: Lang, key: &str) -> String {
    LEVELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| lang.pick(vi, en).to_string())
        .unwrap_or_default()
}

pub fn criterion_label(lang: Lang, key: &str) -> String {
    CRITERIA
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| lang.pick(vi, en).to_string())
        .unwrap_or_else(|| key.to_string())
}

/// The form's controls.
pub fn controls(lang: Lang, given: &BTreeMap<String, String>, e: &FormErrors) -> Vec<Control> {
    CRITERIA
        .iter()
        .map(|(k, vi, en)| {
            Control::new(
                lang,
                Kind::Radios(
                    LEVELS
                        .iter()
                        .map(|(lk, lvi, len)| (lk.to_string(), lang.pick(lvi, len).to_string(), None))
                        .collect(),
                ),
                &format!("score.{k}"),
                lang.pick(vi, en),
            )
            .optional(*k != "overall")
            .value(given.get(*k).cloned().unwrap_or_default())
            .errors(e)
        })
        .collect()
}

/// The scores of a posted form (unknown keys and levels are ignored; overall is required).
pub fn parse(pairs: &[(String, String)], e: &mut FormErrors) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in pairs {
        if let Some(c) = k.strip_prefix("score.")
            && CRITERIA.iter().any(|(ck, _, _)| *ck == c)
            && LEVELS.iter().any(|(lk, _, _)| lk == v)
        {
            out.insert(c.to_string(), v.clone());
        }
    }
    if !out.contains_key("overall") {
        e.add(
            "score.overall",
            "Vui lòng cho biết đánh giá chung của bạn.",
            "Please give your overall assessment.",
        );
    }
    out
}
