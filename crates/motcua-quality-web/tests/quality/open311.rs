//! Open311 GeoReport v2 against the specification: the shapes of services, service definitions,
//! requests and errors in XML and JSON (golden), POST with and without a valid key, the
//! filters, and no personal data in anything it returns.

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::story;
use crate::support::{App, Browser, root};

/// Element names of an XML document, in order, with their depth (well-formedness included:
/// quick-xml fails on a broken document).
fn elements(xml: &str) -> Vec<(usize, String)> {
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        "no declaration: {xml}"
    );
    let mut r = Reader::from_str(xml);
    let mut depth = 0;
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                out.push((
                    depth,
                    String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                ));
                depth += 1;
            }
            Event::Empty(e) => out.push((
                depth,
                String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
            )),
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn names(xml: &str, depth: usize) -> Vec<String> {
    elements(xml)
        .into_iter()
        .filter(|(d, _)| *d == depth)
        .map(|(_, n)| n)
        .collect()
}

const REQUEST_FIELDS: [&str; 17] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];

async fn key_for(app: &App, unit: motcua_domain::ids::UnitId) -> String {
    app.store
        .create_open311_key(&root(), "Ứng dụng thử", unit)
        .await
        .unwrap()
        .1
}

async fn post(b: &mut Browser, fmt: &str, fields: &[(&str, &str)]) -> crate::support::Page {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    b.post_raw(
        &format!("/open311/v2/requests.{fmt}"),
        "application/x-www-form-urlencoded; charset=utf-8",
        body,
        false,
    )
    .await
}

story!(services_and_definitions_follow_the_specification, |app| {
    let mut b = app.browser();
    let x = b.get("/open311/v2/services.xml").await;
    assert_eq!(x.status, 200);
    assert_eq!(x.content_type, "text/xml; charset=utf-8");
    assert_eq!(names(&x.body, 0), ["services"]);
    assert_eq!(names(&x.body, 1), ["service"; 4]);
    assert_eq!(
        names(&x.body, 2)[..7],
        [
            "service_code",
            "service_name",
            "description",
            "metadata",
            "type",
            "keywords",
            "group"
        ]
    );
    assert!(x.has("<service_code>procedure</service_code>"));
    assert!(x.has("<metadata>true</metadata><type>realtime</type>"));

    let j = b.get("/open311/v2/services.json").await;
    assert_eq!(j.content_type, "application/json; charset=utf-8");
    let v: Value = serde_json::from_str(&j.body).unwrap();
    let first = &v.as_array().unwrap()[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "description",
            "group",
            "keywords",
            "metadata",
            "service_code",
            "service_name",
            "type"
        ]
    );
    assert_eq!(first["metadata"], Value::Bool(true));
    assert_eq!(v.as_array().unwrap().len(), 4);

    let d = b.get("/open311/v2/services/dossier.xml").await;
    assert_eq!(d.status, 200);
    assert_eq!(names(&d.body, 1), ["service_code", "attributes"]);
    assert_eq!(
        names(&d.body, 3),
        [
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description"
        ]
    );
    assert!(d.has("<code>dossier_code</code><datatype>string</datatype><required>true</required>"));
    let dj: Value =
        serde_json::from_str(&b.get("/open311/v2/services/dossier.json").await.body).unwrap();
    assert_eq!(dj["service_code"], "dossier");
    assert_eq!(dj["attributes"][0]["datatype_description"], Value::Null);

    let missing = b.get("/open311/v2/services/potholes.json").await;
    assert_eq!(missing.status, 404);
    let e: Value = serde_json::from_str(&missing.body).unwrap();
    assert_eq!(e[0]["code"], 404);
    assert!(e[0]["description"].as_str().unwrap().contains("potholes"));
    let jx = b.get("/open311/v2/services.xml?jurisdiction_id=H00").await;
    assert_eq!(jx.status, 404);
    assert_eq!(names(&jx.body, 0), ["errors"]);
    assert_eq!(names(&jx.body, 2), ["code", "description"]);
    assert_eq!(
        b.get("/open311/v2/services.xml?jurisdiction_id=H99.01")
            .await
            .status,
        200
    );
    assert_eq!(b.get("/open311/discovery.json").await.status, 200);
    assert!(
        b.get("/open311/discovery.xml")
            .await
            .has("<specification>http://wiki.open311.org/GeoReport_v2</specification>")
    );
});

