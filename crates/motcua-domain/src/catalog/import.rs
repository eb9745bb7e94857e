//! `motcua catalog import FILE`: the national format (the shape of
//! `data/catalog/procedures.json`) → [`ProcedureVersion`]s, all or nothing.
//!
//! # Checks (every problem names the line and column, the record and the key)
//!
//! Required keys: `code`, `name_vi`, `field_vi`, `level`, `processing_time_text`,
//! `processing_days`, `fee_text`, `required_documents` (items: `name_vi`, `copies`),
//! `result_vi`, `online_mode`; optional: `name_en`, `source_urls`, `caveats`. Unknown and repeated
//! keys are errors (a misspelt key would otherwise silently drop data). `code` is `D.DDDDDD` or
//! null; codes are unique; names, fields and levels are non-empty; `processing_days` is a
//! non-negative integer or null; `online_mode` ∈ {toan_trinh, mot_phan, truc_tiep, null};
//! `copies` is null or a count such as "1 bản chính", "02 bản sao", "0 bản chính, 1 bản sao";
//! `level` names at least one of Cấp bộ / Cấp tỉnh / Cấp xã.
//!
//! # Mapping heuristics (also in data/catalog/README.md)
//!
//! * **Code**: a record without a code gets a local code `L.NNNNNN` derived from its folded name
//!   (FNV-1a, next free number on a clash), so re-importing gives the same code.
//! * **Levels**: Cấp bộ / Cấp tỉnh / Cấp xã named outside parentheses (else anywhere);
//!   `level_text` keeps the text.
//! * **Processing time**: null ⇒ none (dossiers are refused until an administrator sets one,
//!   and a caveat says so); 0 with "trong ngày" ⇒ same day; 0 with "N giờ" ⇒ N working hours;
//!   otherwise the first "N <unit>" with N = `processing_days`: "ngày làm việc" ⇒ working days,
//!   "giờ" ⇒ working hours, "tháng" ⇒ months, a bare "ngày" ⇒ calendar days (caveat); no unit
//!   next to the number ⇒ working days (caveat).
//! * **Cut-off**: "sau 15 giờ" / "sau 15h" (hours 13–17) ⇒ `After{15:00}`; "trong vòng 01 giờ
//!   trước khi kết thúc giờ làm việc" ⇒ `BeforeClose{60}`.
//! * **Fees** (never invent a number): text starting with "Miễn phí", "Miễn lệ phí" or "Không" ⇒
//!   none; text that doubts itself ("có vẻ", "lỗi nhập", "mâu thuẫn", "bảng ghi", "chú thích",
//!   "do HĐND … quyết định", "%") ⇒ none; otherwise amounts followed by đồng/đ/VNĐ, by channel
//!   when a sentence starts with "Trực tuyến" / "Trực tiếp" / "Bưu chính" (one amount per channel),
//!   else one amount for every channel when all amounts agree; anything else ⇒ none. Sentences
//!   about missions abroad ("Tại cơ quan đại diện") are skipped. When amounts were seen but not
//!   used, a caveat says so. `fee_text` is always kept verbatim.
//! * **Components** `c1..cn` in file order; `required = false` for conditional items
//!   ("Trường hợp …", "Trong trường hợp …", "Đối với …", "Nếu …", "(nếu …)", "nếu có",
//!   "tùy từng trường hợp", "đối với …" in the first clause, "…, hồ sơ gồm", an item repeating
//!   the procedure's name as a case heading, "Người …/Công dân … phải nộp"; see
//!   `map::components`); a null count is 0 originals / 0 copies ("not published").
//! * **Online level**: `online_mode` as given (null = not known). Channels: online only for
//!   toàn trình / một phần; desk only for truc_tiep; desk and post when unknown.
//! * **Result is a document** unless every item is a database update, a notice or a refusal.
//! * **Legal basis**: only the texts the record names (name, time, fee, caveats); the
//!   publication decision ("Số quyết định …") goes to `publication_decision` instead.
//! * **Internal steps**: a default template from the processing time (see `map::steps`), with a
//!   caveat asking the province to review it.
//! * **Form fields**: curated fields from `forms.toml`, then the default required long text
//!   `request` ("Nội dung yêu cầu giải quyết").
//! * **Supplement deadline**: 15 working days (R-LC-7) unless an enrichment file says otherwise.
//! * `status = Published`, `version = 1`, `name_en`, `source_urls`, `caveats` copied;
//!   `non_boundary = false` (the format does not say).

use std::collections::HashSet;

use super::enrich::Enrichment;
use super::error::ImportError;
use super::map::{self, components, fees, legal, steps, time};
use super::schema::{self, Raw};
use crate::procedure::{Component, ProcedureVersion, PublicationStatus};

/// Added when a procedure still has no processing time after enrichment.
pub const MISSING_TIME_CAVEAT: &str = "Nguồn không có thời hạn giải quyết: motcua chưa tiếp nhận hồ sơ của thủ tục này cho đến khi quản trị viên nhập thời hạn.";

