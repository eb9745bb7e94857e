//! Administration (issue #5 §9): units with dated versions, accounts and roles (incl. resetting
//! the second factor), the procedure catalog (edit as a new version, publish, abolish, import),
//! the working calendar (a year's schedule, a unit's hours). Administrators only; every change
//! is audited by the store.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use motcua_domain::dossier::{Grant, Role};
use motcua_domain::ids::{AccountId, AgencyCode, UnitId};
use motcua_domain::procedure::{ProcedureVersion, PublicationStatus};
use motcua_domain::unit::UnitKind;
use motcua_store::store::{NewAccount, NewUnit};
use motcua_ui::{Chrome, Flash};

use super::{chrome_with, error_page, field, office_css, parse_form, redirect_flash};
use crate::auth::Officer;
use crate::error::OfficeError;
use crate::state::Office;

#[derive(Template)]
#[template(path = "office/admin.html")]
struct AdminPage {
    page: Chrome,
    css: &'static str,
    units: Vec<Vec<String>>,
    unit_options: Vec<(i64, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    today: String,
    accounts: Vec<Vec<String>>,
    roles: Vec<(&'static str, &'static str)>,
    procedures: Vec<Vec<String>>,
    years: String,
}

fn admin_only(o: &Officer) -> Result<(), OfficeError> {
    if o.is_admin() {
        Ok(())
    } else {
        Err(OfficeError::forbidden(
            "Chỉ quản trị viên được vào trang quản trị.",
            "Only administrators may use the administration pages.",
        ))
    }
}

const KINDS: [UnitKind; 4] = [
    UnitKind::Province,
    UnitKind::Commune,
    UnitKind::Department,
    UnitKind::ServiceCenter,
];

fn kind_slug(k: UnitKind) -> &'static str {
    match k {
        UnitKind::Province => "province",
        UnitKind::District => "district",
        UnitKind::Commune => "commune",
        UnitKind::Department => "department",
        UnitKind::ServiceCenter => "service_center",
    }
}

pub async fn page(
    State(office): State<Office>,
    o: Officer,
    flash: motcua_ui::flash::Incoming,
) -> Response {
    let lang = o.prefs.lang;
    if let Err(e) = admin_only(&o) {
        return error_page(lang, &e);
    }
    let store = office.store();
    let mut history = store.unit_history();
    history.sort_by_key(|u| (u.id, u.valid_from));
    let units = history
        .iter()
        .map(|u| {
            vec![
                u.id.0.to_string(),
                u.code.to_string(),
                u.name.clone(),
                lang.pick(u.kind.label_vi(), u.kind.label_en()).to_string(),
                u.parent.map(|p| store.unit_name(p)).unwrap_or_default(),
                format!(
                    "{} → {}",
                    u.valid_from,
                    u.valid_to.map(|d| d.to_string()).unwrap_or_default()
                ),
            ]
        })
        .collect();
    let unit_options = store
        .units(None)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id.0, format!("{} ({})", u.name, u.code)))
        .collect();
    let accounts = store
        .staff_accounts(1000)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|a| {
            let roles = a
                .grants
                .iter()
                .map(|g| {
                    format!(
                        "{}{}",
                        lang.pick(g.role.label_vi(), g.role.label_en()),
                        g.unit
                            .map(|u| format!(" — {}", store.unit_name(u)))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                a.id.0.to_string(),
                a.display_name.clone(),
                a.username
                    .clone()
                    .or(a.phone.clone())
                    .or(a.email.clone())
                    .unwrap_or_default(),
                roles,
                if a.totp_enabled {
                    lang.pick("Đã bật", "On")
                } else {
                    lang.pick("Chưa bật", "Off")
                }
                .to_string(),
                if a.disabled {
                    lang.pick("Đã khóa", "Disabled")
                } else {
                    lang.pick("Hoạt động", "Active")
                }
                .to_string(),
            ]
        })
        .collect();
    let procedures = store
        .procedures()
        .iter()
        .take(2000)
        .map(|p| {
            vec![
                p.version.code.to_string(),
                p.version.name_vi.clone(),
                p.version.version.to_string(),
                match p.version.status {
                    PublicationStatus::Draft => lang.pick("Dự thảo", "Draft"),
                    PublicationStatus::Published => lang.pick("Đã công bố", "Published"),
                    PublicationStatus::Abolished => lang.pick("Đã bãi bỏ", "Abolished"),
                }
                .to_string(),
            ]
        })
        .collect();
    let years = store
        .schedules()
        .announced_years()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let page = AdminPage {
        page: chrome_with(
            o.prefs,
            "/office/admin",
            lang.pick("Quản trị", "Administration"),
            Some(&o),
            flash,
        ),
        css: office_css(),
        units,
        unit_options,
        kinds: KINDS
            .iter()
            .map(|k| (kind_slug(*k), lang.pick(k.label_vi(), k.label_en())))
            .collect(),
        today: motcua_calendar::to_local(store.now()).date().to_string(),
        accounts,
        roles: [
            Role::DeskOfficer,
            Role::Specialist,
            Role::Leader,
            Role::Admin,
            Role::Helper,
        ]
        .iter()
        .map(|r| (r.as_str(), lang.pick(r.label_vi(), r.label_en())))
        .collect(),
        procedures,
        years,
    };
    motcua_ui::render(&page)
}

