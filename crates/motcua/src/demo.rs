//! Demo mode (`serve --demo`, `motcua demo`): a province "Tỉnh Demo" (agency code H99, a code no
//! real province uses) with two communes and a provincial department, the 40 procedures of
//! the demo catalog, one account per role, and synthetic dossiers in every state.
//!
//! Seeding is idempotent: units and accounts are created only when missing, the catalog import
//! leaves identical procedures alone, and dossiers are generated only into a database that has
//! none, so a second `serve --demo` on the same data does not duplicate anything.
//!
//! The demo accounts share one well-known password, printed at start in demo mode only.
//! Production mode refuses `--demo` and refuses to start on a database holding the demo
//! province, so these accounts cannot exist in a production deployment.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use bytes::Bytes;
use motcua_domain::dossier::{DocSource, DocumentRef, Grant, Role};
use motcua_domain::ids::{AgencyCode, UnitId};
use motcua_domain::unit::UnitKind;
use motcua_store::blob::BlobStore;
use motcua_store::store::demo::{DemoOptions, generate};
use motcua_store::store::{AppError, NewAccount, NewUnit, Store};

use crate::cli::DemoArgs;
use crate::config::Config;
use crate::fail::CliError;

/// The demo province's agency code (the marker production mode looks for).
pub const PROVINCE: &str = "H99";
/// The password of every demo account.
pub const PASSWORD: &str = "motcua-demo";

/// (code, name, kind, parent code)
const UNITS: &[(&str, &str, UnitKind, Option<&str>)] = &[
    (PROVINCE, "Tỉnh Demo", UnitKind::Province, None),
    ("H99.01", "Xã An Hòa", UnitKind::Commune, Some(PROVINCE)),
    (
        "H99.02",
        "Phường Bình Minh",
        UnitKind::Commune,
        Some(PROVINCE),
    ),
    (
        "H99.10",
        "Sở Tư pháp tỉnh Demo",
        UnitKind::Department,
        Some(PROVINCE),
    ),
];

/// One demo account as printed at start.
pub struct DemoAccount {
    pub role: Role,
    pub login: String,
    pub name: String,
    pub unit: Option<&'static str>,
}

struct Spec {
    role: Role,
    unit: Option<&'static str>,
    name: &'static str,
    username: Option<&'static str>,
    phone: Option<&'static str>,
    email: Option<&'static str>,
    citizen_id: Option<&'static str>,
}

const fn officer(role: Role, unit: &'static str, name: &'static str, user: &'static str) -> Spec {
    Spec {
        role,
        unit: Some(unit),
        name,
        username: Some(user),
        phone: None,
        email: None,
        citizen_id: None,
    }
}

const ACCOUNTS: &[Spec] = &[
    Spec {
        role: Role::Citizen,
        unit: None,
        name: "Nguyễn Văn An",
        username: None,
        phone: Some("0912345678"),
        email: Some("an.nguyen@example.vn"),
        citizen_id: Some("001090012345"),
    },
    Spec {
        role: Role::Helper,
        unit: None,
        name: "Trần Thị Bình (Tổ công nghệ số cộng đồng)",
        username: Some("totcns"),
        phone: None,
        email: None,
        citizen_id: None,
    },
    officer(Role::DeskOfficer, "H99.01", "Lê Thị Cúc", "motcua01"),
    officer(Role::Specialist, "H99.01", "Phạm Văn Dũng", "chuyenvien01"),
    officer(Role::Leader, "H99.01", "Hoàng Minh Đức", "lanhdao01"),
    officer(Role::DeskOfficer, "H99.02", "Võ Thị Giang", "motcua02"),
    officer(Role::Specialist, "H99.02", "Đặng Quang Hải", "chuyenvien02"),
    officer(Role::Leader, "H99.02", "Bùi Thu Hạnh", "lanhdao02"),
    officer(Role::Specialist, "H99.10", "Đỗ Hữu Khánh", "chuyenvien.stp"),
    officer(Role::Leader, "H99.10", "Ngô Bảo Lan", "lanhdao.stp"),
    Spec {
        role: Role::Admin,
        unit: None,
        name: "Quản trị hệ thống (demo)",
        username: Some("quantri"),
        phone: None,
        email: None,
        citizen_id: None,
    },
];

