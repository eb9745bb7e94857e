//! The dossier page: details, documents and signed results, the forms to print, the actions
//! the officer's roles allow in this state (claim, assign, comment, attach, transfer, request a
//! supplement, propose, send back, approve and sign, issue, return, apologise and reschedule,
//! stop), and the timeline. The store answers NotFound outside the officer's units and `decide`
//! refuses what the role may not do (e.g. a specialist approving: 403 with the reason).

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Command, DocSource, Outcome, ReturnMethod, Role, Status};
use motcua_domain::ids::{AccountId, UnitId};
use motcua_store::store::{DossierEvent, DossierView};
use motcua_ui::flash::Incoming;
use motcua_ui::{Chrome, Flash, Lang};
use serde::Deserialize;

use super::labels::{due, status};
use super::timeline::describe;
use super::{chrome_with, error_page, office_css, redirect_flash};
use crate::auth::Officer;
use crate::error::OfficeError;
use crate::services::forms::available;
use crate::state::Office;

pub struct Field {
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    options: Vec<(String, String)>,
}

pub struct Action {
    name: &'static str,
    action: String,
    title: &'static str,
    button: &'static str,
    fields: Vec<Field>,
    danger: bool,
    multipart: bool,
}

#[derive(Template)]
#[template(path = "office/dossier.html")]
struct DossierPage {
    page: Chrome,
    css: &'static str,
    code: String,
    procedure: String,
    status: &'static str,
    due_class: &'static str,
    due_text: &'static str,
    apology: bool,
    print_forms: Vec<(String, String, bool)>,
    facts: Vec<(&'static str, String)>,
    documents: Vec<(String, String, String)>,
    results: Vec<(String, String, String, bool)>,
    actions: Vec<Action>,
    version: u64,
    timeline: Vec<(String, String, String, String)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    print: String,
}

pub fn parse_code(s: &str) -> Result<DossierCode, OfficeError> {
    DossierCode::parse(s.trim()).map_err(|_| OfficeError::not_found())
}

fn text(name: &'static str, label: &'static str) -> Field {
    Field {
        name,
        label,
        kind: "text",
        value: String::new(),
        options: vec![],
    }
}

fn area(name: &'static str, label: &'static str) -> Field {
    Field {
        kind: "textarea",
        ..text(name, label)
    }
}

fn select(name: &'static str, label: &'static str, options: Vec<(String, String)>) -> Field {
    Field {
        kind: "select",
        options,
        ..text(name, label)
    }
}

/// The actions this officer may try on the dossier now (the store decides for real).
async fn actions(office: &Office, o: &Officer, v: &DossierView, lang: Lang) -> Vec<Action> {
    let d = &v.dossier;
    let t = |vi: &'static str, en: &'static str| lang.pick(vi, en);
    let act = format!("/office/dossiers/{}/act", d.code);
    let a = |name, title, button, fields: Vec<Field>| Action {
        name,
        action: act.clone(),
        title,
        button,
        fields,
        danger: false,
        multipart: false,
    };
    let desk = o.actor.holds(Role::DeskOfficer, d.receiving_unit);
    let specialist = o.actor.holds(Role::Specialist, d.processing_unit);
    let leader = o.actor.holds(Role::Leader, d.processing_unit);
    let officer = desk || specialist || leader;
    let mut out = Vec::new();
    match d.status {
        Status::Submitted if desk => {
            out.push(a(
                "accept",
                t("Tiếp nhận", "Accept"),
                t("Tiếp nhận, in Mẫu 01", "Accept, print Mẫu 01"),
                vec![],
            ));
            let mut items = area(
                "items",
                t(
                    "Giấy tờ cần bổ sung, mỗi dòng một mục",
                    "Items to add, one per line",
                ),
            );
            items.value = String::new();
            out.push(a(
                "supplement",
                t("Yêu cầu bổ sung (Mẫu 02)", "Request supplement (Mẫu 02)"),
                t("Gửi yêu cầu bổ sung", "Send the request"),
                vec![items, area("reason", t("Lý do", "Reason"))],
            ));
            let mut r = a(
                "refuse",
                t("Từ chối tiếp nhận (Mẫu 03)", "Refuse (Mẫu 03)"),
                t("Từ chối", "Refuse"),
                vec![
                    area("reason", t("Lý do", "Reason")),
                    area("legal_basis", t("Căn cứ pháp lý", "Legal basis")),
                ],
            );
            r.danger = true;
            out.push(r);
        }
        Status::SupplementAtReception | Status::SupplementInProcess if desk => {
            let mut f = Field {
                kind: "file",
                ..text(
                    "files",
                    t("Giấy tờ bổ sung (quét/ảnh)", "Added papers (scan/photos)"),
                )
            };
            f.value.clear();
            out.push(Action {
                multipart: true,
                action: format!("/office/dossiers/{}/attach", d.code),
                ..a(
                    "provide",
                    t(
                        "Nhận giấy tờ bổ sung tại quầy",
                        "Record the supplement at the desk",
                    ),
                    t("Ghi nhận bổ sung", "Record it"),
                    vec![f, area("note", t("Ghi chú", "Note"))],
                )
            });
        }
        _ => {}
    }
    if matches!(d.status, Status::Received | Status::InProcess) {
        if specialist && d.assignee != Some(o.account.id) {
            out.push(a(
                "claim",
                t("Nhận xử lý", "Claim"),
                t("Nhận hồ sơ này", "Take this dossier"),
                vec![],
            ));
        }
        if leader {
            let specialists = specialists(office, d.processing_unit).await;
            out.push(a(
                "assign",
                t("Phân công", "Assign"),
                t("Phân công", "Assign"),
                vec![select("to", t("Chuyên viên", "Specialist"), specialists)],
            ));
        }
        if specialist || leader {
            let units = office
                .store()
                .units(None)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|u| u.id != d.processing_unit)
                .map(|u| (u.id.0.to_string(), format!("{} ({})", u.name, u.code)))
                .collect();
            out.push(a(
                "transfer",
                t(
                    "Chuyển đơn vị khác (liên thông)",
                    "Transfer to another unit",
                ),
                t("Chuyển", "Transfer"),
                vec![
                    select("to_unit", t("Đơn vị nhận", "Receiving unit"), units),
                    area("note", t("Ghi chú", "Note")),
                ],
            ));
        }
    }
    if d.status == Status::InProcess && (specialist || leader) {
        if specialist {
            out.push(a(
                "propose",
                t("Trình kết quả", "Propose the result"),
                t("Trình lãnh đạo", "Send to the leader"),
                vec![
                    select(
                        "outcome",
                        t("Kết quả", "Outcome"),
                        vec![
                            ("granted".into(), t("Giải quyết", "Granted").into()),
                            ("denied".into(), t("Không giải quyết", "Denied").into()),
                        ],
                    ),
                    area(
                        "summary",
                        t("Tóm tắt, ý kiến đề xuất", "Summary and proposal"),
                    ),
                ],
            ));
        }
        out.push(a(
            "supplement",
            t(
                "Yêu cầu bổ sung khi giải quyết (Mẫu 02)",
                "Request supplement during processing",
            ),
            t("Gửi yêu cầu", "Send the request"),
            vec![
                area(
                    "items",
                    t(
                        "Giấy tờ cần bổ sung, mỗi dòng một mục",
                        "Items, one per line",
                    ),
                ),
                area("reason", t("Lý do", "Reason")),
            ],
        ));
    }
    if d.status == Status::AwaitingApproval && leader {
        out.push(a(
            "approve",
            t("Phê duyệt và ký số kết quả", "Approve and sign the result"),
            t("Phê duyệt, ký số", "Approve and sign"),
            vec![area("note", t("Ý kiến", "Note"))],
        ));
        out.push(a(
            "send_back",
            t("Trả lại chuyên viên", "Send back"),
            t("Trả lại", "Send back"),
            vec![area("reason", t("Lý do", "Reason"))],
        ));
    }
    if d.status == Status::AwaitingApproval && specialist && !leader {
        // Shown so the refusal is explained, not hidden: only a leader approves.
        out.push(a(
            "approve",
            t("Phê duyệt (chỉ lãnh đạo)", "Approve (leaders only)"),
            t("Phê duyệt", "Approve"),
            vec![],
        ));
    }
    if d.status == Status::Approved && (leader || specialist) {
        out.push(a(
            "issue",
            t("Ban hành kết quả (ký số)", "Issue the result (signed)"),
            t("Ký số và ban hành", "Sign and issue"),
            vec![],
        ));
    }
    if d.status == Status::ResultReady && desk {
        out.push(a(
            "return_desk",
            t("Trả kết quả tại quầy", "Return at the desk"),
            t("Đã trả", "Returned"),
            vec![
                text(
                    "received_by",
                    t("Người nhận (họ tên)", "Collected by (full name)"),
                ),
                text("id_number", t("Số CCCD người nhận", "Their citizen ID")),
            ],
        ));
        out.push(a(
            "return_post",
            t("Trả qua bưu chính", "Return by post"),
            t("Đã gửi", "Sent"),
            vec![text("tracking_number", t("Mã bưu gửi", "Tracking number"))],
        ));
        out.push(a(
            "return_electronic",
            t("Trả bản điện tử", "Return electronically"),
            t("Trả vào tài khoản", "Send to the account"),
            vec![],
        ));
    }
    if d.status.clock_runs() && (leader || specialist) && d.reschedule.is_none() {
        let mut date = text("new_due", t("Ngày giờ hẹn mới", "New date and time"));
        date.kind = "datetime-local";
        out.push(a(
            "reschedule",
            t(
                "Xin lỗi và hẹn lại (Mẫu 04, một lần)",
                "Apologise and reschedule (Mẫu 04, once)",
            ),
            t("Lập Mẫu 04", "Issue Mẫu 04"),
            vec![
                area("reason", t("Lý do chậm", "Reason for the delay")),
                date,
            ],
        ));
    }
    if !d.status.is_final() && !d.status.decision_exists() && desk {
        let mut s = a(
            "stop",
            t(
                "Dừng giải quyết theo đề nghị (Mẫu 05)",
                "Stop at the applicant's request (Mẫu 05)",
            ),
            t("Dừng", "Stop"),
            vec![area(
                "reason",
                t("Lý do người nộp nêu", "The applicant's reason"),
            )],
        );
        s.danger = true;
        out.push(s);
    }
    if officer
        && matches!(
            d.status,
            Status::Received | Status::InProcess | Status::AwaitingApproval | Status::Approved
        )
    {
        let f = Field {
            kind: "file",
            ..text("files", t("Tệp (PDF hoặc ảnh)", "File (PDF or images)"))
        };
        out.push(Action {
            multipart: true,
            action: format!("/office/dossiers/{}/attach", d.code),
            ..a(
                "attach",
                t("Đính kèm tài liệu xử lý", "Attach a working document"),
                t("Đính kèm", "Attach"),
                vec![f],
            )
        });
    }
    if officer {
        out.push(a(
            "comment",
            t("Ghi chú nội bộ", "Internal note"),
            t("Lưu ghi chú", "Save the note"),
            vec![area("text", t("Nội dung", "Text"))],
        ));
    }
    out
}

