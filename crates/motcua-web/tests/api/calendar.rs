//! The calendar endpoints give the CLI's answers.

use reqwest::StatusCode;

use crate::story;
use crate::support::*;

story!(days_off_due_and_lunar, |app| {
    let v = app
        .get_json("/api/v1/calendar/days-off?year=2026", None)
        .await;
    let days = v.as_array().unwrap();
    let day = |d: &str| {
        days.iter()
            .find(|x| x["date"] == d)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(day("2026-02-16")["kind"], "holiday", "{v:#}");
    assert_eq!(day("2026-02-16")["provisional"], false);
    assert_eq!(day("2026-08-22")["kind"], "makeup_working_day", "{v:#}");
    // Same as the CLI's JSON: the calendar crate's struct as serialized.
    let national = app.store.national_calendar();
    let expected = serde_json::to_value(national.days_off(2026).unwrap()).unwrap();
    assert_eq!(v, expected);
    let unit = app
        .get_json("/api/v1/calendar/days-off?year=2026&unit=H99.01", None)
        .await;
    assert_eq!(unit, expected);

    let d = app
        .get_json(
            "/api/v1/calendar/due?from=2026-02-13T16:00:00%2B07:00&amount=3&unit=working_days&cutoff=15:00",
            None,
        )
        .await;
    assert_eq!(d["due"], "2026-02-25T17:00:00+07:00", "{d:#}");

    let l = app
        .get_json("/api/v1/calendar/lunar?date=2026-02-17", None)
        .await;
    assert_eq!(l["lunar"]["day"], 1);
    assert_eq!(l["lunar"]["month"], 1);
    assert_eq!(l["year_name"], "Bính Ngọ");
    let s = app
        .get_json("/api/v1/calendar/lunar?lunar=1/1/2026", None)
        .await;
    assert_eq!(s["solar"], "2026-02-17");

    for (path, code) in [
        (
            "/api/v1/calendar/days-off?year=3000",
            "calendar.out_of_range",
        ),
        ("/api/v1/calendar/days-off?year=abc", "calendar.bad_year"),
        ("/api/v1/calendar/days-off", "request.missing_parameter"),
        (
            "/api/v1/calendar/days-off?year=2026&unit=X00",
            "unit.unknown",
        ),
        (
            "/api/v1/calendar/due?from=2026-02-30T09:00&amount=3",
            "calendar.impossible_date",
        ),
        (
            "/api/v1/calendar/due?from=2026-02-13T09:00&amount=3&cutoff=25:00",
            "calendar.cutoff",
        ),
        (
            "/api/v1/calendar/lunar?lunar=31/1/2026",
            "calendar.invalid_lunar_date",
        ),
    ] {
        let r = app.get(path, None).await;
        problem(r, StatusCode::BAD_REQUEST, code).await;
    }
});

story!(admin_imports_a_year, |app| {
    let toml = include_str!("../../../../data/calendar/2026.toml");
    let r = app
        .req(
            reqwest::Method::POST,
            "/api/v1/admin/calendar/years",
            Some(&app.admin),
        )
        .body(toml)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["year"], 2026);
    let r = app
        .req(
            reqwest::Method::POST,
            "/api/v1/admin/calendar/years",
            Some(&app.admin),
        )
        .body("year = 2026\n[[entry]]\ndate = \"2026-02-30\"\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .req(
            reqwest::Method::POST,
            "/api/v1/admin/calendar/years",
            Some(&app.desk_a),
        )
        .body(toml)
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::FORBIDDEN, "auth.forbidden").await;
});