story!(post_needs_a_valid_key_and_a_location, |app| {
    let mut b = app.browser();
    let base = [
        ("service_code", "procedure"),
        ("attribute[procedure_code]", "1.001193"),
        ("address_string", "Trụ sở UBND xã An Bình"),
        (
            "description",
            "Thủ tục khai sinh yêu cầu giấy tờ không có trong danh mục.",
        ),
        ("first_name", "Lê Văn"),
        ("last_name", "Tám"),
        ("phone", "0987654321"),
    ];
    // No key, a wrong key: 403 with an error document, nothing created.
    let none = post(&mut b, "xml", &base).await;
    assert_eq!(none.status, 403, "{}", none.body);
    assert!(none.has("<errors><error><code>403</code>"));
    let mut wrong = base.to_vec();
    wrong.push(("api_key", "o311_wrong"));
    let w = post(&mut b, "json", &wrong).await;
    assert_eq!(w.status, 403);
    let listed: Value =
        serde_json::from_str(&b.get("/open311/v2/requests.json").await.body).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 0);

    let key = key_for(&app, app.commune_a).await;
    let with = |extra: &[(&'static str, &'static str)], drop: &str| {
        let mut f: Vec<(&str, &str)> = base.iter().copied().filter(|(k, _)| *k != drop).collect();
        f.extend_from_slice(extra);
        f
    };
    let mut f = with(&[], "address_string");
    f.push(("api_key", &key));
    let no_place = post(&mut b, "json", &f).await;
    assert_eq!(
        no_place.status, 400,
        "a location is required: {}",
        no_place.body
    );
    let mut f = with(&[], "attribute[procedure_code]");
    f.push(("api_key", &key));
    assert_eq!(post(&mut b, "json", &f).await.status, 400);
    let mut f = with(&[("service_code", "potholes")], "service_code");
    f.push(("api_key", &key));
    assert_eq!(post(&mut b, "json", &f).await.status, 404);
    let mut f = with(&[], "phone");
    f.push(("api_key", &key));
    let no_contact = post(&mut b, "json", &f).await;
    assert_eq!(no_contact.status, 400, "{}", no_contact.body);
    let mut f = with(&[("jurisdiction_id", "H99.02")], "");
    f.push(("api_key", &key));
    assert_eq!(
        post(&mut b, "json", &f).await.status,
        400,
        "the key posts to commune A only"
    );

    let mut f = with(&[("jurisdiction_id", "H99.01")], "");
    f.push(("api_key", &key));
    let ok = post(&mut b, "xml", &f).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(names(&ok.body, 0), ["service_requests"]);
    assert_eq!(
        names(&ok.body, 2),
        ["service_request_id", "service_notice", "account_id"]
    );
    let id = ok.between("<service_request_id>", "</").unwrap();

    let mut f = with(&[("lat", "16.46"), ("long", "107.59")], "address_string");
    f.push(("api_key", &key));
    let okj = post(&mut b, "json", &f).await;
    assert_eq!(okj.status, 200, "{}", okj.body);
    let v: Value = serde_json::from_str(&okj.body).unwrap();
    assert!(v[0]["service_request_id"].as_str().is_some());
    assert_eq!(v[0]["account_id"], Value::Null);

    // The new request: open, the state in status_notes, no text and no personal data before
    // the answer is published.
    let one = b.get(&format!("/open311/v2/requests/{id}.xml")).await;
    assert_eq!(one.status, 200);
    assert_eq!(names(&one.body, 2), REQUEST_FIELDS);
    assert!(one.has("<status>open</status><status_notes>Chờ tiếp nhận</status_notes>"));
    assert!(one.has("<agency_responsible>Xã An Bình</agency_responsible>"));
    assert!(one.has("+07:00</requested_datetime>"));
    for personal in ["Tám", "0987654321", "khai sinh yêu cầu"] {
        assert!(!one.has(personal), "{personal} leaked: {}", one.body);
    }
    let j: Value =
        serde_json::from_str(&b.get(&format!("/open311/v2/requests/{id}.json")).await.body)
            .unwrap();
    let keys: Vec<&str> = j[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = REQUEST_FIELDS.to_vec();
    expected.sort();
    assert_eq!(keys, expected);
    assert_eq!(j[0]["status"], "open");
    assert_eq!(j[0]["description"], Value::Null);
    let gone = b.get("/open311/v2/requests/PA-NOPE.xml").await;
    assert_eq!(gone.status, 404);
    assert_eq!(names(&gone.body, 0), ["errors"]);
});