/// Specialists holding the role on the unit (by their own grant).
async fn specialists(office: &Office, unit: UnitId) -> Vec<(String, String)> {
    office
        .store()
        .holders(Role::Specialist, unit)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| (id.0.to_string(), name))
        .collect()
}

pub async fn page(
    State(office): State<Office>,
    o: Officer,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
    flash: Incoming,
) -> Response {
    let lang = o.prefs.lang;
    let code = match parse_code(&code) {
        Ok(c) => c,
        Err(e) => return error_page(lang, &e),
    };
    let store = office.store();
    let (view, events, results) = tokio::join!(
        store.dossier(&o.actor, &code),
        store.dossier_events(&o.actor, &code),
        store.issued_results_of(&o.actor, &code)
    );
    let (view, events, results) = match (view, events, results) {
        (Ok(v), Ok(e), Ok(r)) => (v, e, r),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return error_page(lang, &e.into()),
    };
    let d = &view.dossier;
    let (due_class, due_text) = due(lang, &view.due_state);
    let av = available(&events);
    let base = format!("/office/dossiers/{}", d.code);
    let mut print_forms = Vec::new();
    for (ok, slug, label) in [
        (
            av.receipt,
            "receipt",
            lang.pick("Mẫu 01 — Giấy tiếp nhận, hẹn trả", "Mẫu 01 — Receipt"),
        ),
        (
            av.supplement,
            "supplement",
            lang.pick("Mẫu 02 — Yêu cầu bổ sung", "Mẫu 02 — Supplement request"),
        ),
        (
            av.refusal,
            "refusal",
            lang.pick("Mẫu 03 — Từ chối tiếp nhận", "Mẫu 03 — Refusal"),
        ),
        (
            av.apology,
            "apology",
            lang.pick("Mẫu 04 — Xin lỗi, hẹn lại", "Mẫu 04 — Apology and new date"),
        ),
        (
            av.stop,
            "stop",
            lang.pick("Mẫu 05 — Thông báo dừng", "Mẫu 05 — Stop notice"),
        ),
        (
            av.control_slip,
            "control-slip",
            lang.pick("Mẫu 06 — Phiếu kiểm soát", "Mẫu 06 — Control slip"),
        ),
    ] {
        if ok {
            print_forms.push((
                format!("{base}/forms/{slug}.pdf"),
                label.to_string(),
                q.print == slug,
            ));
        }
    }
    let moment = |t: Option<jiff::Timestamp>| {
        t.map(|t| motcua_ui::i18n::moment(lang, t))
            .unwrap_or_default()
    };
    let a = &d.applicant;
    let facts = vec![
        (lang.pick("Người nộp", "Applicant"), a.full_name.clone()),
        (
            lang.pick("Số CCCD", "Citizen ID"),
            a.id_number.clone().unwrap_or_default(),
        ),
        (
            lang.pick("Điện thoại", "Phone"),
            a.phone.clone().unwrap_or_default(),
        ),
        (
            lang.pick("Địa chỉ", "Address"),
            a.address
                .as_ref()
                .map(|x| x.to_string())
                .unwrap_or_default(),
        ),
        (
            lang.pick("Kênh nộp", "Channel"),
            lang.pick(d.channel.label_vi(), d.channel.label_en())
                .to_string(),
        ),
        (
            lang.pick("Nơi tiếp nhận", "Received by"),
            view.receiving_unit_name.clone(),
        ),
        (
            lang.pick("Đơn vị đang giải quyết", "Processing unit"),
            view.processing_unit_name.clone(),
        ),
        (
            lang.pick("Người xử lý", "Assignee"),
            d.assignee_name.clone().unwrap_or_default(),
        ),
        (
            lang.pick("Bước hiện tại", "Current step"),
            d.step
                .as_ref()
                .map(|s| {
                    format!(
                        "{} ({} {})",
                        s.name,
                        lang.pick("hạn", "due"),
                        moment(Some(s.deadline))
                    )
                })
                .unwrap_or_default(),
        ),
        (
            lang.pick("Nộp lúc", "Submitted"),
            moment(Some(d.submitted_at)),
        ),
        (
            lang.pick("Tiếp nhận lúc", "Received"),
            moment(d.received_at),
        ),
        (lang.pick("Hẹn trả", "Appointment"), moment(d.appointment())),
    ];
    let documents = d
        .documents
        .iter()
        .chain(events.iter().filter_map(|e| match &e.event.data {
            motcua_domain::dossier::EventData::DocumentAttached { document } => Some(document),
            _ => None,
        }))
        .chain(d.result_documents.iter())
        .map(|doc| {
            let what = doc
                .component
                .as_deref()
                .and_then(|k| {
                    store
                        .procedure(&d.procedure_code)
                        .and_then(|p| p.version.component(k).map(|c| c.name_vi.clone()))
                })
                .unwrap_or_else(|| doc.file_name.clone());
            let meta = format!(
                "{}{}{}",
                doc.pages
                    .map(|p| format!("{p} {} · ", lang.pick("trang", "pages")))
                    .unwrap_or_default(),
                motcua_ui::i18n::size(lang, doc.size),
                match doc.source {
                    DocSource::Scan => lang.pick(" · số hóa tại quầy", " · digitised at the desk"),
                    DocSource::Officer => lang.pick(" · cán bộ lập", " · by an officer"),
                    _ => "",
                }
            );
            (format!("{base}/files/{}", doc.sha256), what, meta)
        })
        .collect();
    let results = results
        .iter()
        .map(|r| {
            (
                format!("{base}/files/{}", r.sha256),
                format!(
                    "{} ({})",
                    r.title,
                    motcua_ui::i18n::moment(lang, r.signed_at)
                ),
                format!("/verify/{}", r.verify_code),
                r.demo,
            )
        })
        .collect();
    let timeline = events
        .iter()
        .rev()
        .map(|e| timeline_row(lang, e, &office))
        .collect();
    let page = DossierPage {
        page: chrome_with(o.prefs, &base, d.code.to_string(), Some(&o), flash),
        css: office_css(),
        code: d.code.to_string(),
        procedure: view.procedure_name.clone(),
        status: status(lang, d.status),
        due_class,
        due_text,
        apology: view.needs_apology,
        print_forms,
        facts,
        documents,
        results,
        actions: actions(&office, &o, &view, lang).await,
        version: d.version,
        timeline,
    };
    motcua_ui::render(&page)
}

