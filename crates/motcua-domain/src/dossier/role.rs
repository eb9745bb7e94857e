//! Who acts: roles scoped to units (R-ADM, issue #2 §10).

use serde::{Deserialize, Serialize};

use crate::ids::{AccountId, UnitId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Người dân, doanh nghiệp: acts on their own dossiers.
    Citizen,
    /// Tổ công nghệ số cộng đồng: submits on a citizen's behalf with recorded consent.
    Helper,
    /// Công chức Bộ phận Một cửa.
    DeskOfficer,
    /// Chuyên viên xử lý.
    Specialist,
    /// Lãnh đạo phê duyệt, ký.
    Leader,
    /// Quản trị hệ thống: units, accounts, catalog, calendar; never acts on dossiers.
    Admin,
    /// motcua itself (scheduled duties such as closing an unanswered supplement request).
    System,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Citizen,
        Role::Helper,
        Role::DeskOfficer,
        Role::Specialist,
        Role::Leader,
        Role::Admin,
        Role::System,
    ];

    /// Officer roles are scoped to units; the others are not.
    pub fn is_officer(self) -> bool {
        matches!(self, Role::DeskOfficer | Role::Specialist | Role::Leader)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Helper => "helper",
            Role::DeskOfficer => "desk_officer",
            Role::Specialist => "specialist",
            Role::Leader => "leader",
            Role::Admin => "admin",
            Role::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Citizen => "Người dân, doanh nghiệp",
            Role::Helper => "Tổ công nghệ số cộng đồng",
            Role::DeskOfficer => "Công chức Bộ phận Một cửa",
            Role::Specialist => "Chuyên viên",
            Role::Leader => "Lãnh đạo",
            Role::Admin => "Quản trị hệ thống",
            Role::System => "Hệ thống",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Citizen => "Citizen or business",
            Role::Helper => "Community digital helper",
            Role::DeskOfficer => "One-stop desk officer",
            Role::Specialist => "Specialist",
            Role::Leader => "Leader",
            Role::Admin => "Administrator",
            Role::System => "System",
        }
    }
}

/// A role held by an account, for one unit (officers) or unscoped (citizen, helper, admin of
/// the whole installation). The store expands a grant on a unit to the unit's sub-units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub unit: Option<UnitId>,
}

/// The person (or motcua itself) making a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub account: Option<AccountId>,
    pub name: String,
    pub grants: Vec<Grant>,
}

impl Actor {
    pub fn system() -> Self {
        Actor {
            account: None,
            name: "motcua".into(),
            grants: vec![Grant {
                role: Role::System,
                unit: None,
            }],
        }
    }

    /// Holds `role` for `unit` (officer roles) or at all (unscoped roles).
    pub fn holds(&self, role: Role, unit: UnitId) -> bool {
        self.grants.iter().any(|g| {
            g.role == role
                && match g.unit {
                    Some(u) => u == unit,
                    None => !role.is_officer(),
                }
        })
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    /// Units where this actor holds any officer role.
    pub fn officer_units(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.grants
            .iter()
            .filter(|g| g.role.is_officer())
            .filter_map(|g| g.unit)
    }
}

/// Who did something, as recorded in an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRef {
    pub account: Option<AccountId>,
    pub name: String,
    pub role: Role,
}