/// True if the database holds the demo province.
pub async fn present(store: &Store) -> bool {
    store.unit_by_code(PROVINCE).await.is_ok()
}

/// Units, catalog and accounts (each only if missing), then `dossiers` synthetic dossiers if
/// the database has none yet. Returns the accounts to print.
pub async fn seed(
    store: &Store,
    blobs: &Arc<dyn BlobStore>,
    dossiers: u64,
) -> Result<Vec<DemoAccount>, CliError> {
    let accounts = seed_base(store).await?;
    let existing: u64 = store.status_counts().await?.iter().map(|(_, n)| n).sum();
    if existing == 0 && dossiers > 0 {
        generate_dossiers(store, blobs, dossiers, 2026, 12).await?;
    }
    Ok(accounts)
}

/// `motcua demo --dossiers N`: the base, then N more dossiers (benchmarks at scale).
pub async fn command(config: &Config, args: &DemoArgs) -> Result<ExitCode, CliError> {
    if config.production {
        return Err(CliError::new(
            "demo.production",
            "Không tạo dữ liệu trình diễn ở chế độ vận hành chính thức (production = true).",
            "Demo data is refused in production mode (production = true).",
        ));
    }
    let store = crate::open::store(config).await?;
    let result = async {
        let blobs = crate::open::blobs(config)?;
        let accounts = seed_base(&store).await?;
        let summary = if args.dossiers > 0 {
            generate_dossiers(&store, &blobs, args.dossiers, args.seed, args.months).await?
        } else {
            Default::default()
        };
        Ok::<_, CliError>((accounts, summary))
    }
    .await;
    store.shutdown();
    let (accounts, summary) = result?;
    println!(
        "Đã sinh {} hồ sơ mẫu ({} sự kiện). / Generated {} demo dossiers ({} events).",
        summary.dossiers, summary.events, summary.dossiers, summary.events
    );
    for (status, n) in &summary.by_status {
        println!("  {status:?}: {n}");
    }
    print!("{}", render_accounts(&accounts));
    Ok(ExitCode::SUCCESS)
}

async fn seed_base(store: &Store) -> Result<Vec<DemoAccount>, CliError> {
    let admin = crate::open::cli_admin();
    let mut ids: Vec<(&str, UnitId)> = Vec::new();
    for (code, name, kind, parent) in UNITS {
        let id = match store.unit_by_code(code).await {
            Ok(u) => u.id,
            Err(AppError::NotFound) => {
                let parent = parent.map(|p| lookup(&ids, p));
                store
                    .create_unit(
                        &admin,
                        NewUnit {
                            code: AgencyCode::parse(code)?,
                            name: (*name).into(),
                            kind: *kind,
                            parent,
                            valid_from: motcua_domain::unit::two_tier_reform_date(),
                        },
                    )
                    .await?
            }
            Err(e) => return Err(e.into()),
        };
        ids.push((code, id));
    }
    // Only into an empty catalog: an administrator's later edits or imports are not undone
    // by the next `serve --demo`.
    if store.procedures().is_empty() {
        store
            .import_catalog(&admin, motcua_domain::catalog::demo_catalog())
            .await?;
    }

    let mut hash: Option<String> = None;
    let mut out = Vec::new();
    for spec in ACCOUNTS {
        let login = spec
            .username
            .or(spec.phone)
            .expect("every demo account has a login");
        if store.account_by_login(login).await?.is_none() {
            // One argon2 hash for all: hashing is deliberately slow.
            let hash = hash
                .get_or_insert_with(|| motcua_web::hash_password(PASSWORD))
                .clone();
            store
                .create_account(
                    Some(&admin),
                    NewAccount {
                        display_name: spec.name.into(),
                        phone: spec.phone.map(Into::into),
                        email: spec.email.map(Into::into),
                        username: spec.username.map(Into::into),
                        password_hash: hash,
                        citizen_id: spec.citizen_id.map(Into::into),
                        grants: vec![Grant {
                            role: spec.role,
                            unit: spec.unit.map(|u| lookup(&ids, u)),
                        }],
                    },
                )
                .await?;
        }
        out.push(DemoAccount {
            role: spec.role,
            login: login.to_string(),
            name: spec.name.to_string(),
            unit: spec.unit,
        });
    }
    Ok(out)
}

