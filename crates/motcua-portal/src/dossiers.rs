//! "Hồ sơ của tôi": the list, and each dossier with its timeline in plain words, the current
//! due date, what is expected of the person now (answer a supplement request online, collect
//! the result), stopping it while no decision exists, downloading files and the electronic
//! result, and rating the service once. Another person's dossier is always "not found" (404),
//! never "forbidden", so its existence is not confirmed.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Command, Delivery, DocumentRef, Status};
use motcua_store::store::{AppError, DossierView, Rating};
use motcua_ui::form::{Control, Kind};
use motcua_ui::{Chrome, Flash, FormErrors, Lang, csrf, i18n};
use serde::Deserialize;

use crate::Portal;
use crate::ctx::{Ctx, User};
use crate::fail::{Fail, PageResult, see_other_with};
use crate::{rating, receipt, timeline, upload};

pub struct Row {
    pub code: String,
    pub procedure: String,
    pub status: &'static str,
    pub tone: &'static str,
    pub appointment: Option<String>,
    pub due: Option<String>,
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "my_dossiers.html")]
struct ListPage {
    page: Chrome,
    rows: Vec<Row>,
    drafts: usize,
}

/// `GET /ho-so`.
pub async fn list(State(s): State<Portal>, ctx: Ctx) -> PageResult {
    let user = ctx.require_user()?;
    let lang = ctx.lang();
    let store = s.app.page_store();
    let list = store
        .my_dossiers(&user.actor)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    let drafts = store
        .drafts(user.account.id)
        .await
        .map(|d| d.len())
        .unwrap_or(0);
    let rows = list
        .iter()
        .map(|d| Row {
            code: d.code.to_string(),
            procedure: d.procedure_name.clone(),
            status: timeline::status(lang, d.status),
            tone: timeline::tone(d.status),
            appointment: d.appointment_at.map(|t| i18n::moment(lang, t)),
            due: timeline::due(lang, &d.due_state),
            submitted: i18n::short_date(d.submitted_at),
        })
        .collect();
    Ok(motcua_ui::render(&ListPage {
        page: ctx.chrome(ctx.t("Hồ sơ của tôi", "My dossiers")),
        rows,
        drafts,
    }))
}

/// The dossier if this person may see it; anything else is 404.
pub(crate) async fn mine(s: &Portal, ctx: &Ctx, code: &str) -> Result<(User, DossierView), Fail> {
    let lang = ctx.lang();
    let user = ctx.require_user()?.clone();
    let code = DossierCode::parse(code).map_err(|_| Fail::not_found(lang))?;
    let v = s
        .app
        .page_store()
        .dossier(&user.actor, &code)
        .await
        .map_err(|e| Fail::store(lang, e))?;
    Ok((user, v))
}

