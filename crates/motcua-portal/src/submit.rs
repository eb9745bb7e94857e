//! Online submission, step by step, phone first: (1) who applies and the procedure's form,
//! (2) the documents (upload, camera, or pick from "Kho dữ liệu"), (3) how to receive the result
//! and the fee for the online channel, (4) check your answers, then submit → the receipt.
//!
//! Everything is saved server-side as a draft of the account on every step ("Lưu nháp" on each
//! step, and automatically when moving on), listed under "Hồ sơ nháp", resumable and deletable.
//! The final submit carries an idempotency key made of the draft and its revision: a double
//! click, or a retry after a timeout, returns the same dossier, never a second one.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use motcua_domain::dossier::DocSource;
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::procedure::{Channel, FieldKind, Level, PublicationStatus, StoredProcedure};
use motcua_domain::unit::UnitKind;
use motcua_store::store::Draft;
use motcua_ui::form::{Control, Kind};
use motcua_ui::{Chrome, Flash, FormErrors, Lang, csrf, i18n};
use serde::Deserialize;

use crate::Portal;
use crate::ctx::{Ctx, User};
use crate::draft::{self, BehalfIn, DraftBody};
use crate::fail::{Fail, PageResult, see_other, see_other_with};
use crate::upload;

/// The units that may receive an online dossier of this procedure (by its level).
pub(crate) async fn units_for(s: &Portal, p: &StoredProcedure) -> Vec<(UnitId, String)> {
    let all = s.app.page_store().units(None).await.unwrap_or_default();
    let wants = |k: UnitKind| {
        p.version.levels.iter().any(|l| match l {
            Level::Commune => k == UnitKind::Commune,
            Level::Province => matches!(
                k,
                UnitKind::Province | UnitKind::Department | UnitKind::ServiceCenter
            ),
            Level::Ministry => k == UnitKind::Department,
        })
    };
    let mut out: Vec<(UnitId, String)> = all
        .iter()
        .filter(|u| wants(u.kind))
        .map(|u| (u.id, u.name.clone()))
        .collect();
    if out.is_empty() {
        out = all.iter().map(|u| (u.id, u.name.clone())).collect();
    }
    out
}

/// The provinces offered for an address: the 34 in force, plus those the installation knows.
pub(crate) async fn provinces(s: &Portal) -> Vec<String> {
    let mut v: Vec<String> = draft::PROVINCES.iter().map(|p| p.to_string()).collect();
    for u in s.app.page_store().units(None).await.unwrap_or_default() {
        if u.kind == UnitKind::Province && !v.contains(&u.name) {
            v.push(u.name);
        }
    }
    v
}

async fn communes(s: &Portal) -> Vec<String> {
    s.app
        .page_store()
        .units(None)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|u| u.kind == UnitKind::Commune)
        .map(|u| u.name)
        .collect()
}

fn procedure(s: &Portal, code: &str) -> Option<StoredProcedure> {
    s.app
        .page_store()
        .procedure(&ProcedureCode::parse(code).ok()?)
}

fn accepts_online(p: &StoredProcedure) -> bool {
    p.version.status == PublicationStatus::Published && p.version.accepts(Channel::Online)
}

/// The draft of this person, its body and its procedure; a submitted draft leads to its
/// receipt (so Back after submitting never submits again).
pub(crate) struct Loaded {
    pub user: User,
    pub draft: Draft,
    pub body: DraftBody,
    pub p: StoredProcedure,
}

pub(crate) async fn load(s: &Portal, ctx: &Ctx, id: &str) -> Result<Loaded, Fail> {
    let user = ctx.require_user()?.clone();
    let lang = ctx.lang();
    let id: i64 = id.parse().map_err(|_| Fail::not_found(lang))?;
    let draft = s
        .app
        .page_store()
        .draft(user.account.id, id)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    if let Some(code) = &draft.submitted {
        return Err(Fail::Redirect(format!("/ho-so/{code}/bien-nhan")));
    }
    let p = s
        .app
        .page_store()
        .procedure(&draft.procedure)
        .ok_or_else(|| Fail::not_found(lang))?;
    let body = DraftBody::parse(&draft.body);
    Ok(Loaded {
        user,
        draft,
        body,
        p,
    })
}

