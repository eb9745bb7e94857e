//! Forms: bilingual field errors, the error summary at the top (GOV.UK pattern: every error is
//! a link to its field), and form controls whose label, hint and error are tied to the input
//! (`for`, `aria-describedby`, `aria-invalid`). Controls render to HTML in Rust so that every
//! page gets the same accessible markup; templates print them with `|safe`.
//!
//! No `required` attribute: browsers would block the post with their own messages, in the
//! phone's language, before our clearer ones; optional fields say "(không bắt buộc)" instead.

use std::fmt::{self, Write};

use motcua_domain::validate::FieldProblem;

use crate::html::{attr, escape, escape_into};
use crate::i18n::{Lang, Text};

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's name (its input id is `f-<name>`).
    pub field: String,
    pub text: Text,
}

/// The problems of a submitted form, in the order of the fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    pub items: Vec<FieldError>,
}

/// The id of the input of field `name` (what error-summary links point to).
pub fn input_id(name: &str) -> String {
    let mut id = String::from("f-");
    for c in name.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        });
    }
    id
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    /// Adds a problem (only the first one per field is kept: one thing to fix at a time).
    pub fn add(&mut self, field: &str, vi: impl Into<String>, en: impl Into<String>) {
        if !self.has(field) {
            self.items.push(FieldError {
                field: field.to_string(),
                text: Text::new(vi, en),
            });
        }
    }
    pub fn add_problem(&mut self, field: &str, p: &FieldProblem) {
        self.add(field, p.vi.clone(), p.en.clone());
    }
    pub fn add_localized(&mut self, field: &str, m: &dyn motcua_domain::Localized) {
        self.add(field, m.message_vi(), m.message_en());
    }
    pub fn has(&self, field: &str) -> bool {
        self.items.iter().any(|e| e.field == field)
    }
    pub fn message(&self, field: &str, lang: Lang) -> Option<String> {
        self.items
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.text.get(lang).to_string())
    }
    /// Takes a parsed value or records the problem.
    pub fn take<T>(&mut self, field: &str, r: Result<T, FieldProblem>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(p) => {
                self.add_problem(field, &p);
                None
            }
        }
    }

    /// The error summary for the top of the page (empty when there is no error).
    pub fn summary(&self, lang: Lang) -> String {
        self.summary_linking(lang, |_| String::new())
    }

    /// The error summary when some fields are on other pages (a "check your answers" page):
    /// `page_of(field)` gives the page of a field ("" for this page).
    pub fn summary_linking(&self, lang: Lang, page_of: impl Fn(&str) -> String) -> String {
        if self.items.is_empty() {
            return String::new();
        }
        let mut s = String::from(
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">",
        );
        let _ = write!(
            s,
            "<h2 id=\"error-summary-title\">{}</h2><ul>",
            lang.pick("Có thông tin cần sửa", "There is a problem")
        );
        for e in &self.items {
            let _ = write!(s, "<li><a href=\"");
            escape_into(&mut s, &page_of(&e.field));
            let _ = write!(s, "#{}\">", input_id(&e.field));
            escape_into(&mut s, e.text.get(lang));
            s.push_str("</a></li>");
        }
        s.push_str("</ul></div>");
        s
    }
}

/// The kind of a control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `<input type=…>` (text, tel, email, date, number, password).
    Input(&'static str),
    TextArea,
    Select(Vec<(String, String)>),
    /// Radio buttons: (value, label, hint).
    Radios(Vec<(String, String, Option<String>)>),
    /// A single checkbox with this value.
    Checkbox(String),
    /// A file input: accept list, several files, the camera.
    File {
        accept: String,
        multiple: bool,
        camera: bool,
    },
}

/// One accessible form control with its label, hint and error.
#[derive(Debug, Clone)]
pub struct Control {
    pub name: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: String,
    pub error: Option<String>,
    pub optional: bool,
    pub kind: Kind,
    pub autocomplete: Option<&'static str>,
    pub inputmode: Option<&'static str>,
    pub lang: Lang,
    /// Narrow inputs for short values (CCCD, phone, dates).
    pub width: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions (works without JavaScript).
    pub list: Option<&'static str>,
}

