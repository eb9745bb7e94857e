//! What the Open311 GeoReport v2 adapter needs: the services (the kinds of feedback subject,
//! with codes), service requests (feedback items by their code, public fields only), and API
//! keys for `POST requests` (only a SHA-256 is stored; each key is bound to the unit that
//! receives what it posts).

use motcua_calendar::to_local;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Role};
use motcua_domain::ids::{AccountId, ProcedureCode, UnitId};
use motcua_domain::quality::feedback::{
    Contact, FeedbackStatus, Subject, current_deadline, personal_data, redact,
};
use rand::RngCore;

use super::super::dossiers::JobEnv;
use super::super::util::{id_list, ms, ts};
use super::super::{AppError, AppResult, Store, audit, util};
use super::feedback::{ITEM_COLUMNS, Item, item_row, load, service_code, sha256_hex, unit_name};
use super::sums::tree;
use super::types::{
    FeedbackCreated, NewFeedback, Open311Filter, Open311Key, Open311Post, Open311Request,
    Open311Service, Open311Status,
};
use crate::sql::{Row, Value};

fn service(
    code: &str,
    vi: &str,
    en: &str,
    attribute: &str,
    group: &str,
    kw: &[&str],
) -> Open311Service {
    Open311Service {
        service_code: code.into(),
        service_name: vi.into(),
        service_name_en: en.into(),
        description: format!("{vi} ({en})"),
        attribute: Some(attribute.into()),
        group: group.into(),
        keywords: kw.iter().map(|k| k.to_string()).collect(),
    }
}

/// The Open311 view of an item: text, place and media only once published (redacted).
fn request(env: &JobEnv, item: &Item, now: jiff::Timestamp) -> Open311Request {
    let fb = &item.fb;
    let published = fb.status == FeedbackStatus::Published;
    let personal = personal_data(&fb.author);
    let loc = item
        .location
        .clone()
        .filter(|_| published)
        .unwrap_or_default();
    Open311Request {
        service_request_id: item.code.clone(),
        status: if fb.status.is_final() {
            Open311Status::Closed
        } else {
            Open311Status::Open
        },
        status_notes: Some(match (&fb.published_answer, published) {
            (Some(a), true) => a.clone(),
            _ => fb.status.label_vi().to_string(),
        }),
        service_code: service_code(&fb.subject).into(),
        service_name: services()
            .into_iter()
            .find(|s| s.service_code == service_code(&fb.subject))
            .map(|s| s.service_name)
            .unwrap_or_default(),
        description: fb.published_question.clone().filter(|_| published),
        agency_responsible: unit_name(env, fb.unit, now),
        requested_datetime: fb.submitted_at,
        updated_datetime: item.updated_at,
        expected_datetime: current_deadline(fb).map(|d| d.at),
        address: loc.address.map(|a| redact(&a, &personal)),
        lat: loc.lat,
        lon: loc.lon,
        media: if published {
            item.media.clone()
        } else {
            Vec::new()
        },
    }
}

pub(crate) fn services() -> Vec<Open311Service> {
    vec![
        service(
            "procedure",
            "Phản ánh, kiến nghị về thủ tục hành chính",
            "About an administrative procedure",
            "procedure_code",
            "rules_or_procedure",
            &["thủ tục", "procedure"],
        ),
        service(
            "dossier",
            "Phản ánh về việc giải quyết hồ sơ",
            "About the handling of a dossier",
            "dossier_code",
            "rules_or_procedure",
            &["hồ sơ", "dossier"],
        ),
        service(
            "officer",
            "Phản ánh về hành vi, thái độ của cán bộ, công chức",
            "About an officer's conduct",
            "officer_name",
            "officer_conduct",
            &["cán bộ", "officer"],
        ),
        service(
            "rule",
            "Kiến nghị về quy định hành chính",
            "About an administrative rule",
            "rule_reference",
            "rules_or_procedure",
            &["quy định", "rule"],
        ),
    ]
}

fn bad(field: &'static str, vi: &str, en: &str) -> AppError {
    AppError::Invalid {
        code: field,
        vi: vi.into(),
        en: en.into(),
    }
}

fn key_row(r: &Row) -> AppResult<Open311Key> {
    Ok(Open311Key {
        id: r.get_i64(0)?,
        label: r.get_text(1)?,
        unit: UnitId(r.get_i64(2)?),
        created_by: r.get_opt_i64(3)?.map(AccountId),
        created_at: ts(r.get_i64(4)?),
        revoked_at: r.get_opt_i64(5)?.map(ts),
        last_used_at: r.get_opt_i64(6)?.map(ts),
    })
}

const KEY_COLUMNS: &str =
    "id, label, unit_id, created_by, created_at_ms, revoked_at_ms, last_used_at_ms";