pub(crate) async fn save(s: &Portal, lang: Lang, l: &Loaded) -> Result<Draft, Fail> {
    s.app
        .page_store()
        .save_draft(
            l.user.account.id,
            Some(l.draft.id),
            l.draft.procedure.clone(),
            l.body.json(),
        )
        .await
        .map_err(|e| Fail::store(lang, e))
}

pub(crate) fn saved_flash() -> Flash {
    Flash::success(
        "Đã lưu nháp. Bạn có thể quay lại làm tiếp bất cứ lúc nào trong mục «Hồ sơ nháp».",
        "Draft saved. You can come back to it at any time under \"Drafts\".",
    )
}

/// `GET /nop/{code}`: starts a draft (signing in first if needed), prefilled from the account
/// and from the last dossier's address.
pub async fn start(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let lang = ctx.lang();
    let p = procedure(&s, &code).ok_or_else(|| Fail::not_found(lang))?;
    let user = ctx.require_user()?;
    if !accepts_online(&p) {
        return Err(motcua_ui::ErrorPage::conflict(
            lang,
            i18n::Text::new(
                "Thủ tục này chưa nhận hồ sơ trực tuyến. Vui lòng nộp tại Bộ phận Một cửa hoặc qua bưu điện.",
                "This procedure cannot be submitted online yet. Please submit at the one-stop desk or by post.",
            ),
        )
        .back(format!("/thu-tuc/{code}"))
        .into());
    }
    let store = s.app.page_store();
    let mut body = DraftBody::default();
    let units = units_for(&s, &p).await;
    if units.len() == 1 {
        body.unit = units[0].0.0.to_string();
    }
    if user.is_helper() {
        body.behalf = Some(BehalfIn::default());
    } else {
        let a = &user.account;
        body.applicant.full_name = a.display_name.clone();
        body.applicant.id_number = a.citizen_id.clone().unwrap_or_default();
        body.applicant.phone = a.phone.clone().unwrap_or_default();
        body.applicant.email = a.email.clone().unwrap_or_default();
        // Once-only: the address given last time.
        if let Some(last) = store
            .my_dossiers(&user.actor)
            .await
            .ok()
            .and_then(|l| l.into_iter().next())
            && let Ok(v) = store.dossier(&user.actor, &last.code).await
            && let Some(addr) = v.dossier.applicant.address
        {
            body.applicant.province = addr.province;
            body.applicant.commune = addr.commune;
            body.applicant.street = addr.street;
        }
    }
    body.delivery = "electronic".into();
    let d = store
        .save_draft(user.account.id, None, p.version.code.clone(), body.json())
        .await
        .map_err(|e| Fail::store(lang, e))?;
    Ok(see_other(&format!("/nhap/{}/thong-tin", d.id)))
}

pub struct DraftRow {
    pub id: i64,
    pub name: String,
    pub saved: String,
    pub next: &'static str,
}

#[derive(Template)]
#[template(path = "drafts.html")]
struct DraftsPage {
    page: Chrome,
    drafts: Vec<DraftRow>,
}

fn next_step(done: u8) -> &'static str {
    match done {
        0 => "thong-tin",
        1 => "giay-to",
        2 => "nhan-ket-qua",
        _ => "kiem-tra",
    }
}

/// `GET /nhap`: the person's drafts.
pub async fn drafts(State(s): State<Portal>, ctx: Ctx) -> PageResult {
    let user = ctx.require_user()?;
    let lang = ctx.lang();
    let store = s.app.page_store();
    let list = store
        .drafts(user.account.id)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let drafts = list
        .iter()
        .map(|d| DraftRow {
            id: d.id,
            name: store
                .procedure(&d.procedure)
                .map(|p| p.version.name_vi)
                .unwrap_or_else(|| d.procedure.as_str().to_string()),
            saved: i18n::moment(lang, d.updated_at),
            next: next_step(DraftBody::parse(&d.body).done),
        })
        .collect();
    Ok(motcua_ui::render(&DraftsPage {
        page: ctx.chrome(ctx.t("Hồ sơ nháp", "Drafts")),
        drafts,
    }))
}

/// `GET /nhap/{id}`: continues where the person stopped.
pub async fn resume(State(s): State<Portal>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let l = load(&s, &ctx, &id).await?;
    Ok(see_other(&format!(
        "/nhap/{}/{}",
        l.draft.id,
        next_step(l.body.done)
    )))
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf_token: Option<String>,
}

