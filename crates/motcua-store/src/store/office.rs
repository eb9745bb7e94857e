//! What the officer workspace keeps besides dossiers (issue #5, docs/OFFICE.md): recovery codes
//! and the last TOTP step of the second factor, issued electronic results with the SHA-256 of
//! the signed file (for the public verification page), the desk's applicant look-up and the
//! logbook (Sổ theo dõi hồ sơ, Mẫu 07) read from the same tables as every other page.

use jiff::Timestamp;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::{Actor, Applicant, Dossier, EventData, Role};
use motcua_domain::ids::{AccountId, DossierId, UnitId};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::dossiers::{load_state, visible};
use super::queries::events_of;
use super::util::{from_json, ms, ts};
use super::{AppError, AppResult, Store, audit};
use crate::sql::Value;

/// A signed electronic result as recorded when it was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedResult {
    /// The random code printed in the QR (`/verify/<code>`); not the dossier code, so results
    /// cannot be enumerated from the daily dossier sequence.
    pub verify_code: String,
    pub dossier_id: DossierId,
    pub dossier_code: DossierCode,
    pub unit: UnitId,
    /// SHA-256 (hex) of the signed PDF exactly as issued.
    pub sha256: String,
    pub size: u64,
    /// What the document is ("Quyết định …", the procedure's result).
    pub title: String,
    pub signer_subject: String,
    /// Signed with the throwaway demo CA (integrity only, no legal value).
    pub demo: bool,
    pub signed_at: Timestamp,
}

/// One dossier of the logbook with its entry number (Quyển số = year, Số thứ tự = the order of
/// reception at the desk within that year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogbookEntry {
    pub book: i32,
    pub entry: u64,
    pub dossier: Dossier,
    /// When the result was handed over (desk, post or electronically).
    pub returned_at: Option<Timestamp>,
}

/// The largest logbook a single export reads (a year of a busy desk fits).
pub const LOGBOOK_MAX_ROWS: i64 = 20_000;

fn year_bounds(year: i32) -> (i64, i64) {
    let start = |y: i32| {
        motcua_calendar::from_local(
            jiff::civil::date(y as i16, 1, 1).to_datetime(jiff::civil::Time::midnight()),
        )
    };
    (ms(start(year)), ms(start(year + 1)))
}

/// May the actor read the desk's book of `unit`? (Any officer role for the unit.)
fn serves(actor: &Actor, unit: UnitId) -> bool {
    actor.has_role(Role::System) || actor.officer_units().any(|u| u == unit)
}

