//! The citizen's feedback form (`/phan-anh/gui`): about a procedure, a dossier, an officer or a
//! rule; signed in or not (then a name and a phone or e-mail are required, ND 20/2008: the unit
//! must be able to answer). CSRF-checked, rate-limited per address, idempotent (a double click
//! sends one item). An anonymous author gets a private follow link, shown once.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::Actor;
use motcua_domain::ids::{DossierId, ProcedureCode, UnitId};
use motcua_domain::quality::feedback::{Contact, Subject};
use motcua_domain::validate;
use motcua_store::store::quality::{FeedbackCreated, NewFeedback};
use motcua_store::store::{AppError, Idempotency};
use motcua_ui::form::{Control, Kind};
use motcua_ui::{Chrome, ErrorPage, FormErrors};
use motcua_web::for_pages::ClientIp;
use serde::Deserialize;

use crate::page::{
    Fail, PageResult, check_any, field, form_token, parse_form, public_chrome, with_cookie,
};
use crate::state::Quality;
use crate::who::Ctx;

#[derive(Template)]
#[template(path = "quality/feedback_form.html")]
struct FormPage {
    page: Chrome,
    css: &'static str,
    csrf: String,
    summary: String,
    about: Control,
    unit: Control,
    subject: Control,
    title: Control,
    content: Control,
    contact: Vec<Control>,
    signed_in: bool,
    token: String,
}