story!(request_filters, |app| {
    let mut b = app.browser();
    let key = key_for(&app, app.commune_a).await;
    let mut ids = Vec::new();
    for (code, attr, value) in [
        ("procedure", "attribute[procedure_code]", "1.001193"),
        ("officer", "attribute[officer_name]", "Cán bộ tiếp nhận"),
        ("rule", "attribute[rule_reference]", "61/2018/NĐ-CP"),
    ] {
        let p = post(
            &mut b,
            "json",
            &[
                ("api_key", &key),
                ("service_code", code),
                (attr, value),
                ("address_string", "UBND xã"),
                ("description", "Nội dung phản ánh thử nghiệm đủ dài."),
                ("first_name", "Nguyễn"),
                ("last_name", "Hoa"),
                ("email", "hoa@example.vn"),
            ],
        )
        .await;
        assert_eq!(p.status, 200, "{}", p.body);
        let v: Value = serde_json::from_str(&p.body).unwrap();
        ids.push(v[0]["service_request_id"].as_str().unwrap().to_string());
        app.clock.advance(jiff::SignedDuration::from_hours(1));
    }
    let count = |body: &str| {
        serde_json::from_str::<Value>(body)
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&b.get("/open311/v2/requests.json").await.body), 3);
    assert_eq!(
        count(&b.get("/open311/v2/requests.json?status=open").await.body),
        3
    );
    assert_eq!(
        count(&b.get("/open311/v2/requests.json?status=closed").await.body),
        0
    );
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?status=open,closed")
                .await
                .body
        ),
        3
    );
    assert_eq!(
        b.get("/open311/v2/requests.json?status=pending")
            .await
            .status,
        400
    );
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?service_code=officer")
                .await
                .body
        ),
        1
    );
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?service_code=officer,rule")
                .await
                .body
        ),
        2
    );
    let two = format!(
        "/open311/v2/requests.json?service_request_id={},{}&status=closed",
        ids[0], ids[2]
    );
    assert_eq!(
        count(&b.get(&two).await.body),
        2,
        "service_request_id overrides the others"
    );
    // Newest first.
    let all: Value = serde_json::from_str(&b.get("/open311/v2/requests.json").await.body).unwrap();
    assert_eq!(all[0]["service_request_id"], ids[2].as_str());
    // Dates: w3 format with a zone, at most 90 days.
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?start_date=2026-03-02T10:30:00%2B07:00")
                .await
                .body
        ),
        1
    );
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?end_date=2026-03-02T02:30:00Z")
                .await
                .body
        ),
        1
    );
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?start_date=2026-04-01T00:00:00Z")
                .await
                .body
        ),
        0
    );
    let wide = b.get("/open311/v2/requests.xml?start_date=2025-01-01T00:00:00Z&end_date=2026-01-01T00:00:00Z").await;
    assert_eq!(wide.status, 400);
    assert!(wide.has("90"));
    assert_eq!(
        b.get("/open311/v2/requests.json?start_date=yesterday")
            .await
            .status,
        400
    );
    // A unit's tree by jurisdiction_id.
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?jurisdiction_id=H99")
                .await
                .body
        ),
        3
    );
    assert_eq!(
        count(
            &b.get("/open311/v2/requests.json?jurisdiction_id=H99.02")
                .await
                .body
        ),
        0
    );
    assert_eq!(
        b.get("/open311/v2/requests.json?jurisdiction_id=H00")
            .await
            .status,
        404
    );
    let x = b.get("/open311/v2/requests.xml").await;
    assert_eq!(names(&x.body, 1), ["request"; 3]);
});
