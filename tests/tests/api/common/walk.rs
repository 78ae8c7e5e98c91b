//! What the tests generated from the OpenAPI spec share: one of every resource with an id
//! route in a commune, the spec itself, the ids and a valid body for each operation, and
//! the raw call of an operation as the spec describes it.
//!
//! The bodies are valid on purpose: a 422 from body validation must never hide the check
//! a test is after (scope, permission).

use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::awards::{AwardForm, DecisionIn, DecisionSigner};
use cchc_sdk::types::index::{AssessmentIn, CopyFramework, PublicationIn, PublishResults};
use cchc_sdk::types::plans::PlanIn;
use cchc_sdk::types::portal::{PortalFigures, StatisticsBatch, StatisticsIn};
use cchc_sdk::types::tasks::TaskIn;
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitOut};
use cchc_sdk::types::users::UserIn;
use cchc_sdk::types::webhooks::{WebhookEventType, WebhookIn, WebhookListQuery, WebhookPatch};
use cchc_server::demo_plan::{SeedRefs, seed_plan_content};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use super::fixtures::{department_in, official_in, proposal_in, review_in, task_in};
use super::world::{Commune, World};
use super::{TestApp, USER_PASSWORD};
use crate::index::small_framework;

/// A public address (198.18.0.0/15, set aside for benchmarks) for the walks' webhook
/// subscriptions: it passes the SSRF guard, and nothing there answers.
const WEBHOOK_URL: &str = "http://198.18.0.1/cchc-webhooks";

/// One of every resource with an id route, all in one commune (the framework is the
/// district's: a commune's assessment is scored against it).
pub struct Resources {
    /// The commune.
    pub commune: UnitOut,
    /// Its id.
    pub unit: Uuid,
    /// The district above it.
    pub district: Uuid,
    pub department: Uuid,
    pub official: Uuid,
    pub user: Uuid,
    pub api_client: Uuid,
    pub plan: Uuid,
    pub task: Uuid,
    pub attachment: Uuid,
    /// The district's published framework.
    pub framework: Uuid,
    pub assessment: Uuid,
    pub proposal: Uuid,
    pub decision: Uuid,
    /// A paused webhook subscription of the commune (to a public address that never
    /// receives anything: paused before the worker sends).
    pub webhook: Uuid,
    /// Its delivery of the task's `task.assigned`.
    pub webhook_delivery: Uuid,
    /// The admin's export of the plan's progress (an export is its requester's alone).
    pub export: Uuid,
    /// The award rules in force (a valid body to replace them with).
    pub award_rules: Value,
    /// What the seed plan names in the commune.
    pub refs: SeedRefs,
}