/// `POST /nhap/{id}/xoa`.
pub async fn delete(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    let lang = ctx.lang();
    let user = ctx.require_user()?;
    csrf::check(
        lang,
        &headers,
        &user.session.csrf_token,
        f.csrf_token.as_deref(),
    )?;
    let id: i64 = id.parse().map_err(|_| Fail::not_found(lang))?;
    s.app
        .page_store()
        .delete_draft(user.account.id, id)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    Ok(see_other_with(
        "/nhap",
        &Flash::success("Đã xóa hồ sơ nháp.", "The draft was deleted."),
    ))
}

// ---- Step 1: details ------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "draft_details.html")]
struct DetailsPage {
    page: Chrome,
    id: i64,
    procedure: String,
    summary: String,
    unit: Control,
    applicant: Vec<Control>,
    communes: Vec<String>,
    form: Vec<Control>,
    behalf: Vec<Control>,
}

fn field_control(lang: Lang, f: &motcua_domain::procedure::FormField, value: &str) -> Control {
    let name = format!("form.{}", f.key);
    let label = lang.pick(&f.label_vi, &f.label_en).to_string();
    let c = match &f.kind {
        FieldKind::LongText | FieldKind::Address => {
            Control::new(lang, Kind::TextArea, &name, label)
        }
        FieldKind::Date => Control::new(lang, Kind::Input("text"), &name, label)
            .hint(lang.pick(
                "Ngày/tháng/năm, ví dụ 05/03/2026",
                "Day/month/year, e.g. 05/03/2026",
            ))
            .inputmode("numeric")
            .width("short"),
        FieldKind::Number => Control::new(lang, Kind::Input("text"), &name, label)
            .inputmode("numeric")
            .width("short"),
        FieldKind::Select { options } => Control::new(
            lang,
            Kind::Select(options.iter().map(|o| (o.clone(), o.clone())).collect()),
            &name,
            label,
        ),
        FieldKind::CitizenId => Control::text(lang, &name, label)
            .inputmode("numeric")
            .width("mid"),
        FieldKind::Phone => Control::new(lang, Kind::Input("tel"), &name, label).width("mid"),
        FieldKind::Email => Control::new(lang, Kind::Input("email"), &name, label),
        FieldKind::Text | FieldKind::File => Control::text(lang, &name, label),
    };
    let c = match (&f.help_vi, lang) {
        (Some(h), Lang::Vi) if c.hint.is_none() => c.hint(h.clone()),
        _ => c,
    };
    // Dates are kept as typed; show ISO dates back the Vietnamese way.
    let shown = match (&f.kind, jiff::civil::Date::strptime("%Y-%m-%d", value)) {
        (FieldKind::Date, Ok(d)) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        _ => value.to_string(),
    };
    c.value(shown).optional(!f.required)
}

