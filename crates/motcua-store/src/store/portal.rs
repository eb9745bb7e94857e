//! The citizen portal's own records (issue #4): drafts of online submissions, saved per
//! account and resumable, and one satisfaction rating per dossier. Neither is a dossier
//! command: a draft has no legal effect, and a rating does not change the dossier. Ratings are
//! still written to the audit chain like every other change.

use std::collections::BTreeMap;

use jiff::Timestamp;
use motcua_domain::code::DossierCode;
use motcua_domain::dossier::Actor;
use motcua_domain::ids::{AccountId, ProcedureCode};
use serde::{Deserialize, Serialize};
use serde_json::json;

use motcua_domain::quality::satisfaction::{RatingChannel, RatingInput};

use super::util::{ms, ts};
use super::{AppError, AppResult, Store, util};
use crate::sql::{Row, Value};

/// A draft is the portal's JSON; this bounds what one person can park in the database.
const MAX_DRAFT_BYTES: usize = 256 * 1024;
/// Drafts kept per account (the oldest are not deleted; saving a new one is refused).
const MAX_DRAFTS: i64 = 50;

/// A saved draft of an online submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub id: i64,
    pub account: AccountId,
    pub procedure: ProcedureCode,
    /// The portal's JSON (opaque here).
    pub body: String,
    /// Grows by one on every save (the idempotency key of the final submit includes it, so a
    /// changed draft is a new request and a repeated click the same one).
    pub revision: i64,
    /// The dossier it became, once submitted.
    pub submitted: Option<DossierCode>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One rating: a level per criterion (keys and levels in docs/PORTAL.md) and a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub dossier: DossierCode,
    pub account: AccountId,
    pub scores: BTreeMap<String, String>,
    pub comment: Option<String>,
    pub rated_at: Timestamp,
}

const DRAFT_COLUMNS: &str =
    "id, account_id, procedure_code, body, revision, submitted_code, created_at_ms, updated_at_ms";

fn draft_row(r: &Row) -> AppResult<Draft> {
    Ok(Draft {
        id: r.get_i64(0)?,
        account: AccountId(r.get_i64(1)?),
        procedure: ProcedureCode::parse(r.get_str(2)?)
            .map_err(|e| crate::StoreError::Internal(e.to_string()))?,
        body: r.get_text(3)?,
        revision: r.get_i64(4)?,
        submitted: r.get_opt_text(5)?.and_then(|c| DossierCode::parse(&c).ok()),
        created_at: ts(r.get_i64(6)?),
        updated_at: ts(r.get_i64(7)?),
    })
}

fn too_big() -> AppError {
    AppError::invalid(
        "draft.too_large",
        "Bản nháp quá lớn để lưu.",
        "The draft is too large to save.",
    )
}

impl Store {
    /// Saves a draft: a new one (`id` = `None`) or the next revision of one of the account's
    /// drafts not yet submitted (anything else is `NotFound`).
    pub async fn save_draft(
        &self,
        account: AccountId,
        id: Option<i64>,
        procedure: ProcedureCode,
        body: String,
    ) -> AppResult<Draft> {
        if body.len() > MAX_DRAFT_BYTES {
            return Err(too_big());
        }
        let now = ms(self.now());
        self.inner
            .writer
            .run(move |conn| -> AppResult<Draft> {
                let id = match id {
                    Some(id) => {
                        let n = conn.execute(
                            "UPDATE portal_drafts SET body = $1, revision = revision + 1, updated_at_ms = $2 \
                             WHERE id = $3 AND account_id = $4 AND submitted_code IS NULL",
                            &[body.clone().into(), Value::Int(now), Value::Int(id), Value::Int(account.0)],
                        )?;
                        if n == 0 {
                            return Err(AppError::NotFound);
                        }
                        id
                    }
                    None => {
                        let count = conn
                            .query_one(
                                "SELECT count(*) FROM portal_drafts WHERE account_id = $1 AND submitted_code IS NULL",
                                &[Value::Int(account.0)],
                            )?
                            .get_i64(0)?;
                        if count >= MAX_DRAFTS {
                            return Err(AppError::invalid(
                                "draft.too_many",
                                format!("Bạn đã có {count} hồ sơ nháp. Hãy xóa bớt trước khi tạo nháp mới."),
                                format!("You already have {count} drafts. Delete some before starting a new one."),
                            ));
                        }
                        let id = util::next_id(conn, "portal_draft")?;
                        conn.execute(
                            "INSERT INTO portal_drafts (id, account_id, procedure_code, body, revision, submitted_code, created_at_ms, updated_at_ms) \
                             VALUES ($1, $2, $3, $4, 1, NULL, $5, $5)",
                            &[Value::Int(id), Value::Int(account.0), procedure.as_str().into(), body.clone().into(), Value::Int(now)],
                        )?;
                        id
                    }
                };
                let sql = format!("SELECT {DRAFT_COLUMNS} FROM portal_drafts WHERE id = $1");
                draft_row(&conn.query_one(&sql, &[Value::Int(id)])?)
            })
            .await
    }

