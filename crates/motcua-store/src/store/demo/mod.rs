//! Synthetic dossiers for demos and benchmarks (`motcua demo --dossiers N`).
//!
//! Every dossier is driven through the real lifecycle: each step is a `Command` judged by
//! `decide` at a simulated moment on the unit's working calendar, so the events respect the law
//! (reception, hand-overs, supplements restarting the clock, one reschedule, …). A dossier whose
//! next step would lie in the future stops where it is, so recent dossiers are naturally still
//! open and every state appears.
//!
//! Dossiers are generated in order of submission (their codes are sequential per agency and
//! day) and written in chunks, one writer job per chunk. Within a chunk the event log holds each
//! dossier's events together, so the log's order is by dossier, not by time across dossiers:
//! acceptable for synthetic data, documented here.

mod people;
mod sim;

use std::sync::Arc;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::{from_local, to_local};
use motcua_domain::dossier::{Actor, DocSource, DocumentRef, Grant, Role, Status};
use motcua_domain::ids::{AccountId, AgencyCode, UnitId};
use motcua_domain::procedure::{PublicationStatus, StoredProcedure};
use motcua_domain::unit::UnitKind;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::{AppResult, NewUnit, Store};
use crate::sql::Value;

/// What to generate.
pub struct DemoOptions {
    pub dossiers: u64,
    pub seed: u64,
    /// Months of history before now.
    pub months: u32,
    /// Make sure at least this many communes exist (created under the first province).
    pub min_communes: usize,
    /// Synthetic citizen accounts that own online dossiers.
    pub citizens: usize,
    /// Real blobs to attach as components (e.g. a small sample PDF); fake references if empty.
    pub sample_documents: Vec<DocumentRef>,
    /// Called after each chunk with (done, total).
    pub progress: Option<Arc<dyn Fn(u64, u64) + Send + Sync>>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            dossiers: 300,
            seed: 2026,
            months: 12,
            min_communes: 0,
            citizens: 500,
            sample_documents: Vec::new(),
            progress: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub dossiers: u64,
    pub events: u64,
    pub by_status: Vec<(Status, u64)>,
}

/// The officers of one unit used by the simulation.
#[derive(Clone)]
pub(crate) struct Staff {
    pub unit: UnitId,
    pub agency: AgencyCode,
    pub desk: Actor,
    pub specialist: Actor,
    pub leader: Actor,
}

/// Everything a chunk job needs, shared.
pub(crate) struct World {
    pub staff: Vec<Staff>,
    pub citizens: Vec<Actor>,
    pub procedures: Vec<(Arc<StoredProcedure>, u32)>,
    pub documents: Vec<DocumentRef>,
}

const CHUNK: u64 = 400;

/// Generates `opts.dossiers` dossiers into the store.
pub async fn generate(store: &Store, opts: DemoOptions) -> AppResult<DemoSummary> {
    let admin = Actor {
        account: None,
        name: "motcua demo".into(),
        grants: vec![Grant {
            role: Role::Admin,
            unit: None,
        }],
    };
    let staff = ensure_staff(store, &admin, opts.min_communes).await?;
    let citizens = people::ensure_citizens(store, opts.citizens).await?;
    let catalog = store.inner.caches.catalog();
    let mut procedures: Vec<(Arc<StoredProcedure>, u32)> = catalog
        .current
        .values()
        .filter(|p| p.version.status == PublicationStatus::Published)
        .filter(|p| p.version.processing_time.is_some())
        .map(|p| (p.clone(), weight(&p.version.field_vi, &p.version.name_vi)))
        .collect();
    procedures.sort_by(|a, b| a.0.version.code.cmp(&b.0.version.code));
    if procedures.is_empty() || staff.is_empty() {
        return Err(super::AppError::invalid(
            "demo.empty",
            "Cần có danh mục thủ tục và ít nhất một xã trước khi sinh hồ sơ mẫu.",
            "A procedure catalog and at least one commune are needed before generating dossiers.",
        ));
    }
    let documents = if opts.sample_documents.is_empty() {
        vec![DocumentRef {
            component: None,
            sha256: "0".repeat(64),
            size: 0,
            media_type: "application/pdf".into(),
            file_name: "mau.pdf".into(),
            pages: Some(1),
            source: DocSource::Upload,
        }]
    } else {
        opts.sample_documents.clone()
    };
    let world = Arc::new(World {
        staff,
        citizens,
        procedures,
        documents,
    });

    let now = store.now();
    let start = now - SignedDuration::from_hours(24 * 30 * opts.months as i64);
    let schedule = arrival_days(store, start, now, opts.dossiers, opts.seed);
    let total = opts.dossiers;
    let mut done = 0u64;
    let mut events = 0u64;
    let mut chunk_index = 0u64;
    let mut pending: Vec<Timestamp> = Vec::with_capacity(CHUNK as usize);
    let mut day_rng = StdRng::seed_from_u64(opts.seed ^ 0x5eed);
    for (day, count) in schedule {
        let mut times: Vec<Timestamp> = (0..count)
            .map(|_| sim::arrival_time(&mut day_rng, store, day, now))
            .collect();
        times.sort();
        for t in times {
            pending.push(t);
            if pending.len() as u64 == CHUNK {
                events += write_chunk(
                    store,
                    &world,
                    std::mem::take(&mut pending),
                    opts.seed,
                    chunk_index,
                    now,
                )
                .await?;
                chunk_index += 1;
                done += CHUNK;
                if let Some(p) = &opts.progress {
                    p(done, total);
                }
            }
        }
    }
    if !pending.is_empty() {
        done += pending.len() as u64;
        events += write_chunk(store, &world, pending, opts.seed, chunk_index, now).await?;
        if let Some(p) = &opts.progress {
            p(done, total);
        }
    }
    Ok(DemoSummary {
        dossiers: done,
        events,
        by_status: store.status_counts().await?,
    })
}

