//! The frame of every page (`templates/ui/base.html`): what the base template reads. A page
//! template holds a `page: Chrome` and `{% extends "ui/base.html" %}`, filling the blocks
//! `content` (and optionally `head`).

use crate::flash::Flash;
use crate::i18n::{Lang, Text};
use crate::prefs::Prefs;

/// A link of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub current: bool,
}

/// Everything the base template needs.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Lang,
    pub large_text: bool,
    /// The page's own title (the `<title>` adds the site name).
    pub title: String,
    pub site_name: Text,
    pub nav: Vec<NavItem>,
    /// The signed-in person's name, shown with a sign-out button.
    pub user_name: Option<String>,
    /// Where the sign-out form posts (with `csrf`).
    pub sign_out_action: String,
    /// The CSRF token for forms in the frame (sign-out) and for the page's own forms.
    pub csrf: String,
    pub flash: Option<Flash>,
    /// Path and query of this request, to build the language and text-size links.
    pub here: String,
    /// Pages that must not be indexed or cached by shared caches (personal pages).
    pub private: bool,
}

impl Chrome {
    pub fn new(prefs: Prefs, here: &str, title: impl Into<String>) -> Self {
        Chrome {
            lang: prefs.lang,
            large_text: prefs.large_text,
            title: title.into(),
            site_name: Text::new("Cổng Dịch vụ công", "Public Service Portal"),
            nav: Vec::new(),
            user_name: None,
            sign_out_action: "/dang-xuat".into(),
            csrf: String::new(),
            flash: None,
            here: here.to_string(),
            private: false,
        }
    }

    /// Picks the text of the page's language.
    pub fn t<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(vi, en)
    }

    pub fn lang_code(&self) -> &'static str {
        match self.lang {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn site(&self) -> &str {
        self.site_name.get(self.lang)
    }

    pub fn css_href(&self) -> &'static str {
        crate::assets::css_href()
    }

    /// This page with `key=value` in its query (replacing an earlier value).
    fn with_param(&self, key: &str, value: &str) -> String {
        let (path, query) = self.here.split_once('?').unwrap_or((&self.here, ""));
        let mut parts: Vec<String> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with(&format!("{key}=")))
            .map(str::to_owned)
            .collect();
        parts.push(format!("{key}={value}"));
        format!("{path}?{}", parts.join("&"))
    }

    /// The link that switches to the other language.
    pub fn switch_lang_href(&self) -> String {
        match self.lang {
            Lang::Vi => self.with_param("lang", "en"),
            Lang::En => self.with_param("lang", "vi"),
        }
    }

    /// The link that toggles the larger text.
    pub fn text_size_href(&self) -> String {
        self.with_param("text", if self.large_text { "normal" } else { "large" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switch_links_keep_the_query() {
        let c = Chrome::new(Prefs::default(), "/thu-tuc?q=khai+sinh&lang=vi", "x");
        assert_eq!(c.switch_lang_href(), "/thu-tuc?q=khai+sinh&lang=en");
        assert_eq!(
            c.text_size_href(),
            "/thu-tuc?q=khai+sinh&lang=vi&text=large"
        );
    }
}