async fn details_page(s: &Portal, ctx: &Ctx, l: &Loaded, e: &FormErrors) -> DetailsPage {
    let lang = ctx.lang();
    let b = &l.body;
    let a = &b.applicant;
    let helper = l.user.is_helper();
    let units = units_for(s, &l.p).await;
    let provinces = provinces(s).await;
    let mut page = ctx.chrome(ctx.t("Thông tin người nộp", "Applicant details"));
    page.csrf = l.user.session.csrf_token.clone();
    let who = |vi: &'static str, en: &'static str, hvi: &'static str, hen: &'static str| {
        if helper {
            lang.pick(hvi, hen)
        } else {
            lang.pick(vi, en)
        }
        .to_string()
    };
    let applicant = vec![
        Control::text(
            lang,
            "applicant.full_name",
            who(
                "Họ và tên",
                "Full name",
                "Họ và tên người dân",
                "The citizen's full name",
            ),
        )
        .hint(ctx.t(
            "Viết có dấu, như trên căn cước.",
            "As on the ID card, with Vietnamese accents.",
        ))
        .value(&a.full_name)
        .autocomplete("name")
        .errors(e),
        Control::text(
            lang,
            "applicant.id_number",
            ctx.t(
                "Số định danh cá nhân (số CCCD)",
                "Personal ID number (CCCD)",
            ),
        )
        .hint(ctx.t("12 chữ số", "12 digits"))
        .value(&a.id_number)
        .inputmode("numeric")
        .width("mid")
        .errors(e),
        Control::new(
            lang,
            Kind::Input("tel"),
            "applicant.phone",
            ctx.t("Số điện thoại", "Phone number"),
        )
        .hint(ctx.t(
            "Cơ quan gọi hoặc nhắn tin khi cần. Dùng để tra cứu hồ sơ.",
            "The office calls or texts you if needed. Also used to look up the dossier.",
        ))
        .value(&a.phone)
        .autocomplete("tel")
        .width("mid")
        .errors(e),
        Control::new(
            lang,
            Kind::Input("email"),
            "applicant.email",
            ctx.t("Thư điện tử", "E-mail"),
        )
        .optional(true)
        .value(&a.email)
        .autocomplete("email")
        .errors(e),
        Control::new(
            lang,
            Kind::Select(provinces.iter().map(|p| (p.clone(), p.clone())).collect()),
            "applicant.province",
            ctx.t(
                "Tỉnh, thành phố nơi cư trú",
                "Province or city where you live",
            ),
        )
        .value(&a.province)
        .errors(e),
        Control::text(
            lang,
            "applicant.commune",
            ctx.t("Xã, phường, đặc khu", "Commune or ward"),
        )
        .hint(ctx.t("Ví dụ: Xã An Hòa", "For example: Xã An Hòa"))
        .value(&a.commune)
        .errors(e),
        Control::text(
            lang,
            "applicant.street",
            ctx.t(
                "Số nhà, đường, thôn, tổ dân phố",
                "House number, street, village",
            ),
        )
        .optional(true)
        .value(&a.street)
        .autocomplete("street-address")
        .errors(e),
    ];
    let form =
        l.p.version
            .form_fields
            .iter()
            .map(|f| {
                field_control(
                    lang,
                    f,
                    b.form.get(&f.key).map(String::as_str).unwrap_or(""),
                )
                .errors(e)
            })
            .collect();
    let behalf = if helper {
        let bh = b.behalf.clone().unwrap_or_default();
        vec![
            Control::new(
                lang,
                Kind::Radios(
                    draft::CONSENT_METHODS
                        .iter()
                        .map(|(k, vi, en)| (k.to_string(), lang.pick(vi, en).to_string(), None))
                        .collect(),
                ),
                "behalf.consent_method",
                ctx.t(
                    "Người dân đã đồng ý cho bạn nộp hộ bằng cách nào?",
                    "How did the citizen agree that you submit for them?",
                ),
            )
            .value(&bh.consent_method)
            .errors(e),
            Control::new(
                lang,
                Kind::TextArea,
                "behalf.consent_note",
                ctx.t("Ghi chú về sự đồng ý", "Note about the consent"),
            )
            .optional(true)
            .hint(ctx.t(
                "Ví dụ: giấy đồng ý ký ngày 02/03/2026, lưu tại tổ công nghệ số thôn 3.",
                "E.g. consent form signed on 02/03/2026, kept by the village team.",
            ))
            .value(&bh.consent_note)
            .errors(e),
            Control::new(
                lang,
                Kind::Input("tel"),
                "behalf.owner_phone",
                ctx.t(
                    "Số điện thoại tài khoản của người dân",
                    "The citizen's account phone number",
                ),
            )
            .optional(true)
            .hint(ctx.t(
                "Nếu người dân có tài khoản, hồ sơ sẽ hiện trong tài khoản của họ.",
                "If the citizen has an account, the dossier also shows in it.",
            ))
            .value(&bh.owner_phone)
            .width("mid")
            .errors(e),
        ]
    } else {
        Vec::new()
    };
    DetailsPage {
        id: l.draft.id,
        procedure: l.p.version.name_vi.clone(),
        summary: e.summary(lang),
        unit: Control::new(
            lang,
            Kind::Select(
                units
                    .iter()
                    .map(|(id, n)| (id.0.to_string(), n.clone()))
                    .collect(),
            ),
            "unit",
            ctx.t("Nộp hồ sơ đến", "Send the dossier to"),
        )
        .hint(ctx.t(
            "Bộ phận Một cửa sẽ tiếp nhận và trả kết quả cho bạn.",
            "Its one-stop desk receives the dossier and returns the result.",
        ))
        .value(&b.unit)
        .errors(e),
        applicant,
        communes: communes(s).await,
        form,
        behalf,
        page,
    }
}

