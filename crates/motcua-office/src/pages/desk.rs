//! Desk reception (issue #5 §2): pick the procedure (type-ahead that is a plain search form
//! without JavaScript), look the applicant up from earlier dossiers, tick the components with
//! their scans or phone/webcam photos, and decide: accept (Mẫu 01), supplement (Mẫu 02) or
//! refuse (Mẫu 03) — one transaction, then the form to print at once.

use askama::Template;
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use motcua_domain::dossier::{DocSource, DocumentRef, Role, Status};
use motcua_domain::ids::{ProcedureCode, UnitId};
use motcua_domain::procedure::StoredProcedure;
use motcua_store::store::{Idempotency, Worklist, WorklistQuery};
use motcua_ui::flash::Incoming;
use motcua_ui::{Chrome, Flash, FormErrors};
use serde::Deserialize;

use super::{chrome_with, error_page, office_css, redirect_flash};
use crate::auth::Officer;
use crate::error::OfficeError;
use crate::services::reception::{self, ComponentInput, Decision, DeskForm};
use crate::state::Office;

pub struct ProcedureView {
    code: String,
    name: String,
    time: String,
}

pub struct ComponentView {
    key: String,
    name: String,
    counts: String,
    required: bool,
}

/// What the officer typed (kept when the form comes back with errors).
#[derive(Default)]
pub struct Values {
    full_name: String,
    id_number: String,
    phone: String,
    email: String,
    address: String,
    delivery: String,
    post_address: String,
    by_post: bool,
    items: String,
    reason: String,
    legal_basis: String,
}

