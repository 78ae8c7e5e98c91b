//! Errors read by people (issue "Works with the clients people already have"): a body,
//! query or path the server cannot read is explained in Vietnamese and English, naming the
//! real field and what it must be, never with serde's English sentence, a Rust type name
//! or "line 1 column 48"; Vietnamese messages say states and levels in Vietnamese.

use cchc_sdk::Client;
use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::ClientScope;
use cchc_sdk::types::common::Problem;
use cchc_sdk::types::units::UnitLevel;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::fixtures::{task_in, unit_in};
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

/// What no message may show: Rust types and serde's raw phrases.
const LEAKS: &[&str] = &[
    "i64",
    "i32",
    "u64",
    "u32",
    "NaiveDate",
    "Uuid",
    "struct ",
    "line 1 column",
    "invalid type:",
    "missing field",
    "tệp tệp",
];

/// The problem's detail and field messages, checked for leaks.
fn words(p: &Problem) -> String {
    let mut all = p.detail.clone().unwrap_or_default();
    for e in &p.errors {
        all.push_str(" | ");
        all.push_str(&e.message);
    }
    for leak in LEAKS {
        assert!(!all.contains(leak), "{leak:?} shown in {all}");
    }
    all
}

async fn send(
    client: &Client,
    lang: &str,
    method: Method,
    path: &str,
    body: Option<(&str, String)>,
    status: u16,
) -> Result<Problem, Box<dyn std::error::Error>> {
    let mut req = client
        .raw(method, path)
        .await?
        .header("accept-language", lang);
    if let Some((content_type, body)) = body {
        req = req.header("content-type", content_type).body(body);
    }
    problem(req.send().await?, status).await
}

fn json_body(value: &Value) -> Option<(&'static str, String)> {
    Some(("application/json", value.to_string()))
}

#[tokio::test]
async fn body_errors_name_the_field_and_say_what_it_must_be() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let task = serde_json::to_value(task_in(w.a(), "Rà soát thủ tục", None))?;
    let c = &app.client;
    for lang in ["vi", "en"] {
        let post = |body: Value, status| {
            send(
                c,
                lang,
                Method::POST,
                "/api/v1/tasks",
                json_body(&body),
                status,
            )
        };
        // A missing field: named, in the message too.
        let mut body = task.clone();
        body.as_object_mut().map(|o| o.remove("title"));
        let p = post(body, 422).await?;
        assert_eq!(
            (p.errors[0].field.as_str(), p.errors[0].code.as_str()),
            ("title", "required")
        );
        let text = words(&p);
        assert!(text.contains("`title`"), "{lang}: {text}");
        // A wrong type: the JSON type in words.
        let mut body = task.clone();
        body["title"] = json!(5);
        let p = post(body, 422).await?;
        assert_eq!(p.errors[0].field, "title");
        let expected = if lang == "vi" { "chuỗi" } else { "string" };
        assert!(words(&p).contains(expected), "{lang}: {p:?}");
        // A date as people write it on paper: the expected form is stated.
        let mut body = task.clone();
        body["due_date"] = json!("15/04/2024");
        let p = post(body, 422).await?;
        assert_eq!(
            (p.errors[0].field.as_str(), p.errors[0].code.as_str()),
            ("due_date", "invalid_format")
        );
        assert!(words(&p).contains("YYYY-MM-DD"), "{lang}: {p:?}");
        // A UUID that is not one.
        let mut body = task.clone();
        body["unit_id"] = json!("commune-a");
        let p = post(body, 422).await?;
        assert_eq!(p.errors[0].field, "unit_id");
        assert!(words(&p).contains("UUID"));
        // Not JSON at all: where, in words.
        let p = send(
            c,
            lang,
            Method::POST,
            "/api/v1/tasks",
            Some(("application/json", "{\"title\": }".into())),
            400,
        )
        .await?;
        assert_eq!(p.code, "malformed_json");
        let place = if lang == "vi" {
            "dòng 1, cột 11"
        } else {
            "line 1, column 11"
        };
        assert!(words(&p).contains(place), "{lang}: {p:?}");
    }
    Ok(())
}

#[tokio::test]
async fn query_and_path_errors_name_the_parameter() -> TestResult {
    let app = TestApp::spawn().await;
    let c = &app.client;
    for lang in ["vi", "en"] {
        let p = send(
            c,
            lang,
            Method::GET,
            "/api/v1/plans?q=x&limit=abc",
            None,
            400,
        )
        .await?;
        assert_eq!(p.code, "invalid_query");
        assert_eq!(p.errors[0].field, "limit");
        let expected = if lang == "vi" {
            "số nguyên"
        } else {
            "integer"
        };
        assert!(words(&p).contains(expected), "{lang}: {p:?}");
        let path = "/api/v1/plans?issued_from=15/04/2024";
        let p = send(c, lang, Method::GET, path, None, 400).await?;
        assert_eq!(p.errors[0].field, "issued_from");
        assert!(words(&p).contains("YYYY-MM-DD"), "{lang}: {p:?}");
        let p = send(c, lang, Method::GET, "/api/v1/units/not-a-uuid", None, 400).await?;
        assert_eq!(p.code, "invalid_path");
        assert_eq!(p.errors[0].field, "id");
        assert!(words(&p).contains("UUID"), "{lang}: {p:?}");
    }
    Ok(())
}

