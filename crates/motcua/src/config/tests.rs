use super::secrets::url_has_password;
use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("motcua.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn with_file(path: &Path) -> Overrides {
    Overrides {
        config_file: Some(path.to_path_buf()),
        ..Overrides::default()
    }
}

#[test]
fn defaults_are_sqlite_in_motcua_data_on_localhost() {
    let c = Config::load_from(&Overrides::default(), &[]).unwrap();
    assert_eq!(c.database(), "motcua-data/motcua.db");
    assert_eq!(c.server.addr, "127.0.0.1:8080");
    assert!(!c.production);
    assert_eq!(c.blobs.backend, BlobBackend::Local);
}

#[test]
fn later_sources_win_file_then_env_then_flags() {
    let (_d, path) =
        file("data_dir = \"/srv/a\"\n[server]\naddr = \"0.0.0.0:9000\"\nsession_hours = 8\n");
    let c = Config::load_from(&with_file(&path), &[]).unwrap();
    assert_eq!(c.data_dir, PathBuf::from("/srv/a"));
    assert_eq!(c.server.addr, "0.0.0.0:9000");
    assert_eq!(c.server.session_hours, 8);

    let e = env(&[("MOTCUA_DATA_DIR", "/srv/b"), ("MOTCUA_SESSION_HOURS", "4")]);
    let c = Config::load_from(&with_file(&path), &e).unwrap();
    assert_eq!(c.data_dir, PathBuf::from("/srv/b"));
    assert_eq!(c.server.session_hours, 4);
    assert_eq!(c.server.addr, "0.0.0.0:9000");

    let mut o = with_file(&path);
    o.data_dir = Some(PathBuf::from("/srv/c"));
    o.database_url = Some("postgres://motcua@db/motcua".into());
    let c = Config::load_from(&o, &e).unwrap();
    assert_eq!(c.data_dir, PathBuf::from("/srv/c"));
    assert!(c.is_postgres());
    assert_eq!(c.database(), "postgres://motcua@db/motcua");
}

#[test]
fn a_secret_in_the_file_is_refused_with_where_to_put_it() {
    let (_d, path) = file("[blobs.s3]\nbucket = \"b\"\nsecret_access_key = \"hunter2\"\n");
    let e = Config::load_from(&with_file(&path), &[]).unwrap_err();
    assert_eq!(e.code, "config.secret_in_file");
    assert!(e.en.contains("MOTCUA_S3_SECRET_ACCESS_KEY"), "{}", e.en);
    assert!(!e.en.contains("hunter2"));

    let (_d, path) = file("database_url = \"postgres://u:pw@db/x\"\n");
    let e = Config::load_from(&with_file(&path), &[]).unwrap_err();
    assert_eq!(e.code, "config.secret_in_file");
    assert!(!e.vi.contains("pw@"));

    let (_d, path) = file("[signing]\npassword = \"hunter2\"\n");
    let e = Config::load_from(&with_file(&path), &[]).unwrap_err();
    assert!(e.en.contains("MOTCUA_SIGNING_PASSWORD"), "{}", e.en);

    // Without a password the URL may stay in the file.
    let (_d, path) = file("database_url = \"postgres://u@db/x\"\n");
    assert!(Config::load_from(&with_file(&path), &[]).is_ok());
}