/// Imports a file of the national format with the curated enrichment shipped with motcua.
pub fn import_national_json(text: &str) -> Result<Vec<ProcedureVersion>, ImportError> {
    import_file("", text, &Enrichment::builtin())
}

/// Imports `text` (named `file` in messages; may be empty) with `enrichment`.
pub fn import_file(
    file: &str,
    text: &str,
    enrichment: &Enrichment,
) -> Result<Vec<ProcedureVersion>, ImportError> {
    let raws = schema::read(file, text)?;
    let mut taken: HashSet<_> = raws.iter().filter_map(|r| r.code.clone()).collect();
    let missing = raws.iter().filter(|r| r.code.is_none());
    let mut locals = map::local_codes(missing.map(|r| r.name_vi.as_str()), &mut taken).into_iter();
    Ok(raws
        .into_iter()
        .map(|raw| {
            let code = raw.code.clone().or_else(|| locals.next());
            let mut v = to_version(raw, code.expect("one local code per record without a code"));
            apply(&mut v, enrichment);
            v
        })
        .collect())
}

fn to_version(raw: Raw, code: crate::ids::ProcedureCode) -> ProcedureVersion {
    let Raw {
        name_vi,
        name_en,
        field_vi,
        level,
        levels,
        processing_time_text,
        processing_days,
        fee_text,
        documents,
        result_vi,
        online_mode,
        source_urls,
        mut caveats,
        ..
    } = raw;
    let time_text = processing_time_text.unwrap_or_default();
    let reading = time::processing_time(processing_days, &time_text);
    caveats.extend(reading.caveat);
    let cutoff = time::cutoff(&time_text);
    let fee = fees::fees(fee_text.as_deref());
    caveats.extend(fee.caveat);
    let components = documents
        .into_iter()
        .enumerate()
        .map(|(i, d)| Component {
            key: format!("c{}", i + 1),
            required: !components::is_conditional(&d.name_vi, &name_vi),
            name_vi: d.name_vi,
            name_en: None,
            originals: d.originals,
            copies: d.copies,
            copies_text: d.copies_text,
        })
        .collect();
    let fee_text = fee_text.unwrap_or_default();
    let result_vi = result_vi.unwrap_or_default();
    let publication_decision = legal::publication_decision(&caveats);
    let mut legal_basis = legal::legal_basis(
        [name_vi.as_str(), time_text.as_str(), fee_text.as_str()]
            .into_iter()
            .chain(caveats.iter().map(String::as_str)),
    );
    legal_basis.retain(|l| Some(l) != publication_decision.as_ref());
    ProcedureVersion {
        code,
        version: 1,
        name_en,
        field_vi,
        levels,
        level_text: level,
        summary_vi: None,
        steps_text_vi: None,
        channels: map::channels(online_mode),
        applicants_vi: None,
        agency_vi: None,
        components,
        processing_time: reading.limit,
        processing_time_text: time_text,
        cutoff,
        fees: fee.fees,
        fee_text,
        legal_basis,
        result_is_document: map::result_is_document(&result_vi),
        result_vi,
        online_mode,
        internal_steps: Vec::new(),
        form_fields: Vec::new(),
        supplement_close_after: super::enrich::DEFAULT_SUPPLEMENT_CLOSE_AFTER,
        non_boundary: false,
        publication_decision,
        status: PublicationStatus::Published,
        source_urls,
        caveats,
        name_vi,
    }
}

/// Enrichment, then what depends on its result (steps from the final processing time).
fn apply(v: &mut ProcedureVersion, e: &Enrichment) {
    v.supplement_close_after = e.supplement_close_after;
    if let Some(x) = e.get(&v.code) {
        if let Some(s) = &x.summary_vi {
            v.summary_vi = Some(s.clone());
        }
        if let Some(l) = x.supplement_close_after {
            v.supplement_close_after = l;
        }
        if let (None, Some((limit, note))) = (v.processing_time, &x.processing_time) {
            v.processing_time = Some(*limit);
            v.caveats.push(format!(
                "Thời hạn giải quyết do motcua điền cho bản demo ({}): {note} Cần quản trị viên xác nhận trước khi dùng thật.",
                limit.label_vi()
            ));
        }
        if let (None, Some((mode, note))) = (v.online_mode, &x.online_mode) {
            v.online_mode = Some(*mode);
            v.channels = map::channels(Some(*mode));
            v.caveats.push(format!(
                "Mức dịch vụ công trực tuyến do motcua điền cho bản demo ({}): {note}",
                mode.label_vi()
            ));
        }
        v.form_fields = x.form_fields.clone();
    }
    v.form_fields.push(map::request_field());
    if v.processing_time.is_none() {
        v.caveats.push(MISSING_TIME_CAVEAT.to_string());
    }
    v.internal_steps = steps::default_steps(v.processing_time);
    if !v.internal_steps.is_empty() {
        v.caveats.push(steps::TEMPLATE_CAVEAT.to_string());
    }
}
