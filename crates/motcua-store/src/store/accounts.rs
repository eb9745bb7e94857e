//! Accounts, roles scoped to units, sessions and sign-in records.

use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::ids::{AccountId, UnitId};
use motcua_domain::validate;
use serde_json::json;

use super::util::{ms, ts};
use super::{Account, AppError, AppResult, NewAccount, Session, Store, audit, util};
use crate::error::StoreError;
use crate::sql::{Conn, Row, Value};

const ACCOUNT_COLUMNS: &str = "id, display_name, phone, email, username, password_hash, citizen_id, totp_secret, totp_enabled, disabled, created_at_ms";

fn account_row(conn: &mut dyn Conn, r: &Row) -> Result<Account, StoreError> {
    let id = r.get_i64(0)?;
    Ok(Account {
        id: AccountId(id),
        display_name: r.get_text(1)?,
        phone: r.get_opt_text(2)?,
        email: r.get_opt_text(3)?,
        username: r.get_opt_text(4)?,
        password_hash: r.get_text(5)?,
        citizen_id: r.get_opt_text(6)?,
        totp_secret: r.get_opt_text(7)?,
        totp_enabled: r.get_i64(8)? != 0,
        disabled: r.get_i64(9)? != 0,
        created_at: ts(r.get_i64(10)?),
        grants: grants(conn, AccountId(id))?,
    })
}

fn grants(conn: &mut dyn Conn, id: AccountId) -> Result<Vec<Grant>, StoreError> {
    let rows = conn.query(
        "SELECT role, unit_id FROM account_grants WHERE account_id = $1 ORDER BY role, unit_id",
        &[Value::Int(id.0)],
    )?;
    rows.iter()
        .filter_map(|r| {
            let role = r.get_str(0).ok().and_then(Role::parse)?;
            let unit = r.get_i64(1).ok()?;
            Some(Ok(Grant {
                role,
                unit: (unit != 0).then_some(UnitId(unit)),
            }))
        })
        .collect()
}

fn write_grants(conn: &mut dyn Conn, id: AccountId, list: &[Grant]) -> Result<(), StoreError> {
    conn.execute(
        "DELETE FROM account_grants WHERE account_id = $1",
        &[Value::Int(id.0)],
    )?;
    for g in list {
        conn.execute(
            "INSERT INTO account_grants (account_id, role, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[Value::Int(id.0), g.role.as_str().into(), Value::Int(g.unit.map_or(0, |u| u.0))],
        )?;
    }
    Ok(())
}

fn check_grants(list: &[Grant]) -> AppResult<()> {
    for g in list {
        if g.role.is_officer() != g.unit.is_some() || g.role == Role::System {
            return Err(AppError::invalid(
                "account.bad_grant",
                "Vai trò cán bộ phải gắn với một đơn vị; vai trò người dân, tổ công nghệ số và quản trị không gắn đơn vị.",
                "Officer roles need a unit; citizen, helper and admin roles have none.",
            ));
        }
    }
    Ok(())
}

/// Normalises a login the way it is stored: phone → `0…`, e-mail → lower case, else as is.
pub(crate) fn normalize_login(login: &str) -> String {
    let t = login.trim();
    if let Ok(p) = validate::phone(t) {
        return p;
    }
    if t.contains('@') {
        return t.to_lowercase();
    }
    t.to_string()
}

fn unique_violation(e: StoreError, what: &'static str) -> AppError {
    if e.is_unique_violation() {
        AppError::Duplicate(what)
    } else {
        e.into()
    }
}

impl Store {
    pub async fn create_account(
        &self,
        actor: Option<&Actor>,
        account: NewAccount,
    ) -> AppResult<AccountId> {
        check_grants(&account.grants)?;
        if account.phone.is_none() && account.email.is_none() && account.username.is_none() {
            return Err(AppError::invalid(
                "account.no_login",
                "Tài khoản cần số điện thoại, thư điện tử hoặc tên đăng nhập.",
                "An account needs a phone number, an e-mail address or a user name.",
            ));
        }
        let now = self.now();
        let actor = actor.cloned();
        self.inner
            .writer
            .run(move |conn| -> AppResult<AccountId> {
                let id = AccountId(util::next_id(conn, "account")?);
                conn.execute(
                    "INSERT INTO accounts (id, display_name, phone, email, username, password_hash, citizen_id, totp_enabled, disabled, created_at_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8)",
                    &[
                        Value::Int(id.0),
                        account.display_name.trim().into(),
                        account.phone.clone().into(),
                        account.email.as_ref().map(|e| e.to_lowercase()).into(),
                        account.username.clone().into(),
                        account.password_hash.clone().into(),
                        account.citizen_id.clone().into(),
                        Value::Int(ms(now)),
                    ],
                )
                .map_err(|e| unique_violation(e, "phone / email / username"))?;
                write_grants(conn, id, &account.grants)?;
                audit::record(conn, now, actor.as_ref(), None, "account_created", json!({"account": id, "display_name": account.display_name, "grants": account.grants}))?;
                Ok(id)
            })
            .await
    }