pub struct FileRow {
    pub href: String,
    pub name: String,
    pub meta: String,
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DetailPage {
    page: Chrome,
    code: String,
    procedure: String,
    status: &'static str,
    tone: &'static str,
    unit: String,
    appointment: Option<String>,
    expected: Option<String>,
    due: Option<String>,
    fee: String,
    apology: Option<String>,
    consent: Option<String>,
    timeline: Vec<timeline::Line>,
    supplement: Option<(Vec<String>, String, String)>,
    supplement_summary: String,
    supplement_files: Control,
    supplement_note: Control,
    results: Vec<FileRow>,
    result_at_desk: bool,
    files: Vec<FileRow>,
    can_stop: bool,
    can_rate: bool,
    rating_summary: String,
    rating_form: Vec<Control>,
    rating_comment: Control,
    rated: Option<Vec<(String, String)>>,
    rated_comment: Option<String>,
}

fn file_row(lang: Lang, code: &str, d: &DocumentRef) -> FileRow {
    let mut meta = i18n::size(lang, d.size);
    if let Some(p) = d.pages {
        meta = format!("{p} {}, {meta}", lang.pick("trang", "pages"));
    }
    FileRow {
        href: format!("/ho-so/{code}/tep/{}", d.sha256),
        name: d.file_name.clone(),
        meta,
    }
}

async fn detail_page(
    s: &Portal,
    ctx: &Ctx,
    user: &User,
    v: &DossierView,
    e: &FormErrors,
    rating_given: &BTreeMap<String, String>,
) -> Result<DetailPage, Fail> {
    let lang = ctx.lang();
    let store = s.app.page_store();
    let d = &v.dossier;
    let code = d.code.to_string();
    let events = store
        .dossier_events(&user.actor, &d.code)
        .await
        .map_err(|err| Fail::store(lang, err))?;
    let rated: Option<Rating> = store
        .dossier_rating(&user.actor, &d.code)
        .await
        .unwrap_or(None);
    let mut page = ctx.chrome(format!("{} {code}", ctx.t("Hồ sơ", "Dossier")));
    page.csrf = user.session.csrf_token.clone();
    let supplement = d.open_supplement().map(|r| {
        (
            r.items.clone(),
            r.reason.clone(),
            i18n::moment(lang, r.close_after),
        )
    });
    let results: Vec<FileRow> = if matches!(d.status, Status::ResultReady | Status::Returned)
        && matches!(d.delivery, Delivery::Electronic)
    {
        d.result_documents
            .iter()
            .map(|r| file_row(lang, &code, r))
            .collect()
    } else {
        Vec::new()
    };
    let mine = d.owner == user.actor.account || d.submitted_by == user.actor.account;
    Ok(DetailPage {
        procedure: v.procedure_name.clone(),
        status: timeline::status(lang, d.status),
        tone: timeline::tone(d.status),
        unit: v.receiving_unit_name.clone(),
        appointment: d.appointment().map(|t| i18n::moment(lang, t)),
        expected: if d.status == Status::Submitted {
            receipt::expected(s, d).map(|t| i18n::moment(lang, t))
        } else {
            None
        },
        due: timeline::due(lang, &v.due_state),
        fee: i18n::money(lang, d.fee_vnd),
        apology: d.reschedule.as_ref().map(|r| match lang {
            Lang::Vi => format!(
                "Cơ quan xin lỗi vì chưa trả kết quả đúng hẹn. Lý do: {}. Hẹn trả mới: {} (hẹn cũ: {}).",
                r.reason,
                i18n::moment(lang, r.new_due),
                i18n::moment(lang, r.previous_due)
            ),
            Lang::En => format!(
                "The office apologises for the delay. Reason: {}. New date: {} (was {}).",
                r.reason,
                i18n::moment(lang, r.new_due),
                i18n::moment(lang, r.previous_due)
            ),
        }),
        consent: d.on_behalf.as_ref().map(|b| {
            let method = crate::draft::CONSENT_METHODS
                .iter()
                .find(|(k, _, _)| *k == b.consent_method)
                .map(|(_, vi, en)| lang.pick(vi, en).to_string())
                .unwrap_or_else(|| b.consent_method.clone());
            match lang {
                Lang::Vi => format!(
                    "Hồ sơ do {} (Tổ công nghệ số cộng đồng) nộp hộ, với sự đồng ý của người dân ghi nhận lúc {}: {method}. {}",
                    b.helper_name,
                    i18n::moment(lang, b.consented_at),
                    b.consent_note
                ),
                Lang::En => format!(
                    "Submitted by {} (community digital team) with the citizen's consent recorded at {}: {method}. {}",
                    b.helper_name,
                    i18n::moment(lang, b.consented_at),
                    b.consent_note
                ),
            }
        }),
        timeline: timeline::lines(store, lang, &events),
        supplement,
        supplement_summary: e.summary(lang),
        supplement_files: Control::new(
            lang,
            Kind::File {
                accept: "application/pdf,image/jpeg,image/png".into(),
                multiple: true,
                camera: true,
            },
            "file.supplement",
            ctx.t("Giấy tờ bổ sung (PDF hoặc ảnh)", "The missing documents (PDF or photos)"),
        )
        .errors(e),
        supplement_note: Control::new(lang, Kind::TextArea, "note", ctx.t("Lời nhắn cho cán bộ", "A note for the officer"))
            .optional(true)
            .errors(e),
        result_at_desk: matches!(d.status, Status::ResultReady) && !matches!(d.delivery, Delivery::Electronic),
        results,
        files: d.documents.iter().map(|f| file_row(lang, &code, f)).collect(),
        can_stop: mine && !d.status.is_final() && !d.status.decision_exists(),
        can_rate: mine && d.status.is_final() && rated.is_none(),
        rating_summary: e.summary(lang),
        rating_form: rating::controls(lang, rating_given, e),
        rating_comment: Control::new(lang, Kind::TextArea, "comment", ctx.t("Góp ý thêm", "Any comment"))
            .optional(true)
            .errors(e),
        rated: rated.as_ref().map(|r| {
            r.scores
                .iter()
                .map(|(k, l)| (rating::criterion_label(lang, k), rating::level_label(lang, l)))
                .collect()
        }),
        rated_comment: rated.and_then(|r| r.comment),
        code,
        page,
    })
}

/// `GET /ho-so/{code}`.
pub async fn detail(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let (user, v) = mine(&s, &ctx, &code).await?;
    let page = detail_page(&s, &ctx, &user, &v, &FormErrors::new(), &BTreeMap::new()).await?;
    Ok(motcua_ui::render(&page))
}

/// `GET /ho-so/{code}/tep/{sha}`: a file of the dossier or its electronic result.
pub async fn file(
    State(s): State<Portal>,
    ctx: Ctx,
    Path((code, sha)): Path<(String, String)>,
) -> PageResult {
    let lang = ctx.lang();
    let (_, v) = mine(&s, &ctx, &code).await?;
    let d = &v.dossier;
    let doc = d
        .documents
        .iter()
        .chain(d.result_documents.iter())
        .find(|x| x.sha256 == sha)
        .cloned()
        .ok_or_else(|| Fail::not_found(lang))?;
    download(&s, lang, &doc.sha256, &doc.file_name, &doc.media_type).await
}

/// Sends a stored blob as a download.
pub(crate) async fn download(
    s: &Portal,
    lang: Lang,
    sha: &str,
    name: &str,
    media: &str,
) -> PageResult {
    let bytes = s
        .app
        .page_blobs()
        .get(sha)
        .await
        .map_err(|_| Fail::from(motcua_ui::ErrorPage::unavailable(lang)))?
        .ok_or_else(|| Fail::not_found(lang))?;
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let utf8: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        utf8.replace('+', "%20")
    );
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(media)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

/// `POST /ho-so/{code}/bo-sung` (multipart): answers a supplement request online.
pub async fn supplement(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    mp: Multipart,
) -> PageResult {
    let lang = ctx.lang();
    let (user, v) = mine(&s, &ctx, &code).await?;
    let mut form = upload::read(&s, lang, &headers, &user.session.csrf_token, mp).await?;
    if form.errors.is_empty() && !form.has_files() {
        form.errors.add(
            "file.supplement",
            "Vui lòng chọn tệp hoặc chụp ảnh giấy tờ cần bổ sung.",
            "Choose a file or photograph the missing documents.",
        );
    }
    let mut docs = Vec::new();
    if form.errors.is_empty() {
        docs = upload::store(&s, &mut form, |k| k == "supplement").await?;
    }
    if !form.errors.is_empty() {
        let page = detail_page(&s, &ctx, &user, &v, &form.errors, &BTreeMap::new()).await?;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    // Supplement items are free text, not components of the procedure.
    for d in &mut docs {
        d.component = None;
    }
    let note = form
        .text("note")
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let cmd = Command::ProvideSupplement {
        documents: docs,
        form_changes: BTreeMap::new(),
        note,
    };
    s.app
        .page_store()
        .execute(
            &user.actor,
            &v.dossier.code,
            Some(v.dossier.version),
            vec![cmd],
        )
        .await
        .map_err(|e| Fail::store(lang, e))?;
    Ok(see_other_with(
        &format!("/ho-so/{code}"),
        &Flash::success(
            "Đã gửi giấy tờ bổ sung. Cán bộ sẽ kiểm tra và tiếp tục giải quyết; bạn không cần đến nộp giấy.",
            "The missing documents were sent. The office will check them and carry on; you need not come in person.",
        ),
    ))
}

#[derive(Template)]
#[template(path = "stop.html")]
struct StopPage {
    page: Chrome,
    code: String,
    procedure: String,
    summary: String,
    reason: Control,
}

fn stop_page(ctx: &Ctx, user: &User, v: &DossierView, reason: &str, e: &FormErrors) -> StopPage {
    let lang = ctx.lang();
    let mut page = ctx.chrome(ctx.t("Dừng giải quyết hồ sơ", "Stop the dossier"));
    page.csrf = user.session.csrf_token.clone();
    StopPage {
        code: v.dossier.code.to_string(),
        procedure: v.procedure_name.clone(),
        summary: e.summary(lang),
        reason: Control::new(
            lang,
            Kind::TextArea,
            "reason",
            ctx.t("Vì sao bạn muốn dừng?", "Why do you want to stop?"),
        )
        .value(reason)
        .errors(e),
        page,
    }
}

/// `GET /ho-so/{code}/dung`: asks for confirmation.
pub async fn stop_form(State(s): State<Portal>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let (user, v) = mine(&s, &ctx, &code).await?;
    Ok(motcua_ui::render(&stop_page(
        &ctx,
        &user,
        &v,
        "",
        &FormErrors::new(),
    )))
}

#[derive(Deserialize)]
pub struct StopForm {
    #[serde(default)]
    reason: String,
    csrf_token: Option<String>,
}

/// `POST /ho-so/{code}/dung`: stops the dossier (only while no decision exists, R-LC-6).
pub async fn stop(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(f): Form<StopForm>,
) -> PageResult {
    let lang = ctx.lang();
    let (user, v) = mine(&s, &ctx, &code).await?;
    csrf::check(
        lang,
        &headers,
        &user.session.csrf_token,
        f.csrf_token.as_deref(),
    )?;
    let mut e = FormErrors::new();
    if f.reason.trim().is_empty() {
        e.add(
            "reason",
            "Vui lòng ghi lý do dừng.",
            "Give a reason for stopping.",
        );
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &stop_page(&ctx, &user, &v, &f.reason, &e),
        ));
    }
    let cmd = Command::Stop {
        reason: f.reason.trim().chars().take(2000).collect(),
    };
    s.app
        .page_store()
        .execute(
            &user.actor,
            &v.dossier.code,
            Some(v.dossier.version),
            vec![cmd],
        )
        .await
        .map_err(|err| Fail::store(lang, err))?;
    Ok(see_other_with(
        &format!("/ho-so/{code}"),
        &Flash::success(
            "Hồ sơ đã được dừng giải quyết theo đề nghị của bạn.",
            "The dossier was stopped as you asked.",
        ),
    ))
}