#[derive(Template)]
#[template(path = "office/desk.html")]
struct DeskPage {
    page: Chrome,
    css: &'static str,
    js: &'static str,
    pq: String,
    hits: Vec<(String, String)>,
    all_procedures: Vec<(String, String)>,
    online: Vec<(String, String, String)>,
    procedure: Option<ProcedureView>,
    lookup: String,
    lookup_note: String,
    errors: String,
    form_token: String,
    units: Vec<(i64, String)>,
    unit: i64,
    v: Values,
    components: Vec<ComponentView>,
    open_details: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeskQuery {
    #[serde(default)]
    pq: String,
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    lookup: String,
}

/// The desks (units) where this officer receives dossiers.
fn desk_units(office: &Office, o: &Officer) -> Vec<(i64, String)> {
    let mut units: Vec<UnitId> = o
        .account
        .grants
        .iter()
        .filter(|g| g.role == Role::DeskOfficer)
        .filter_map(|g| g.unit)
        .collect();
    units.dedup();
    units
        .into_iter()
        .map(|u| (u.0, office.store().unit_name(u)))
        .collect()
}

fn find_procedure(office: &Office, code: &str) -> Option<StoredProcedure> {
    ProcedureCode::parse(code.trim())
        .ok()
        .and_then(|c| office.store().procedure(&c))
}

fn components(p: &StoredProcedure) -> Vec<ComponentView> {
    p.version
        .components
        .iter()
        .map(|c| ComponentView {
            key: c.key.clone(),
            name: c.name_vi.clone(),
            counts: c
                .copies_text
                .clone()
                .unwrap_or_else(|| format!("{} bản chính, {} bản sao", c.originals, c.copies)),
            required: c.required,
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn render(
    office: &Office,
    o: &Officer,
    flash: Incoming,
    q: &DeskQuery,
    v: Values,
    errors: &FormErrors,
    unit: Option<i64>,
    status: StatusCode,
) -> Response {
    let lang = o.prefs.lang;
    let store = office.store();
    let procedure = find_procedure(office, &q.procedure);
    let mut hits = Vec::new();
    let mut online = Vec::new();
    let all_procedures: Vec<(String, String)> = store
        .procedures()
        .iter()
        .filter(|p| p.version.status == motcua_domain::procedure::PublicationStatus::Published)
        .take(2000)
        .map(|p| (p.version.code.to_string(), p.version.name_vi.clone()))
        .collect();
    if procedure.is_none() {
        if !q.pq.trim().is_empty() {
            // A code typed or picked from the list goes straight to its form.
            if let Some(p) = find_procedure(office, &q.pq) {
                return axum::response::Redirect::to(&format!(
                    "/office/desk?procedure={}",
                    p.version.code
                ))
                .into_response();
            }
            let (list, idx) = office.web().page_search(&q.pq, 20);
            hits = idx
                .into_iter()
                .map(|i| {
                    (
                        list[i].version.code.to_string(),
                        list[i].version.name_vi.clone(),
                    )
                })
                .collect();
        }
        let query = WorklistQuery {
            list: Worklist::New,
            status: Some(Status::Submitted),
            per_page: 10,
            ..WorklistQuery::default()
        };
        if let Ok(page) = store.worklist(&o.actor, query).await {
            online = page
                .items
                .into_iter()
                .map(|s| (s.code.to_string(), s.applicant_name, s.procedure_name))
                .collect();
        }
    }
    let mut v = v;
    let mut lookup_note = String::new();
    if !q.lookup.trim().is_empty() && v.full_name.is_empty() {
        match store.applicants_like(&o.actor, &q.lookup).await {
            Ok(list) if !list.is_empty() => {
                let a = &list[0];
                v.full_name = a.full_name.clone();
                v.id_number = a.id_number.clone().unwrap_or_default();
                v.phone = a.phone.clone().unwrap_or_default();
                v.email = a.email.clone().unwrap_or_default();
                v.address = a
                    .address
                    .as_ref()
                    .map(|x| x.to_string())
                    .unwrap_or_default();
                lookup_note = lang
                    .pick("Đã điền theo hồ sơ trước của người này; kiểm tra lại với giấy tờ.", "Filled in from this person's earlier dossier; check it against their papers.")
                    .into();
            }
            Ok(_) => {
                lookup_note = lang
                    .pick(
                        "Chưa có hồ sơ trước với số này; nhập thông tin mới.",
                        "No earlier dossier with this number; type the details.",
                    )
                    .into();
                if q.lookup.trim().len() == 12 {
                    v.id_number = q.lookup.trim().into();
                } else {
                    v.phone = q.lookup.trim().into();
                }
            }
            Err(e) => return error_page(lang, &e.into()),
        }
    }
    let units = desk_units(office, o);
    let title = lang.pick("Tiếp nhận hồ sơ", "Desk reception");
    let page = DeskPage {
        page: chrome_with(o.prefs, "/office/desk", title, Some(o), flash),
        css: office_css(),
        js: super::assets::camera_js_href(),
        pq: q.pq.clone(),
        hits,
        all_procedures,
        online,
        components: procedure.as_ref().map(components).unwrap_or_default(),
        procedure: procedure.as_ref().map(|p| ProcedureView {
            code: p.version.code.to_string(),
            name: p.version.name_vi.clone(),
            time: p.version.processing_time_text.clone(),
        }),
        lookup: q.lookup.clone(),
        lookup_note,
        errors: errors.summary(lang),
        form_token: motcua_ui::csrf::new_token(),
        unit: unit.or_else(|| units.first().map(|u| u.0)).unwrap_or(0),
        units,
        open_details: !v.reason.is_empty() || !v.items.is_empty(),
        v,
    };
    motcua_ui::render_status(status, &page)
}

pub async fn form(
    State(office): State<Office>,
    o: Officer,
    Query(q): Query<DeskQuery>,
    flash: Incoming,
) -> Response {
    render(
        &office,
        &o,
        flash,
        &q,
        Values::default(),
        &FormErrors::new(),
        None,
        StatusCode::OK,
    )
    .await
}

/// One uploaded component: its images (to assemble) or one PDF.
#[derive(Default)]
pub(super) struct Upload {
    pub images: Vec<Vec<u8>>,
    pub pdfs: Vec<(String, Vec<u8>)>,
}

/// Reads the multipart form: text fields, and files by component (bounded in size).
pub(super) async fn read_form(
    office: &Office,
    mut mp: Multipart,
) -> Result<(Vec<(String, String)>, Vec<(String, Upload)>), OfficeError> {
    let limit = office.config().max_upload_bytes as usize;
    let mut fields = Vec::new();
    let mut files: Vec<(String, Upload)> = Vec::new();
    let bad = |e: axum::extract::multipart::MultipartError| {
        OfficeError::new(
            e.status(),
            "upload.invalid",
            format!("Không đọc được biểu mẫu gửi lên: {}", e.body_text()),
            format!("The form could not be read: {}", e.body_text()),
        )
    };
    while let Some(mut part) = mp.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or_default().to_string();
        if let Some(key) = name.strip_prefix("file_") {
            let file_name = motcua_web::for_pages::clean_name(part.file_name());
            let mut buf: Vec<u8> = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(bad)? {
                if buf.len() + chunk.len() > limit {
                    return Err(OfficeError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "upload.too_large",
                        format!("Tệp «{file_name}» vượt quá {} MB.", limit / 1_048_576),
                        format!(
                            "The file \"{file_name}\" is larger than {} MB.",
                            limit / 1_048_576
                        ),
                    ));
                }
                buf.extend_from_slice(&chunk);
            }
            if buf.is_empty() {
                continue; // an empty file input
            }
            let entry = match files.iter_mut().find(|(k, _)| k == key) {
                Some(e) => &mut e.1,
                None => {
                    files.push((key.to_string(), Upload::default()));
                    &mut files.last_mut().expect("just pushed").1
                }
            };
            match motcua_web::for_pages::sniff(&buf) {
                Some("application/pdf") => entry.pdfs.push((file_name, buf)),
                Some(_) => entry.images.push(buf),
                None => {
                    return Err(OfficeError::invalid(
                        "upload.unsupported_type",
                        format!("Tệp «{file_name}» không phải PDF, JPEG hoặc PNG."),
                        format!("The file \"{file_name}\" is not a PDF, JPEG or PNG."),
                    ));
                }
            }
        } else {
            let text = part.text().await.map_err(bad)?;
            fields.push((name, text));
        }
    }
    Ok((fields, files))
}

/// Stores one component's scan: photos become one PDF (pages = images, R-LC-2).
pub(super) async fn store_scan(
    office: &Office,
    key: &str,
    up: Upload,
) -> Result<DocumentRef, OfficeError> {
    if !up.images.is_empty() && !up.pdfs.is_empty() || up.pdfs.len() > 1 {
        return Err(OfficeError::invalid(
            "upload.mixed",
            "Mỗi thành phần gửi một tệp PDF, hoặc các ảnh chụp từng trang — không trộn lẫn.",
            "Send one PDF per component, or photos of each page — not both.",
        ));
    }
    let (pdf, pages, name) = if up.images.is_empty() {
        let (name, pdf) = up.pdfs.into_iter().next().expect("one PDF");
        let (pdf, pages) = tokio::task::spawn_blocking(move || {
            motcua_docs::pdf_page_count(&pdf).map(|n| (pdf, n))
        })
        .await
        .map_err(|e| OfficeError::internal("page count", e))??;
        (pdf, pages, name)
    } else {
        let images = up.images;
        let (pdf, pages) = tokio::task::spawn_blocking(move || motcua_docs::images_to_pdf(&images))
            .await
            .map_err(|e| OfficeError::internal("images to pdf", e))??;
        (pdf, pages, format!("{key}.pdf"))
    };
    let blob = office.blobs().put(Bytes::from(pdf)).await?;
    Ok(DocumentRef {
        component: Some(key.to_string()),
        sha256: blob.sha256,
        size: blob.size,
        media_type: "application/pdf".into(),
        file_name: name,
        pages: Some(pages as u32),
        source: DocSource::Scan,
    })
}

pub async fn submit(
    State(office): State<Office>,
    o: Officer,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let lang = o.prefs.lang;
    let (fields, files) = match read_form(&office, mp).await {
        Ok(x) => x,
        Err(e) => return error_page(lang, &e),
    };
    let get = |k: &str| super::field(&fields, k);
    if let Some(r) = super::csrf(&o, &headers, Some(&get(motcua_ui::csrf::FIELD))) {
        return r;
    }
    let q = DeskQuery {
        procedure: get("procedure"),
        ..DeskQuery::default()
    };
    let Some(procedure) = find_procedure(&office, &q.procedure) else {
        return error_page(lang, &OfficeError::not_found());
    };
    let v = Values {
        full_name: get("full_name"),
        id_number: get("id_number"),
        phone: get("phone"),
        email: get("email"),
        address: get("address"),
        delivery: get("delivery"),
        post_address: get("post_address"),
        by_post: get("by_post") == "1",
        items: get("items"),
        reason: get("reason"),
        legal_basis: get("legal_basis"),
    };
    let units = desk_units(&office, &o);
    let unit: i64 = get("unit").parse().unwrap_or(0);
    if !units.iter().any(|u| u.0 == unit) {
        return error_page(
            lang,
            &OfficeError::forbidden(
                "Bạn không phải công chức Bộ phận Một cửa của đơn vị này.",
                "You are not a desk officer of this unit.",
            ),
        );
    }
    let mut errors = FormErrors::new();
    let mut inputs: Vec<ComponentInput> = Vec::new();
    let mut uploads = files;
    for c in &procedure.version.components {
        let mut input = ComponentInput {
            key: c.key.clone(),
            shown_only: get(&format!("shown_{}", c.key)) == "1",
            document: None,
            paper_pages: get(&format!("pages_{}", c.key)).trim().parse().ok(),
        };
        if let Some(pos) = uploads.iter().position(|(k, _)| k == &c.key) {
            let (_, up) = uploads.remove(pos);
            match store_scan(&office, &c.key, up).await {
                Ok(doc) => input.document = Some(doc),
                Err(e) => errors.add(&format!("file_{}", c.key), e.vi, e.en),
            }
        }
        inputs.push(input);
    }
    let decision = match get("decision").as_str() {
        "supplement" => {
            let mut items: Vec<String> = v.items.lines().map(str::to_string).collect();
            if items.iter().all(|i| i.trim().is_empty()) {
                items = reception::missing(&procedure.version, &inputs);
            }
            Decision::Supplement {
                items,
                reason: if v.reason.trim().is_empty() {
                    "Hồ sơ chưa đầy đủ theo quy định của thủ tục.".into()
                } else {
                    v.reason.clone()
                },
            }
        }
        "refuse" => Decision::Refuse {
            reason: v.reason.clone(),
            legal_basis: v.legal_basis.clone(),
        },
        _ => Decision::Accept,
    };
    let form = DeskForm {
        full_name: v.full_name.clone(),
        id_number: v.id_number.clone(),
        phone: v.phone.clone(),
        email: v.email.clone(),
        address: v.address.clone(),
        by_post: v.by_post,
        delivery: v.delivery.clone(),
        post_address: v.post_address.clone(),
    };
    let planned = reception::plan(
        &procedure.version,
        &procedure.version.code,
        UnitId(unit),
        &form,
        &inputs,
        &decision,
    );
    let (mut new, then) = match planned {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => {
            return render(
                &office,
                &o,
                Incoming(None),
                &q,
                v,
                &errors,
                Some(unit),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        Err(problems) => {
            for (f, vi, en) in problems {
                errors.add(&f, vi, en);
            }
            return render(
                &office,
                &o,
                Incoming(None),
                &q,
                v,
                &errors,
                Some(unit),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    new.owner = owner_for(&office, &new.applicant).await;
    let token = get("form_token");
    let idem = (!token.is_empty()).then(|| Idempotency {
        key: format!("desk:{token}"),
        request_hash: crate::services::result::sha256_hex(token.as_bytes()),
    });
    let submitted = match office.store().submit(&o.actor, new, then, idem).await {
        Ok(s) => s,
        Err(e) => {
            let e: OfficeError = e.into();
            if e.status == StatusCode::UNPROCESSABLE_ENTITY || e.status == StatusCode::CONFLICT {
                errors.add("decision", e.vi, e.en);
                return render(
                    &office,
                    &o,
                    Incoming(None),
                    &q,
                    v,
                    &errors,
                    Some(unit),
                    e.status,
                )
                .await;
            }
            return error_page(lang, &e);
        }
    };
    let d = &submitted.view().dossier;
    let (vi, en, form) = match d.status {
        Status::Received => (
            "Đã tiếp nhận hồ sơ. In Giấy tiếp nhận (Mẫu 01) cho người nộp.",
            "Dossier accepted. Print the receipt (Mẫu 01) for the applicant.",
            "receipt",
        ),
        Status::SupplementAtReception => (
            "Đã lập Phiếu yêu cầu bổ sung (Mẫu 02). In và giao cho người nộp.",
            "Supplement request (Mẫu 02) made. Print it for the applicant.",
            "supplement",
        ),
        _ => (
            "Đã lập Phiếu từ chối (Mẫu 03). In và giao cho người nộp.",
            "Refusal (Mẫu 03) made. Print it for the applicant.",
            "refusal",
        ),
    };
    redirect_flash(
        &format!("/office/dossiers/{}?print={form}", d.code),
        Flash::success(format!("{} {vi}", d.code), format!("{} {en}", d.code)),
    )
}

/// The citizen account the dossier belongs to: one whose phone AND citizen ID are the ones the
/// officer checked on the person's papers (then the result can go into their personal store).
async fn owner_for(
    office: &Office,
    a: &motcua_domain::dossier::Applicant,
) -> Option<motcua_domain::ids::AccountId> {
    let (phone, id) = (a.phone.as_deref()?, a.id_number.as_deref()?);
    let acc = office.store().account_by_login(phone).await.ok()??;
    (acc.citizen_id.as_deref() == Some(id) && acc.grants.iter().any(|g| g.role == Role::Citizen))
        .then_some(acc.id)
}