impl Store {
    /// GeoReport v2 `GET services`: the kinds of feedback subject.
    pub fn open311_services(&self) -> Vec<Open311Service> {
        services()
    }

    /// GeoReport v2 `GET requests` (and `GET requests/{id}` with `ids`), newest first.
    pub async fn open311_requests(&self, filter: Open311Filter) -> AppResult<Vec<Open311Request>> {
        let env = self.env();
        let now = self.now();
        let units: Option<Vec<i64>> = filter.unit.map(|u| {
            let c = self.inner.caches.units();
            tree(u, &c.versions, to_local(now).date())
                .iter()
                .map(|u| u.0)
                .collect()
        });
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<Open311Request>> {
                let mut w: Vec<String> = vec!["1 = 1".into()];
                let mut params: Vec<Value> = Vec::new();
                let next = |params: &mut Vec<Value>, v: Value| {
                    params.push(v);
                    format!("${}", params.len())
                };
                if let Some(ids) = &filter.ids {
                    let list: Vec<String> = ids
                        .iter()
                        .take(1000)
                        .map(|c| next(&mut params, c.trim().to_uppercase().into()))
                        .collect();
                    if list.is_empty() {
                        return Ok(vec![]);
                    }
                    w.push(format!("code IN ({})", list.join(", ")));
                }
                if let Some(s) = &filter.service_code {
                    let p = next(&mut params, s.as_str().into());
                    w.push(format!("service_code = {p}"));
                }
                match filter.status {
                    Some(Open311Status::Open) => w.push("status NOT IN ('published', 'rejected')".into()),
                    Some(Open311Status::Closed) => w.push("status IN ('published', 'rejected')".into()),
                    None => {}
                }
                if let Some(t) = filter.start {
                    let p = next(&mut params, Value::Int(ms(t)));
                    w.push(format!("submitted_at_ms >= {p}"));
                }
                if let Some(t) = filter.end {
                    let p = next(&mut params, Value::Int(ms(t)));
                    w.push(format!("submitted_at_ms < {p}"));
                }
                if let Some(u) = &units {
                    let (list, p) = id_list(params.len() + 1, u);
                    params.extend(p);
                    w.push(format!("unit_id IN ({list})"));
                }
                let limit = filter.limit.unwrap_or(1000).clamp(1, 1000);
                let sql = format!(
                    "SELECT {ITEM_COLUMNS} FROM feedback WHERE {} ORDER BY submitted_at_ms DESC, id DESC LIMIT {limit}",
                    w.join(" AND ")
                );
                conn.query(&sql, &params)?
                    .iter()
                    .map(|r| Ok(request(&env, &item_row(r)?, now)))
                    .collect()
            })
            .await
    }

    /// The key behind a `POST requests` call, if it exists and is not revoked.
    pub async fn open311_key(&self, api_key: &str) -> AppResult<Option<Open311Key>> {
        let hash = sha256_hex(api_key.trim());
        self.inner
            .readers
            .run(move |conn| -> AppResult<Option<Open311Key>> {
                let sql = format!("SELECT {KEY_COLUMNS} FROM open311_keys WHERE key_hash = $1 AND revoked_at_ms IS NULL");
                conn.query_opt(&sql, &[hash.into()])?.map(|r| key_row(&r)).transpose()
            })
            .await
    }

    /// GeoReport v2 `POST requests`: a feedback item sent to the key's unit by an anonymous
    /// author (name and phone or e-mail required). An unknown or revoked key is `NotFound`.
    pub async fn open311_submit(
        &self,
        api_key: &str,
        post: Open311Post,
    ) -> AppResult<FeedbackCreated> {
        let key = self.open311_key(api_key).await?.ok_or(AppError::NotFound)?;
        let subject_text = post.subject.clone().unwrap_or_default();
        let subject = match post.service_code.as_str() {
            "procedure" => Subject::Procedure {
                code: ProcedureCode::parse(subject_text.trim()).map_err(|_| {
                    bad(
                        "open311.procedure",
                        "Mã thủ tục không hợp lệ.",
                        "The procedure code is not valid.",
                    )
                })?,
            },
            "dossier" => {
                let code = DossierCode::parse(subject_text.trim()).map_err(|_| {
                    bad(
                        "open311.dossier",
                        "Mã hồ sơ không hợp lệ.",
                        "The dossier code is not valid.",
                    )
                })?;
                let id = self
                    .inner
                    .readers
                    .run(move |conn| -> AppResult<Option<i64>> {
                        Ok(conn
                            .query_opt(
                                "SELECT id FROM dossiers WHERE code = $1",
                                &[code.to_string().into()],
                            )?
                            .map(|r| r.get_i64(0))
                            .transpose()?)
                    })
                    .await?
                    .ok_or_else(|| {
                        bad(
                            "feedback.unknown_dossier",
                            "Không tìm thấy hồ sơ được phản ánh.",
                            "The dossier the feedback is about was not found.",
                        )
                    })?;
                Subject::Dossier {
                    id: motcua_domain::ids::DossierId(id),
                }
            }
            "officer" => Subject::Officer {
                account: None,
                name: subject_text,
            },
            "rule" => Subject::Rule {
                reference: subject_text,
            },
            _ => {
                return Err(bad(
                    "open311.service_code",
                    "Mã dịch vụ không tồn tại.",
                    "There is no such service_code.",
                ));
            }
        };
        let name = [post.first_name.as_deref(), post.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let title = post.title.clone().unwrap_or_else(|| {
            let t: String = post.description.chars().take(80).collect();
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        });
        let new = NewFeedback {
            unit: key.unit,
            subject,
            title,
            content: post.description.clone(),
            contact: Some(Contact {
                full_name: name,
                phone: post.phone.clone(),
                email: post.email.clone(),
                address: None,
                id_number: None,
            }),
            location: Some(post.location.clone()),
            media: post.media.clone(),
        };
        let anonymous = Actor {
            account: None,
            name: "Open311".into(),
            grants: vec![],
        };
        let created = self.submit_feedback(&anonymous, new, None).await?;
        let now = ms(self.now());
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "UPDATE open311_keys SET last_used_at_ms = $1 WHERE id = $2",
                    &[Value::Int(now), Value::Int(key.id)],
                )?;
                Ok(())
            })
            .await?;
        Ok(created)
    }

    /// Creates an API key for `unit` (administrators). The key is returned once, never stored.
    pub async fn create_open311_key(
        &self,
        actor: &Actor,
        label: &str,
        unit: UnitId,
    ) -> AppResult<(Open311Key, String)> {
        if !actor.has_role(Role::Admin) {
            return Err(AppError::NotFound);
        }
        let label = label.trim().chars().take(200).collect::<String>();
        if label.is_empty() {
            return Err(bad(
                "open311.label",
                "Vui lòng đặt tên cho khóa.",
                "Please give the key a label.",
            ));
        }
        let today = to_local(self.now()).date();
        if self.inner.caches.units().on(unit, today).is_none() {
            return Err(bad(
                "unit.unknown",
                "Đơn vị không tồn tại hoặc không còn hiệu lực.",
                "The unit does not exist or is no longer in force.",
            ));
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let raw = format!("o311_{}", hex::encode(bytes));
        let hash = sha256_hex(&raw);
        let now = self.now();
        let who = actor.clone();
        let key = self
            .inner
            .writer
            .run(move |conn| -> AppResult<Open311Key> {
                let id = util::next_id(conn, "open311_key")?;
                conn.execute(
                    "INSERT INTO open311_keys (id, key_hash, label, unit_id, created_by, created_at_ms, revoked_at_ms, last_used_at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
                    &[Value::Int(id), hash.clone().into(), label.clone().into(), Value::Int(unit.0), who.account.map(|a| a.0).into(), Value::Int(ms(now))],
                )?;
                audit::record(conn, now, Some(&who), Some(unit), "open311_key_created", serde_json::json!({"id": id, "label": label}))?;
                let sql = format!("SELECT {KEY_COLUMNS} FROM open311_keys WHERE id = $1");
                key_row(&conn.query_one(&sql, &[Value::Int(id)])?)
            })
            .await?;
        Ok((key, raw))
    }

    /// Revokes a key (administrators); later calls with it are refused.
    pub async fn revoke_open311_key(&self, actor: &Actor, id: i64) -> AppResult<()> {
        if !actor.has_role(Role::Admin) {
            return Err(AppError::NotFound);
        }
        let now = self.now();
        let who = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let n = conn.execute(
                    "UPDATE open311_keys SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL",
                    &[Value::Int(ms(now)), Value::Int(id)],
                )?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                audit::record(conn, now, Some(&who), None, "open311_key_revoked", serde_json::json!({"id": id}))?;
                Ok(())
            })
            .await
    }

    /// Every key (administrators).
    pub async fn open311_keys(&self, actor: &Actor) -> AppResult<Vec<Open311Key>> {
        if !actor.has_role(Role::Admin) {
            return Err(AppError::NotFound);
        }
        self.inner
            .readers
            .run(|conn| -> AppResult<Vec<Open311Key>> {
                let sql = format!("SELECT {KEY_COLUMNS} FROM open311_keys ORDER BY id");
                conn.query(&sql, &[])?.iter().map(key_row).collect()
            })
            .await
    }

    /// One request by its `service_request_id`.
    pub async fn open311_request(&self, id: &str) -> AppResult<Open311Request> {
        let env = self.env();
        let now = self.now();
        let id = id.to_string();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Open311Request> {
                Ok(request(&env, &load(conn, &id)?, now))
            })
            .await
    }
}