type Form = Vec<(String, String)>;

/// Runs an admin change and answers with a redirect and a message (done or what was wrong).
async fn change<F, Fut>(
    office: &Office,
    o: &Officer,
    headers: &HeaderMap,
    body: &[u8],
    anchor: &str,
    f: F,
) -> Response
where
    F: FnOnce(Form) -> Fut,
    Fut: std::future::Future<Output = Result<(), OfficeError>>,
{
    let _ = office;
    let lang = o.prefs.lang;
    if let Err(e) = admin_only(o) {
        return error_page(lang, &e);
    }
    let form = parse_form(body);
    if let Some(r) = super::csrf(o, headers, Some(&field(&form, motcua_ui::csrf::FIELD))) {
        return r;
    }
    let to = format!("/office/admin#{anchor}");
    match f(form).await {
        Ok(()) => redirect_flash(&to, Flash::success("Đã lưu thay đổi.", "Change saved.")),
        Err(e) => redirect_flash(&to, Flash::new(motcua_ui::FlashKind::Warning, e.vi, e.en)),
    }
}

fn bad(vi: &str, en: &str) -> OfficeError {
    OfficeError::invalid("office.admin_input", vi, en)
}

fn unit_of(f: &Form, key: &str) -> Option<UnitId> {
    field(f, key).parse().ok().map(UnitId)
}

pub async fn units(
    State(office): State<Office>,
    o: Officer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let store = office.store().clone();
    let actor = o.actor.clone();
    change(&office, &o, &headers, &body, "units", |f| async move {
        let code = AgencyCode::parse(field(&f, "code").trim()).map_err(|e| {
            OfficeError::invalid(
                "unit.bad_code",
                motcua_domain::Localized::message_vi(&e),
                motcua_domain::Localized::message_en(&e),
            )
        })?;
        let valid_from = field(&f, "valid_from")
            .parse()
            .map_err(|_| bad("Nhập ngày hiệu lực.", "Enter the date it takes effect."))?;
        match field(&f, "action").as_str() {
            "create" => {
                let kind = KINDS
                    .into_iter()
                    .find(|k| kind_slug(*k) == field(&f, "kind"))
                    .unwrap_or(UnitKind::Commune);
                store
                    .create_unit(
                        &actor,
                        NewUnit {
                            code,
                            name: field(&f, "name"),
                            kind,
                            parent: unit_of(&f, "parent"),
                            valid_from,
                        },
                    )
                    .await?;
            }
            _ => {
                let unit =
                    unit_of(&f, "unit").ok_or_else(|| bad("Chọn đơn vị.", "Choose the unit."))?;
                let current = store.unit(unit).await?;
                let name = Some(field(&f, "name"))
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or(current.name);
                store
                    .add_unit_version(
                        &actor,
                        unit,
                        NewUnit {
                            code,
                            name,
                            kind: current.kind,
                            parent: current.parent,
                            valid_from,
                        },
                        None,
                    )
                    .await?;
            }
        }
        Ok(())
    })
    .await
}

