//! The satisfaction rating of a finished dossier, with the domain's vocabulary
//! (`motcua_domain::quality::satisfaction`): the 12 portal criteria of REGULATIONS.md §4.2 and
//! the levels Rất hài lòng / Hài lòng / Không hài lòng. Criteria 5–7 (total time, time per body,
//! number of contacts) are computed from the events (R-SAT-1), so the citizen is not asked
//! them; the domain's `rate` decides what is complete. Stored keys are the criteria's and
//! levels' snake_case names (docs/PORTAL.md).

use std::collections::BTreeMap;

use motcua_domain::dossier::Dossier;
use motcua_domain::quality::config::DissatisfiedRule;
use motcua_domain::quality::satisfaction::{
    Criterion, Level, RatingChannel, RatingError, RatingInput, auto_indices, rate,
};
use motcua_store::store::DossierEvent;
use motcua_ui::form::{Control, Kind};
use motcua_ui::{FormErrors, Lang};

fn key<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The criteria the citizen is asked (those not computed from the events).
pub fn asked() -> impl Iterator<Item = Criterion> {
    Criterion::ALL
        .into_iter()
        .filter(|c| c.index().is_none_or(|i| !i.automatic()))
}

fn field(c: Criterion) -> String {
    format!("score.{}", key(&c))
}

pub fn level_label(lang: Lang, stored: &str) -> String {
    Level::ALL
        .iter()
        .find(|l| key(*l) == stored)
        .map(|l| lang.pick(l.label_vi(), l.label_en()).to_string())
        .unwrap_or_else(|| stored.to_string())
}

pub fn criterion_label(lang: Lang, stored: &str) -> String {
    Criterion::ALL
        .iter()
        .find(|c| key(*c) == stored)
        .map(|c| format!("{}. {}", c.number(), lang.pick(c.label_vi(), c.label_en())))
        .unwrap_or_else(|| stored.to_string())
}

/// The form's controls, with what was given before.
pub fn controls(lang: Lang, given: &BTreeMap<String, String>, e: &FormErrors) -> Vec<Control> {
    asked()
        .map(|c| {
            Control::new(
                lang,
                Kind::Radios(
                    Level::ALL
                        .iter()
                        .map(|l| {
                            (
                                key(l),
                                lang.pick(l.label_vi(), l.label_en()).to_string(),
                                None,
                            )
                        })
                        .collect(),
                ),
                &field(c),
                format!("{}. {}", c.number(), lang.pick(c.label_vi(), c.label_en())),
            )
            .value(given.get(&key(&c)).cloned().unwrap_or_default())
            .errors(e)
        })
        .collect()
}

/// Reads and checks a posted rating with the domain's rules; the levels as stored keys.
pub fn parse(
    pairs: &[(String, String)],
    d: &Dossier,
    events: &[DossierEvent],
    e: &mut FormErrors,
) -> BTreeMap<String, String> {
    let mut levels = BTreeMap::new();
    let mut given = BTreeMap::new();
    for c in asked() {
        let name = field(c);
        if let Some((_, v)) = pairs.iter().find(|(k, _)| *k == name)
            && let Some(l) = Level::ALL.iter().find(|l| key(*l) == *v)
        {
            levels.insert(c, *l);
            given.insert(key(&c), v.clone());
        }
    }
    let comment = pairs
        .iter()
        .find(|(k, _)| k == "comment")
        .map(|(_, c)| c.clone());
    let input = RatingInput {
        channel: RatingChannel::Portal,
        levels,
        comment,
    };
    let evs: Vec<_> = events.iter().map(|x| x.event.clone()).collect();
    let auto = auto_indices(d, &evs, 0);
    match rate(&input, d, &auto, DissatisfiedRule::Overall) {
        Ok(_) => {}
        Err(RatingError::Incomplete(missing)) => {
            for c in missing {
                e.add(
                    &field(c),
                    format!("Vui lòng chọn mức đánh giá cho «{}».", c.label_vi()),
                    format!("Choose a level for \"{}\".", c.label_en()),
                );
            }
        }
        Err(err) => e.add_localized("comment", &err),
    }
    given
}