/// A decision of `unit_id` ("`name`") awarding `form` on `proposal_ids`.
fn decision_in(unit_id: Uuid, name: &str, proposal_ids: Vec<Uuid>) -> DecisionIn {
    DecisionIn {
        unit_id,
        form: AwardForm::LaoDongTienTien,
        proposal_ids,
        issuing_body: format!("Ủy ban nhân dân {name}"),
        parent_body: None,
        issuer_code: "UBND".into(),
        place: name.trim_start_matches("Xã ").into(),
        legal_bases: vec!["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into()],
        proposed_by: "Hội đồng Thi đua - Khen thưởng xã".into(),
        funding_source: "Quỹ thi đua, khen thưởng của xã".into(),
        executors: vec!["Văn phòng - Thống kê".into()],
        distribution: vec!["Như Điều 3".into()],
        signer: DecisionSigner {
            authority_line: None,
            title: "Chủ tịch".into(),
            name: "Lê Văn Vũ".into(),
        },
    }
}

/// One of every resource of `commune`, made by the system admin (the world must be built
/// `with_chairmen`: the seed plan and the award name the chairman).
pub async fn resources(
    app: &TestApp,
    w: &World,
    commune: &Commune,
) -> Result<Resources, Box<dyn std::error::Error>> {
    let c = &app.client;
    let department = c
        .departments()
        .create(&department_in(commune, "Tổ công tác thử nghiệm"))
        .await?
        .id;
    let refs = commune.seed_refs();
    let official = refs.chairman.ok_or("the commune has no chairman")?;
    let (user, _) = app
        .user(
            &format!("nguoi.{}", commune.code),
            Role::Viewer,
            Some(commune.id),
        )
        .await?;
    let api_client = c
        .api_clients()
        .create(&ApiClientIn {
            name: format!("Báo cáo {}", commune.name),
            unit_id: commune.id,
            scopes: vec![ClientScope::ReportsRead],
        })
        .await?
        .client
        .id;
    let plan = c
        .plans()
        .create(&PlanIn {
            unit_id: commune.id,
            content: seed_plan_content(refs),
        })
        .await?
        .id;
    let webhook = c
        .webhooks()
        .create(&WebhookIn {
            url: WEBHOOK_URL.into(),
            events: vec![WebhookEventType::TaskAssigned],
            unit_id: commune.id,
            description: String::new(),
        })
        .await?
        .into_inner()
        .webhook;
    let task = c
        .tasks()
        .create(&TaskIn {
            plan_id: Some(plan),
            ..task_in(commune, "Báo cáo đánh giá CCHC", refs.van_phong)
        })
        .await?
        .id;
    let paused = WebhookPatch {
        active: Some(false),
        ..WebhookPatch::default()
    };
    c.webhooks().update(&webhook, &paused).await?;
    let webhook_delivery = c
        .webhooks()
        .deliveries(webhook.id, &WebhookListQuery::default())
        .await?
        .data
        .first()
        .ok_or("the task made no webhook delivery")?
        .id;
    let attachment = c
        .tasks()
        .upload_attachment(
            task,
            "bao-cao.pdf",
            Some("application/pdf"),
            b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".to_vec(),
        )
        .await?
        .id;
    let framework = c
        .frameworks()
        .create(&small_framework(w.district.id))
        .await?
        .into_inner();
    let framework = c.frameworks().publish(&framework).await?.into_inner();
    let assessment = c
        .assessments()
        .create(&AssessmentIn {
            framework_id: framework.id,
            unit_id: commune.id,
        })
        .await?
        .id;
    let proposals = c.award_proposals();
    let proposal = proposals
        .create(&proposal_in(
            commune,
            official,
            AwardForm::LaoDongTienTien,
            2024,
        ))
        .await?
        .into_inner();
    let proposal = proposals.submit(&proposal).await?.into_inner();
    let proposal = proposals
        .review(&proposal, &review_in(true))
        .await?
        .into_inner();
    let decision = c
        .award_decisions()
        .create(&decision_in(commune.id, &commune.name, vec![proposal.id]))
        .await?
        .id;
    let award_rules = c.awards().rules().await?.into_inner().rules;
    let export = c
        .exports()
        .create(&serde_json::from_value(export_body(plan))?)
        .await?
        .id;
    Ok(Resources {
        commune: commune.unit.clone(),
        unit: commune.id,
        district: w.district.id,
        department,
        official,
        user: user.id,
        api_client,
        plan,
        task,
        attachment,
        framework: framework.id,
        assessment,
        proposal: proposal.id,
        decision,
        webhook: webhook.id,
        webhook_delivery,
        export,
        award_rules: serde_json::to_value(award_rules)?,
        refs,
    })
}

/// The OpenAPI document the server serves (`openapi/openapi.json`).
pub fn spec() -> Result<Value, Box<dyn std::error::Error>> {
    Ok(serde_json::from_str(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/openapi.json"
    ))?)?)
}

/// Operations sent by POST that compute an answer and change nothing (no journal, only
/// the read right): not writes, so the write walks leave them out; the sibling walk still
/// calls them.
pub const COMPUTATIONS: &[&str] = &["index.assessments.what_if"];