fn timeline_row(lang: Lang, e: &DossierEvent, office: &Office) -> (String, String, String, String) {
    let (what, detail) = describe(lang, &e.event.data, &|u| office.store().unit_name(u));
    (
        motcua_ui::i18n::moment(lang, e.event.at),
        what,
        format!(
            " {} ({})",
            e.event.actor.name,
            lang.pick(e.event.actor.role.label_vi(), e.event.actor.role.label_en())
        ),
        detail,
    )
}

/// The commands of a posted action.
fn commands(f: &[(String, String)], o: &Officer) -> Result<Vec<Command>, OfficeError> {
    let get = |k: &str| super::field(f, k);
    let opt = |k: &str| Some(get(k)).filter(|s| !s.trim().is_empty());
    let lines = |k: &str| {
        get(k)
            .lines()
            .map(str::to_string)
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
    };
    Ok(match get("action").as_str() {
        "accept" => vec![Command::Accept {
            shown_only: vec![],
            note: opt("note"),
        }],
        "supplement" => vec![Command::RequestSupplement {
            items: lines("items"),
            reason: get("reason"),
        }],
        "refuse" => vec![Command::Refuse {
            reason: get("reason"),
            legal_basis: get("legal_basis"),
        }],
        "claim" => vec![Command::Claim],
        "assign" => {
            let to: i64 = get("to").parse().map_err(|_| {
                OfficeError::invalid(
                    "office.bad_input",
                    "Chọn chuyên viên.",
                    "Choose a specialist.",
                )
            })?;
            vec![Command::Assign {
                to: AccountId(to),
                to_name: String::new(),
            }]
        }
        "transfer" => {
            let to: i64 = get("to_unit").parse().map_err(|_| {
                OfficeError::invalid(
                    "office.bad_input",
                    "Chọn đơn vị nhận.",
                    "Choose the receiving unit.",
                )
            })?;
            vec![Command::Transfer {
                to_unit: UnitId(to),
                note: opt("note"),
            }]
        }
        "propose" => vec![Command::ProposeResult {
            outcome: if get("outcome") == "denied" {
                Outcome::Denied {
                    reason: get("summary"),
                }
            } else {
                Outcome::Granted
            },
            summary: get("summary"),
            documents: vec![],
        }],
        "send_back" => vec![Command::SendBack {
            reason: get("reason"),
        }],
        "approve" => vec![Command::Approve { note: opt("note") }],
        "return_desk" => vec![Command::ReturnResult {
            method: ReturnMethod::Desk {
                received_by: get("received_by"),
                id_number: opt("id_number"),
            },
        }],
        "return_post" => vec![Command::ReturnResult {
            method: ReturnMethod::Post {
                tracking_number: get("tracking_number"),
            },
        }],
        "return_electronic" => vec![Command::ReturnResult {
            method: ReturnMethod::Electronic,
        }],
        "reschedule" => {
            let when = super::parse_local(&get("new_due")).ok_or_else(|| {
                OfficeError::invalid(
                    "office.bad_date",
                    "Nhập ngày giờ hẹn mới (ngày/tháng/năm giờ:phút).",
                    "Enter the new date and time.",
                )
            })?;
            vec![Command::Reschedule {
                reason: get("reason"),
                new_due: when,
            }]
        }
        "stop" => vec![Command::Stop {
            reason: get("reason"),
        }],
        "comment" => vec![Command::Comment { text: get("text") }],
        "issue" => vec![],
        _ => {
            let _ = o;
            return Err(OfficeError::invalid(
                "office.unknown_action",
                "Thao tác không hợp lệ.",
                "Unknown action.",
            ));
        }
    })
}

