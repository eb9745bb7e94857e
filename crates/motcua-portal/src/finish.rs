//! The end of an online submission: how to receive the result (with the fee of the online
//! channel), "check your answers", and the submit itself (idempotent).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use motcua_domain::dossier::{DocSource, Role};
use motcua_domain::procedure::Channel;
use motcua_store::idempotency::request_hash;
use motcua_store::store::{AppError, Idempotency};
use motcua_ui::form::{Control, Kind};
use motcua_ui::{Chrome, Flash, FormErrors, csrf, i18n};

use crate::Portal;
use crate::ctx::Ctx;
use crate::draft;
use crate::fail::{Fail, PageResult, see_other, see_other_with};
use crate::submit::{Loaded, get, load, provinces, save, saved_flash, units_for};

#[derive(Template)]
#[template(path = "draft_delivery.html")]
struct DeliveryPage {
    page: Chrome,
    id: i64,
    procedure: String,
    summary: String,
    delivery: Control,
    address: Control,
    fee: String,
    fee_desk: Option<String>,
    fee_text: String,
}

fn delivery_page(ctx: &Ctx, l: &Loaded, e: &FormErrors) -> DeliveryPage {
    let lang = ctx.lang();
    let mut page = ctx.chrome(ctx.t("Cách nhận kết quả", "How to receive the result"));
    page.csrf = l.user.session.csrf_token.clone();
    let v = &l.p.version;
    let online = v.fee_for(Channel::Online);
    let desk = v.fee_for(Channel::Desk);
    DeliveryPage {
        id: l.draft.id,
        procedure: v.name_vi.clone(),
        summary: e.summary(lang),
        delivery: Control::new(
            lang,
            Kind::Radios(
                draft::DELIVERY
                    .iter()
                    .map(|(k, vi, en, hvi, hen)| {
                        (
                            k.to_string(),
                            lang.pick(vi, en).to_string(),
                            Some(lang.pick(hvi, hen).to_string()),
                        )
                    })
                    .collect(),
            ),
            "delivery",
            ctx.t(
                "Bạn muốn nhận kết quả bằng cách nào?",
                "How do you want to receive the result?",
            ),
        )
        .value(&l.body.delivery)
        .errors(e),
        address: Control::new(
            lang,
            Kind::TextArea,
            "delivery_address",
            ctx.t("Địa chỉ nhận qua bưu điện", "Postal address"),
        )
        .hint(ctx.t(
            "Chỉ cần nếu chọn nhận qua bưu điện.",
            "Only if you chose delivery by post.",
        ))
        .value(&l.body.delivery_address)
        .errors(e),
        fee: i18n::money(lang, online),
        fee_desk: (desk != online).then(|| i18n::money(lang, desk)),
        fee_text: v.fee_text.clone(),
        page,
    }
}

/// `GET /nhap/{id}/nhan-ket-qua`.
pub async fn delivery_form(
    State(s): State<Portal>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let l = load(&s, &ctx, &id).await?;
    Ok(motcua_ui::render(&delivery_page(
        &ctx,
        &l,
        &FormErrors::new(),
    )))
}

/// `POST /nhap/{id}/nhan-ket-qua`.
pub async fn delivery(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let lang = ctx.lang();
    let mut l = load(&s, &ctx, &id).await?;
    csrf::check(
        lang,
        &headers,
        &l.user.session.csrf_token,
        get(&pairs, csrf::FIELD),
    )?;
    l.body.delivery = get(&pairs, "delivery").unwrap_or("").to_string();
    l.body.delivery_address = get(&pairs, "delivery_address")
        .unwrap_or("")
        .chars()
        .take(500)
        .collect();
    if get(&pairs, "action") == Some("save") {
        save(&s, lang, &l).await?;
        return Ok(see_other_with(
            &format!("/nhap/{}/nhan-ket-qua", l.draft.id),
            &saved_flash(),
        ));
    }
    let mut e = FormErrors::new();
    if draft::check_delivery(&l.body, &mut e).is_none() {
        save(&s, lang, &l).await?;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &delivery_page(&ctx, &l, &e),
        ));
    }
    l.body.done = l.body.done.max(3);
    save(&s, lang, &l).await?;
    Ok(see_other(&format!("/nhap/{}/kiem-tra", l.draft.id)))
}