impl Store {
    /// Replaces an account's recovery codes by these hashes (shown once, at enrolment).
    pub async fn set_recovery_codes(
        &self,
        account: AccountId,
        hashes: Vec<String>,
    ) -> AppResult<()> {
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "DELETE FROM recovery_codes WHERE account_id = $1",
                    &[Value::Int(account.0)],
                )?;
                for h in &hashes {
                    conn.execute(
                        "INSERT INTO recovery_codes (account_id, code_hash, used_at_ms) VALUES ($1, $2, NULL) ON CONFLICT DO NOTHING",
                        &[Value::Int(account.0), h.clone().into()],
                    )?;
                }
                let who = Actor {
                    account: Some(account),
                    name: String::new(),
                    grants: vec![],
                };
                audit::record(conn, now, Some(&who), None, "recovery_codes_set", json!({"account": account, "count": hashes.len()}))?;
                Ok(())
            })
            .await
    }

    /// Uses a recovery code once: `true` if it existed and was unused (now it is used).
    pub async fn use_recovery_code(&self, account: AccountId, hash: String) -> AppResult<bool> {
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| -> AppResult<bool> {
                let n = conn.execute(
                    "UPDATE recovery_codes SET used_at_ms = $1 WHERE account_id = $2 AND code_hash = $3 AND used_at_ms IS NULL",
                    &[Value::Int(ms(now)), Value::Int(account.0), hash.clone().into()],
                )?;
                if n == 1 {
                    let who = Actor {
                        account: Some(account),
                        name: String::new(),
                        grants: vec![],
                    };
                    audit::record(conn, now, Some(&who), None, "recovery_code_used", json!({"account": account}))?;
                }
                Ok(n == 1)
            })
            .await
    }

    /// Unused recovery codes of an account.
    pub async fn recovery_codes_left(&self, account: AccountId) -> AppResult<u64> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<u64> {
                Ok(conn
                    .query_one(
                        "SELECT count(*) FROM recovery_codes WHERE account_id = $1 AND used_at_ms IS NULL",
                        &[Value::Int(account.0)],
                    )?
                    .get_i64(0)? as u64)
            })
            .await
    }

    /// Records that the TOTP time step `step` was used; `false` if it (or a later one) already
    /// was, so the same code cannot be replayed (RFC 6238 §5.2).
    pub async fn use_totp_step(&self, account: AccountId, step: i64) -> AppResult<bool> {
        self.inner
            .writer
            .run(move |conn| -> AppResult<bool> {
                let n = conn.execute(
                    "INSERT INTO totp_steps (account_id, last_step) VALUES ($1, $2) \
                     ON CONFLICT (account_id) DO UPDATE SET last_step = excluded.last_step WHERE totp_steps.last_step < excluded.last_step",
                    &[Value::Int(account.0), Value::Int(step)],
                )?;
                Ok(n == 1)
            })
            .await
    }

    /// An administrator clears an officer's second factor (lost phone): secret, recovery codes
    /// and sessions go; the officer enrols again at the next sign-in.
    pub async fn reset_second_factor(&self, actor: &Actor, account: AccountId) -> AppResult<()> {
        let now = self.now();
        let actor = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let n = conn.execute(
                    "UPDATE accounts SET totp_secret = NULL, totp_enabled = 0 WHERE id = $1",
                    &[Value::Int(account.0)],
                )?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                for sql in [
                    "DELETE FROM recovery_codes WHERE account_id = $1",
                    "DELETE FROM totp_steps WHERE account_id = $1",
                    "DELETE FROM sessions WHERE account_id = $1",
                ] {
                    conn.execute(sql, &[Value::Int(account.0)])?;
                }
                audit::record(
                    conn,
                    now,
                    Some(&actor),
                    None,
                    "totp_reset",
                    json!({"account": account}),
                )?;
                Ok(())
            })
            .await
    }

    /// Active accounts holding `role` by a grant on exactly `unit` (whom a leader can assign),
    /// as (id, display name) — one indexed query, not the whole account table.
    pub async fn holders(&self, role: Role, unit: UnitId) -> AppResult<Vec<(AccountId, String)>> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<(AccountId, String)>> {
                let rows = conn.query(
                    "SELECT a.id, a.display_name FROM account_grants g JOIN accounts a ON a.id = g.account_id \
                     WHERE g.role = $1 AND g.unit_id = $2 AND a.disabled = 0 ORDER BY a.display_name",
                    &[role.as_str().into(), Value::Int(unit.0)],
                )?;
                rows.iter()
                    .map(|r| Ok((AccountId(r.get_i64(0)?), r.get_text(1)?)))
                    .collect()
            })
            .await
    }

    /// Accounts holding any role but citizen (the administration page), at most `limit`.
    pub async fn staff_accounts(&self, limit: u32) -> AppResult<Vec<super::Account>> {
        let ids = self
            .inner
            .readers
            .run(move |conn| -> AppResult<Vec<AccountId>> {
                let rows = conn.query(
                    &format!("SELECT DISTINCT account_id FROM account_grants WHERE role <> 'citizen' ORDER BY account_id LIMIT {limit}"),
                    &[],
                )?;
                rows.iter().map(|r| Ok(AccountId(r.get_i64(0)?))).collect()
            })
            .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.account(id).await?);
        }
        Ok(out)
    }

    /// Records a signed result (after its blob is durable, before or with `IssueResult`).
    pub async fn record_issued_result(&self, actor: &Actor, r: IssuedResult) -> AppResult<()> {
        let now = self.now();
        let actor = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "INSERT INTO issued_results (verify_code, dossier_id, dossier_code, unit_id, sha256, size, title, signer_subject, demo, signed_at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    &[
                        r.verify_code.clone().into(),
                        Value::Int(r.dossier_id.0),
                        r.dossier_code.to_string().into(),
                        Value::Int(r.unit.0),
                        r.sha256.clone().into(),
                        Value::Int(r.size as i64),
                        r.title.chars().take(500).collect::<String>().into(),
                        r.signer_subject.chars().take(500).collect::<String>().into(),
                        r.demo.into(),
                        Value::Int(ms(r.signed_at)),
                    ],
                )?;
                audit::record(conn, now, Some(&actor), Some(r.unit), "result_signed", json!({"dossier": r.dossier_code, "verify_code": r.verify_code, "sha256": r.sha256, "signer": r.signer_subject, "demo": r.demo}))?;
                Ok(())
            })
            .await
    }

    /// A signed result by its verification code (public: the verification page needs no account).
    pub async fn issued_result(&self, verify_code: &str) -> AppResult<Option<IssuedResult>> {
        let code = verify_code.trim().to_ascii_uppercase();
        if code.is_empty() || code.len() > 64 {
            return Ok(None);
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<Option<IssuedResult>> {
                let r = conn.query_opt(
                    "SELECT verify_code, dossier_id, dossier_code, unit_id, sha256, size, title, signer_subject, demo, signed_at_ms FROM issued_results WHERE verify_code = $1",
                    &[code.into()],
                )?;
                r.map(|r| issued_row(&r)).transpose()
            })
            .await
    }

    /// The signed results of a dossier the actor may see, newest first.
    pub async fn issued_results_of(
        &self,
        actor: &Actor,
        code: &DossierCode,
    ) -> AppResult<Vec<IssuedResult>> {
        let actor = actor.clone();
        let code = code.clone();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<IssuedResult>> {
                let d = load_state(conn, &code)?;
                if !visible(conn, &actor, &d)? {
                    return Err(AppError::NotFound);
                }
                let rows = conn.query(
                    "SELECT verify_code, dossier_id, dossier_code, unit_id, sha256, size, title, signer_subject, demo, signed_at_ms FROM issued_results WHERE dossier_id = $1 ORDER BY signed_at_ms DESC",
                    &[Value::Int(d.id.0)],
                )?;
                rows.iter().map(issued_row).collect()
            })
            .await
    }

    /// The applicant of the newest earlier dossiers with this 12-digit CCCD or phone number, in
    /// the actor's units only (the desk fills the form from them instead of retyping).
    pub async fn applicants_like(
        &self,
        actor: &Actor,
        id_or_phone: &str,
    ) -> AppResult<Vec<Applicant>> {
        let units: Vec<i64> = actor.officer_units().map(|u| u.0).collect();
        let t: String = id_or_phone.chars().filter(|c| !c.is_whitespace()).collect();
        let (column, value) = if t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()) {
            ("applicant_id_number", t)
        } else if let Ok(p) = motcua_domain::validate::phone(&t) {
            ("applicant_phone", p)
        } else {
            return Ok(vec![]);
        };
        if units.is_empty() {
            return Ok(vec![]);
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<Applicant>> {
                let (list, mut params) = super::util::id_list(2, &units);
                params.insert(0, value.into());
                let sql = format!(
                    "SELECT state FROM dossiers WHERE {column} = $1 AND receiving_unit_id IN ({list}) ORDER BY submitted_at_ms DESC LIMIT 20"
                );
                let mut out: Vec<Applicant> = Vec::new();
                for r in conn.query(&sql, &params)? {
                    let d: Dossier = from_json("dossier state", r.get_str(0)?)?;
                    if !out.iter().any(|a| a.full_name == d.applicant.full_name) {
                        out.push(d.applicant);
                    }
                }
                out.truncate(5);
                Ok(out)
            })
            .await
    }

    /// The logbook of the desk of `unit` for dossiers received in `[from, to)`, in reception
    /// order, with entry numbers. `NotFound` unless the actor serves that unit.
    pub async fn logbook(
        &self,
        actor: &Actor,
        unit: UnitId,
        from: Timestamp,
        to: Timestamp,
    ) -> AppResult<Vec<LogbookEntry>> {
        if !serves(actor, unit) {
            return Err(AppError::NotFound);
        }
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<LogbookEntry>> {
                let rows = conn.query(
                    &format!("SELECT id, state, received_at_ms FROM dossiers WHERE receiving_unit_id = $1 AND received_at_ms >= $2 AND received_at_ms < $3 ORDER BY received_at_ms, id LIMIT {LOGBOOK_MAX_ROWS}"),
                    &[Value::Int(unit.0), Value::Int(ms(from)), Value::Int(ms(to))],
                )?;
                let mut out = Vec::with_capacity(rows.len());
                // Entry numbers: rank within the year, counted once per year then incremented.
                let mut current: Option<(i32, u64)> = None;
                for r in &rows {
                    let id = r.get_i64(0)?;
                    let dossier: Dossier = from_json("dossier state", r.get_str(1)?)?;
                    let received = ts(r.get_i64(2)?);
                    let year = motcua_calendar::to_local(received).year() as i32;
                    let entry = match current {
                        Some((y, n)) if y == year => n + 1,
                        _ => entry_number(conn, unit, year, received, id)?,
                    };
                    current = Some((year, entry));
                    let returned_at = if dossier.returned_by.is_some() {
                        events_of(conn, id)?
                            .into_iter()
                            .find(|e| matches!(e.event.data, EventData::ResultReturned { .. }))
                            .map(|e| e.event.at)
                    } else {
                        None
                    };
                    out.push(LogbookEntry { book: year, entry, dossier, returned_at });
                }
                Ok(out)
            })
            .await
    }

    /// "Quyển số …, Số thứ tự …" of a received dossier (Mẫu 01), if it was received.
    pub async fn logbook_entry(
        &self,
        actor: &Actor,
        code: &DossierCode,
    ) -> AppResult<Option<(i32, u64)>> {
        let actor = actor.clone();
        let code = code.clone();
        self.inner
            .readers
            .run(move |conn| -> AppResult<Option<(i32, u64)>> {
                let d = load_state(conn, &code)?;
                if !visible(conn, &actor, &d)? {
                    return Err(AppError::NotFound);
                }
                let Some(received) = d.received_at else {
                    return Ok(None);
                };
                let year = motcua_calendar::to_local(received).year() as i32;
                Ok(Some((
                    year,
                    entry_number(conn, d.receiving_unit, year, received, d.id.0)?,
                )))
            })
            .await
    }
}