pub async fn act(
    State(office): State<Office>,
    o: Officer,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: bytes::Bytes,
) -> Response {
    let lang = o.prefs.lang;
    let f = super::parse_form(&body);
    if let Some(r) = super::csrf(
        &o,
        &headers,
        Some(&super::field(&f, motcua_ui::csrf::FIELD)),
    ) {
        return r;
    }
    let code = match parse_code(&code) {
        Ok(c) => c,
        Err(e) => return error_page(lang, &e),
    };
    let action = super::field(&f, "action");
    let version = super::field(&f, "version").parse::<u64>().ok();
    let mut cmds = match commands(&f, &o) {
        Ok(c) => c,
        Err(e) => return error_page(lang, &e),
    };
    if let Some(Command::Assign { to, to_name }) = cmds.first_mut()
        && let Ok(acc) = office.store().account(*to).await
    {
        *to_name = acc.display_name;
    }
    let store = office.store();
    let result = if action == "issue" {
        match store.dossier(&o.actor, &code).await {
            Ok(v) => super::issue::issue_result(&office, &o, &v).await,
            Err(e) => Err(e.into()),
        }
    } else {
        match store.execute(&o.actor, &code, version, cmds).await {
            Ok(v) if action == "approve" => super::issue::issue_result(&office, &o, &v).await,
            Ok(v) => Ok(v),
            Err(e) => Err(e.into()),
        }
    };
    let base = format!("/office/dossiers/{code}");
    match result {
        Ok(v) => {
            let print = match action.as_str() {
                "accept" => "?print=receipt",
                "supplement" => "?print=supplement",
                "refuse" => "?print=refusal",
                "reschedule" => "?print=apology",
                "stop" => "?print=stop",
                "transfer" => "?print=control-slip",
                _ => "",
            };
            redirect_flash(
                &format!("{base}{print}"),
                Flash::success(
                    format!("Đã cập nhật: {}.", status(Lang::Vi, v.dossier.status)),
                    format!("Done: {}.", status(Lang::En, v.dossier.status)),
                ),
            )
        }
        Err(e) => error_page(lang, &e),
    }
}

/// Files at the desk: a supplement handed in (ProvideSupplement) or a working document.
pub async fn attach(
    State(office): State<Office>,
    o: Officer,
    Path(code): Path<String>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let lang = o.prefs.lang;
    let code = match parse_code(&code) {
        Ok(c) => c,
        Err(e) => return error_page(lang, &e),
    };
    match super::attach::attach(&office, &o, &code, &headers, mp).await {
        Ok(v) => redirect_flash(
            &format!("/office/dossiers/{}", v.dossier.code),
            Flash::success("Đã lưu tài liệu.", "Document saved."),
        ),
        Err(r) => *r,
    }
}