impl Control {
    pub fn new(lang: Lang, kind: Kind, name: &str, label: impl Into<String>) -> Self {
        Control {
            name: name.to_string(),
            label: label.into(),
            hint: None,
            value: String::new(),
            error: None,
            optional: false,
            kind,
            autocomplete: None,
            inputmode: None,
            lang,
            width: None,
            list: None,
        }
    }
    pub fn text(lang: Lang, name: &str, label: impl Into<String>) -> Self {
        Self::new(lang, Kind::Input("text"), name, label)
    }
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }
    pub fn value(mut self, v: impl Into<String>) -> Self {
        self.value = v.into();
        self
    }
    pub fn optional(mut self, o: bool) -> Self {
        self.optional = o;
        self
    }
    pub fn autocomplete(mut self, a: &'static str) -> Self {
        self.autocomplete = Some(a);
        self
    }
    pub fn inputmode(mut self, m: &'static str) -> Self {
        self.inputmode = Some(m);
        self
    }
    pub fn datalist(mut self, id: &'static str) -> Self {
        self.list = Some(id);
        self
    }
    pub fn width(mut self, w: &'static str) -> Self {
        self.width = Some(w);
        self
    }
    /// Takes this field's error from the form's errors.
    pub fn errors(mut self, e: &FormErrors) -> Self {
        self.error = e.message(&self.name, self.lang);
        self
    }

    fn label_html(&self, s: &mut String, tag: &str, id: &str) {
        if tag == "label" {
            let _ = write!(s, "<label class=\"label\" for=\"{id}\">");
        } else {
            s.push_str("<legend class=\"label\">");
        }
        escape_into(s, &self.label);
        if self.optional {
            let _ = write!(
                s,
                " <span class=\"optional\">({})</span>",
                self.lang.pick("không bắt buộc", "optional")
            );
        }
        let _ = write!(s, "</{tag}>");
    }

    /// The hint and error paragraphs, and the ids the input is described by.
    fn described(&self, id: &str) -> (String, String) {
        let mut s = String::new();
        let mut ids = Vec::new();
        if let Some(h) = &self.hint {
            let _ = write!(s, "<p class=\"hint\" id=\"{id}-hint\">{}</p>", escape(h));
            ids.push(format!("{id}-hint"));
        }
        if let Some(e) = &self.error {
            let _ = write!(
                s,
                "<p class=\"field-error\" id=\"{id}-error\"><span class=\"vh\">{}</span> {}</p>",
                self.lang.pick("Lỗi:", "Error:"),
                escape(e)
            );
            ids.push(format!("{id}-error"));
        }
        (s, ids.join(" "))
    }

    fn render(&self) -> String {
        let id = input_id(&self.name);
        let group = matches!(self.kind, Kind::Radios(_));
        let mut s = String::new();
        let _ = write!(
            s,
            "<div class=\"field{}\">",
            if self.error.is_some() {
                " field--error"
            } else {
                ""
            }
        );
        if group {
            s.push_str("<fieldset class=\"fieldset\"");
        }
        let mut before = String::new();
        self.label_html(&mut before, if group { "legend" } else { "label" }, &id);
        let (desc, ids) = self.described(&id);
        before.push_str(&desc);
        if group {
            if !ids.is_empty() {
                attr(&mut s, "aria-describedby", &ids);
            }
            s.push('>');
        }
        s.push_str(&before);
        let common = |s: &mut String, input_id: &str| {
            attr(s, "id", input_id);
            attr(s, "name", &self.name);
            if !ids.is_empty() && !group {
                attr(s, "aria-describedby", &ids);
            }
            if self.error.is_some() && !group {
                s.push_str(" aria-invalid=\"true\"");
            }
        };
        match &self.kind {
            Kind::Input(t) => {
                let _ = write!(
                    s,
                    "<input class=\"input{}\" type=\"{t}\"",
                    self.width.map(|w| format!(" w-{w}")).unwrap_or_default()
                );
                common(&mut s, &id);
                attr(&mut s, "value", &self.value);
                if let Some(a) = self.autocomplete {
                    attr(&mut s, "autocomplete", a);
                }
                if let Some(m) = self.inputmode {
                    attr(&mut s, "inputmode", m);
                }
                if let Some(l) = self.list {
                    attr(&mut s, "list", l);
                }
                if *t == "text" || *t == "email" {
                    s.push_str(" spellcheck=\"false\"");
                }
                s.push('>');
            }
            Kind::TextArea => {
                s.push_str("<textarea class=\"input\" rows=\"4\"");
                common(&mut s, &id);
                s.push('>');
                escape_into(&mut s, &self.value);
                s.push_str("</textarea>");
            }
            Kind::Select(options) => {
                s.push_str("<select class=\"input\"");
                common(&mut s, &id);
                s.push('>');
                let _ = write!(
                    s,
                    "<option value=\"\">{}</option>",
                    self.lang.pick("— Chọn —", "— Choose —")
                );
                for (v, l) in options {
                    s.push_str("<option");
                    attr(&mut s, "value", v);
                    if *v == self.value {
                        s.push_str(" selected");
                    }
                    s.push('>');
                    escape_into(&mut s, l);
                    s.push_str("</option>");
                }
                s.push_str("</select>");
            }
            Kind::Radios(options) => {
                s.push_str("<div class=\"radios\">");
                for (i, (v, l, h)) in options.iter().enumerate() {
                    let rid = if i == 0 {
                        id.clone()
                    } else {
                        format!("{id}-{i}")
                    };
                    s.push_str("<div class=\"radio\"><input type=\"radio\"");
                    attr(&mut s, "id", &rid);
                    attr(&mut s, "name", &self.name);
                    attr(&mut s, "value", v);
                    if *v == self.value {
                        s.push_str(" checked");
                    }
                    let _ = write!(s, "><label for=\"{rid}\">{}", escape(l));
                    if let Some(h) = h {
                        let _ = write!(s, "<span class=\"hint\">{}</span>", escape(h));
                    }
                    s.push_str("</label></div>");
                }
                s.push_str("</div>");
            }
            Kind::Checkbox(v) => {
                // The label goes after the box for checkboxes; rebuild in that order.
                s.truncate(s.find("<label").unwrap_or(s.len()));
                s.push_str("<div class=\"radio\"><input type=\"checkbox\"");
                common(&mut s, &id);
                attr(&mut s, "value", v);
                if self.value == *v {
                    s.push_str(" checked");
                }
                let _ = write!(
                    s,
                    "><label for=\"{id}\">{}</label></div>",
                    escape(&self.label)
                );
                if let Some(e) = &self.error {
                    let _ = write!(
                        s,
                        "<p class=\"field-error\" id=\"{id}-error\">{}</p>",
                        escape(e)
                    );
                }
            }
            Kind::File {
                accept,
                multiple,
                camera,
            } => {
                s.push_str("<input class=\"file\" type=\"file\"");
                common(&mut s, &id);
                attr(&mut s, "accept", accept);
                if *multiple {
                    s.push_str(" multiple");
                }
                s.push('>');
                if *camera {
                    // A second input opens the camera directly on phones (no JavaScript).
                    let cid = format!("{id}-camera");
                    let _ = write!(
                        s,
                        "<label class=\"camera\" for=\"{cid}\">{}</label>",
                        self.lang.pick(
                            "Hoặc chụp ảnh từng trang bằng máy ảnh của điện thoại",
                            "Or photograph each page with your phone's camera"
                        )
                    );
                    s.push_str("<input class=\"file\" type=\"file\" accept=\"image/*\" capture=\"environment\" multiple");
                    attr(&mut s, "id", &cid);
                    attr(&mut s, "name", &self.name);
                    s.push('>');
                }
            }
        }
        if group {
            s.push_str("</fieldset>");
        }
        s.push_str("</div>");
        s
    }
}