async fn write_chunk(
    store: &Store,
    world: &Arc<World>,
    arrivals: Vec<Timestamp>,
    seed: u64,
    chunk: u64,
    now: Timestamp,
) -> AppResult<u64> {
    let env = store.env();
    let world = world.clone();
    store
        .inner
        .writer
        .run(move |conn| {
            // Seeded per chunk, so a re-run of the job (PostgreSQL serialization retry)
            // produces the same dossiers.
            let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ chunk);
            let mut events = 0u64;
            for t in &arrivals {
                events += sim::one_dossier(conn, &env, &world, &mut rng, *t, now)?;
            }
            Ok(events)
        })
        .await
}

/// How many dossiers arrive on each day of the period (working days get most of them).
fn arrival_days(
    store: &Store,
    start: Timestamp,
    end: Timestamp,
    total: u64,
    seed: u64,
) -> Vec<(Date, u64)> {
    let cal = store.national_calendar();
    let mut days = Vec::new();
    let mut d = to_local(start).date();
    let last = to_local(end).date();
    while d <= last {
        // Weekends and holidays still see some online submissions.
        let w = if cal.is_working_day(d) { 10.0 } else { 1.0 };
        days.push((d, w));
        d = d.tomorrow().expect("in range");
    }
    let sum: f64 = days.iter().map(|(_, w)| w).sum();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(days.len());
    let mut assigned = 0u64;
    for (i, (day, w)) in days.iter().enumerate() {
        let exact = total as f64 * w / sum;
        let mut n = exact.floor() as u64;
        if rng.random::<f64>() < exact.fract() {
            n += 1;
        }
        if i == days.len() - 1 {
            n = total.saturating_sub(assigned);
        }
        let n = n.min(total - assigned);
        assigned += n;
        out.push((*day, n));
    }
    out
}

/// Popular fields get more dossiers (civil status and certification dominate at communes).
fn weight(field: &str, name: &str) -> u32 {
    let f = motcua_domain::fold::fold(field);
    let n = motcua_domain::fold::fold(name);
    if n.contains("khai sinh") && !n.contains("lai") && !n.contains("lien thong") {
        40
    } else if f.contains("chung thuc") {
        30
    } else if f.contains("ho tich") {
        12
    } else if f.contains("cu tru") {
        15
    } else {
        4
    }
}

/// Communes in force with one desk officer, specialist and leader each (created if missing).
async fn ensure_staff(store: &Store, admin: &Actor, min_communes: usize) -> AppResult<Vec<Staff>> {
    let today = to_local(store.now()).date();
    let mut units = store.units(Some(today)).await?;
    let communes =
        |u: &Vec<super::UnitInfo>| u.iter().filter(|x| x.kind == UnitKind::Commune).count();
    if communes(&units) < min_communes {
        let province = match units.iter().find(|u| u.kind == UnitKind::Province) {
            Some(p) => p.clone(),
            None => {
                let id = store
                    .create_unit(
                        admin,
                        NewUnit {
                            code: AgencyCode::parse("H99").expect("valid"),
                            name: "Tỉnh Demo".into(),
                            kind: UnitKind::Province,
                            parent: None,
                            valid_from: jiff::civil::date(2025, 7, 1),
                        },
                    )
                    .await?;
                store.unit(id).await?
            }
        };
        let mut n = 100;
        while communes(&units) < min_communes {
            n += 1;
            let code = AgencyCode::parse(&format!("{}.{n}", province.code)).expect("valid");
            if units.iter().any(|u| u.code == code) {
                continue;
            }
            store
                .create_unit(
                    admin,
                    NewUnit {
                        code,
                        name: format!("Xã {}", people::place_name(n)),
                        kind: UnitKind::Commune,
                        parent: Some(province.id),
                        valid_from: jiff::civil::date(2025, 7, 1),
                    },
                )
                .await?;
            units = store.units(Some(today)).await?;
        }
    }
    let accounts = store.accounts().await?;
    let mut staff = Vec::new();
    for u in units.iter().filter(|u| u.kind == UnitKind::Commune) {
        let pick = |role: Role| -> Option<AccountId> {
            accounts
                .iter()
                .find(|a| {
                    !a.disabled
                        && a.grants
                            .iter()
                            .any(|g| g.role == role && g.unit == Some(u.id))
                })
                .map(|a| a.id)
        };
        let (d, s, l) = (
            pick(Role::DeskOfficer),
            pick(Role::Specialist),
            pick(Role::Leader),
        );
        let actor_for = async |found: Option<AccountId>, role: Role| -> AppResult<Actor> {
            let id = match found {
                Some(id) => id,
                None => people::create_officer(store, u, role).await?,
            };
            store.actor(id).await
        };
        staff.push(Staff {
            unit: u.id,
            agency: u.code.clone(),
            desk: actor_for(d, Role::DeskOfficer).await?,
            specialist: actor_for(s, Role::Specialist).await?,
            leader: actor_for(l, Role::Leader).await?,
        });
    }
    Ok(staff)
}

#[allow(dead_code)]
fn at(d: Date, h: i8, m: i8) -> Timestamp {
    from_local(d.at(h, m, 0, 0))
}

#[allow(dead_code)]
fn int(v: i64) -> Value {
    Value::Int(v)
}
