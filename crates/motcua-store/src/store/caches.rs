//! In-memory snapshots of the small, read-mostly data every request needs: the catalog (all
//! versions), the units and the working calendars. They are reloaded after a change made here;
//! other app nodes reload them on a timer (`Store::refresh`).

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jiff::civil::Date;
use motcua_calendar::{ScheduleSet, UnitCalendar, WorkingCalendar};
use motcua_domain::ids::{ProcedureCode, ProcedureVersionId, UnitId};
use motcua_domain::procedure::StoredProcedure;
use motcua_domain::quality::config::QualityConfig;

use super::UnitInfo;

/// Every version of every procedure.
#[derive(Default)]
pub(crate) struct Catalog {
    pub by_id: HashMap<ProcedureVersionId, Arc<StoredProcedure>>,
    /// The version in force now per code (the highest version).
    pub current: HashMap<ProcedureCode, Arc<StoredProcedure>>,
    /// `current` as a list sorted by code (for pages).
    pub list: Arc<Vec<StoredProcedure>>,
}

impl Catalog {
    pub fn new(all: Vec<StoredProcedure>) -> Self {
        let mut by_id = HashMap::new();
        let mut current: HashMap<ProcedureCode, Arc<StoredProcedure>> = HashMap::new();
        for p in all {
            let p = Arc::new(p);
            by_id.insert(p.id, p.clone());
            let newer = current
                .get(&p.version.code)
                .is_none_or(|c| c.version.version < p.version.version);
            if newer {
                current.insert(p.version.code.clone(), p);
            }
        }
        let mut list: Vec<StoredProcedure> = current.values().map(|p| (**p).clone()).collect();
        list.sort_by(|a, b| a.version.code.cmp(&b.version.code));
        Catalog {
            by_id,
            current,
            list: Arc::new(list),
        }
    }
}

/// Units in all their versions.
#[derive(Default)]
pub(crate) struct Units {
    pub versions: Vec<UnitInfo>,
}

impl Units {
    pub fn on(&self, id: UnitId, d: Date) -> Option<&UnitInfo> {
        self.versions
            .iter()
            .find(|u| u.id == id && u.valid_from <= d && u.valid_to.is_none_or(|e| d < e))
    }

    /// In force on `d`, else the latest version.
    pub fn get(&self, id: UnitId, d: Date) -> Option<&UnitInfo> {
        self.on(id, d).or_else(|| {
            self.versions
                .iter()
                .filter(|u| u.id == id)
                .max_by_key(|u| u.valid_from)
        })
    }

    pub fn in_force(&self, d: Date) -> Vec<UnitInfo> {
        let mut v: Vec<UnitInfo> = self
            .versions
            .iter()
            .filter(|u| u.valid_from <= d && u.valid_to.is_none_or(|e| d < e))
            .cloned()
            .collect();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    /// `id` and every unit below it, as in force on `d`.
    pub fn subtree(&self, id: UnitId, d: Date) -> Vec<UnitId> {
        let live = self.in_force(d);
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            for u in &live {
                if u.parent == Some(parent) && !out.contains(&u.id) {
                    out.push(u.id);
                }
            }
            i += 1;
        }
        out
    }
}

/// The legal schedules and each unit's calendar, compiled on first use.
pub(crate) struct Calendars {
    schedules: RwLock<Arc<ScheduleSet>>,
    unit_specs: RwLock<HashMap<UnitId, UnitCalendar>>,
    built: RwLock<HashMap<UnitId, Arc<WorkingCalendar>>>,
    national: RwLock<Arc<WorkingCalendar>>,
}

impl Calendars {
    pub fn new(schedules: ScheduleSet, units: HashMap<UnitId, UnitCalendar>) -> Self {
        let national = Arc::new(WorkingCalendar::new(&schedules, &UnitCalendar::default()));
        Calendars {
            schedules: RwLock::new(Arc::new(schedules)),
            unit_specs: RwLock::new(units),
            built: RwLock::new(HashMap::new()),
            national: RwLock::new(national),
        }
    }

    pub fn schedules(&self) -> Arc<ScheduleSet> {
        self.schedules
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn national(&self) -> Arc<WorkingCalendar> {
        self.national
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn for_unit(&self, unit: UnitId) -> Arc<WorkingCalendar> {
        if let Some(c) = self
            .built
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&unit)
        {
            return c.clone();
        }
        let spec = self
            .unit_specs
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&unit)
            .cloned();
        let cal = match spec {
            None => self.national(),
            Some(spec) => Arc::new(WorkingCalendar::new(&self.schedules(), &spec)),
        };
        self.built
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(unit, cal.clone());
        cal
    }

    pub fn replace(&self, schedules: ScheduleSet, units: HashMap<UnitId, UnitCalendar>) {
        let national = Arc::new(WorkingCalendar::new(&schedules, &UnitCalendar::default()));
        *self.schedules.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(schedules);
        *self.unit_specs.write().unwrap_or_else(|p| p.into_inner()) = units;
        *self.national.write().unwrap_or_else(|p| p.into_inner()) = national;
        self.built
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// Everything a writer job or a query needs from memory, shared.
pub(crate) struct Caches {
    pub catalog: RwLock<Arc<Catalog>>,
    pub units: RwLock<Arc<Units>>,
    pub calendars: Calendars,
    /// The 766 weights and counting rules and the feedback deadlines (data/quality/*.toml).
    pub quality: RwLock<Arc<QualityConfig>>,
}

impl Caches {
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    pub fn units(&self) -> Arc<Units> {
        self.units.read().unwrap_or_else(|p| p.into_inner()).clone()
    }
    pub fn set_catalog(&self, c: Catalog) {
        *self.catalog.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(c);
    }
    pub fn set_units(&self, u: Units) {
        *self.units.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(u);
    }
    pub fn quality(&self) -> Arc<QualityConfig> {
        self.quality
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
