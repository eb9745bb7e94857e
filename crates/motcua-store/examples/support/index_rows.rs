//! Data for `index_bench`: synthetic dossier facts turned into the aggregate rows the store keeps
//! (`dossier_contributions`, then the same month and year roll-ups as the writer jobs), and a
//! narrow one-row-per-dossier table for the `count(*)` baseline.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday, date};
use jiff::{SignedDuration, Timestamp};
use motcua_calendar::from_local;
use motcua_domain::ids::{DossierId, ProcedureCode, UnitId};
use motcua_domain::procedure::{Channel, ProcedureVersion};
use motcua_domain::quality::aggregate::{Counters, DossierCounters, dossier_contributions};
use motcua_domain::quality::dossier_outcome::DossierOutcome;
use motcua_store::{Conn, Database, Dialect, Value};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The demo catalog's codes first, then made-up ones up to `n`.
pub fn codes(catalog: &[ProcedureVersion], n: usize) -> Vec<ProcedureCode> {
    let mut out: Vec<ProcedureCode> = catalog.iter().map(|p| p.code.clone()).collect();
    out.sort();
    out.dedup();
    let mut k = 0;
    while out.len() < n {
        out.push(ProcedureCode::parse(&format!("1.9{k:05}")).unwrap());
        k += 1;
    }
    out.truncate(n);
    out
}

#[derive(Default)]
pub struct Stats {
    pub unit_rows: u64,
    pub procedure_rows: u64,
    pub online_rows: u64,
}

const CHANNELS: [(&str, Channel); 3] = [
    ("online", Channel::Online),
    ("desk", Channel::Desk),
    ("post", Channel::Post),
];

type DayKey = (Date, usize, usize);

/// Synthetic, self-consistent facts of one dossier received in `year` (docs/QUALITY.md §3).
fn outcome(
    rng: &mut StdRng,
    id: i64,
    unit: UnitId,
    days: &[Date],
    cum: &[f64],
    codes: &[ProcedureCode],
    now: Timestamp,
) -> (DossierOutcome, usize) {
    let day = days[rng.random_range(0..days.len())];
    let r = from_local(day.at(8, 0, 0, 0)) + SignedDuration::from_mins(rng.random_range(0..510));
    let x: f64 = rng.random::<f64>() * cum[cum.len() - 1];
    let p = cum.partition_point(|c| *c < x).min(codes.len() - 1);
    let ch = match rng.random_range(0..100) {
        0..45 => 0,
        45..95 => 1,
        _ => 2,
    };
    let limit = [3, 5, 7, 10, 15][rng.random_range(0..5)];
    let due = r + SignedDuration::from_hours(limit * 24 * 7 / 5);
    let minute = |t: Timestamp| Timestamp::from_second(t.as_second() / 60 * 60).unwrap();
    let overdue = minute(due) + SignedDuration::from_mins(1);
    let u = rng.random_range(0..100);
    let mut ended = match u {
        0..88 => Some(
            r + SignedDuration::from_secs(
                (due.as_second() - r.as_second()) * rng.random_range(20..98) / 100,
            ),
        ),
        88..95 => Some(due + SignedDuration::from_hours(rng.random_range(24..360))),
        _ => None,
    };
    ended = ended.filter(|e| *e < now);
    let refused = rng.random_range(0..100) == 0;
    let on_time = ended.map(|e| minute(e) < overdue);
    let result_at = ended.filter(|_| rng.random_range(0..20) != 0);
    let document = p % 5 != 0;
    let e_result = result_at.is_some() && rng.random_range(0..10) < 7;
    let paper_only = document && result_at.is_some() && !e_result;
    let o = DossierOutcome {
        dossier: DossierId(id),
        unit,
        procedure: codes[p].clone(),
        channel: CHANNELS[ch].1,
        received_at: (!refused).then_some(r),
        refused_at: refused.then_some(r),
        ended_at: ended.filter(|_| !refused),
        due: Some(due),
        supplement_requests: 0,
        waited_minutes: 0,
        overdue_from: if on_time == Some(true) {
            None
        } else {
            Some(overdue)
        },
        on_time,
        result_at,
        result_is_document: document,
        e_result,
        online_ok: ch == 0 && !paper_only,
        digitised: rng.random_range(0..100) < 85 && !paper_only,
        reused: rng.random_range(0..4) == 0,
        personal_store: rng.random_range(0..100) < if ch == 0 { 35 } else { 5 },
        dissatisfied: rng.random_range(0..50) == 0,
        resolution_minutes: result_at
            .map(|f| ((f.as_second() - r.as_second()) / 60 * 5 / 21) as u64),
    };
    (o, p)
}

