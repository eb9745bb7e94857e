//! The row shapes shared by the raw-limit and writer benchmarks, so both insert the same bytes:
//! a dossier-submission-like row of ~500 bytes plus one event row.

pub const DDL_SQLITE: &str = "
CREATE TABLE IF NOT EXISTS bench_dossiers (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, unit_id TEXT NOT NULL,
    procedure_code TEXT NOT NULL, status TEXT NOT NULL, applicant_name TEXT NOT NULL,
    applicant_id TEXT NOT NULL, phone TEXT NOT NULL, address TEXT NOT NULL,
    received_at_ms INTEGER NOT NULL, due_at_ms INTEGER NOT NULL, form TEXT NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS bench_worklist ON bench_dossiers (unit_id, status, due_at_ms);
CREATE TABLE IF NOT EXISTS bench_events (
    seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL, unit_id TEXT NOT NULL, dossier_id TEXT, kind TEXT NOT NULL,
    payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;
";

pub const DDL_POSTGRES: &str = "
CREATE TABLE IF NOT EXISTS bench_dossiers (
    id BIGINT PRIMARY KEY, code TEXT NOT NULL UNIQUE, unit_id TEXT NOT NULL,
    procedure_code TEXT NOT NULL, status TEXT NOT NULL, applicant_name TEXT NOT NULL,
    applicant_id TEXT NOT NULL, phone TEXT NOT NULL, address TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL, due_at_ms BIGINT NOT NULL, form TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bench_worklist ON bench_dossiers (unit_id, status, due_at_ms);
CREATE TABLE IF NOT EXISTS bench_events (
    seq BIGINT PRIMARY KEY, at_ms BIGINT NOT NULL, actor_id TEXT NOT NULL,
    actor_role TEXT NOT NULL, unit_id TEXT NOT NULL, dossier_id TEXT, kind TEXT NOT NULL,
    payload TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
";

pub const INSERT_DOSSIER: &str = "INSERT INTO bench_dossiers (id, code, unit_id, procedure_code, status, \
    applicant_name, applicant_id, phone, address, received_at_ms, due_at_ms, form) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// The text columns of dossier `i` (about 500 bytes in all).
pub fn dossier(i: i64) -> [String; 8] {
    [
        format!("000.00.01.H01-{:06}-{:04}", 250101 + i / 10_000, i % 10_000),
        "000.00.01.H01".into(),
        "1.001234.000.00.00.H01".into(),
        "received".into(),
        format!("Nguyễn Văn Thành {i}"),
        format!("{:012}", 1_000_000_000 + i),
        "0912345678".into(),
        "Số 12, ngõ 34, phố Trần Hưng Đạo, phường Hoàn Kiếm, thành phố Hà Nội".into(),
    ]
}

/// The form data (JSON) of dossier `i`.
pub fn form(i: i64) -> String {
    format!(
        r#"{{"applicant":{{"birth_date":"1985-04-12","email":"nguoidan{i}@example.vn","gender":"nam"}},"attachments":[{{"kind":"cccd","sha256":"{:064x}","size":102400}}],"channel":"online","note":"Đề nghị cấp bản sao trích lục khai sinh","copies":2}}"#,
        i
    )
}

pub fn event_payload(i: i64) -> serde_json::Value {
    serde_json::json!({"code": dossier(i)[0], "channel": "online", "due_at_ms": 1_767_225_600_000i64 + i})
}
