//! The command line as an operator uses it: answers that match the API's, bad input refused by
//! name with nothing changed, a catalog import that is all or nothing, an audit check that names
//! the first tampered event, health checks, and production mode refusing demo data.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::{Server, motcua};

fn run(data: &Path, args: &[&str]) -> Output {
    motcua(data, None).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Succeeded, or says why not.
fn ok(o: &Output) -> String {
    assert!(o.status.success(), "failed: {}\n{}", stdout(o), stderr(o));
    stdout(o)
}

/// Refused with a non-zero exit, Vietnamese first, then English, then the machine code.
fn refused(o: &Output, code: &str) -> String {
    let err = stderr(o);
    assert!(!o.status.success(), "should have failed: {}", stdout(o));
    let vi = err.find("Lỗi: ").expect("a Vietnamese message");
    let en = err.find("Error: ").expect("an English message");
    assert!(vi < en, "Vietnamese first:\n{err}");
    assert!(err.contains(&format!("[{code}")), "code {code} in:\n{err}");
    err
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn the_calendar_commands_answer_what_the_api_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), None, &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let cases: [(&[&str], &str); 4] = [
        (
            &["calendar", "days-off", "--year", "2026", "--format", "json"],
            "/api/v1/calendar/days-off?year=2026",
        ),
        (
            &[
                "calendar",
                "due",
                "--from",
                "2026-02-13T16:00:00+07:00",
                "--amount",
                "3",
                "--unit",
                "working-days",
                "--cutoff",
                "15:00",
                "--format",
                "json",
            ],
            "/api/v1/calendar/due?from=2026-02-13T16:00:00%2B07:00&amount=3&unit=working-days&cutoff=15:00",
        ),
        (
            &[
                "calendar",
                "due",
                "--from",
                "2026-04-24 10:00",
                "--amount",
                "5",
                "--unit",
                "working-days",
                "--format",
                "json",
            ],
            "/api/v1/calendar/due?from=2026-04-24%2010:00&amount=5&unit=working-days",
        ),
        (
            &["calendar", "lunar", "2026-02-17", "--format", "json"],
            "/api/v1/calendar/lunar?date=2026-02-17",
        ),
    ];
    for (args, path) in cases {
        let cli: Value = serde_json::from_str(&ok(&run(dir.path(), args))).unwrap();
        let api: Value = rt.block_on(async {
            let res = http
                .get(format!("{}{path}", server.url))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.json().await.unwrap()
        });
        assert_eq!(cli, api, "motcua {} ≠ GET {path}", args.join(" "));
    }
    // The text forms people read.
    let lunar = ok(&run(dir.path(), &["calendar", "lunar", "2026-02-17"]));
    assert_eq!(lunar.trim(), "1/1/2026 (Bính Ngọ)");
    let solar = ok(&run(
        dir.path(),
        &["calendar", "lunar", "--to-solar", "1/1/2026"],
    ));
    assert_eq!(solar.trim(), "2026-02-17");
    let due = ok(&run(
        dir.path(),
        &[
            "calendar",
            "due",
            "--from",
            "2026-02-13T16:00:00+07:00",
            "--amount",
            "3",
            "--unit",
            "working-days",
            "--cutoff",
            "15:00",
        ],
    ));
    assert!(
        due.contains("17 giờ 00 phút, Thứ Tư, ngày 25/02/2026"),
        "{due}"
    );
    assert!(server.terminate().success());
}

#[test]
fn bad_input_is_named_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let due = |from: &str, cutoff: &str| {
        run(
            &data,
            &[
                "calendar",
                "due",
                "--from",
                from,
                "--amount",
                "3",
                "--unit",
                "working-days",
                "--cutoff",
                cutoff,
            ],
        )
    };
    refused(
        &due("2026-02-30T09:00", "15:00"),
        "calendar.impossible_date",
    );
    refused(&due("yesterday", "15:00"), "calendar.date_syntax");
    refused(&due("2026-02-13T09:00", "25:00"), "calendar.cutoff");
    refused(
        &run(&data, &["calendar", "days-off", "--year", "2300"]),
        "calendar.out_of_range",
    );
    refused(
        &run(&data, &["calendar", "lunar", "--to-solar", "30/2/2026"]),
        "calendar.invalid_lunar_date",
    );
    let unknown_unit = run(
        &data,
        &[
            "calendar",
            "due",
            "--from",
            "2026-02-13T09:00",
            "--amount",
            "3",
            "--unit",
            "fortnights",
        ],
    );
    assert!(!unknown_unit.status.success());
    assert!(stderr(&unknown_unit).contains("fortnights"));

    let bad_catalog = dir.path().join("bad.json");
    std::fs::write(
        &bad_catalog,
        "[\n  {\"code\": \"1.0\", \"name_vi\": \"\"}\n]\n",
    )
    .unwrap();
    let err = refused(
        &run(&data, &["catalog", "import", bad_catalog.to_str().unwrap()]),
        "catalog.import_failed",
    );
    assert!(err.contains("dòng 2") && err.contains("line 2"), "{err}");
    refused(
        &run(&data, &["catalog", "import", "/no/such/file.json"]),
        "input.unreadable",
    );

    let bad_year = dir.path().join("2027.toml");
    let text = std::fs::read_to_string(repo_file("data/calendar/2026.toml"))
        .unwrap()
        .replace("year = 2026", "year = 2027");
    std::fs::write(&bad_year, text).unwrap();
    let err = refused(
        &run(&data, &["calendar", "import", bad_year.to_str().unwrap()]),
        "calendar.schedule.date_outside_year",
    );
    assert!(
        err.contains("2027.toml:"),
        "the file and line are named: {err}"
    );

    // Every input was checked before anything was opened: no database was even created.
    assert!(!data.exists(), "bad input created {}", data.display());
}