    /// By phone (any Vietnamese format), e-mail or user name.
    pub async fn account_by_login(&self, login: &str) -> AppResult<Option<Account>> {
        let login = normalize_login(login);
        self.inner
            .readers
            .run(move |conn| -> AppResult<Option<Account>> {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE phone = $1 OR email = $1 OR username = $1");
                match conn.query_opt(&sql, &[login.into()])? {
                    Some(r) => Ok(Some(account_row(conn, &r)?)),
                    None => Ok(None),
                }
            })
            .await
    }

    pub async fn account(&self, id: AccountId) -> AppResult<Account> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Account> {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1");
                let r = conn
                    .query_opt(&sql, &[Value::Int(id.0)])?
                    .ok_or(AppError::NotFound)?;
                Ok(account_row(conn, &r)?)
            })
            .await
    }

    pub async fn accounts(&self) -> AppResult<Vec<Account>> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<Account>> {
                let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY id");
                let rows = conn.query(&sql, &[])?;
                rows.iter()
                    .map(|r| account_row(conn, r).map_err(AppError::from))
                    .collect()
            })
            .await
    }

    /// The actor of an account with officer grants expanded to sub-units.
    pub fn actor_for(&self, account: &Account) -> Actor {
        let units = self.inner.caches.units();
        let today = motcua_calendar::to_local(self.now()).date();
        let mut grants = Vec::new();
        for g in &account.grants {
            match g.unit {
                Some(u) if g.role.is_officer() => {
                    for sub in units.subtree(u, today) {
                        grants.push(Grant {
                            role: g.role,
                            unit: Some(sub),
                        });
                    }
                }
                _ => grants.push(*g),
            }
        }
        grants.sort_by_key(|g| (g.role, g.unit));
        grants.dedup();
        Actor {
            account: Some(account.id),
            name: account.display_name.clone(),
            grants,
        }
    }

    /// The actor for an account, with grants expanded to sub-units.
    pub async fn actor(&self, id: AccountId) -> AppResult<Actor> {
        let account = self.account(id).await?;
        if account.disabled {
            return Err(AppError::NotFound);
        }
        Ok(self.actor_for(&account))
    }

    pub async fn set_grants(
        &self,
        actor: &Actor,
        account: AccountId,
        grants: Vec<Grant>,
    ) -> AppResult<()> {
        check_grants(&grants)?;
        let now = self.now();
        let actor = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.query_opt(
                    "SELECT id FROM accounts WHERE id = $1",
                    &[Value::Int(account.0)],
                )?
                .ok_or(AppError::NotFound)?;
                write_grants(conn, account, &grants)?;
                audit::record(
                    conn,
                    now,
                    Some(&actor),
                    None,
                    "grants_set",
                    json!({"account": account, "grants": grants}),
                )?;
                Ok(())
            })
            .await
    }

    pub async fn set_disabled(
        &self,
        actor: &Actor,
        account: AccountId,
        disabled: bool,
    ) -> AppResult<()> {
        let now = self.now();
        let actor = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let n = conn.execute(
                    "UPDATE accounts SET disabled = $1 WHERE id = $2",
                    &[disabled.into(), Value::Int(account.0)],
                )?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                if disabled {
                    conn.execute(
                        "DELETE FROM sessions WHERE account_id = $1",
                        &[Value::Int(account.0)],
                    )?;
                }
                audit::record(
                    conn,
                    now,
                    Some(&actor),
                    None,
                    "account_disabled",
                    json!({"account": account, "disabled": disabled}),
                )?;
                Ok(())
            })
            .await
    }

    pub async fn set_password_hash(
        &self,
        actor: &Actor,
        account: AccountId,
        hash: String,
    ) -> AppResult<()> {
        let now = self.now();
        let actor = actor.clone();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let n = conn.execute(
                    "UPDATE accounts SET password_hash = $1 WHERE id = $2",
                    &[hash.clone().into(), Value::Int(account.0)],
                )?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                // A new password ends every other session.
                conn.execute(
                    "DELETE FROM sessions WHERE account_id = $1",
                    &[Value::Int(account.0)],
                )?;
                audit::record(
                    conn,
                    now,
                    Some(&actor),
                    None,
                    "password_changed",
                    json!({"account": account}),
                )?;
                Ok(())
            })
            .await
    }

    pub async fn set_totp(
        &self,
        account: AccountId,
        secret: Option<String>,
        enabled: bool,
    ) -> AppResult<()> {
        let now = self.now();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let n = conn.execute(
                    "UPDATE accounts SET totp_secret = $1, totp_enabled = $2 WHERE id = $3",
                    &[secret.clone().into(), enabled.into(), Value::Int(account.0)],
                )?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                let who = Actor {
                    account: Some(account),
                    name: String::new(),
                    grants: vec![],
                };
                audit::record(
                    conn,
                    now,
                    Some(&who),
                    None,
                    "totp_changed",
                    json!({"account": account, "enabled": enabled}),
                )?;
                Ok(())
            })
            .await
    }

    pub async fn create_session(&self, session: Session) -> AppResult<()> {
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "INSERT INTO sessions (token_hash, account_id, kind, created_at_ms, expires_at_ms, second_factor, csrf_token) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    &[
                        session.token_hash.clone().into(),
                        Value::Int(session.account.0),
                        session.kind.clone().into(),
                        Value::Int(ms(session.created_at)),
                        Value::Int(ms(session.expires_at)),
                        session.second_factor.into(),
                        session.csrf_token.clone().into(),
                    ],
                )?;
                Ok(())
            })
            .await
    }

    /// A live session (not expired).
    pub async fn session(&self, token_hash: &str) -> AppResult<Option<Session>> {
        let token_hash = token_hash.to_string();
        let now = ms(self.now());
        self.inner
            .readers
            .run(move |conn| -> AppResult<Option<Session>> {
                let r = conn.query_opt(
                    "SELECT token_hash, account_id, kind, created_at_ms, expires_at_ms, second_factor, csrf_token FROM sessions WHERE token_hash = $1 AND expires_at_ms > $2",
                    &[token_hash.into(), Value::Int(now)],
                )?;
                let Some(r) = r else { return Ok(None) };
                Ok(Some(Session {
                    token_hash: r.get_text(0)?,
                    account: AccountId(r.get_i64(1)?),
                    kind: r.get_text(2)?,
                    created_at: ts(r.get_i64(3)?),
                    expires_at: ts(r.get_i64(4)?),
                    second_factor: r.get_i64(5)? != 0,
                    csrf_token: r.get_text(6)?,
                }))
            })
            .await
    }

    pub async fn update_session(&self, session: Session) -> AppResult<()> {
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "UPDATE sessions SET expires_at_ms = $1, second_factor = $2, csrf_token = $3 WHERE token_hash = $4",
                    &[Value::Int(ms(session.expires_at)), session.second_factor.into(), session.csrf_token.clone().into(), session.token_hash.clone().into()],
                )?;
                Ok(())
            })
            .await
    }

    pub async fn delete_session(&self, token_hash: &str) -> AppResult<()> {
        let token_hash = token_hash.to_string();
        let now = ms(self.now());
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "DELETE FROM sessions WHERE token_hash = $1 OR expires_at_ms < $2",
                    &[token_hash.clone().into(), Value::Int(now)],
                )?;
                Ok(())
            })
            .await
    }

    /// Records a sign-in attempt in the audit log (every sign-in is logged, issue #5 §1).
    pub async fn record_sign_in(
        &self,
        account: Option<AccountId>,
        login: &str,
        ok: bool,
        detail: &str,
    ) -> AppResult<()> {
        let now = self.now();
        let login = login.chars().take(100).collect::<String>();
        let detail = detail.chars().take(200).collect::<String>();
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let who = account.map(|a| Actor {
                    account: Some(a),
                    name: String::new(),
                    grants: vec![],
                });
                audit::record(
                    conn,
                    now,
                    who.as_ref(),
                    None,
                    if ok { "sign_in" } else { "sign_in_failed" },
                    json!({"login": login, "detail": detail}),
                )?;
                Ok(())
            })
            .await
    }
}