fn insert(conn: &mut dyn Conn, table: &str, cols: &[&str], rows: &[Vec<Value>]) -> u64 {
    let per = 8000 / cols.len();
    for chunk in rows.chunks(per) {
        let mut n = 0;
        let values: Vec<String> = chunk
            .iter()
            .map(|_| {
                let ph: Vec<String> = cols
                    .iter()
                    .map(|_| {
                        n += 1;
                        format!("${n}")
                    })
                    .collect();
                format!("({})", ph.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            cols.join(", "),
            values.join(", ")
        );
        let params: Vec<Value> = chunk.iter().flatten().cloned().collect();
        conn.execute(&sql, &params).unwrap();
    }
    rows.len() as u64
}

fn row(grain: &str, unit: UnitId, day: Date, extra: &[Value], c: &[i64]) -> Vec<Value> {
    let mut v = vec![grain.into(), Value::Int(unit.0), day.to_string().into()];
    v.extend(extra.iter().cloned());
    v.extend(c.iter().map(|x| Value::Int(*x)));
    v
}

fn flush(
    conn: &mut dyn Conn,
    unit: UnitId,
    days: &BTreeMap<DayKey, DossierCounters>,
    codes: &[ProcedureCode],
    stats: &mut Stats,
) {
    let mut proc_rows = Vec::new();
    let mut months: BTreeMap<DayKey, DossierCounters> = BTreeMap::new();
    let mut unit_rows: BTreeMap<(&str, Date), DossierCounters> = BTreeMap::new();
    let mut online: BTreeMap<(&str, Date, usize), i64> = BTreeMap::new();
    for ((day, p, ch), c) in days {
        months
            .entry((day.first_of_month(), *p, *ch))
            .or_default()
            .add(c);
        for (g, start) in [
            ("d", *day),
            ("m", day.first_of_month()),
            ("y", day.first_of_year()),
        ] {
            unit_rows.entry((g, start)).or_default().add(c);
            if *ch == 0 && c.received > 0 {
                *online.entry((g, start, *p)).or_default() += c.received as i64;
            }
        }
    }
    let values = |c: &DossierCounters| c.values().map(|v| v as i64);
    for (grain, map) in [("d", days), ("m", &months)] {
        for ((day, p, ch), c) in map {
            let key = [codes[*p].as_str().into(), CHANNELS[*ch].0.into()];
            proc_rows.push(row(grain, unit, *day, &key, &values(c)));
        }
    }
    let fields = DossierCounters::FIELDS;
    let mut cols = vec!["grain", "unit_id", "day", "procedure_code", "channel"];
    cols.extend(fields);
    stats.procedure_rows += insert(conn, "quality_dossier_rows", &cols, &proc_rows);
    let mut cols = vec!["grain", "unit_id", "day"];
    cols.extend(fields);
    let rows: Vec<_> = unit_rows
        .iter()
        .map(|((g, d), c)| row(g, unit, *d, &[], &values(c)))
        .collect();
    stats.unit_rows += insert(conn, "quality_unit_rows", &cols, &rows);
    let rows: Vec<_> = online
        .iter()
        .map(|((g, d, p), n)| row(g, unit, *d, &[codes[*p].as_str().into()], &[*n]))
        .collect();
    let cols = ["grain", "unit_id", "day", "procedure_code", "received"];
    stats.online_rows += insert(conn, "quality_online_rows", &cols, &rows);
}

/// Writes the rows of `dossiers` synthetic dossiers of `year`: 5 % at the province itself, the
/// rest shared by the communes (each between half and one and a half of the average).
pub fn generate(
    db: &Database,
    units: &[UnitId],
    codes: &[ProcedureCode],
    dossiers: u64,
    year: i16,
) -> Stats {
    let mut conn = db.connect().unwrap();
    let days: Vec<Date> = (0..366)
        .filter_map(|i| date(year, 1, 1).checked_add(jiff::Span::new().days(i)).ok())
        .filter(|d| d.year() == year && !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
        .collect();
    let mut cum = Vec::new();
    let mut total = 0.0;
    for k in 0..codes.len() {
        total += 1.0 / ((k + 1) as f64).powf(1.1);
        cum.push(total);
    }
    let now = from_local(date(year + 1, 1, 5).at(9, 0, 0, 0));
    let mut rng = StdRng::seed_from_u64(766);
    let weights: Vec<f64> = units
        .iter()
        .enumerate()
        .map(|(i, _)| {
            if i == 0 {
                0.0
            } else {
                rng.random_range(0.5..1.5)
            }
        })
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut stats = Stats::default();
    let mut id = 0i64;
    // Generation only: SQLite without fsync, PostgreSQL tables without WAL (reads are the same).
    conn.execute_batch(match db.dialect() {
        Dialect::Sqlite => "PRAGMA synchronous = OFF",
        Dialect::Postgres => {
            "ALTER TABLE quality_dossier_rows SET UNLOGGED; ALTER TABLE quality_unit_rows SET UNLOGGED; \
             ALTER TABLE quality_online_rows SET UNLOGGED"
        }
    })
    .unwrap();
    for (i, unit) in units.iter().enumerate() {
        let n = if i == 0 {
            dossiers / 20
        } else {
            (dossiers as f64 * 0.95 * weights[i] / sum) as u64
        };
        let n = if i == units.len() - 1 {
            dossiers - id as u64
        } else {
            n
        };
        let mut acc: BTreeMap<DayKey, DossierCounters> = BTreeMap::new();
        for _ in 0..n {
            id += 1;
            let (o, p) = outcome(&mut rng, id, *unit, &days, &cum, codes, now);
            let ch = CHANNELS.iter().position(|c| c.1 == o.channel).unwrap();
            for (k, c) in dossier_contributions(&o) {
                acc.entry((k.day, p, ch)).or_default().add(&c);
            }
        }
        conn.begin().unwrap();
        flush(&mut *conn, *unit, &acc, codes, &mut stats);
        conn.commit().unwrap();
    }
    let (create, fill) = match db.dialect() {
        Dialect::Sqlite => (
            "CREATE TABLE bench_dossiers (id INTEGER PRIMARY KEY, unit_id INTEGER NOT NULL, received_ms INTEGER NOT NULL) STRICT",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $1) \
             INSERT INTO bench_dossiers (id, unit_id, received_ms) SELECT x, x % $2, 1767200000000 + x * 3000 FROM c",
        ),
        Dialect::Postgres => (
            "CREATE UNLOGGED TABLE bench_dossiers (id BIGINT PRIMARY KEY, unit_id BIGINT NOT NULL, received_ms BIGINT NOT NULL)",
            "INSERT INTO bench_dossiers (id, unit_id, received_ms) \
             SELECT x, x % $2, 1767200000000 + x * 3000 FROM generate_series(1::bigint, $1) AS x",
        ),
    };
    conn.execute_batch(create).unwrap();
    conn.execute(
        fill,
        &[Value::Int(dossiers as i64), Value::Int(units.len() as i64)],
    )
    .unwrap();
    conn.execute_batch(match db.dialect() {
        Dialect::Sqlite => "ANALYZE",
        Dialect::Postgres => "VACUUM ANALYZE",
    })
    .unwrap();
    stats
}

/// The baseline: `SELECT count(*) FROM bench_dossiers` on a read connection.
pub fn count(db: &Database) -> i64 {
    let mut c = db.connect_read().unwrap();
    c.query_one("SELECT count(*) FROM bench_dossiers", &[])
        .unwrap()
        .get_i64(0)
        .unwrap()
}

/// A fresh database `name` on the server of `admin_url` (in the tablespace named by
/// MOTCUA_BENCH_PG_TABLESPACE if set, e.g. one on a tmpfs when the disk is short).
pub fn postgres_database(admin_url: &str, name: &str) -> (Database, postgres::Config) {
    let admin: postgres::Config = admin_url.parse().unwrap();
    drop_database(&admin, name);
    let space = std::env::var("MOTCUA_BENCH_PG_TABLESPACE")
        .map(|t| format!(" TABLESPACE {t}"))
        .unwrap_or_default();
    admin_exec(&admin, &format!("CREATE DATABASE {name}{space}"));
    let mut config = admin.clone();
    config.dbname(name);
    (Database::postgres(config), admin)
}

pub fn drop_database(admin: &postgres::Config, name: &str) {
    admin_exec(
        admin,
        &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    );
}

fn admin_exec(admin: &postgres::Config, sql: &str) {
    let (admin, sql) = (admin.clone(), sql.to_string());
    motcua_store::testing::off_runtime(move || {
        Database::postgres(admin)
            .connect()
            .unwrap()
            .execute_batch(&sql)
            .unwrap();
    });
}
