//! Synthetic people: Vietnamese names, ID numbers and phones, and the accounts behind them.
//! Synthetic accounts get an unusable password hash (`!`), so nobody can sign in as them.

use motcua_domain::dossier::{Actor, Grant, Role};
use motcua_domain::ids::AccountId;
use rand::Rng;

use super::super::{AppResult, NewAccount, Store, UnitInfo};
use crate::sql::Value;

const FAMILY: [&str; 14] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô",
];
const MIDDLE: [&str; 10] = [
    "Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quang", "Hữu", "Bảo",
];
const GIVEN: [&str; 24] = [
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc", "Quân", "Thảo", "Trang", "Tuấn", "Yến",
];
const PLACES: [&str; 16] = [
    "An Hòa",
    "Bình Minh",
    "Cẩm Lệ",
    "Đông Sơn",
    "Hòa Bình",
    "Hương Trà",
    "Kim Long",
    "Long Hưng",
    "Mỹ Thạnh",
    "Nghĩa Đàn",
    "Phú Lộc",
    "Quảng Điền",
    "Tân Phú",
    "Thạch Hà",
    "Vĩnh Lộc",
    "Yên Thế",
];
const PROVINCE_CODES: [u16; 8] = [1, 31, 38, 46, 48, 79, 92, 96];

pub(crate) fn name(rng: &mut impl Rng) -> String {
    format!(
        "{} {} {}",
        FAMILY[rng.random_range(0..FAMILY.len())],
        MIDDLE[rng.random_range(0..MIDDLE.len())],
        GIVEN[rng.random_range(0..GIVEN.len())]
    )
}

pub(crate) fn place_name(n: usize) -> String {
    let base = PLACES[n % PLACES.len()];
    match n / PLACES.len() {
        0 => base.to_string(),
        k => format!("{base} {k}"),
    }
}

/// A 12-digit citizen ID with a valid province code and a plausible birth year.
pub(crate) fn citizen_id(rng: &mut impl Rng) -> String {
    let province = PROVINCE_CODES[rng.random_range(0..PROVINCE_CODES.len())];
    let century_sex = rng.random_range(0..4u8);
    let year = rng.random_range(0..100u8);
    format!(
        "{province:03}{century_sex}{year:02}{:06}",
        rng.random_range(0..1_000_000u32)
    )
}

pub(crate) fn phone(rng: &mut impl Rng) -> String {
    let prefix = [
        "090", "091", "093", "097", "098", "086", "035", "077", "083",
    ];
    format!(
        "{}{:07}",
        prefix[rng.random_range(0..prefix.len())],
        rng.random_range(0..10_000_000u32)
    )
}

/// A pool of citizen accounts (existing ones first, then synthetic ones made in one job).
pub(crate) async fn ensure_citizens(store: &Store, want: usize) -> AppResult<Vec<Actor>> {
    let existing: Vec<AccountId> = store
        .accounts()
        .await?
        .into_iter()
        .filter(|a| a.grants.iter().any(|g| g.role == Role::Citizen))
        .map(|a| a.id)
        .collect();
    let missing = want.saturating_sub(existing.len());
    let now = store.now();
    let created: Vec<(AccountId, String)> = if missing > 0 {
        store
            .inner
            .writer
            .run(move |conn| -> AppResult<Vec<(AccountId, String)>> {
                let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(missing as u64);
                let first = conn
                    .query_one(
                        "UPDATE counters SET value = value + $1 WHERE name = 'account' RETURNING value",
                        &[Value::Int(missing as i64)],
                    )?
                    .get_i64(0)?
                    - missing as i64;
                let mut out = Vec::with_capacity(missing);
                for i in 1..=missing as i64 {
                    let id = first + i;
                    let n = name(&mut rng);
                    conn.execute(
                        "INSERT INTO accounts (id, display_name, phone, email, username, password_hash, citizen_id, totp_enabled, disabled, created_at_ms) \
                         VALUES ($1, $2, NULL, NULL, $3, '!', $4, 0, 0, $5)",
                        &[
                            Value::Int(id),
                            n.clone().into(),
                            format!("demo.citizen.{id}").into(),
                            citizen_id(&mut rng).into(),
                            Value::Int(now.as_millisecond()),
                        ],
                    )?;
                    conn.execute(
                        "INSERT INTO account_grants (account_id, role, unit_id) VALUES ($1, 'citizen', 0)",
                        &[Value::Int(id)],
                    )?;
                    out.push((AccountId(id), n));
                }
                super::super::audit::record(conn, now, None, None, "demo_citizens_created", serde_json::json!({"count": missing}))?;
                Ok(out)
            })
            .await?
    } else {
        Vec::new()
    };
    let mut actors = Vec::with_capacity(want.max(existing.len()));
    for id in existing {
        actors.push(store.actor(id).await?);
    }
    for (id, n) in created {
        actors.push(Actor {
            account: Some(id),
            name: n,
            grants: vec![Grant {
                role: Role::Citizen,
                unit: None,
            }],
        });
    }
    Ok(actors)
}

/// An officer account for a unit that has none in this role (unusable password).
pub(crate) async fn create_officer(
    store: &Store,
    unit: &UnitInfo,
    role: Role,
) -> AppResult<AccountId> {
    let mut rng = rand::rng();
    let label = match role {
        Role::DeskOfficer => "Một cửa",
        Role::Specialist => "Chuyên viên",
        _ => "Lãnh đạo",
    };
    store
        .create_account(
            None,
            NewAccount {
                display_name: format!("{} ({label}, {})", name(&mut rng), unit.name),
                phone: None,
                email: None,
                username: Some(format!(
                    "demo.{}.{}",
                    role.as_str(),
                    unit.code.as_str().to_lowercase()
                )),
                password_hash: "!".into(),
                citizen_id: None,
                grants: vec![Grant {
                    role,
                    unit: Some(unit.id),
                }],
            },
        )
        .await
}