#[test]
fn catalog_import_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let file = repo_file("data/catalog/procedures.json");
    let first = ok(&run(
        dir.path(),
        &["catalog", "import", file.to_str().unwrap()],
    ));
    assert!(first.contains("40 new procedures"), "{first}");
    let again = ok(&run(
        dir.path(),
        &["catalog", "import", file.to_str().unwrap()],
    ));
    assert!(
        again.contains("0 new procedures, 0 new versions, 40 unchanged"),
        "{again}"
    );
    ok(&run(dir.path(), &["audit", "verify"]));
}

#[test]
fn audit_verify_names_the_first_changed_or_missing_event() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(&run(&data, &["demo", "--dossiers", "20"]));
    let report = ok(&run(&data, &["audit", "verify"]));
    assert!(report.contains("Audit log intact"), "{report}");

    let copy = dir.path().join("copy");
    copy_dir(&data, &copy);
    sql(
        &data,
        "UPDATE events SET payload = payload || ' ' WHERE seq = 10",
    );
    let err = refused(&run(&data, &["audit", "verify"]), "audit.event_changed");
    assert!(
        err.contains("event 10") && err.contains("sự kiện số 10"),
        "{err}"
    );

    sql(&copy, "DELETE FROM events WHERE seq = 7");
    let err = refused(&run(&copy, &["audit", "verify"]), "audit.event_missing");
    assert!(err.contains("event 7"), "{err}");
}

#[test]
fn healthcheck_answers_for_a_running_server_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), None, &[]);
    let addr = server.url.trim_start_matches("http://").to_string();
    ok(&run(dir.path(), &["healthcheck", "--addr", &addr]));
    assert!(server.terminate().success());
    let down = run(
        dir.path(),
        &["healthcheck", "--addr", &addr, "--timeout", "1"],
    );
    assert!(!down.status.success());
}

#[test]
fn unknown_addresses_get_a_page_for_people_and_a_problem_for_programs() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), None, &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let http = reqwest::Client::new();
    let (page, api) = rt.block_on(async {
        let page = http
            .get(format!("{}/thu-tuc-khong-co", server.url))
            .send()
            .await
            .unwrap();
        let api = http
            .get(format!("{}/api/v1/khong-co", server.url))
            .send()
            .await
            .unwrap();
        (page, api)
    });
    assert_eq!(page.status(), 404);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = rt.block_on(page.text()).unwrap();
    assert!(html.contains("Không tìm thấy trang"), "{html}");
    assert!(html.contains("lang=\"vi\""));
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
    assert!(server.terminate().success());
}

#[test]
fn production_mode_refuses_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let prod = |args: &[&str]| {
        motcua(dir.path(), None)
            .env("MOTCUA_PRODUCTION", "true")
            .env("MOTCUA_PUBLIC_URL", "https://dichvucong.example.gov.vn")
            .args(args)
            .output()
            .unwrap()
    };
    refused(&prod(&["serve", "--demo"]), "serve.demo_in_production");
    refused(&prod(&["demo", "--dossiers", "1"]), "demo.production");
    ok(&run(dir.path(), &["demo", "--dossiers", "0"]));
    refused(
        &prod(&["serve", "--addr", "127.0.0.1:0"]),
        "serve.demo_data_in_production",
    );
    // Without a public address production mode does not start at all.
    let bare = motcua(dir.path(), None)
        .env("MOTCUA_PRODUCTION", "true")
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    refused(&bare, "config.production_incomplete");
}

fn sql(data: &Path, statement: &str) {
    let db = rusqlite::Connection::open(data.join("motcua.db")).unwrap();
    let n = db.execute(statement, []).unwrap();
    assert_eq!(n, 1, "{statement}");
}

/// The database with its WAL files (a stopped server may leave the WAL in place).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