/// The order of reception at the desk within the year (ties broken by id).
fn entry_number(
    conn: &mut dyn crate::sql::Conn,
    unit: UnitId,
    year: i32,
    received: Timestamp,
    id: i64,
) -> AppResult<u64> {
    let (start, _) = year_bounds(year);
    let at = ms(received);
    let n = conn
        .query_one(
            "SELECT count(*) FROM dossiers WHERE receiving_unit_id = $1 AND received_at_ms >= $2 \
             AND (received_at_ms < $3 OR (received_at_ms = $3 AND id <= $4))",
            &[
                Value::Int(unit.0),
                Value::Int(start),
                Value::Int(at),
                Value::Int(id),
            ],
        )?
        .get_i64(0)?;
    Ok(n as u64)
}

fn issued_row(r: &crate::sql::Row) -> AppResult<IssuedResult> {
    Ok(IssuedResult {
        verify_code: r.get_text(0)?,
        dossier_id: DossierId(r.get_i64(1)?),
        dossier_code: DossierCode::parse(r.get_str(2)?)
            .map_err(|e| crate::StoreError::Internal(e.to_string()))?,
        unit: UnitId(r.get_i64(3)?),
        sha256: r.get_text(4)?,
        size: r.get_i64(5)? as u64,
        title: r.get_text(6)?,
        signer_subject: r.get_text(7)?,
        demo: r.get_i64(8)? != 0,
        signed_at: ts(r.get_i64(9)?),
    })
}
