//! The draft of an online submission: what the person typed (kept as typed, so a draft can be
//! saved half-filled), the documents already uploaded or picked from their store, and the
//! delivery choice. Validation happens when they move on and again, in full, at submission;
//! the domain's `decide` then judges the dossier itself.

use std::collections::BTreeMap;

use jiff::Timestamp;
use motcua_domain::dossier::{Address, Applicant, ApplicantKind, Delivery, DocumentRef, OnBehalf};
use motcua_domain::ids::{AccountId, UnitId};
use motcua_domain::procedure::{Channel, ProcedureVersion};
use motcua_domain::validate;
use motcua_store::store::NewDossier;
use motcua_ui::FormErrors;
use serde::{Deserialize, Serialize};

/// The applicant's details as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantIn {
    pub full_name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub province: String,
    pub commune: String,
    pub street: String,
}

/// A helper's submission on a citizen's behalf (ND 118: with the citizen's recorded consent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BehalfIn {
    /// "written" (giấy đồng ý có chữ ký), "in_person" (có mặt, đồng ý trực tiếp), "phone".
    pub consent_method: String,
    pub consent_note: String,
    /// When the helper recorded the consent (kept, so a repeated submit is the same request).
    pub consented_at: Option<Timestamp>,
    /// The citizen's account, by phone, if they have one (the dossier then shows under theirs).
    pub owner_phone: String,
}

/// The body of a draft (stored as JSON by `Store::save_draft`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftBody {
    pub unit: String,
    pub applicant: ApplicantIn,
    pub form: BTreeMap<String, String>,
    pub documents: Vec<DocumentRef>,
    /// "electronic", "desk" or "post".
    pub delivery: String,
    pub delivery_address: String,
    pub behalf: Option<BehalfIn>,
    /// The last step completed (1 details, 2 documents, 3 delivery).
    pub done: u8,
}

impl DraftBody {
    pub fn parse(json: &str) -> DraftBody {
        serde_json::from_str(json).unwrap_or_default()
    }
    pub fn json(&self) -> String {
        serde_json::to_string(self).expect("draft serializes")
    }
}

pub const CONSENT_METHODS: [(&str, &str, &str); 3] = [
    (
        "written",
        "Giấy đồng ý có chữ ký của người dân",
        "Signed consent form",
    ),
    (
        "in_person",
        "Người dân có mặt và đồng ý trực tiếp",
        "The citizen was present and agreed",
    ),
    (
        "phone",
        "Người dân đồng ý qua điện thoại",
        "The citizen agreed by phone",
    ),
];

pub const DELIVERY: [(&str, &str, &str, &str, &str); 3] = [
    (
        "electronic",
        "Nhận bản điện tử trên cổng",
        "Electronically on this portal",
        "Tải về trong mục Hồ sơ của tôi; bản điện tử có giá trị như bản giấy.",
        "Download it from My dossiers; the electronic copy is as valid as paper.",
    ),
    (
        "desk",
        "Nhận tại Bộ phận Một cửa",
        "At the one-stop desk",
        "Mang theo giấy tiếp nhận hoặc căn cước khi đến nhận.",
        "Bring the receipt or your ID card.",
    ),
    (
        "post",
        "Nhận qua bưu điện",
        "By post",
        "Kết quả được gửi đến địa chỉ bạn ghi dưới đây (có thể mất phí gửi).",
        "Sent to the address you give below (postage may apply).",
    ),
];

/// The 34 provinces and centrally-run cities since 12/06/2025 (Nghị quyết 202/2025/QH15). The
/// commune is typed (about 3,300 communes); units the installation knows are suggested.
pub const PROVINCES: [&str; 34] = [
    "Thành phố Hà Nội",
    "Thành phố Huế",
    "Thành phố Hải Phòng",
    "Thành phố Đà Nẵng",
    "Thành phố Hồ Chí Minh",
    "Thành phố Cần Thơ",
    "Tỉnh Lai Châu",
    "Tỉnh Điện Biên",
    "Tỉnh Sơn La",
    "Tỉnh Lạng Sơn",
    "Tỉnh Quảng Ninh",
    "Tỉnh Thanh Hóa",
    "Tỉnh Nghệ An",
    "Tỉnh Hà Tĩnh",
    "Tỉnh Cao Bằng",
    "Tỉnh Tuyên Quang",
    "Tỉnh Lào Cai",
    "Tỉnh Thái Nguyên",
    "Tỉnh Phú Thọ",
    "Tỉnh Bắc Ninh",
    "Tỉnh Hưng Yên",
    "Tỉnh Ninh Bình",
    "Tỉnh Quảng Trị",
    "Tỉnh Quảng Ngãi",
    "Tỉnh Gia Lai",
    "Tỉnh Khánh Hòa",
    "Tỉnh Lâm Đồng",
    "Tỉnh Đắk Lắk",
    "Tỉnh Đồng Nai",
    "Tỉnh Tây Ninh",
    "Tỉnh Vĩnh Long",
    "Tỉnh Đồng Tháp",
    "Tỉnh Cà Mau",
    "Tỉnh An Giang",
];

/// A commune name: letters (with diacritics), digits, spaces and a few signs, 2–100 characters.
fn commune(input: &str) -> Result<String, validate::FieldProblem> {
    let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = (2..=100).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '\''));
    if ok {
        Ok(s)
    } else {
        Err(validate::FieldProblem {
            vi: "Vui lòng nhập tên xã, phường hoặc đặc khu (ví dụ: Xã An Hòa).".into(),
            en: "Enter the commune or ward (e.g. Xã An Hòa).".into(),
        })
    }
}

