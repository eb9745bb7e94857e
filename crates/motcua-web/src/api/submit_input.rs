//! The input of a submission, the same for `application/json` and `multipart/form-data`, and
//! its translation into the store's `NewDossier`. The law's checks (components, form fields, the
//! applicant's name, channel and role) are made by `decide`; here only what the domain cannot
//! know: codes that must exist, the personal documents of this account, the formats of the
//! applicant's phone, e-mail and ID (stored normalised, so that the lookup by phone works).

use std::collections::BTreeMap;

use motcua_domain::dossier::{
    Address, Applicant, ApplicantKind, Delivery, DocSource, DocumentRef, OnBehalf, Role,
};
use motcua_domain::ids::ProcedureCode;
use motcua_domain::procedure::Channel;
use motcua_domain::validate;
use motcua_store::store::{AppError, NewDossier};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::auth::Auth;
use crate::problem::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressIn {
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub street: String,
}

/// The applicant. For a citizen every missing detail is taken from the account.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantIn {
    /// person (default) or organisation.
    pub kind: Option<String>,
    pub full_name: Option<String>,
    /// 12-digit citizen ID, or an organisation's tax / registration code.
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<AddressIn>,
}

/// How the result is wanted (R-LC-9).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryIn {
    /// desk (default), post or electronic.
    pub method: Option<String>,
    /// Postal address (method post).
    pub address: Option<String>,
}

/// A document reused from the personal data store (`GET /api/v1/my/documents`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReuseIn {
    /// The component key it fulfils, e.g. `c1`.
    pub component: String,
    pub personal_document_id: i64,
}

/// The recorded consent of the citizen when a community digital helper submits for them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentIn {
    /// written, in_person, otp …
    pub method: String,
    #[serde(default)]
    pub note: String,
}

/// A new dossier. With JSON, documents can only be reused from the caller's personal data store
/// (files are uploaded with `multipart/form-data`): a client can never attach a stored file it
/// did not upload itself by naming its hash.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// Procedure code, e.g. `1.001193`.
    pub procedure: String,
    /// Agency e-ID of the receiving unit, e.g. `H56.22`.
    pub unit: String,
    /// online (default for citizens and helpers), desk or post (desk officers).
    pub channel: Option<String>,
    pub applicant: Option<ApplicantIn>,
    pub delivery: Option<DeliveryIn>,
    /// Values of the procedure's form fields, by key.
    #[serde(default)]
    pub form: BTreeMap<String, String>,
    #[serde(default)]
    pub documents: Vec<ReuseIn>,
    pub consent: Option<ConsentIn>,
}

fn field_error(field: &str, vi: String, en: String) -> ApiError {
    ApiError::unprocessable(
        "dossier.invalid_field",
        format!("Trường «{field}» không hợp lệ: {vi}"),
        format!("Field \"{field}\" is invalid: {en}"),
    )
    .with(
        "errors",
        json!([{"field": field, "message_vi": vi, "message_en": en}]),
    )
}

pub fn unknown_procedure(code: &str) -> ApiError {
    ApiError::unprocessable(
        "procedure.unknown",
        format!("Không có thủ tục mã {code}."),
        format!("There is no procedure with code {code}."),
    )
}

pub fn parse_procedure(state: &AppState, code: &str) -> Result<ProcedureCode, ApiError> {
    let c = ProcedureCode::parse(code.trim()).map_err(|_| unknown_procedure(code.trim()))?;
    if state.store().procedure(&c).is_none() {
        return Err(unknown_procedure(code.trim()));
    }
    Ok(c)
}

fn channel(text: Option<&str>, auth: &Auth) -> Result<Channel, ApiError> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        Some("online") => Ok(Channel::Online),
        Some("desk") => Ok(Channel::Desk),
        Some("post") => Ok(Channel::Post),
        Some(other) => Err(field_error(
            "channel",
            format!("«{other}» (chỉ nhận online, desk, post)"),
            format!("{other:?} (online, desk or post)"),
        )),
        None if auth.actor.has_role(Role::Citizen) || auth.actor.has_role(Role::Helper) => {
            Ok(Channel::Online)
        }
        None => Ok(Channel::Desk),
    }
}