impl fmt::Display for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_ties_label_hint_and_input() {
        let mut e = FormErrors::new();
        e.add(
            "full_name",
            "Vui lòng nhập họ và tên.",
            "Enter your full name.",
        );
        let c = Control::text(Lang::Vi, "full_name", "Họ và tên")
            .hint("Như trên CCCD")
            .value("<b>")
            .errors(&e)
            .to_string();
        assert!(c.contains("for=\"f-full_name\""));
        assert!(c.contains("aria-describedby=\"f-full_name-hint f-full_name-error\""));
        assert!(c.contains("aria-invalid=\"true\""));
        assert!(c.contains("value=\"&lt;b&gt;\""));
        assert!(
            e.summary(Lang::En)
                .contains("href=\"#f-full_name\">Enter your full name.")
        );
    }

    #[test]
    fn radios_are_a_fieldset() {
        let c = Control::new(
            Lang::En,
            Kind::Radios(vec![
                ("a".into(), "A".into(), None),
                ("b".into(), "B".into(), None),
            ]),
            "delivery",
            "How?",
        )
        .value("b")
        .to_string();
        assert!(c.starts_with("<div class=\"field\"><fieldset class=\"fieldset\"><legend"));
        assert!(c.contains("id=\"f-delivery-1\" name=\"delivery\" value=\"b\" checked"));
    }
}