pub async fn accounts(
    State(office): State<Office>,
    o: Officer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let store = office.store().clone();
    let actor = o.actor.clone();
    let production = office.config().production;
    change(&office, &o, &headers, &body, "accounts", |f| async move {
        let role = Role::parse(&field(&f, "role")).unwrap_or(Role::DeskOfficer);
        let grant = Grant {
            role,
            unit: if role.is_officer() {
                unit_of(&f, "unit")
            } else {
                None
            },
        };
        let password = field(&f, "password");
        let hash = |pw: String| async move {
            if pw.chars().count() < 8
                || (production && motcua_web::for_pages::is_default_password(&pw))
            {
                return Err(bad(
                    "Mật khẩu cần ít nhất 8 ký tự và không phải mật khẩu mặc định.",
                    "The password needs 8 characters or more and must not be a default one.",
                ));
            }
            tokio::task::spawn_blocking(move || motcua_web::hash_password(&pw))
                .await
                .map_err(|e| OfficeError::internal("hash", e))
        };
        if field(&f, "action") == "create" {
            let hash = hash(password).await?;
            let username = Some(field(&f, "username").trim().to_string()).filter(|u| !u.is_empty());
            store
                .create_account(
                    Some(&actor),
                    NewAccount {
                        display_name: field(&f, "display_name"),
                        phone: None,
                        email: None,
                        username,
                        password_hash: hash,
                        citizen_id: None,
                        grants: vec![grant],
                    },
                )
                .await?;
            return Ok(());
        }
        let id = AccountId(
            field(&f, "account")
                .trim()
                .parse()
                .map_err(|_| bad("Nhập ID tài khoản.", "Enter the account ID."))?,
        );
        match field(&f, "action").as_str() {
            "grant" | "revoke" => {
                let mut grants = store.account(id).await?.grants;
                grants.retain(|g| *g != grant);
                if field(&f, "action") == "grant" {
                    grants.push(grant);
                }
                store.set_grants(&actor, id, grants).await?;
            }
            "reset_totp" => store.reset_second_factor(&actor, id).await?,
            "password" => {
                store
                    .set_password_hash(&actor, id, hash(password).await?)
                    .await?
            }
            "disable" => store.set_disabled(&actor, id, true).await?,
            "enable" => store.set_disabled(&actor, id, false).await?,
            _ => return Err(bad("Thao tác không hợp lệ.", "Unknown action.")),
        }
        Ok(())
    })
    .await
}

pub async fn catalog(
    State(office): State<Office>,
    o: Officer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let store = office.store().clone();
    let actor = o.actor.clone();
    change(&office, &o, &headers, &body, "catalog", |f| async move {
        let json = field(&f, "json");
        if field(&f, "action") == "import" {
            let versions = motcua_domain::catalog::import_national_json(&json).map_err(|e| {
                OfficeError::invalid(
                    "catalog.import",
                    motcua_domain::Localized::message_vi(&e),
                    motcua_domain::Localized::message_en(&e),
                )
            })?;
            store.import_catalog(&actor, versions).await?;
            return Ok(());
        }
        let code = motcua_domain::ids::ProcedureCode::parse(field(&f, "code").trim())
            .map_err(|_| bad("Nhập mã thủ tục.", "Enter the procedure code."))?;
        let mut v: ProcedureVersion = match field(&f, "action").as_str() {
            "edit" => serde_json::from_str(&json).map_err(|e| {
                bad(
                    &format!("JSON không hợp lệ: {e}"),
                    &format!("Invalid JSON: {e}"),
                )
            })?,
            _ => {
                store
                    .procedure(&code)
                    .ok_or_else(OfficeError::not_found)?
                    .version
            }
        };
        v.code = code;
        match field(&f, "action").as_str() {
            "publish" => v.status = PublicationStatus::Published,
            "abolish" => v.status = PublicationStatus::Abolished,
            _ => {}
        }
        store.save_procedure(&actor, v).await?;
        Ok(())
    })
    .await
}

pub async fn calendar(
    State(office): State<Office>,
    o: Officer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let store = office.store().clone();
    let actor = o.actor.clone();
    change(&office, &o, &headers, &body, "calendar", |f| async move {
        let cal_err = |e: motcua_calendar::CalendarError| {
            OfficeError::invalid("calendar.invalid", e.message_vi(), e.message_en())
        };
        if field(&f, "action") == "year" {
            let year = motcua_calendar::YearSchedule::parse("form", &field(&f, "toml"))
                .map_err(cal_err)?;
            store.import_calendar_year(&actor, year).await?;
            return Ok(());
        }
        let unit = unit_of(&f, "unit").ok_or_else(|| bad("Chọn đơn vị.", "Choose the unit."))?;
        // UnitCalendar deserialises through its checked spec (periods in order, no overlap).
        let cal: motcua_calendar::UnitCalendar =
            serde_json::from_str(&field(&f, "json")).map_err(|e| {
                bad(
                    &format!("Giờ làm việc không hợp lệ: {e}"),
                    &format!("Invalid working hours: {e}"),
                )
            })?;
        store.set_unit_calendar(&actor, unit, cal).await?;
        Ok(())
    })
    .await
}