fn applicant(a: Option<&ApplicantIn>, auth: &Auth) -> Result<Applicant, ApiError> {
    let empty = ApplicantIn::default();
    let a = a.unwrap_or(&empty);
    let own = auth.actor.has_role(Role::Citizen);
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    let kind = match a.kind.as_deref().map(str::trim) {
        None | Some("") | Some("person") => ApplicantKind::Person,
        Some("organisation") | Some("organization") => ApplicantKind::Organisation,
        Some(other) => {
            return Err(field_error(
                "applicant.kind",
                format!("«{other}» (person hoặc organisation)"),
                format!("{other:?} (person or organisation)"),
            ));
        }
    };
    let account = &auth.account;
    let full_name = given(&a.full_name)
        .or_else(|| own.then(|| account.display_name.clone()))
        .unwrap_or_default();
    let phone = match given(&a.phone).or_else(|| own.then(|| account.phone.clone()).flatten()) {
        Some(p) => {
            Some(validate::phone(&p).map_err(|e| field_error("applicant.phone", e.vi, e.en))?)
        }
        None => None,
    };
    let email = match given(&a.email).or_else(|| own.then(|| account.email.clone()).flatten()) {
        Some(e) => {
            Some(validate::email(&e).map_err(|p| field_error("applicant.email", p.vi, p.en))?)
        }
        None => None,
    };
    let id_number = match given(&a.id_number)
        .or_else(|| own.then(|| account.citizen_id.clone()).flatten())
    {
        Some(i) if kind == ApplicantKind::Person => Some(
            validate::citizen_id(&i).map_err(|p| field_error("applicant.id_number", p.vi, p.en))?,
        ),
        Some(i) if i.chars().count() <= 30 => Some(i),
        Some(_) => {
            return Err(field_error(
                "applicant.id_number",
                "quá dài (tối đa 30 ký tự)".into(),
                "too long (at most 30 characters)".into(),
            ));
        }
        None => None,
    };
    let address = a.address.as_ref().map(|x| Address {
        province: x.province.trim().chars().take(200).collect(),
        commune: x.commune.trim().chars().take(200).collect(),
        street: x.street.trim().chars().take(300).collect(),
    });
    Ok(Applicant {
        kind,
        full_name,
        id_number,
        phone,
        email,
        address,
    })
}

fn delivery(d: Option<&DeliveryIn>) -> Result<Delivery, ApiError> {
    let method = d
        .and_then(|d| d.method.as_deref())
        .map(str::trim)
        .unwrap_or("desk");
    match method {
        "" | "desk" => Ok(Delivery::Desk),
        "electronic" => Ok(Delivery::Electronic),
        "post" => Ok(Delivery::Post {
            address: d
                .and_then(|d| d.address.clone())
                .unwrap_or_default()
                .trim()
                .chars()
                .take(500)
                .collect(),
        }),
        other => Err(field_error(
            "delivery.method",
            format!("«{other}» (desk, post hoặc electronic)"),
            format!("{other:?} (desk, post or electronic)"),
        )),
    }
}

/// Documents reused from the caller's personal data store.
pub async fn reused(
    state: &AppState,
    auth: &Auth,
    list: &[ReuseIn],
) -> Result<Vec<DocumentRef>, ApiError> {
    if list.is_empty() {
        return Ok(vec![]);
    }
    let mine = state.store().personal_documents(auth.account.id).await?;
    list.iter()
        .map(|r| {
            let found = mine
                .iter()
                .find(|d| d.id == r.personal_document_id)
                .ok_or_else(|| {
                    ApiError::from(AppError::invalid(
                        "dossier.reuse_not_found",
                        "Không tìm thấy giấy tờ này trong kho dữ liệu của bạn.",
                        "This document is not in your personal data store.",
                    ))
                })?;
            Ok(DocumentRef {
                component: Some(r.component.trim().to_string()),
                source: DocSource::PersonalStore { from_dossier: None },
                ..found.document.clone()
            })
        })
        .collect()
}

/// The store's `NewDossier` for this request and these already stored files.
pub async fn new_dossier(
    state: &AppState,
    auth: &Auth,
    req: &SubmitRequest,
    mut files: Vec<DocumentRef>,
) -> Result<NewDossier, ApiError> {
    let procedure = parse_procedure(state, &req.procedure)?;
    let unit = match state.store().unit_by_code(req.unit.trim()).await {
        Ok(u) => u,
        Err(AppError::NotFound) => {
            return Err(ApiError::unprocessable(
                "unit.unknown",
                format!("Không có đơn vị mang mã «{}».", req.unit.trim()),
                format!("No unit with the agency code {:?}.", req.unit.trim()),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let channel = channel(req.channel.as_deref(), auth)?;
    let on_behalf = match (
        &req.consent,
        auth.actor.has_role(Role::Helper) && !auth.actor.has_role(Role::Citizen),
    ) {
        (Some(c), true) => Some(OnBehalf {
            helper: auth.account.id,
            helper_name: auth.account.display_name.clone(),
            consent_method: c.method.trim().chars().take(50).collect(),
            consent_note: c.note.trim().chars().take(500).collect(),
            consented_at: state.store().now(),
        }),
        _ => None,
    };
    files.extend(reused(state, auth, &req.documents).await?);
    Ok(NewDossier {
        procedure,
        unit: unit.id,
        channel,
        applicant: applicant(req.applicant.as_ref(), auth)?,
        owner: auth
            .actor
            .has_role(Role::Citizen)
            .then_some(auth.account.id),
        on_behalf,
        delivery: delivery(req.delivery.as_ref())?,
        form: req.form.clone(),
        documents: files,
    })
}
