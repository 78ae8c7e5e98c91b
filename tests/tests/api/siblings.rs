//! Unit scope, generated from the spec: every operation with an id in its path, called by
//! the admin of a sibling commune on the other commune's resource, answers 404 problem+json
//! exactly as for a missing id, and changes nothing.

use cchc_sdk::types::api_clients::ApiClientIn;
use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::awards::{AwardForm, DecisionIn, DecisionSigner};
use cchc_sdk::types::index::AssessmentIn;
use cchc_sdk::types::plans::PlanIn;
use cchc_sdk::types::tasks::TaskIn;
use cchc_server::demo_plan::{SeedRefs, seed_plan_content};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::fixtures::{department_in, proposal_in, review_in, task_in};
use crate::common::world::World;
use crate::common::{TestApp, TestResult, USER_PASSWORD};
use crate::index::small_framework;

/// Operations with an id that another unit's principal may reach by design, so they are not
/// walked (each is a path prefix and the reason, from the README's permission table).
const NOT_SCOPED: &[(&str, &str)] = &[
    (
        "/api/v1/index/frameworks/",
        "frameworks are read by every principal; writes are refused 403 to all but the \
         issuer's admins, and a copy is any reader's right",
    ),
    (
        "/api/v1/index/results/",
        "published results and rankings are read by every principal",
    ),
];

/// One of every resource with an id route, all in commune B.
struct Sibling {
    unit: Uuid,
    department: Uuid,
    official: Uuid,
    user: Uuid,
    api_client: Uuid,
    plan: Uuid,
    task: Uuid,
    attachment: Uuid,
    assessment: Uuid,
    proposal: Uuid,
    decision: Uuid,
    refs: SeedRefs,
}

/// B's resources, made by the system admin.
async fn sibling(app: &TestApp, w: &World) -> Result<Sibling, Box<dyn std::error::Error>> {
    let c = &app.client;
    let (district, b) = (&w.district, w.b());
    let department = c
        .departments()
        .create(&department_in(b, "Tổ công tác thử nghiệm"))
        .await?
        .id;
    let refs = b.seed_refs();
    let official = refs.chairman.ok_or("B has no chairman")?;
    let (user, _) = app.user("nguoi.b", Role::Viewer, Some(b.id)).await?;
    let api_client = c
        .api_clients()
        .create(&ApiClientIn {
            name: "Báo cáo Hòa Đồng".into(),
            unit_id: b.id,
            scopes: vec![ClientScope::ReportsRead],
        })
        .await?
        .client
        .id;
    let plan = c
        .plans()
        .create(&PlanIn {
            unit_id: b.id,
            content: seed_plan_content(refs),
        })
        .await?
        .id;
    let task = c
        .tasks()
        .create(&TaskIn {
            plan_id: Some(plan),
            ..task_in(b, "Báo cáo đánh giá CCHC", refs.van_phong)
        })
        .await?
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
    // The framework is the district's (frameworks are not walked: see NOT_SCOPED).
    let framework = c
        .frameworks()
        .create(&small_framework(district.id))
        .await?
        .into_inner();
    let framework = c.frameworks().publish(&framework).await?.into_inner();
    let assessment = c
        .assessments()
        .create(&AssessmentIn {
            framework_id: framework.id,
            unit_id: b.id,
        })
        .await?
        .id;
    let proposals = c.award_proposals();
    let proposal = proposals
        .create(&proposal_in(b, official, AwardForm::LaoDongTienTien, 2024))
        .await?
        .into_inner();
    let proposal = proposals.submit(&proposal).await?.into_inner();
    let proposal = proposals
        .review(&proposal, &review_in(true))
        .await?
        .into_inner();
    let decision = c
        .award_decisions()
        .create(&DecisionIn {
            unit_id: b.id,
            form: AwardForm::LaoDongTienTien,
            proposal_ids: vec![proposal.id],
            issuing_body: format!("Ủy ban nhân dân {}", b.name),
            parent_body: None,
            issuer_code: "UBND".into(),
            place: "Hòa Đồng".into(),
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
        })
        .await?
        .id;
    Ok(Sibling {
        unit: b.id,
        department,
        official,
        user: user.id,
        api_client,
        plan,
        task,
        attachment,
        assessment,
        proposal: proposal.id,
        decision,
        refs,
    })
}

