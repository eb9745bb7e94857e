//! Messages for people: every error that can reach a citizen or an officer says what went wrong
//! in Vietnamese (the default) and in English, under a stable machine code.

/// Something that can be told to a person in both languages.
pub trait Localized {
    /// A stable, machine-readable code, e.g. `dossier.illegal_transition`.
    fn code(&self) -> &'static str;
    /// The sentence in Vietnamese.
    fn message_vi(&self) -> String;
    /// The sentence in English.
    fn message_en(&self) -> String;
}

/// The language a page or a problem document is shown in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn message(self, m: &dyn Localized) -> String {
        match self {
            Lang::Vi => m.message_vi(),
            Lang::En => m.message_en(),
        }
    }
}