/// The write operations of the spec (POST, PUT, PATCH, DELETE, less [`COMPUTATIONS`]):
/// method, path, operation.
pub fn writes(spec: &Value) -> Vec<(String, String, Value)> {
    let mut writes = Vec::new();
    for (path, operations) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            if ["post", "put", "patch", "delete"].contains(&method.as_str())
                && !COMPUTATIONS.contains(&id)
            {
                writes.push((method.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    writes
}

/// The id of the commune's resource a path parameter names.
pub fn id_for(path: &str, param: &str, r: &Resources) -> Uuid {
    let rest = path.strip_prefix("/api/v1/").unwrap_or(path);
    match (rest.split('/').next().unwrap_or_default(), param) {
        ("units", "id") => r.unit,
        ("departments", "id") => r.department,
        ("officials", "id") => r.official,
        ("users", "id") => r.user,
        ("api-clients", "id") => r.api_client,
        ("webhooks", "id") => r.webhook,
        ("webhooks", "delivery_id") => r.webhook_delivery,
        ("exports", "id") => r.export,
        ("plans", "id") => r.plan,
        ("tasks", "id") => r.task,
        ("tasks", "attachment_id") => r.attachment,
        ("index", "id") if rest.starts_with("index/frameworks/") => r.framework,
        ("index", "id") if rest.starts_with("index/assessments/") => r.assessment,
        ("awards", "id") if rest.starts_with("awards/proposals/") => r.proposal,
        ("awards", "id") if rest.starts_with("awards/decisions/") => r.decision,
        _ => panic!("{path}: which resource does {{{param}}} name? Add it to id_for"),
    }
}

/// An export of the plan's progress as CSV.
fn export_body(plan: Uuid) -> Value {
    json!({"report": "plan_progress", "format": "csv", "parameters": {"plan_id": plan}})
}

/// Any input as JSON.
macro_rules! to {
    ($input:expr) => {
        serde_json::to_value($input).unwrap_or_else(|e| panic!("an input as JSON: {e}"))
    };
}

/// A valid JSON body for each operation that takes one, aimed at the commune's resources:
/// the lookup or the permission, not the body, must be what refuses the call.
pub fn body_for(operation: &str, r: &Resources) -> Value {
    let content = serde_json::to_value(seed_plan_content(r.refs)).unwrap_or_default();
    match operation {
        "units.create" => to!(&UnitIn {
            code: "22078".into(),
            name: "Xã Hòa Mỹ Đông".into(),
            level: UnitLevel::Commune,
            parent_id: Some(r.district),
            valid_from: None,
            valid_to: None,
            successor_ids: vec![],
            with_default_departments: false,
        }),
        "units.update" => json!({"name": format!("{} (đổi tên)", r.commune.name)}),
        "departments.create" => {
            to!(&department_in(&r.commune, "Tổ công tác mới"))
        }
        "departments.update" => json!({"name": "Tổ công tác (đổi tên)", "display_order": 3}),
        "officials.create" => to!(&official_in(&r.commune, "Nguyễn Thị Mới")),
        "officials.update" => json!({"position": "Phó Chủ tịch UBND xã"}),
        "users.create" => to!(&UserIn {
            username: "nguoi.moi".into(),
            full_name: "Người dùng mới".into(),
            unit_id: Some(r.unit),
            roles: vec![Role::Viewer],
            official_id: None,
            password: USER_PASSWORD.into(),
        }),
        "users.update" => json!({"full_name": "Người dùng đổi tên"}),
        "api_clients.create" => to!(&ApiClientIn {
            name: "Hệ thống báo cáo mới".into(),
            unit_id: r.unit,
            scopes: vec![ClientScope::ReportsRead],
        }),
        "api_clients.update" => json!({"name": "Tên mới", "scopes": ["reports.read"]}),
        "webhooks.create" => to!(&WebhookIn {
            url: WEBHOOK_URL.into(),
            events: vec![WebhookEventType::AwardDecisionIssued],
            unit_id: r.unit,
            description: "Hệ thống báo cáo".into(),
        }),
        "webhooks.update" => json!({"description": "Tạm dừng", "active": false}),
        "exports.create" => export_body(r.plan),
        "plans.create" => json!({"unit_id": r.unit, "content": content}),
        "plans.replace_content" => content,
        "plans.amend" => json!({"content": content, "reason": "Điều chỉnh theo chỉ đạo"}),
        "plans.return" | "plans.cancel" => json!({"reason": "Chưa đạt yêu cầu"}),
        "plans.issue" => json!({"issue_date": "2024-05-02"}),
        "tasks.create" => {
            to!(&TaskIn {
                plan_id: Some(r.plan),
                ..task_in(&r.commune, "Báo cáo chuyên đề", r.refs.van_phong)
            })
        }
        "tasks.update" => json!({"title": "Tiêu đề mới", "progress": 10}),
        "tasks.start" | "tasks.unblock" | "tasks.reopen" | "tasks.cancel" => json!({}),
        "tasks.block" => json!({"text": "Chờ số liệu từ huyện"}),
        "tasks.complete" => json!({"text": "Đã trình Báo cáo số 45/BC-UBND"}),
        "tasks.add_update" => json!({"text": "Đã làm được một nửa", "progress": 50}),
        "index.frameworks.create" => to!(&small_framework(r.district)),
        "index.frameworks.update" => json!({"name": "Bộ chỉ số CCHC cấp xã (đổi tên)"}),
        "index.frameworks.copy" => to!(&CopyFramework {
            year: 2025,
            name: None,
        }),
        "index.frameworks.replace_criteria" => to!(&small_framework(r.district).areas),
        "index.frameworks.publish_results" => to!(&PublishResults {
            parent_unit_id: r.district,
            decision: PublicationIn {
                number: "863/QĐ-UBND".into(),
                date: chrono::NaiveDate::from_ymd_opt(2024, 5, 2).unwrap_or_default(),
                issuer: "UBND huyện Tây Hòa".into(),
            },
        }),
        "index.assessments.create" => to!(&AssessmentIn {
            framework_id: r.framework,
            unit_id: r.unit,
        }),
        "index.assessments.self_assess" => json!({"items": [{"code": "1.1.1", "score": 1.0}]}),
        "index.assessments.appraise" => json!({
            "items": [{"code": "1.1.1", "score": 1.0}, {"code": "1.1.3", "survey_points": 1.0}],
            "bonus": 0.0,
            "penalty": 0.0
        }),
        "index.assessments.request_explanation" => {
            json!({"codes": ["1.1.1"], "note": "Đề nghị giải trình điểm tự chấm"})
        }
        "index.assessments.set_responsibilities" => {
            json!({"items": [{"code": "1.1.1", "department_id": r.refs.van_phong}]})
        }
        "index.assessments.remediate" => {
            json!({"plan_id": r.plan, "codes": ["1.1.1"], "due_date": "2024-12-31"})
        }
        "index.assessments.what_if" => json!({"items": [{"code": "1.1.1"}]}),
        "index.assessments.set_cause" => json!({
            "cause": "Chưa niêm yết đủ thủ tục hành chính",
            "solution": "Rà soát, niêm yết hằng tháng"
        }),
        "portal.statistics.push" => to!(&StatisticsBatch {
            rows: vec![StatisticsIn {
                unit_code: r.commune.code.clone(),
                period: "2024-03".into(),
                figures: PortalFigures {
                    received: 10,
                    resolved_on_time: 8,
                    resolved_late: 2,
                    in_person: 10,
                    ..PortalFigures::default()
                },
            }],
        }),
        "portal.dossiers.push" => json!([{
            "code": "HS-001",
            "procedure_code": "1.001234",
            "unit_code": r.commune.code,
            "received_date": "2024-03-01",
            "due_date": "2024-03-10",
            "finished_date": "2024-03-05",
            "status": "resolved",
            "channel": "fully_online",
            "paid_online": true,
            "electronic_result": true,
            "digitised": true,
            "synced": true,
            "satisfaction": 5
        }]),
        "awards.rules.replace" => r.award_rules.clone(),
        "awards.proposals.create" => to!(&proposal_in(
            &r.commune,
            r.official,
            AwardForm::LaoDongTienTien,
            2025
        )),
        "awards.proposals.review" => to!(&review_in(true)),
        "awards.decisions.create" => to!(&decision_in(r.unit, &r.commune.name, vec![r.proposal])),
        "awards.decisions.issue" => json!({"date": "2024-05-02"}),
        "awards.decisions.revoke" => json!({"reason": "Quyết định ban hành sai thẩm quyền"}),
        other => panic!("{other} takes a JSON body: add a valid one to body_for"),
    }
}

/// `path` with each `{param}` filled: `{year}` with 2024, ids with the resource's (or with
/// fresh ids that name nothing when `missing`).
pub fn url_for(path: &str, r: &Resources, missing: bool) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{year}" => "2024".to_owned(),
            // An item of the walked score sheet that lost points.
            "{code}" => "1.1.1".to_owned(),
            // A file named by its format ("chart.{format}").
            s if s.contains("{format}") => s.replace("{format}", "svg"),
            s if s.starts_with('{') => {
                let param = s.trim_matches(|c| c == '{' || c == '}');
                let id = id_for(path, param, r);
                if missing { Uuid::now_v7() } else { id }.to_string()
            }
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The call of `operation` (`method` `path` of the spec) with `token`: ids filled by
/// [`url_for`], `If-Match: *` where the operation takes one, and a valid body of the first
/// media type it accepts.
#[allow(clippy::too_many_arguments)]
pub fn call(
    http: &reqwest::Client,
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    operation: &Value,
    r: &Resources,
    missing: bool,
) -> Result<reqwest::RequestBuilder, Box<dyn std::error::Error>> {
    let label = format!("{method} {path}");
    let op_id = operation["operationId"].as_str().unwrap_or_default();
    let takes = |name: &str| {
        operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == name)
    };
    let mut request = http
        .request(
            method.parse::<Method>()?,
            format!("{}{}", app.base_url, url_for(path, r, missing)),
        )
        .bearer_auth(token);
    if takes("If-Match") {
        request = request.header("if-match", "*");
    }
    let content = &operation["requestBody"]["content"];
    if content.get("application/json").is_some() {
        request = request.json(&body_for(op_id, r));
    } else if content.get("application/x-www-form-urlencoded").is_some() {
        request = request.form(&body_for(op_id, r));
    } else if content.get("multipart/form-data").is_some() {
        let part = reqwest::multipart::Part::bytes(b"%PDF-1.7\n%%EOF\n".to_vec())
            .file_name("bao-cao.pdf")
            .mime_str("application/pdf")?;
        request = request.multipart(reqwest::multipart::Form::new().part("file", part));
    } else if let Some(other) = content.as_object().and_then(|c| c.keys().next()) {
        panic!("{label}: a body of {other}: teach the walk to send one");
    }
    Ok(request)
}

/// The answer to one call: status, content type, body without its request id.
pub async fn answer(res: reqwest::Response) -> Result<(u16, String, Value), reqwest::Error> {
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = res.text().await?;
    let mut body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    if let Some(problem) = body.as_object_mut() {
        problem.remove("request_id");
    }
    Ok((status, content_type, body))
}

/// A bearer token from a raw `POST /api/v1/auth/token` with `form`.
pub async fn token(
    http: &reqwest::Client,
    app: &TestApp,
    form: &[(&str, &str)],
) -> Result<String, Box<dyn std::error::Error>> {
    let token: Value = http
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .form(form)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(token["access_token"]
        .as_str()
        .ok_or("no access token")?
        .to_owned())
}

/// A user's bearer token (password grant, the harness's password).
pub async fn user_token(
    http: &reqwest::Client,
    app: &TestApp,
    username: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    token(
        http,
        app,
        &[
            ("grant_type", "password"),
            ("username", username),
            ("password", USER_PASSWORD),
        ],
    )
    .await
}

/// What the system admin reads of the commune's resources (and of the framework and the
/// award rules), to show nothing changed.
pub async fn snapshot(
    app: &TestApp,
    r: &Resources,
) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let paths = [
        format!("/api/v1/units/{}", r.unit),
        format!("/api/v1/departments/{}", r.department),
        format!("/api/v1/officials/{}", r.official),
        format!("/api/v1/users/{}", r.user),
        format!("/api/v1/api-clients/{}", r.api_client),
        format!("/api/v1/plans/{}", r.plan),
        format!("/api/v1/tasks/{}", r.task),
        format!("/api/v1/tasks/{}/updates", r.task),
        format!("/api/v1/tasks/{}/attachments", r.task),
        format!("/api/v1/index/frameworks/{}", r.framework),
        format!("/api/v1/index/assessments/{}", r.assessment),
        format!("/api/v1/awards/proposals/{}", r.proposal),
        format!("/api/v1/awards/decisions/{}", r.decision),
        "/api/v1/awards/rules".to_owned(),
    ];
    let mut seen = Vec::new();
    for path in paths {
        let res = app.client.raw(Method::GET, &path).await?.send().await?;
        assert_eq!(res.status().as_u16(), 200, "the admin reads {path}");
        seen.push(res.json().await?);
    }
    Ok(seen)
}