#[test]
fn secrets_come_from_the_environment_or_a_file() {
    let e = env(&[
        ("MOTCUA_BLOBS", "s3"),
        ("MOTCUA_S3_BUCKET", "hs"),
        ("MOTCUA_S3_SECRET_ACCESS_KEY", "k1"),
    ]);
    let c = Config::load_from(&Overrides::default(), &e).unwrap();
    assert_eq!(c.blobs.backend, BlobBackend::S3);
    assert_eq!(c.blobs.s3.secret_access_key.as_deref(), Some("k1"));

    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("s3");
    std::fs::write(&secret, "k2\n").unwrap();
    let e = env(&[
        ("MOTCUA_S3_SECRET_ACCESS_KEY_FILE", secret.to_str().unwrap()),
        ("MOTCUA_DATABASE_URL_FILE", secret.to_str().unwrap()),
    ]);
    let c = Config::load_from(&Overrides::default(), &e);
    // The file holds "k2", which is not a PostgreSQL URL: refused by name, not silently used.
    assert_eq!(c.unwrap_err().code, "config.database_url");
    let e = env(&[("MOTCUA_S3_SECRET_ACCESS_KEY_FILE", secret.to_str().unwrap())]);
    let c = Config::load_from(&Overrides::default(), &e).unwrap();
    assert_eq!(c.blobs.s3.secret_access_key.as_deref(), Some("k2"));

    let both = env(&[
        ("MOTCUA_S3_SECRET_ACCESS_KEY", "a"),
        ("MOTCUA_S3_SECRET_ACCESS_KEY_FILE", secret.to_str().unwrap()),
    ]);
    let e = Config::load_from(&Overrides::default(), &both).unwrap_err();
    assert_eq!(e.code, "config.secret_twice");
}

#[test]
fn bad_values_are_named() {
    let e = Config::load_from(
        &Overrides::default(),
        &env(&[("MOTCUA_PRODUCTION", "maybe")]),
    )
    .unwrap_err();
    assert!(e.en.contains("MOTCUA_PRODUCTION"), "{}", e.en);

    let (_d, path) = file("[server]\nadr = \"x\"\n");
    let e = Config::load_from(&with_file(&path), &[]).unwrap_err();
    assert!(e.en.contains("adr"), "{}", e.en);

    let (_d, path) = file("[server\naddr = 1\n");
    let e = Config::load_from(&with_file(&path), &[]).unwrap_err();
    assert_eq!(e.code, "config.syntax");
    assert!(e.en.contains(":1:"), "{}", e.en);

    let e = Config::load_from(
        &Overrides::default(),
        &env(&[("MOTCUA_DATABASE_URL", "mysql://x")]),
    )
    .unwrap_err();
    assert_eq!(e.code, "config.database_url");
}

#[test]
fn production_requires_a_public_url_and_s3_secrets() {
    let e = env(&[("MOTCUA_PRODUCTION", "true")]);
    let c = Config::load_from(&Overrides::default(), &e).unwrap();
    assert!(c.check_production().unwrap_err().en.contains("public_url"));

    let e = env(&[
        ("MOTCUA_PRODUCTION", "true"),
        ("MOTCUA_PUBLIC_URL", "https://dichvucong.example.gov.vn"),
        ("MOTCUA_BLOBS", "s3"),
        ("MOTCUA_S3_BUCKET", "hs"),
        ("MOTCUA_S3_ACCESS_KEY_ID", "id"),
    ]);
    let c = Config::load_from(&Overrides::default(), &e).unwrap();
    let err = c.check_production().unwrap_err();
    assert!(err.en.contains("MOTCUA_S3_SECRET_ACCESS_KEY"), "{}", err.en);

    let mut e = e;
    e.push(("MOTCUA_S3_SECRET_ACCESS_KEY".into(), "k".into()));
    let c = Config::load_from(&Overrides::default(), &e).unwrap();
    c.check_production().unwrap();
}

#[test]
fn passwords_are_redacted_in_messages() {
    assert_eq!(
        redact("postgres://u:secret@h:5432/db?sslmode=disable"),
        "postgres://u:***@h:5432/db?sslmode=disable"
    );
    assert_eq!(
        redact("postgres://h/db?user=u&password=secret&x=1"),
        "postgres://h/db?user=u&password=***&x=1"
    );
    assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
    assert!(url_has_password("postgres://u:p@h/db"));
    assert!(!url_has_password("postgres://u@h/db"));
}

#[test]
fn the_example_file_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/motcua.example.toml");
    let c = Config::load_from(&with_file(&path), &[]).unwrap();
    assert_eq!(c.server.addr, "127.0.0.1:8080");
}