/// One line of "check your answers".
pub struct Answer {
    pub label: String,
    pub value: String,
    pub change: &'static str,
}

#[derive(Template)]
#[template(path = "draft_check.html")]
struct CheckPage {
    page: Chrome,
    id: i64,
    revision: i64,
    procedure: String,
    summary: String,
    answers: Vec<Answer>,
    documents: Vec<(String, Vec<String>)>,
    fee: String,
    ready: bool,
}

async fn check_page(s: &Portal, ctx: &Ctx, l: &Loaded, e: &FormErrors) -> CheckPage {
    let lang = ctx.lang();
    let b = &l.body;
    let a = &b.applicant;
    let v = &l.p.version;
    let units = units_for(s, &l.p).await;
    let mut page = ctx.chrome(ctx.t("Kiểm tra lại thông tin", "Check your answers"));
    page.csrf = l.user.session.csrf_token.clone();
    let unit_name = units
        .iter()
        .find(|(id, _)| id.0.to_string() == b.unit)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    let mut answers = vec![
        Answer {
            label: ctx.t("Nộp đến", "Sent to").into(),
            value: unit_name,
            change: "thong-tin",
        },
        Answer {
            label: ctx.t("Họ và tên", "Full name").into(),
            value: a.full_name.clone(),
            change: "thong-tin",
        },
        Answer {
            label: ctx.t("Số CCCD", "ID number").into(),
            value: a.id_number.clone(),
            change: "thong-tin",
        },
        Answer {
            label: ctx.t("Số điện thoại", "Phone").into(),
            value: a.phone.clone(),
            change: "thong-tin",
        },
        Answer {
            label: ctx.t("Địa chỉ", "Address").into(),
            value: [a.street.as_str(), a.commune.as_str(), a.province.as_str()]
                .iter()
                .filter(|x| !x.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            change: "thong-tin",
        },
    ];
    if let Some(bh) = &b.behalf {
        let method = draft::CONSENT_METHODS
            .iter()
            .find(|(k, _, _)| *k == bh.consent_method)
            .map(|(_, vi, en)| lang.pick(vi, en).to_string())
            .unwrap_or_default();
        answers.push(Answer {
            label: ctx
                .t("Sự đồng ý của người dân", "The citizen's consent")
                .into(),
            value: format!("{method}. {}", bh.consent_note),
            change: "thong-tin",
        });
    }
    for f in &v.form_fields {
        let val = b.form.get(&f.key).cloned().unwrap_or_default();
        if !val.is_empty() {
            answers.push(Answer {
                label: lang.pick(&f.label_vi, &f.label_en).to_string(),
                value: val,
                change: "thong-tin",
            });
        }
    }
    let delivery = draft::DELIVERY
        .iter()
        .find(|(k, ..)| *k == b.delivery)
        .map(|(_, vi, en, _, _)| lang.pick(vi, en).to_string())
        .unwrap_or_default();
    answers.push(Answer {
        label: ctx.t("Nhận kết quả", "Result delivery").into(),
        value: if b.delivery == "post" {
            format!("{delivery}: {}", b.delivery_address)
        } else {
            delivery
        },
        change: "nhan-ket-qua",
    });
    let documents = v
        .components
        .iter()
        .filter_map(|c| {
            let files: Vec<String> = b
                .documents
                .iter()
                .filter(|d| d.component.as_deref() == Some(&c.key))
                .map(|d| match (&d.source, d.pages) {
                    (DocSource::PersonalStore { .. }, _) => format!(
                        "{} ({})",
                        d.file_name,
                        lang.pick("từ Kho dữ liệu", "from My documents")
                    ),
                    (_, Some(p)) => {
                        format!("{} ({p} {})", d.file_name, lang.pick("trang", "pages"))
                    }
                    _ => d.file_name.clone(),
                })
                .collect();
            (!files.is_empty()).then(|| (c.name_vi.clone(), files))
        })
        .collect();
    CheckPage {
        id: l.draft.id,
        revision: l.draft.revision,
        procedure: v.name_vi.clone(),
        summary: e.summary_linking(lang, |field| {
            let step = if field.starts_with("file.") {
                "giay-to"
            } else if field.starts_with("delivery") {
                "nhan-ket-qua"
            } else {
                "thong-tin"
            };
            format!("/nhap/{}/{step}", l.draft.id)
        }),
        answers,
        documents,
        fee: i18n::money(lang, v.fee_for(Channel::Online)),
        ready: e.is_empty(),
        page,
    }
}

/// Validates the whole draft into the dossier to submit (with who it is for).
async fn build(
    s: &Portal,
    l: &Loaded,
    e: &mut FormErrors,
) -> Option<motcua_store::store::NewDossier> {
    let units = units_for(s, &l.p).await;
    let provinces = provinces(s).await;
    let store = s.app.page_store();
    let helper = l.user.is_helper() && !l.user.actor.has_role(Role::Citizen);
    let (helper_info, owner) = if helper {
        let phone = l
            .body
            .behalf
            .as_ref()
            .map(|b| b.owner_phone.clone())
            .unwrap_or_default();
        let owner = if phone.trim().is_empty() {
            None
        } else {
            match store.account_by_login(&phone).await {
                Ok(Some(a)) if a.grants.iter().any(|g| g.role == Role::Citizen) => Some(a.id),
                _ => {
                    e.add(
                        "behalf.owner_phone",
                        "Không có tài khoản người dân với số điện thoại này. Để trống nếu người dân chưa có tài khoản.",
                        "No citizen account has this phone number. Leave it empty if the citizen has none.",
                    );
                    None
                }
            }
        };
        (
            Some((l.user.account.id, l.user.account.display_name.clone())),
            owner,
        )
    } else {
        (None, Some(l.user.account.id))
    };
    draft::build(
        &l.body,
        &l.p.version,
        &units,
        &provinces,
        helper_info,
        owner,
        e,
    )
    .filter(|_| e.is_empty())
}

/// `GET /nhap/{id}/kiem-tra`.
pub async fn check_form(State(s): State<Portal>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let l = load(&s, &ctx, &id).await?;
    let mut e = FormErrors::new();
    let _ = build(&s, &l, &mut e).await;
    Ok(motcua_ui::render(&check_page(&s, &ctx, &l, &e).await))
}

/// `POST /nhap/{id}/kiem-tra`: submits. Same draft and revision → same dossier.
pub async fn submit(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let lang = ctx.lang();
    let user = ctx.require_user()?.clone();
    csrf::check(
        lang,
        &headers,
        &user.session.csrf_token,
        get(&pairs, csrf::FIELD),
    )?;
    let l = load(&s, &ctx, &id).await?;
    let store = s.app.page_store();
    let rev = get(&pairs, "revision").and_then(|r| r.parse::<i64>().ok());
    let mut e = FormErrors::new();
    if rev != Some(l.draft.revision) {
        // Changed in another tab since this page was shown: show the answers as they are now.
        let mut page = check_page(&s, &ctx, &l, &e).await;
        page.page.flash = Some(Flash::new(
            motcua_ui::FlashKind::Warning,
            "Hồ sơ nháp vừa được sửa ở nơi khác. Hãy kiểm tra lại rồi gửi.",
            "The draft was changed elsewhere. Check it again, then submit.",
        ));
        return Ok(motcua_ui::render_status(StatusCode::CONFLICT, &page));
    }
    let Some(new) = build(&s, &l, &mut e).await else {
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &check_page(&s, &ctx, &l, &e).await,
        ));
    };
    let body = serde_json::to_vec(&new).expect("dossier serializes");
    let idem = Idempotency {
        key: format!("portal-draft-{}-r{}", l.draft.id, l.draft.revision),
        request_hash: request_hash(&[b"portal-submit", &body]),
    };
    match store.submit(&user.actor, new, vec![], Some(idem)).await {
        Ok(done) => {
            let code = done.view().dossier.code.clone();
            // A crash here leaves the draft listed; submitting it again replays the same dossier.
            let _ = store
                .mark_draft_submitted(user.account.id, l.draft.id, code.clone())
                .await;
            Ok(see_other(&format!("/ho-so/{code}/bien-nhan")))
        }
        Err(AppError::Rejected(r)) => {
            e.add_localized("submit", &r);
            Ok(motcua_ui::render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &check_page(&s, &ctx, &l, &e).await,
            ))
        }
        Err(err) => Err(Fail::store(lang, err)),
    }
}