#[derive(Template)]
#[template(path = "quality/feedback_sent.html")]
struct SentPage {
    page: Chrome,
    css: &'static str,
    code: String,
    unit: String,
    due: String,
    follow: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Prefill {
    /// procedure | dossier | officer | rule
    #[serde(default)]
    ve: String,
    /// The code or name it is about.
    #[serde(default)]
    ma: String,
    /// The unit's agency code.
    #[serde(default)]
    don_vi: String,
}

const ABOUT: [(&str, &str, &str); 4] = [
    (
        "procedure",
        "Một thủ tục hành chính",
        "An administrative procedure",
    ),
    (
        "dossier",
        "Việc giải quyết một hồ sơ",
        "The handling of a dossier",
    ),
    (
        "officer",
        "Hành vi, thái độ của cán bộ, công chức",
        "An officer's conduct",
    ),
    ("rule", "Một quy định hành chính", "An administrative rule"),
];

/// What was typed (kept when the form comes back with errors).
#[derive(Debug, Default)]
struct Typed {
    about: String,
    unit: String,
    subject: String,
    title: String,
    content: String,
    full_name: String,
    phone: String,
    email: String,
}

async fn units(q: &Quality) -> Vec<(String, String)> {
    let mut all = q.store().units(None).await.unwrap_or_default();
    all.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
    all.into_iter()
        .map(|u| (u.code.as_str().to_string(), u.name))
        .collect()
}

async fn form_page(q: &Quality, ctx: &Ctx, csrf: String, t: &Typed, e: &FormErrors) -> FormPage {
    let lang = ctx.lang();
    let l = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let radios = ABOUT
        .iter()
        .map(|(v, vi, en)| ((*v).to_string(), lang.pick(vi, en).to_string(), None))
        .collect();
    let text = |name: &str, label: String| Control::text(lang, name, label);
    let signed_in = ctx.user.is_some();
    FormPage {
        page: public_chrome(ctx, l("Gửi phản ánh, kiến nghị", "Send feedback")),
        css: crate::page::css(),
        csrf,
        summary: e.summary(lang),
        about: Control::new(lang, Kind::Radios(radios), "about", l("Bạn phản ánh, kiến nghị về", "Your feedback is about"))
            .value(t.about.clone())
            .errors(e),
        unit: Control::new(lang, Kind::Select(units(q).await), "unit", l("Gửi đến cơ quan", "Send it to"))
            .hint(l(
                "Xã, phường hoặc sở đang giải quyết việc của bạn. Với phản ánh về một hồ sơ, có thể để trống: hệ thống gửi đến nơi đã tiếp nhận hồ sơ.",
                "The commune, ward or department concerned. For a dossier you may leave it empty: it goes to the unit that received the dossier.",
            ))
            .value(t.unit.clone())
            .errors(e),
        subject: text(
            "subject",
            l("Mã thủ tục, mã hồ sơ, tên cán bộ hoặc số hiệu văn bản", "Procedure code, dossier code, officer's name or rule reference"),
        )
        .hint(l(
            "Ví dụ: 1.001193 (thủ tục), mã trên giấy tiếp nhận (hồ sơ), họ tên hoặc chức danh (cán bộ), 61/2018/NĐ-CP (quy định).",
            "E.g. 1.001193 (procedure), the code on the receipt (dossier), a name or title (officer), 61/2018/NĐ-CP (rule).",
        ))
        .value(t.subject.clone())
        .errors(e),
        title: text("title", l("Tiêu đề", "Title")).value(t.title.clone()).errors(e),
        content: Control::new(lang, Kind::TextArea, "content", l("Nội dung phản ánh, kiến nghị", "What happened, and what you ask for"))
            .hint(l(
                "Khi trả lời được công khai, họ tên, số điện thoại, thư điện tử, số CCCD và địa chỉ nhà của bạn sẽ được che đi.",
                "When the answer is published, your name, phone, e-mail, ID number and home address are removed.",
            ))
            .value(t.content.clone())
            .errors(e),
        contact: if signed_in {
            Vec::new()
        } else {
            vec![
                text("full_name", l("Họ và tên", "Full name"))
                    .autocomplete("name")
                    .value(t.full_name.clone())
                    .errors(e),
                Control::new(lang, Kind::Input("tel"), "phone", l("Số điện thoại", "Phone number"))
                    .hint(l("Cần số điện thoại hoặc thư điện tử để cơ quan trả lời bạn.", "A phone number or an e-mail address is needed to answer you."))
                    .autocomplete("tel")
                    .inputmode("tel")
                    .width("short")
                    .optional(true)
                    .value(t.phone.clone())
                    .errors(e),
                Control::new(lang, Kind::Input("email"), "email", l("Thư điện tử", "E-mail"))
                    .autocomplete("email")
                    .optional(true)
                    .value(t.email.clone())
                    .errors(e),
            ]
        },
        signed_in,
        token: motcua_ui::csrf::new_token(),
    }
}

/// `GET /phan-anh/gui`.
pub async fn form(
    State(q): State<Quality>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(p): Query<Prefill>,
) -> PageResult {
    let (csrf, cookie) = form_token(&ctx, &headers, q.secure_cookies());
    let typed = Typed {
        about: if ABOUT.iter().any(|a| a.0 == p.ve) {
            p.ve
        } else {
            String::new()
        },
        subject: p.ma,
        unit: p.don_vi,
        ..Typed::default()
    };
    let t = form_page(&q, &ctx, csrf, &typed, &FormErrors::new()).await;
    Ok(with_cookie(motcua_ui::render(&t), cookie))
}

/// Resolves a dossier code to the dossier (id, receiving unit). The citizen may not see the
/// dossier (an anonymous author, a relative): the lookup is made as the system, as the Open311
/// adapter does, and only "found / not found" reaches the page.
async fn dossier(q: &Quality, code: &str) -> Option<(DossierId, UnitId)> {
    let code = DossierCode::parse(code.trim()).ok()?;
    let v = q.store().dossier(&Actor::system(), &code).await.ok()?;
    Some((v.dossier.id, v.dossier.receiving_unit))
}

/// `POST /phan-anh/gui`.
pub async fn send(
    State(q): State<Quality>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> PageResult {
    let lang = ctx.lang();
    let f = parse_form(&body);
    check_any(&ctx, &headers, &f)?;
    if let Err(wait) = q.limits().feedback_ip.check(&ip) {
        return Err(ErrorPage::rate_limited(lang, wait).into());
    }
    let t = Typed {
        about: field(&f, "about"),
        unit: field(&f, "unit"),
        subject: field(&f, "subject"),
        title: field(&f, "title"),
        content: field(&f, "content"),
        full_name: field(&f, "full_name"),
        phone: field(&f, "phone"),
        email: field(&f, "email"),
    };
    let mut e = FormErrors::new();
    let new = check(&q, &ctx, &t, &mut e).await;
    let (Some(new), true) = (new, e.is_empty()) else {
        return Ok(again(&q, &ctx, &f, &t, &e).await);
    };
    // One item per form shown: the hidden token is the idempotency key.
    let token = field(&f, "form_token");
    let idem = (token.len() >= 16).then(|| Idempotency {
        key: format!("feedback-form-{token}"),
        request_hash: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
            serde_json::to_vec(&new).unwrap_or_default(),
        )),
    });
    let actor = match &ctx.user {
        Some(u) => u.actor.clone(),
        None => Actor {
            account: None,
            name: t.full_name.clone(),
            grants: Vec::new(),
        },
    };
    match q.store().submit_feedback(&actor, new, idem).await {
        Ok(created) => {
            q.limits().feedback_ip.hit(&ip);
            Ok(sent(&ctx, &created))
        }
        Err(AppError::Invalid { code, vi, en }) => {
            let field = match code {
                c if c.contains("contact") => "full_name",
                "feedback.unknown_dossier" => "subject",
                _ => "content",
            };
            e.add(field, vi, en);
            Ok(again(&q, &ctx, &f, &t, &e).await)
        }
        Err(err) => Err(Fail::store(lang, err)),
    }
}