    /// One of the account's drafts (submitted ones too, so a repeated submit finds its dossier).
    pub async fn draft(&self, account: AccountId, id: i64) -> AppResult<Draft> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Draft> {
                let sql = format!(
                    "SELECT {DRAFT_COLUMNS} FROM portal_drafts WHERE id = $1 AND account_id = $2"
                );
                let r = conn
                    .query_opt(&sql, &[Value::Int(id), Value::Int(account.0)])?
                    .ok_or(AppError::NotFound)?;
                draft_row(&r)
            })
            .await
    }

    /// The account's drafts not yet submitted, most recently saved first.
    pub async fn drafts(&self, account: AccountId) -> AppResult<Vec<Draft>> {
        self.inner
            .readers
            .run(move |conn| -> AppResult<Vec<Draft>> {
                let sql = format!(
                    "SELECT {DRAFT_COLUMNS} FROM portal_drafts WHERE account_id = $1 AND submitted_code IS NULL ORDER BY updated_at_ms DESC, id DESC"
                );
                conn.query(&sql, &[Value::Int(account.0)])?
                    .iter()
                    .map(draft_row)
                    .collect()
            })
            .await
    }

    pub async fn delete_draft(&self, account: AccountId, id: i64) -> AppResult<()> {
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                let n = conn.execute(
                    "DELETE FROM portal_drafts WHERE id = $1 AND account_id = $2 AND submitted_code IS NULL",
                    &[Value::Int(id), Value::Int(account.0)],
                )?;
                if n == 0 {
                    return Err(AppError::NotFound);
                }
                Ok(())
            })
            .await
    }

    /// Records the dossier a draft became (it leaves the list of drafts).
    pub async fn mark_draft_submitted(
        &self,
        account: AccountId,
        id: i64,
        code: DossierCode,
    ) -> AppResult<()> {
        let now = ms(self.now());
        self.inner
            .writer
            .run(move |conn| -> AppResult<()> {
                conn.execute(
                    "UPDATE portal_drafts SET submitted_code = $1, updated_at_ms = $2 WHERE id = $3 AND account_id = $4",
                    &[code.to_string().into(), Value::Int(now), Value::Int(id), Value::Int(account.0)],
                )?;
                Ok(())
            })
            .await
    }

    /// Rates a finished dossier on the portal, once: `scores` maps criterion → level (the keys of
    /// docs/PORTAL.md). Only its owner (or the helper who submitted it) may; for anyone else the
    /// dossier does not exist (`NotFound`). A second rating is `Duplicate`. Stored and scored by
    /// the quality module (`rate_service`, one table for every channel).
    pub async fn rate_dossier(
        &self,
        actor: &Actor,
        code: &DossierCode,
        scores: BTreeMap<String, String>,
        comment: Option<String>,
    ) -> AppResult<()> {
        if actor.account.is_none() {
            return Err(AppError::NotFound);
        }
        let levels = serde_json::from_value(json!(scores)).map_err(|_| {
            AppError::invalid(
                "rating.invalid",
                "Mức đánh giá không hợp lệ.",
                "A rating level is not valid.",
            )
        })?;
        let input = RatingInput {
            channel: RatingChannel::Portal,
            levels,
            comment,
        };
        self.rate_service(actor, code, input).await.map(|_| ())
    }

    /// The portal rating of a dossier the actor may see, if it was rated.
    pub async fn dossier_rating(
        &self,
        actor: &Actor,
        code: &DossierCode,
    ) -> AppResult<Option<Rating>> {
        let ratings = self.ratings_of(actor, code).await?;
        Ok(ratings
            .into_iter()
            .find(|r| r.channel == RatingChannel::Portal)
            .map(|r| Rating {
                dossier: r.dossier,
                account: r.account.unwrap_or(AccountId(0)),
                scores: r
                    .levels
                    .iter()
                    .map(|(c, l)| {
                        let key = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
                        (key(json!(c)), key(json!(l)))
                    })
                    .collect(),
                comment: r.comment,
                rated_at: r.rated_at,
            }))
    }
}