/// The id of B's resource a path parameter names; `None` for a path not walked.
fn id_for(path: &str, param: &str, s: &Sibling) -> Option<Uuid> {
    let rest = path.strip_prefix("/api/v1/")?;
    let id = match (rest.split('/').next()?, param) {
        ("units", "id") => s.unit,
        ("departments", "id") => s.department,
        ("officials", "id") => s.official,
        ("users", "id") => s.user,
        ("api-clients", "id") => s.api_client,
        ("plans", "id") => s.plan,
        ("tasks", "id") => s.task,
        ("tasks", "attachment_id") => s.attachment,
        ("index", "id") if rest.starts_with("index/assessments/") => s.assessment,
        ("awards", "id") if rest.starts_with("awards/proposals/") => s.proposal,
        ("awards", "id") if rest.starts_with("awards/decisions/") => s.decision,
        _ => panic!("{path}: which resource of B does {{{param}}} name? Add it to id_for"),
    };
    Some(id)
}

/// A valid JSON body for each operation that takes one, aimed at B's resource: the lookup,
/// not the body, must be what refuses the call.
fn body_for(operation: &str, s: &Sibling) -> Value {
    let content = serde_json::to_value(seed_plan_content(s.refs)).unwrap_or_default();
    match operation {
        "units.update" => json!({"name": "Xã Hòa Đồng (đổi tên)"}),
        "departments.update" => json!({"name": "Tổ công tác (đổi tên)", "display_order": 3}),
        "officials.update" => json!({"position": "Phó Chủ tịch UBND xã"}),
        "users.update" => json!({"full_name": "Người dùng đổi tên"}),
        "api_clients.update" => json!({"name": "Tên mới", "scopes": ["reports.read"]}),
        "plans.replace_content" => content,
        "plans.amend" => json!({"content": content, "reason": "Điều chỉnh theo chỉ đạo"}),
        "plans.return" | "plans.cancel" => json!({"reason": "Chưa đạt yêu cầu"}),
        "plans.issue" => json!({"issue_date": "2024-05-02"}),
        "tasks.update" => json!({"title": "Tiêu đề mới", "progress": 10}),
        "tasks.start" | "tasks.unblock" | "tasks.reopen" | "tasks.cancel" => json!({}),
        "tasks.block" => json!({"text": "Chờ số liệu từ huyện"}),
        "tasks.complete" => json!({"text": "Đã trình Báo cáo số 45/BC-UBND"}),
        "tasks.add_update" => json!({"text": "Đã làm được một nửa", "progress": 50}),
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
            json!({"items": [{"code": "1.1.1", "department_id": s.refs.van_phong}]})
        }
        "index.assessments.remediate" => {
            json!({"plan_id": s.plan, "codes": ["1.1.1"], "due_date": "2024-12-31"})
        }
        "awards.proposals.review" => serde_json::to_value(review_in(true)).unwrap_or_default(),
        "awards.decisions.issue" => json!({"date": "2024-05-02"}),
        "awards.decisions.revoke" => json!({"reason": "Quyết định ban hành sai thẩm quyền"}),
        other => panic!("{other} takes a JSON body: add a valid one to body_for"),
    }
}