async fn again(
    q: &Quality,
    ctx: &Ctx,
    f: &[(String, String)],
    t: &Typed,
    e: &FormErrors,
) -> Response {
    let csrf = field(f, motcua_ui::csrf::FIELD);
    let page = form_page(q, ctx, csrf, t, e).await;
    motcua_ui::render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Checks the form with the domain's validators and builds the submission.
async fn check(q: &Quality, ctx: &Ctx, t: &Typed, e: &mut FormErrors) -> Option<NewFeedback> {
    let mut unit = if t.unit.is_empty() {
        None
    } else {
        match q.store().unit_by_code(&t.unit).await {
            Ok(u) => Some(u.id),
            Err(_) => {
                e.add(
                    "unit",
                    "Vui lòng chọn cơ quan trong danh sách.",
                    "Choose a unit from the list.",
                );
                None
            }
        }
    };
    let subject = match t.about.as_str() {
        "procedure" => match ProcedureCode::parse(&t.subject) {
            Ok(code) if q.store().procedure(&code).is_some() => Some(Subject::Procedure { code }),
            _ => {
                e.add(
                    "subject",
                    "Không có thủ tục với mã này. Mã thủ tục có dạng 1.001193.",
                    "No procedure has this code. A procedure code looks like 1.001193.",
                );
                None
            }
        },
        "dossier" => match dossier(q, &t.subject).await {
            Some((id, receiving)) => {
                unit = unit.or(Some(receiving));
                Some(Subject::Dossier { id })
            }
            None => {
                e.add(
                    "subject",
                    "Không tìm thấy hồ sơ với mã này. Hãy xem mã trên giấy tiếp nhận.",
                    "No dossier has this code. Look at the code on your receipt.",
                );
                None
            }
        },
        "officer" | "rule" if t.subject.is_empty() => {
            e.add(
                "subject",
                "Vui lòng nhập tên cán bộ hoặc số hiệu văn bản.",
                "Enter the officer's name or the rule's reference.",
            );
            None
        }
        "officer" => Some(Subject::Officer {
            account: None,
            name: t.subject.clone(),
        }),
        "rule" => Some(Subject::Rule {
            reference: t.subject.clone(),
        }),
        _ => {
            e.add(
                "about",
                "Vui lòng chọn bạn phản ánh về việc gì.",
                "Choose what your feedback is about.",
            );
            None
        }
    };
    if unit.is_none() && !e.has("unit") {
        e.add(
            "unit",
            "Vui lòng chọn cơ quan nhận phản ánh.",
            "Choose the unit to send it to.",
        );
    }
    if t.title.is_empty() {
        e.add("title", "Vui lòng nhập tiêu đề.", "Enter a title.");
    } else if t.title.chars().count() > 200 {
        e.add(
            "title",
            "Tiêu đề tối đa 200 ký tự.",
            "The title may have at most 200 characters.",
        );
    }
    if t.content.is_empty() {
        e.add(
            "content",
            "Vui lòng nhập nội dung phản ánh, kiến nghị.",
            "Enter what happened and what you ask for.",
        );
    } else if t.content.chars().count() > 4000 {
        e.add(
            "content",
            "Nội dung tối đa 4.000 ký tự.",
            "The text may have at most 4,000 characters.",
        );
    }
    let contact = if ctx.user.is_some() {
        None
    } else {
        let name = e.take("full_name", validate::person_name(&t.full_name));
        let phone = (!t.phone.is_empty())
            .then(|| e.take("phone", validate::phone(&t.phone)))
            .flatten();
        let email = (!t.email.is_empty())
            .then(|| e.take("email", validate::email(&t.email)))
            .flatten();
        if t.phone.is_empty() && t.email.is_empty() {
            e.add(
                "phone",
                "Vui lòng nhập số điện thoại hoặc thư điện tử để cơ quan trả lời bạn.",
                "Enter a phone number or an e-mail address so that the unit can answer you.",
            );
        }
        name.map(|full_name| Contact {
            full_name,
            phone,
            email,
            address: None,
            id_number: None,
        })
    };
    Some(NewFeedback {
        unit: unit?,
        subject: subject?,
        title: t.title.clone(),
        content: t.content.clone(),
        contact,
        location: None,
        media: Vec::new(),
    })
}

fn sent(ctx: &Ctx, c: &FeedbackCreated) -> Response {
    let lang = ctx.lang();
    let v = &c.view;
    let follow = c
        .author_secret
        .as_ref()
        .map(|s| format!("/phan-anh/theo-doi/{}?k={s}", v.code));
    let t = SentPage {
        page: {
            let mut p = public_chrome(ctx, lang.pick("Đã gửi phản ánh", "Feedback sent"));
            p.private = true;
            p
        },
        css: crate::page::css(),
        code: v.code.clone(),
        unit: v.unit_name.clone(),
        due: v
            .deadline
            .map(|d| motcua_ui::i18n::moment(lang, d.at))
            .unwrap_or_default(),
        follow,
    };
    let mut r = motcua_ui::render(&t);
    r.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    r
}
