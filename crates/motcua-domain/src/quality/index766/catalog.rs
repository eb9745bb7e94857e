//! Catalog-level inputs of the index (1.3, 3.1, 3.2): counted over the procedure versions in a
//! unit's competence, which the store reads from the catalog.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::ProcedureCode;
use crate::procedure::{OnlineMode, ProcedureVersion, PublicationStatus};

/// Counts over the procedures in a unit's competence (the higher level counts too, by the
/// caller's choice of procedures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogFacts {
    /// Published procedures in competence (1.3, 3.1 denominators).
    pub procedures: u64,
    /// … whose public entry has all the parts of art. 8(2) ND 63/2010 (1.3).
    pub published_complete: u64,
    /// … offered online, fully or partly (3.1; 3.2 denominator).
    pub online: u64,
    /// … offered fully online (3.1 side ratio).
    pub full_online: u64,
    /// … offered online with at least one online dossier received in the period (3.2).
    pub online_with_dossiers: u64,
}

/// 1.3: the public entry names the procedure, its steps, channels, components with counts, time
/// limit, who may apply and the agency (art. 8(2) ND 63/2010 via the VPCP doc [S]).
pub fn publication_complete(p: &ProcedureVersion) -> bool {
    let filled = |s: &Option<String>| s.as_deref().is_some_and(|t| !t.trim().is_empty());
    !p.name_vi.trim().is_empty()
        && filled(&p.steps_text_vi)
        && !p.channels.is_empty()
        && !p.components.is_empty()
        && p.components
            .iter()
            .all(|c| c.copies_text.is_some() || c.originals + c.copies > 0)
        && (p.processing_time.is_some() || !p.processing_time_text.trim().is_empty())
        && filled(&p.applicants_vi)
        && filled(&p.agency_vi)
}

impl CatalogFacts {
    /// Counts `procedures` (the versions in force, one per code); `online_active` are the codes
    /// with an online dossier received in the period ([`super::super::PeriodSummer`]).
    pub fn from_procedures<'a>(
        procedures: impl IntoIterator<Item = &'a ProcedureVersion>,
        online_active: &BTreeSet<ProcedureCode>,
    ) -> CatalogFacts {
        let mut f = CatalogFacts::default();
        for p in procedures {
            if p.status != PublicationStatus::Published {
                continue;
            }
            f.procedures += 1;
            f.published_complete += u64::from(publication_complete(p));
            let online = p.online_mode.is_some_and(OnlineMode::accepts_online);
            f.online += u64::from(online);
            f.full_online += u64::from(p.online_mode == Some(OnlineMode::Full));
            f.online_with_dossiers += u64::from(online && online_active.contains(&p.code));
        }
        f
    }
}