fn lookup(ids: &[(&str, UnitId)], code: &str) -> UnitId {
    ids.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, id)| *id)
        .expect("demo units are created parents first")
}

async fn generate_dossiers(
    store: &Store,
    blobs: &Arc<dyn BlobStore>,
    dossiers: u64,
    seed: u64,
    months: u32,
) -> Result<motcua_store::store::demo::DemoSummary, CliError> {
    let pdf = sample_pdf();
    let blob = blobs.put(Bytes::from(pdf)).await?;
    let document = DocumentRef {
        component: None,
        sha256: blob.sha256,
        size: blob.size,
        media_type: "application/pdf".into(),
        file_name: "giay-to-mau.pdf".into(),
        pages: Some(1),
        source: DocSource::Upload,
    };
    eprintln!("Đang sinh {dossiers} hồ sơ mẫu… / Generating {dossiers} demo dossiers…");
    let summary = generate(
        store,
        DemoOptions {
            dossiers,
            seed,
            months,
            citizens: 60,
            sample_documents: vec![document],
            progress: Some(Arc::new(|done, total| {
                tracing::info!(done, total, "demo dossiers");
            })),
            ..DemoOptions::default()
        },
    )
    .await?;
    Ok(summary)
}

/// The accounts table printed at start in demo mode.
pub fn render_accounts(accounts: &[DemoAccount]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nCHẾ ĐỘ TRÌNH DIỄN — tài khoản mẫu, mật khẩu chung «{PASSWORD}» (không dùng cho dữ liệu thật)"
    );
    let _ = writeln!(
        s,
        "DEMO MODE — demo accounts, shared password \"{PASSWORD}\" (never for real data)"
    );
    for a in accounts {
        let unit = a.unit.map(|u| format!(" [{u}]")).unwrap_or_default();
        let _ = writeln!(
            s,
            "  {:<28} {:<16} {}{unit}",
            a.role.label_vi(),
            a.login,
            a.name
        );
    }
    s
}

/// A one-page PDF ("Giấy tờ mẫu"), attached to demo dossiers so that their files open.
fn sample_pdf() -> Vec<u8> {
    let content = "BT /F1 18 Tf 72 760 Td (motcua - Giay to mau / sample document) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(tail, "{o:010} 00000 n ");
    }
    let _ = write!(
        tail,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.extend_from_slice(tail.as_bytes());
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_accounts_are_valid() {
        for a in ACCOUNTS {
            assert_eq!(a.role.is_officer(), a.unit.is_some(), "{}", a.name);
            if let Some(u) = a.unit {
                assert!(UNITS.iter().any(|(c, ..)| *c == u), "{u}");
            }
            if let Some(id) = a.citizen_id {
                motcua_domain::validate::citizen_id(id).expect("valid demo citizen id");
            }
            if let Some(p) = a.phone {
                motcua_domain::validate::phone(p).expect("valid demo phone");
            }
        }
        for (code, ..) in UNITS {
            AgencyCode::parse(code).expect("valid agency code");
        }
    }

    #[test]
    fn sample_pdf_has_a_consistent_xref() {
        let pdf = sample_pdf();
        let text = String::from_utf8(pdf).unwrap();
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[startxref..].starts_with("xref"));
        assert!(text.contains("4 0 obj"));
    }
}