/// The answer to one call: status, content type, body without its request id.
async fn answer(res: reqwest::Response) -> Result<(u16, String, Value), reqwest::Error> {
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

/// What the system admin reads of B's resources, to show nothing changed.
async fn snapshot(app: &TestApp, s: &Sibling) -> Result<Vec<Value>, Box<dyn std::error::Error>> {
    let paths = [
        format!("/api/v1/units/{}", s.unit),
        format!("/api/v1/departments/{}", s.department),
        format!("/api/v1/officials/{}", s.official),
        format!("/api/v1/users/{}", s.user),
        format!("/api/v1/api-clients/{}", s.api_client),
        format!("/api/v1/plans/{}", s.plan),
        format!("/api/v1/tasks/{}", s.task),
        format!("/api/v1/tasks/{}/updates", s.task),
        format!("/api/v1/tasks/{}/attachments", s.task),
        format!("/api/v1/index/assessments/{}", s.assessment),
        format!("/api/v1/awards/proposals/{}", s.proposal),
        format!("/api/v1/awards/decisions/{}", s.decision),
    ];
    let mut seen = Vec::new();
    for path in paths {
        let res = app.client.raw(Method::GET, &path).await?.send().await?;
        assert_eq!(res.status().as_u16(), 200, "the admin reads {path}");
        seen.push(res.json().await?);
    }
    Ok(seen)
}

#[tokio::test]
async fn every_operation_on_a_sibling_units_resource_answers_404_and_changes_nothing() -> TestResult
{
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let s = sibling(&app, &w).await?;
    app.user("qt.a", Role::UnitAdmin, Some(w.a().id)).await?;
    // A's admin signs in first: its sign-in is journaled, its calls on B must not be.
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/api/v1/auth/token", app.base_url))
        .form(&[
            ("grant_type", "password"),
            ("username", "qt.a"),
            ("password", USER_PASSWORD),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let token = token["access_token"].as_str().ok_or("no access token")?;
    let seen_before = snapshot(&app, &s).await?;
    let journal = || cchc_server::entity::audit_events::Entity::find().count(&app.db);
    let before = journal().await?;

    let spec: Value = serde_json::from_str(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/openapi.json"
    ))?)?;
    let mut checked = Vec::new();
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    for (path, operations) in spec["paths"].as_object().into_iter().flatten() {
        if !path.contains('{') {
            continue;
        }
        for (method, operation) in operations.as_object().into_iter().flatten() {
            let label = format!("{} {path}", method.to_uppercase());
            if let Some((_, why)) = NOT_SCOPED.iter().find(|(p, _)| path.starts_with(p)) {
                skipped.push(format!("{label}: {why}"));
                continue;
            }
            let op_id = operation["operationId"].as_str().unwrap_or_default();
            let params = operation["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let takes = |name: &str| params.iter().any(|p| p["name"] == name);
            // The call on B's resource, then the same call on ids that do not exist.
            let mut answers = Vec::new();
            for missing in [false, true] {
                let url: Vec<String> = path
                    .split('/')
                    .map(|segment| match segment {
                        "{year}" => "2024".to_owned(),
                        s2 if s2.starts_with('{') => {
                            let param = s2.trim_matches(|c| c == '{' || c == '}');
                            let id = id_for(path, param, &s).unwrap_or_else(Uuid::now_v7);
                            if missing { Uuid::now_v7() } else { id }.to_string()
                        }
                        s2 => s2.to_owned(),
                    })
                    .collect();
                let mut request = http
                    .request(
                        method.to_uppercase().parse()?,
                        format!("{}{}", app.base_url, url.join("/")),
                    )
                    .bearer_auth(token);
                if takes("If-Match") {
                    request = request.header("if-match", "*");
                }
                let content = &operation["requestBody"]["content"];
                if content.get("application/json").is_some() {
                    request = request.json(&body_for(op_id, &s));
                } else if content.get("multipart/form-data").is_some() {
                    let part = reqwest::multipart::Part::bytes(b"%PDF-1.7\n%%EOF\n".to_vec())
                        .file_name("bao-cao.pdf")
                        .mime_str("application/pdf")?;
                    request = request.multipart(reqwest::multipart::Form::new().part("file", part));
                } else if let Some(other) = content.as_object().and_then(|c| c.keys().next()) {
                    panic!("{label}: a body of {other}: teach the walk to send one");
                }
                answers.push(answer(request.send().await?).await?);
            }
            let (status, content_type, body) = &answers[0];
            if (*status, content_type.as_str(), body["code"].as_str())
                != (404, "application/problem+json", Some("not_found"))
            {
                failures.push(format!(
                    "{label} ({op_id}) -> {status} {content_type} {body}"
                ));
            } else if answers[0] != answers[1] {
                failures.push(format!(
                    "{label} ({op_id}): B's id answers {:?}, a missing id {:?}",
                    answers[0], answers[1]
                ));
            }
            checked.push(label);
        }
    }
    for skip in &skipped {
        eprintln!("not walked: {skip}");
    }
    for failure in &failures {
        eprintln!("LEAK: {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} operations answered other than a missing id:\n{}",
        failures.len(),
        checked.len(),
        failures.join("\n")
    );
    assert!(
        checked.len() > 50,
        "only {} operations checked",
        checked.len()
    );
    assert_eq!(
        journal().await?,
        before,
        "a call on another unit's resource changed something"
    );
    assert_eq!(
        snapshot(&app, &s).await?,
        seen_before,
        "B's resources changed"
    );
    Ok(())
}
