//! The Open311 GeoReport v2 documents, exactly as the public specification names them
//! (wiki.open311.org/GeoReport_v2): `services/service`, `service_definition`,
//! `service_requests/request` and `errors/error`, in XML (required by the specification) and
//! JSON (optional there, an array at the top level). Both formats come from the same structs,
//! so they cannot disagree: JSON by serde (field order = declaration order = the specification's
//! order), XML by [`Xml`].

use std::fmt::Write;

use jiff::Timestamp;
use serde::Serialize;

/// `services.xml` / `services.json`: one service type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: String,
    /// `true` when `services/{code}` describes extra attributes.
    pub metadata: bool,
    /// `realtime`, `batch` or `blackbox`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub keywords: String,
    pub group: String,
}

/// One allowed value of a list attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// An attribute of a service definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    /// `false` for informational text that takes no input.
    pub variable: bool,
    pub code: String,
    /// `string`, `number`, `datetime`, `text`, `singlevaluelist` or `multivaluelist`.
    pub datatype: &'static str,
    pub required: bool,
    pub datatype_description: Option<String>,
    pub order: u32,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<AttributeValue>,
}

/// `services/{code}.xml|json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

/// `requests.xml|json`, `requests/{id}.xml|json`: one service request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: &'static str,
    pub status_notes: Option<String>,
    pub service_name: String,
    pub service_code: String,
    pub description: Option<String>,
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    #[serde(serialize_with = "iso")]
    pub requested_datetime: Option<Timestamp>,
    #[serde(serialize_with = "iso")]
    pub updated_datetime: Option<Timestamp>,
    #[serde(serialize_with = "iso")]
    pub expected_datetime: Option<Timestamp>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// The answer to `POST requests`: the new id (we never hand out a token instead: the request is
/// stored before we answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Created {
    pub service_request_id: String,
    pub service_notice: Option<String>,
    pub account_id: Option<String>,
}

/// `errors/error`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireError {
    pub code: u16,
    pub description: String,
}

/// ISO 8601 with the offset (`2026-03-02T09:00:00+07:00`), as the specification's examples.
pub fn iso_text(t: Timestamp) -> String {
    motcua_calendar::to_local(t)
        .strftime("%Y-%m-%dT%H:%M:%S+07:00")
        .to_string()
}

fn iso<S: serde::Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&iso_text(*t)),
        None => s.serialize_none(),
    }
}

/// A tiny XML writer: declaration, elements, escaped text. Empty values are written as empty
/// elements (`<address/>`), which is what the specification's examples show.
pub struct Xml(String);

impl Xml {
    pub fn new() -> Self {
        Xml(String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"))
    }
    pub fn open(&mut self, name: &str) -> &mut Self {
        let _ = write!(self.0, "<{name}>");
        self
    }
    pub fn close(&mut self, name: &str) -> &mut Self {
        let _ = write!(self.0, "</{name}>");
        self
    }
    pub fn el(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        match value.filter(|v| !v.is_empty()) {
            Some(v) => {
                let _ = write!(self.0, "<{name}>");
                escape_into(&mut self.0, v);
                let _ = write!(self.0, "</{name}>");
            }
            None => {
                let _ = write!(self.0, "<{name}/>");
            }
        }
        self
    }
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        self.el(name, Some(value))
    }
    pub fn finish(self) -> String {
        self.0
    }
}

impl Default for Xml {
    fn default() -> Self {
        Self::new()
    }
}

/// Escapes text for XML; characters XML 1.0 forbids (most C0 controls) are dropped.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

fn b(v: bool) -> &'static str {
    if v { "true" } else { "false" }
}

pub fn services_xml(list: &[Service]) -> String {
    let mut x = Xml::new();
    x.open("services");
    for s in list {
        x.open("service")
            .text("service_code", &s.service_code)
            .text("service_name", &s.service_name)
            .text("description", &s.description)
            .text("metadata", b(s.metadata))
            .text("type", s.kind)
            .text("keywords", &s.keywords)
            .text("group", &s.group)
            .close("service");
    }
    x.close("services");
    x.finish()
}

pub fn definition_xml(d: &ServiceDefinition) -> String {
    let mut x = Xml::new();
    x.open("service_definition")
        .text("service_code", &d.service_code)
        .open("attributes");
    for a in &d.attributes {
        x.open("attribute")
            .text("variable", b(a.variable))
            .text("code", &a.code)
            .text("datatype", a.datatype)
            .text("required", b(a.required))
            .el("datatype_description", a.datatype_description.as_deref())
            .text("order", &a.order.to_string())
            .text("description", &a.description);
        if !a.values.is_empty() {
            x.open("values");
            for v in &a.values {
                x.open("value")
                    .text("key", &v.key)
                    .text("name", &v.name)
                    .close("value");
            }
            x.close("values");
        }
        x.close("attribute");
    }
    x.close("attributes").close("service_definition");
    x.finish()
}

pub fn requests_xml(list: &[Request]) -> String {
    let mut x = Xml::new();
    x.open("service_requests");
    for r in list {
        let opt_t = |t: Option<Timestamp>| t.map(iso_text);
        let opt_f = |v: Option<f64>| v.map(|v| v.to_string());
        x.open("request")
            .text("service_request_id", &r.service_request_id)
            .text("status", r.status)
            .el("status_notes", r.status_notes.as_deref())
            .text("service_name", &r.service_name)
            .text("service_code", &r.service_code)
            .el("description", r.description.as_deref())
            .el("agency_responsible", r.agency_responsible.as_deref())
            .el("service_notice", r.service_notice.as_deref())
            .el("requested_datetime", opt_t(r.requested_datetime).as_deref())
            .el("updated_datetime", opt_t(r.updated_datetime).as_deref())
            .el("expected_datetime", opt_t(r.expected_datetime).as_deref())
            .el("address", r.address.as_deref())
            .el("address_id", r.address_id.as_deref())
            .el("zipcode", r.zipcode.as_deref())
            .el("lat", opt_f(r.lat).as_deref())
            .el("long", opt_f(r.long).as_deref())
            .el("media_url", r.media_url.as_deref())
            .close("request");
    }
    x.close("service_requests");
    x.finish()
}

pub fn created_xml(c: &Created) -> String {
    let mut x = Xml::new();
    x.open("service_requests")
        .open("request")
        .text("service_request_id", &c.service_request_id)
        .el("service_notice", c.service_notice.as_deref())
        .el("account_id", c.account_id.as_deref())
        .close("request")
        .close("service_requests");
    x.finish()
}

pub fn errors_xml(list: &[WireError]) -> String {
    let mut x = Xml::new();
    x.open("errors");
    for e in list {
        x.open("error")
            .text("code", &e.code.to_string())
            .text("description", &e.description)
            .close("error");
    }
    x.close("errors");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_and_drops_forbidden_characters() {
        let mut x = Xml::new();
        x.text("d", "a<b & \"c\"\u{1}");
        assert!(x.finish().ends_with("<d>a&lt;b &amp; &quot;c&quot;</d>"));
    }

    #[test]
    fn error_documents() {
        let e = [WireError {
            code: 403,
            description: "Invalid api_key".into(),
        }];
        assert_eq!(
            errors_xml(&e),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>403</code><description>Invalid api_key</description></error></errors>"
        );
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"[{"code":403,"description":"Invalid api_key"}]"#
        );
    }
}