/// `POST /ho-so/{code}/danh-gia`: rates the service once.
pub async fn rate(
    State(s): State<Portal>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let lang = ctx.lang();
    let (user, v) = mine(&s, &ctx, &code).await?;
    let token = pairs
        .iter()
        .find(|(k, _)| k == csrf::FIELD)
        .map(|(_, v)| v.as_str());
    csrf::check(lang, &headers, &user.session.csrf_token, token)?;
    let mut e = FormErrors::new();
    let events = s
        .app
        .page_store()
        .dossier_events(&user.actor, &v.dossier.code)
        .await
        .map_err(|err| Fail::store(lang, err))?;
    let scores = rating::parse(&pairs, &v.dossier, &events, &mut e);
    if !e.is_empty() {
        let page = detail_page(&s, &ctx, &user, &v, &e, &scores).await?;
        return Ok(motcua_ui::render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    }
    let comment = pairs
        .iter()
        .find(|(k, _)| k == "comment")
        .map(|(_, c)| c.clone());
    match s
        .app
        .page_store()
        .rate_dossier(&user.actor, &v.dossier.code, scores, comment)
        .await
    {
        Ok(()) => Ok(see_other_with(
            &format!("/ho-so/{code}"),
            &Flash::success("Cảm ơn bạn đã đánh giá.", "Thank you for your rating."),
        )),
        Err(AppError::Duplicate(_)) => Err(motcua_ui::ErrorPage::conflict(
            lang,
            i18n::Text::new(
                "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần.",
                "This dossier was already rated; each dossier is rated once.",
            ),
        )
        .back(format!("/ho-so/{code}"))
        .into()),
        Err(err) => Err(Fail::store(lang, err)),
    }
}