#[tokio::test]
async fn rejected_dossier_records_name_their_field() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().build(&app).await?;
    let created = app
        .client
        .api_clients()
        .create(&ApiClientIn {
            name: "Cổng dịch vụ công tỉnh".into(),
            unit_id: w.province.id,
            scopes: vec![ClientScope::PortalStatisticsWrite],
        })
        .await?
        .into_inner();
    let portal = Client::builder(&app.base_url)
        .client_credentials(&created.client.client_id, &created.client_secret)
        .build()?;
    let good = json!({
        "code": "HS-001", "procedure_code": "1.001234", "unit_code": w.a().code.clone(),
        "received_date": "2024-03-01", "due_date": "2024-03-10", "finished_date": null,
        "status": "processing", "channel": "fully_online", "paid_online": true,
        "electronic_result": false, "digitised": true, "synced": true, "satisfaction": null
    });
    let mut missing = good.clone();
    missing["code"] = json!("HS-002");
    missing.as_object_mut().map(|o| o.remove("unit_code"));
    let mut bad_date = good.clone();
    bad_date["code"] = json!("HS-003");
    bad_date["received_date"] = json!("01/03/2024");
    let batch = json!([good, missing, bad_date, 42]);
    for lang in ["vi", "en"] {
        let res = portal
            .raw(Method::POST, "/api/v1/portal/dossiers/batch")
            .await?
            .header("accept-language", lang)
            .header("content-type", "application/json")
            .body(batch.to_string())
            .send()
            .await?;
        assert_eq!(res.status().as_u16(), 200);
        let result: Value = res.json().await?;
        let rejected: Vec<(u64, &str, &str, &str)> = result["rejected"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let e = &r["errors"][0];
                (
                    r["index"].as_u64().unwrap_or(99),
                    e["field"].as_str().unwrap_or_default(),
                    e["code"].as_str().unwrap_or_default(),
                    e["message"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        let fields: Vec<(u64, &str, &str)> = rejected.iter().map(|r| (r.0, r.1, r.2)).collect();
        assert_eq!(
            fields,
            vec![
                (1, "unit_code", "required"),
                (2, "received_date", "invalid_format"),
                (3, "record", "invalid_record"),
            ],
            "{lang}"
        );
        assert!(rejected[0].3.contains("`unit_code`"), "{rejected:?}");
        assert!(rejected[1].3.contains("YYYY-MM-DD"), "{rejected:?}");
        let json_object = if lang == "vi" {
            "đối tượng JSON"
        } else {
            "JSON object"
        };
        assert!(rejected[2].3.contains(json_object), "{rejected:?}");
    }
    // NDJSON: a broken line is reported by its line, saying where in words.
    let lines = format!("{}\n{{\"code\": \"HS-9\",\n", json!({"code": "HS-8"}));
    let res = portal
        .raw(Method::POST, "/api/v1/portal/dossiers/batch")
        .await?
        .header("accept-language", "en")
        .header("content-type", "application/x-ndjson")
        .body(lines)
        .send()
        .await?;
    let result: Value = res.json().await?;
    let second = &result["rejected"][1];
    assert_eq!(second["index"], 1);
    assert_eq!(second["errors"][0]["field"], "record");
    let message = second["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("line 1, column"), "{message}");
    assert_eq!(
        result["rejected"][0]["errors"][0]["field"],
        "procedure_code"
    );
    Ok(())
}

#[tokio::test]
async fn vietnamese_messages_say_levels_and_states_in_vietnamese() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let c = &app.client;
    // A commune under a commune: the level in Vietnamese, the code in English.
    let unit = serde_json::to_value(unit_in("99001", "Xã thử", UnitLevel::Commune, Some(w.a())))?;
    let vi = send(
        c,
        "vi",
        Method::POST,
        "/api/v1/units",
        json_body(&unit),
        422,
    )
    .await?;
    let en = send(
        c,
        "en",
        Method::POST,
        "/api/v1/units",
        json_body(&unit),
        422,
    )
    .await?;
    let (vi, en) = (words(&vi), words(&en));
    assert!(vi.contains("cấp xã"), "{vi}");
    assert!(!vi.contains("commune"), "{vi}");
    assert!(en.contains("commune"), "{en}");
    // An action not allowed from a state: the state in Vietnamese.
    let task = c
        .tasks()
        .create(&task_in(w.a(), "Niêm yết thủ tục", None))
        .await?
        .into_inner();
    let path = format!("/api/v1/tasks/{}/unblock", task.id);
    let vi = send(c, "vi", Method::POST, &path, None, 409).await?;
    let vi = words(&vi);
    assert!(vi.contains("chưa bắt đầu"), "{vi}");
    assert!(!vi.contains("todo"), "{vi}");
    let en = send(c, "en", Method::POST, &path, None, 409).await?;
    assert!(words(&en).contains("todo"));
    Ok(())
}