/// `GET /nhap/{id}/thong-tin`.
pub async fn details_form(State(s): State<Portal>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    let l = load(&s, &ctx, &id).await?;
    Ok(motcua_ui::render(
        &details_page(&s, &ctx, &l, &FormErrors::new()).await,
    ))
}

pub(crate) fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `POST /nhap/{id}/thong-tin`: saves what was typed; moves on when it is all valid.
pub async fn details(
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
    let text = |k: &str| {
        get(&pairs, k)
            .unwrap_or("")
            .chars()
            .take(2000)
            .collect::<String>()
    };
    let b = &mut l.body;
    b.unit = text("unit");
    b.applicant.full_name = text("applicant.full_name");
    b.applicant.id_number = text("applicant.id_number");
    b.applicant.phone = text("applicant.phone");
    b.applicant.email = text("applicant.email");
    b.applicant.province = text("applicant.province");
    b.applicant.commune = text("applicant.commune");
    b.applicant.street = text("applicant.street");
    for f in &l.p.version.form_fields {
        b.form
            .insert(f.key.clone(), text(&format!("form.{}", f.key)));
    }
    if l.user.is_helper() {
        let before = b.behalf.clone().unwrap_or_default();
        let method = text("behalf.consent_method");
        b.behalf = Some(BehalfIn {
            consented_at: if method == before.consent_method && before.consented_at.is_some() {
                before.consented_at
            } else {
                Some(s.app.page_store().now())
            },
            consent_method: method,
            consent_note: text("behalf.consent_note"),
            owner_phone: text("behalf.owner_phone"),
        });
    }
    if get(&pairs, "action") == Some("save") {
        save(&s, lang, &l).await?;
        return Ok(see_other_with(
            &format!("/nhap/{}/thong-tin", l.draft.id),
            &saved_flash(),
        ));
    }
    let mut e = FormErrors::new();
    let units = units_for(&s, &l.p).await;
    let provinces = provinces(&s).await;
    if draft::check_details(
        &l.body,
        &l.p.version,
        &units,
        &provinces,
        l.user.is_helper(),
        &mut e,
    )
    .is_none()
    {
        save(&s, lang, &l).await?;
        let page = details_page(&s, &ctx, &l, &e).await;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    l.body.done = l.body.done.max(1);
    save(&s, lang, &l).await?;
    Ok(see_other(&format!("/nhap/{}/giay-to", l.draft.id)))
}

// ---- Step 2: documents ----------------------------------------------------------------------

pub struct ComponentView {
    pub key: String,
    pub name: String,
    pub counts: String,
    pub required: bool,
    pub error: Option<String>,
    pub attached: Vec<(String, String)>,
    pub file: Control,
    pub store_choices: Vec<(i64, String)>,
}

#[derive(Template)]
#[template(path = "draft_documents.html")]
struct DocumentsPage {
    page: Chrome,
    id: i64,
    procedure: String,
    summary: String,
    components: Vec<ComponentView>,
    limit_mb: u64,
}

async fn documents_page(s: &Portal, ctx: &Ctx, l: &Loaded, e: &FormErrors) -> DocumentsPage {
    let lang = ctx.lang();
    let mut page = ctx.chrome(ctx.t("Giấy tờ", "Documents"));
    page.csrf = l.user.session.csrf_token.clone();
    let personal = if l.user.is_helper() {
        Vec::new()
    } else {
        s.app
            .page_store()
            .personal_documents(l.user.account.id)
            .await
            .unwrap_or_default()
    };
    let components =
        l.p.version
            .components
            .iter()
            .map(|c| {
                let key = format!("file.{}", c.key);
                let name = match (lang, &c.name_en) {
                    (Lang::En, Some(en)) => en.clone(),
                    _ => c.name_vi.clone(),
                };
                ComponentView {
                    error: e.message(&key, lang),
                    attached: l
                        .body
                        .documents
                        .iter()
                        .filter(|d| d.component.as_deref() == Some(&c.key))
                        .map(|d| {
                            let how = match (&d.source, d.pages) {
                                (DocSource::PersonalStore { .. }, _) => lang
                                    .pick("lấy từ Kho dữ liệu", "from My documents")
                                    .to_string(),
                                (_, Some(p)) => format!("{p} {}", lang.pick("trang", "pages")),
                                _ => i18n::size(lang, d.size),
                            };
                            (
                                format!("{}:{}", c.key, d.sha256),
                                format!("{} ({how})", d.file_name),
                            )
                        })
                        .collect(),
                    file: Control::new(
                        lang,
                        Kind::File {
                            accept: "application/pdf,image/jpeg,image/png".into(),
                            multiple: true,
                            camera: true,
                        },
                        &key,
                        ctx.t("Chọn tệp PDF hoặc ảnh", "Choose a PDF or photos"),
                    ),
                    store_choices: personal.iter().map(|d| (d.id, d.title.clone())).collect(),
                    counts: c.copies_text.clone().unwrap_or_default(),
                    required: c.required,
                    key: c.key.clone(),
                    name,
                }
            })
            .collect();
    DocumentsPage {
        id: l.draft.id,
        procedure: l.p.version.name_vi.clone(),
        summary: e.summary(lang),
        components,
        limit_mb: s.app.page_config().max_upload_bytes / (1024 * 1024),
        page,
    }
}

/// `GET /nhap/{id}/giay-to`.
pub async fn documents_form(
    State(s): State<Portal>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let l = load(&s, &ctx, &id).await?;
    Ok(motcua_ui::render(
        &documents_page(&s, &ctx, &l, &FormErrors::new()).await,
    ))
}

/// `POST /nhap/{id}/giay-to` (multipart): adds files, reuses stored documents, removes some.
pub async fn documents(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    mp: Multipart,
) -> PageResult {
    let lang = ctx.lang();
    let mut l = load(&s, &ctx, &id).await?;
    let mut form = upload::read(&s, lang, &headers, &l.user.session.csrf_token, mp).await?;
    if !form.errors.is_empty() {
        // Nothing of this post is kept; the files already attached stay.
        let page = documents_page(&s, &ctx, &l, &form.errors).await;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    let version = l.p.version.clone();
    let added = upload::store(&s, &mut form, |k| version.component(k).is_some()).await?;
    if !form.errors.is_empty() {
        let page = documents_page(&s, &ctx, &l, &form.errors).await;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    let removed: Vec<String> = form.all("remove").to_vec();
    l.body.documents.retain(|d| {
        !removed.contains(&format!(
            "{}:{}",
            d.component.as_deref().unwrap_or(""),
            d.sha256
        ))
    });
    for d in added {
        if !l
            .body
            .documents
            .iter()
            .any(|x| x.sha256 == d.sha256 && x.component == d.component)
        {
            l.body.documents.push(d);
        }
    }
    // Once-only: a document from the personal store instead of a new upload.
    if !l.user.is_helper() {
        let personal = s
            .app
            .page_store()
            .personal_documents(l.user.account.id)
            .await
            .unwrap_or_default();
        for c in &l.p.version.components {
            let Some(pick) = form
                .text(&format!("reuse.{}", c.key))
                .and_then(|v| v.parse::<i64>().ok())
            else {
                continue;
            };
            if let Some(pd) = personal.iter().find(|d| d.id == pick) {
                let mut doc = pd.document.clone();
                doc.component = Some(c.key.clone());
                doc.source = DocSource::PersonalStore { from_dossier: None };
                if !l
                    .body
                    .documents
                    .iter()
                    .any(|x| x.sha256 == doc.sha256 && x.component == doc.component)
                {
                    l.body.documents.push(doc);
                }
            }
        }
    }
    let action = form.text("action").unwrap_or("next").to_string();
    if action != "next" {
        save(&s, lang, &l).await?;
        let flash = if action == "save" {
            saved_flash()
        } else {
            Flash::success("Đã cập nhật giấy tờ.", "Documents updated.")
        };
        return Ok(see_other_with(
            &format!("/nhap/{}/giay-to", l.draft.id),
            &flash,
        ));
    }
    let mut e = FormErrors::new();
    draft::check_documents(&l.body, &l.p.version, &mut e);
    if !e.is_empty() {
        save(&s, lang, &l).await?;
        let page = documents_page(&s, &ctx, &l, &e).await;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    l.body.done = l.body.done.max(2);
    save(&s, lang, &l).await?;
    Ok(see_other(&format!("/nhap/{}/nhan-ket-qua", l.draft.id)))
}