/// Checks step 1 (who applies, where, the form). Returns the valid applicant.
pub fn check_details(
    body: &DraftBody,
    p: &ProcedureVersion,
    units: &[(UnitId, String)],
    provinces: &[String],
    helper: bool,
    e: &mut FormErrors,
) -> Option<(UnitId, Applicant, BTreeMap<String, String>)> {
    let unit = body
        .unit
        .parse::<i64>()
        .ok()
        .map(UnitId)
        .filter(|u| units.iter().any(|(id, _)| id == u));
    if unit.is_none() {
        e.add(
            "unit",
            "Vui lòng chọn nơi nhận hồ sơ.",
            "Choose where to send the dossier.",
        );
    }
    let a = &body.applicant;
    let name = e.take("applicant.full_name", validate::person_name(&a.full_name));
    let id = e.take("applicant.id_number", validate::citizen_id(&a.id_number));
    let phone = e.take("applicant.phone", validate::phone(&a.phone));
    let email = if a.email.trim().is_empty() {
        None
    } else {
        e.take("applicant.email", validate::email(&a.email))
    };
    if !provinces.contains(&a.province) {
        e.add(
            "applicant.province",
            "Vui lòng chọn tỉnh, thành phố nơi bạn cư trú.",
            "Choose the province or city where you live.",
        );
    }
    let commune = e.take("applicant.commune", commune(&a.commune));
    let mut form = BTreeMap::new();
    for f in &p.form_fields {
        let name = format!("form.{}", f.key);
        let v = body.form.get(&f.key).map(|v| v.trim()).unwrap_or("");
        if v.is_empty() {
            if f.required {
                e.add(
                    &name,
                    format!("Vui lòng nhập «{}».", f.label_vi),
                    format!("Enter \"{}\".", f.label_en),
                );
            }
            continue;
        }
        if let Some(v) = e.take(&name, validate::form_value(f, v)) {
            form.insert(f.key.clone(), v);
        }
    }
    if helper {
        let b = body.behalf.clone().unwrap_or_default();
        if !CONSENT_METHODS
            .iter()
            .any(|(k, _, _)| *k == b.consent_method)
        {
            e.add(
                "behalf.consent_method",
                "Vui lòng cho biết người dân đã đồng ý bằng cách nào.",
                "Say how the citizen gave their consent.",
            );
        }
        if !b.owner_phone.trim().is_empty() {
            e.take("behalf.owner_phone", validate::phone(&b.owner_phone));
        }
    }
    let applicant = Applicant {
        kind: ApplicantKind::Person,
        full_name: name?,
        id_number: Some(id?),
        phone: Some(phone?),
        email,
        address: Some(Address {
            province: a.province.clone(),
            commune: commune?,
            street: a.street.split_whitespace().collect::<Vec<_>>().join(" "),
        }),
    };
    e.is_empty().then_some((unit?, applicant, form))
}

/// Checks step 2: every required component has a document.
pub fn check_documents(body: &DraftBody, p: &ProcedureVersion, e: &mut FormErrors) {
    for c in p.components.iter().filter(|c| c.required) {
        if !body
            .documents
            .iter()
            .any(|d| d.component.as_deref() == Some(&c.key))
        {
            e.add(
                &format!("file.{}", c.key),
                format!("Còn thiếu giấy tờ bắt buộc: {}.", c.name_vi),
                format!(
                    "A required document is missing: {}.",
                    c.name_en.as_deref().unwrap_or(&c.name_vi)
                ),
            );
        }
    }
}

/// Checks step 3: how the result is delivered.
pub fn check_delivery(body: &DraftBody, e: &mut FormErrors) -> Option<Delivery> {
    match body.delivery.as_str() {
        "electronic" => Some(Delivery::Electronic),
        "desk" => Some(Delivery::Desk),
        "post" => {
            let a = body
                .delivery_address
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if a.chars().count() < 10 {
                e.add(
                    "delivery_address",
                    "Vui lòng ghi đủ địa chỉ nhận qua bưu điện (số nhà, thôn/đường, xã, tỉnh).",
                    "Enter the full postal address (house, street or village, commune, province).",
                );
                None
            } else {
                Some(Delivery::Post { address: a })
            }
        }
        _ => {
            e.add(
                "delivery",
                "Vui lòng chọn cách nhận kết quả.",
                "Choose how to receive the result.",
            );
            None
        }
    }
}

/// Everything checked: the dossier to submit.
#[allow(clippy::too_many_arguments)]
pub fn build(
    body: &DraftBody,
    p: &ProcedureVersion,
    units: &[(UnitId, String)],
    provinces: &[String],
    helper: Option<(AccountId, String)>,
    owner: Option<AccountId>,
    e: &mut FormErrors,
) -> Option<NewDossier> {
    let details = check_details(body, p, units, provinces, helper.is_some(), e);
    check_documents(body, p, e);
    let delivery = check_delivery(body, e);
    let (unit, applicant, form) = details?;
    let on_behalf = match helper {
        Some((id, name)) => {
            let b = body.behalf.clone().unwrap_or_default();
            Some(OnBehalf {
                helper: id,
                helper_name: name,
                consent_method: b.consent_method,
                consent_note: b.consent_note.trim().chars().take(1000).collect(),
                consented_at: b.consented_at.unwrap_or(Timestamp::UNIX_EPOCH),
            })
        }
        None => None,
    };
    Some(NewDossier {
        procedure: p.code.clone(),
        unit,
        channel: Channel::Online,
        applicant,
        owner,
        on_behalf,
        delivery: delivery?,
        form,
        documents: body.documents.clone(),
    })
}
