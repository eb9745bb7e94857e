//! The officer's "all dossiers" list and its search, fast at any size (issue #5 §3; measured in
//! BENCHMARKS.md with a million dossiers). The generic worklist query filters the unit with
//! `receiving_unit_id IN (…) OR processing_unit_id IN (…)` and sorts every matching row: fine
//! for the short working lists (new, to process, overdue …), slow for a unit's whole history.
//! Here the rows come in id order (= order of submission) from narrow indexes and stop at the
//! page:
//!
//! - no search: `dossier_units` (every unit a dossier has been in, the store's visibility rule),
//!   newest first, counted on its primary key alone;
//! - a 12-digit CCCD: `applicant_id_number`; a dossier code (prefix): a range on the unique code
//!   index (`+id` keeps SQLite's planner on that index rather than the unit's);
//! - a name: the covering indexes of migration 0009 (`applicant_folded LIKE '%…%'` read from
//!   index entries, never the wide rows); the count stops at [`SEARCH_COUNT_CAP`].

use motcua_domain::dossier::Actor;
use motcua_domain::fold::fold;

use super::queries::{SUMMARY_COLUMNS, summary};
use super::util::id_list;
use super::{AppResult, Store, WorklistPage};
use crate::sql::Value;

/// A name search counts at most this many matches (the page says "1000+").
pub const SEARCH_COUNT_CAP: u64 = 1000;

/// How the search text is read (the same rules as the generic worklist search).
enum Search {
    None,
    CitizenId(String),
    CodePrefix(String),
    Name(String),
}

fn parse(q: Option<&str>) -> Search {
    let Some(text) = q.map(str::trim).filter(|t| !t.is_empty()) else {
        return Search::None;
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 12 && compact.bytes().all(|b| b.is_ascii_digit()) {
        Search::CitizenId(compact)
    } else if text.contains('-') && text.bytes().any(|b| b.is_ascii_digit()) && !text.contains(' ')
    {
        Search::CodePrefix(text.to_uppercase())
    } else {
        Search::Name(fold(text).replace(['%', '_'], ""))
    }
}

/// The smallest string greater than every string starting with `prefix` (ASCII codes).
fn after_prefix(prefix: &str) -> String {
    let mut b = prefix.as_bytes().to_vec();
    while let Some(last) = b.pop() {
        if last < 0x7f {
            b.push(last + 1);
            return String::from_utf8(b).unwrap_or_default();
        }
    }
    "\u{7f}".into()
}

impl Store {
    /// Every dossier the officer's units hold or held, newest first, optionally searched by
    /// dossier code (prefix), citizen ID or name. Returns the page and whether the total is
    /// capped ([`SEARCH_COUNT_CAP`]).
    pub async fn all_dossiers(
        &self,
        actor: &Actor,
        q: Option<String>,
        page: u32,
        per_page: u32,
    ) -> AppResult<(WorklistPage, bool)> {
        let env = self.env();
        let now = self.now();
        let per_page = per_page.clamp(1, 500);
        let page = page.max(1);
        let mut units: Vec<i64> = actor.officer_units().map(|u| u.0).collect();
        units.sort();
        units.dedup();
        if units.is_empty() {
            return Ok((
                WorklistPage {
                    items: vec![],
                    total: 0,
                    page,
                    per_page,
                },
                false,
            ));
        }
        let search = parse(q.as_deref());
        let offset = (u64::from(page) - 1) * u64::from(per_page);
        self.inner
            .readers
            .run(move |conn| -> AppResult<(WorklistPage, bool)> {
                // $1 is the search value where there is one; the unit ids follow.
                let start = if matches!(search, Search::None) { 1 } else { 2 };
                let (list, unit_params) = id_list(start, &units);
                let held = format!("SELECT dossier_id FROM dossier_units WHERE unit_id IN ({list})");
                let mut params: Vec<Value> = Vec::new();
                let (filter, count_sql, capped) = match &search {
                    Search::None => {
                        let count = if units.len() == 1 {
                            format!("SELECT count(*) FROM dossier_units WHERE unit_id IN ({list})")
                        } else {
                            format!("SELECT count(DISTINCT dossier_id) FROM dossier_units WHERE unit_id IN ({list})")
                        };
                        (format!("id IN ({held})"), count, false)
                    }
                    Search::CitizenId(id) => {
                        params.push(id.clone().into());
                        let f = format!("applicant_id_number = $1 AND +id IN ({held})");
                        (f.clone(), format!("SELECT count(*) FROM dossiers WHERE {f}"), false)
                    }
                    Search::CodePrefix(p) => {
                        params.push(p.clone().into());
                        let f = format!(
                            "code >= $1 AND code < ${} AND +id IN ({held})",
                            start + units.len()
                        );
                        (f.clone(), format!("SELECT count(*) FROM dossiers WHERE {f}"), false)
                    }
                    Search::Name(n) => {
                        params.push(format!("%{n}%").into());
                        let ids = format!(
                            "SELECT id FROM dossiers WHERE receiving_unit_id IN ({list}) AND applicant_folded LIKE $1 \
                             UNION SELECT id FROM dossiers WHERE processing_unit_id IN ({list}) AND receiving_unit_id NOT IN ({list}) AND applicant_folded LIKE $1"
                        );
                        let f = format!("id IN ({ids})");
                        let count = format!(
                            "SELECT count(*) FROM (SELECT 1 FROM dossiers WHERE {f} LIMIT {SEARCH_COUNT_CAP}) AS capped"
                        );
                        (f, count, true)
                    }
                };
                params.extend(unit_params);
                if let Search::CodePrefix(p) = &search {
                    params.push(after_prefix(p).into());
                }
                let total = conn.query_one(&count_sql, &params)?.get_i64(0)? as u64;
                let sql = format!(
                    "SELECT {SUMMARY_COLUMNS} FROM dossiers WHERE {filter} ORDER BY id DESC LIMIT {per_page} OFFSET {offset}"
                );
                let rows = conn.query(&sql, &params)?;
                let items = rows
                    .iter()
                    .map(|r| summary(&env, r, now))
                    .collect::<AppResult<Vec<_>>>()?;
                Ok((
                    WorklistPage { items, total, page, per_page },
                    capped && total >= SEARCH_COUNT_CAP,
                ))
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_kinds_and_prefix_bound() {
        assert!(matches!(parse(Some("001190012345")), Search::CitizenId(_)));
        assert!(matches!(parse(Some("h99.01-2603")), Search::CodePrefix(p) if p == "H99.01-2603"));
        assert!(matches!(parse(Some("Nguyễn Văn")), Search::Name(n) if n == "nguyen van"));
        assert!(matches!(parse(Some("  ")), Search::None));
        assert_eq!(after_prefix("H99.01-2603"), "H99.01-2604");
        assert_eq!(after_prefix("A9"), "A:");
    }
}
