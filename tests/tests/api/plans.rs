//! Plans: the seed plan round trip, the lifecycle and its refusals, atomic numbering,
//! frozen issued plans and amendments.

use cchc_sdk::types::audit::AuditEventListQuery;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::plans::{
    IssueRequest, PlanAmendment, PlanIn, PlanListQuery, PlanOut, PlanStatus,
};
use cchc_server::demo_plan::seed_plan_content;
use chrono::NaiveDate;
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

/// A draft of the seed plan in Hòa Tân Tây, naming its departments and chairman.
pub(crate) async fn draft(app: &TestApp, w: &World) -> Result<PlanOut, cchc_sdk::Error> {
    let input = PlanIn {
        unit_id: w.a().id,
        content: seed_plan_content(w.a().seed_refs()),
    };
    Ok(app.client.plans().create(&input).await?.into_inner())
}

#[tokio::test]
async fn the_seed_plan_round_trips_field_for_field() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let content = seed_plan_content(w.a().seed_refs());
    let created = app
        .client
        .plans()
        .create(&PlanIn {
            unit_id: w.a().id,
            content: content.clone(),
        })
        .await?;
    assert_eq!(created.http_status, 201);
    assert_eq!(created.status, PlanStatus::Draft);
    assert_eq!(created.number, None);
    assert_eq!(
        created.number_symbol, "   /KH-UBND",
        "a draft's number is blank, like the seed"
    );
    let fetched = app.client.plans().get(created.id).await?.into_inner();
    assert_eq!(fetched.content, content);
    assert_eq!(fetched.content.implementation.len(), 3);
    assert_eq!(fetched.content.implementation[0].duties.len(), 4);
    assert_eq!(fetched.content.participants.len(), 8);
    assert_eq!(fetched.content.recipients.len(), 6);
    assert_eq!(
        fetched.content.legal_bases[0].number_symbol.as_deref(),
        Some("863/QĐ-UBND")
    );
    assert_eq!(
        fetched.allowed_actions,
        ["replace_content", "submit", "cancel"]
    );
    Ok(())
}

#[tokio::test]
async fn the_lifecycle_runs_and_refuses_illegal_steps() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let plans = app.client.plans();
    let p = draft(&app, &w).await?;
    for (what, result) in [
        (
            "issue a draft",
            plans.issue(&p, &IssueRequest::default()).await,
        ),
        ("start a draft", plans.start(&p).await),
        ("complete a draft", plans.complete(&p).await),
        (
            "amend a draft",
            plans
                .amend(
                    &p,
                    &PlanAmendment {
                        content: p.content.clone(),
                        reason: Some("x".into()),
                    },
                )
                .await,
        ),
    ] {
        let err = result.err().ok_or(what)?;
        assert_eq!(err.code(), Some("invalid_transition"), "{what}");
        assert_eq!(
            err.problem().and_then(|e| e.allowed_actions.clone()),
            Some(vec![
                "replace_content".into(),
                "submit".into(),
                "cancel".into()
            ])
        );
    }
    let p = plans.submit(&p).await?.into_inner();
    assert!(
        plans
            .return_to_draft(&p, " ")
            .await
            .err()
            .is_some_and(|e| e.is_validation()),
        "a return needs a reason"
    );
    let p = plans
        .return_to_draft(&p, "Bổ sung thành phần")
        .await?
        .into_inner();
    assert_eq!(p.status, PlanStatus::Draft);
    let p = plans.submit(&p).await?.into_inner();
    let p = plans
        .issue(
            &p,
            &IssueRequest {
                issue_date: NaiveDate::from_ymd_opt(2024, 4, 15),
            },
        )
        .await?
        .into_inner();
    assert_eq!(
        (p.status, p.number, p.number_symbol.as_str()),
        (PlanStatus::Issued, Some(1), "01/KH-UBND")
    );
    assert_eq!(p.issue_date, NaiveDate::from_ymd_opt(2024, 4, 15));
    let p = plans.start(&p).await?.into_inner();
    let p = plans.complete(&p).await?.into_inner();
    assert_eq!(p.status, PlanStatus::Completed);
    assert!(p.allowed_actions.is_empty());
    let err = plans
        .cancel(&p, Some("late"))
        .await
        .err()
        .ok_or("cancelled a completed plan")?;
    assert_eq!(err.code(), Some("invalid_transition"));
    let events = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            resource_id: Some(p.id),
            action: Some("issue".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(
        events.data[0].changes["number_symbol"],
        json!({"before": null, "after": "01/KH-UBND"})
    );
    Ok(())
}

#[tokio::test]
async fn an_issued_plan_is_frozen_and_corrected_by_amendment() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let plans = app.client.plans();
    let p = draft(&app, &w).await?;
    let mut content = p.content.clone();
    content.closing = Some("Đã sửa khi còn là dự thảo.".into());
    let p = plans.replace_content(&p, &content).await?.into_inner();
    assert_eq!(
        p.content.closing.as_deref(),
        Some("Đã sửa khi còn là dự thảo.")
    );
    let p = plans.submit(&p).await?.into_inner();
    let p = plans
        .issue(&p, &IssueRequest::default())
        .await?
        .into_inner();
    let err = plans
        .replace_content(&p, &content)
        .await
        .err()
        .ok_or("edited an issued plan")?;
    assert_eq!(err.code(), Some("invalid_transition"));
    let mut corrected = p.content.clone();
    corrected.schedule[0].text =
        Some("Thời gian tổ chức Hội nghị: ngày 20 tháng 5 năm 2024.".into());
    let no_reason = plans
        .amend(
            &p,
            &PlanAmendment {
                content: corrected.clone(),
                reason: None,
            },
        )
        .await;
    assert!(no_reason.err().is_some_and(|e| e.is_validation()));
    let amended = plans
        .amend(
            &p,
            &PlanAmendment {
                content: corrected.clone(),
                reason: Some("Chốt ngày hội nghị".into()),
            },
        )
        .await?
        .into_inner();
    assert_eq!(
        (amended.number, amended.revision),
        (p.number, 1),
        "same number, next revision"
    );
    assert_eq!(amended.content, corrected);
    // The stale copy cannot amend again.
    let stale = plans
        .amend(
            &p,
            &PlanAmendment {
                content: corrected,
                reason: Some("again".into()),
            },
        )
        .await;
    assert!(stale.err().is_some_and(|e| e.is_precondition_failed()));
    Ok(())
}

#[tokio::test]
async fn plans_issued_at_the_same_instant_get_distinct_consecutive_numbers() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let mut submitted = Vec::new();
    for _ in 0..12 {
        let p = draft(&app, &w).await?;
        submitted.push(app.client.plans().submit(&p).await?.into_inner());
    }
    let date = IssueRequest {
        issue_date: NaiveDate::from_ymd_opt(2024, 6, 1),
    };
    let plans = app.client.plans();
    let issued = join_all(submitted.iter().map(|p| plans.issue(p, &date))).await;
    let mut numbers = Vec::new();
    for result in issued {
        numbers.push(result?.number.ok_or("no number")?);
    }
    numbers.sort();
    assert_eq!(numbers, (1..=12).collect::<Vec<_>>());
    // A new calendar year starts again at 01.
    let p = app
        .client
        .plans()
        .submit(&draft(&app, &w).await?)
        .await?
        .into_inner();
    let next_year = app
        .client
        .plans()
        .issue(
            &p,
            &IssueRequest {
                issue_date: NaiveDate::from_ymd_opt(2025, 1, 2),
            },
        )
        .await?;
    assert_eq!(next_year.number_symbol, "01/KH-UBND");
    Ok(())
}

#[tokio::test]
async fn plans_are_filtered_and_found_by_title_or_number() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let kept = draft(&app, &w).await?;
    let p = app
        .client
        .plans()
        .submit(&draft(&app, &w).await?)
        .await?
        .into_inner();
    let issued = app
        .client
        .plans()
        .issue(
            &p,
            &IssueRequest {
                issue_date: NaiveDate::from_ymd_opt(2024, 4, 15),
            },
        )
        .await?
        .into_inner();
    let ids = |page: cchc_sdk::types::common::Page<PlanOut>| {
        page.data.into_iter().map(|p| p.id).collect::<Vec<_>>()
    };
    let q = |f: PlanListQuery| f;
    assert_eq!(
        ids(app
            .client
            .plans()
            .list(&q(PlanListQuery {
                status: Some(PlanStatus::Draft),
                ..Default::default()
            }))
            .await?),
        vec![kept.id]
    );
    assert_eq!(
        ids(app
            .client
            .plans()
            .list(&q(PlanListQuery {
                q: Some("01/KH".into()),
                ..Default::default()
            }))
            .await?),
        vec![issued.id]
    );
    assert_eq!(
        ids(app
            .client
            .plans()
            .list(&q(PlanListQuery {
                q: Some("hoi nghi danh gia".into()),
                ..Default::default()
            }))
            .await?)
        .len(),
        2
    );
    let april = PlanListQuery {
        issued_from: NaiveDate::from_ymd_opt(2024, 4, 1),
        issued_to: NaiveDate::from_ymd_opt(2024, 4, 30),
        ..Default::default()
    };
    assert_eq!(ids(app.client.plans().list(&april).await?), vec![issued.id]);
    assert!(
        app.client
            .plans()
            .list(&PlanListQuery {
                year: Some(2022),
                ..Default::default()
            })
            .await?
            .data
            .is_empty()
    );
    Ok(())
}

#[tokio::test]
async fn bad_plans_are_422_naming_each_field() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let mut content = seed_plan_content(w.a().seed_refs());
    // First the shape the spec states: an empty issuer is below its minLength.
    let mut shape = content.clone();
    shape.legal_bases[0].issuer = String::new();
    let err = app
        .client
        .plans()
        .create(&PlanIn {
            unit_id: w.a().id,
            content: shape,
        })
        .await
        .err()
        .ok_or("accepted")?;
    let fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["content.legal_bases[0].issuer"]);
    // Then the rules, every field named at once.
    content.title = "  ".into();
    content.legal_bases[0].issuer = " ".into();
    content.implementation[0].duties[1] = String::new();
    content.signer.official_id = Some(uuid::Uuid::now_v7());
    let err = app
        .client
        .plans()
        .create(&PlanIn {
            unit_id: w.a().id,
            content: content.clone(),
        })
        .await
        .err()
        .ok_or("accepted")?;
    let mut fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    fields.sort();
    assert_eq!(
        fields,
        [
            "implementation[0].duties[1]",
            "legal_bases[0].issuer",
            "signer.official_id",
            "title"
        ]
    );
    // Another commune's departments are not this plan's.
    let other = PlanIn {
        unit_id: w.b().id,
        content: seed_plan_content(w.a().seed_refs()),
    };
    let err = app
        .client
        .plans()
        .create(&other)
        .await
        .err()
        .ok_or("accepted")?;
    assert!(err.problem().is_some_and(|p| {
        p.errors
            .iter()
            .any(|e| e.field == "implementation[0].department_id")
    }));
    let res = app
        .client
        .raw(Method::POST, "/api/v1/plans")
        .await?
        .json(&json!({"unit_id": w.a().id, "kind": "party"}))
        .send()
        .await?;
    problem(res, 422).await?;
    Ok(())
}

#[tokio::test]
async fn plans_keep_to_the_unit_scope_and_roles() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let p = draft(&app, &w).await?;
    let (_, admin_other) = app
        .user("admin.hoadong", Role::UnitAdmin, Some(w.b().id))
        .await?;
    let (_, viewer) = app
        .user("xem.hoatantay", Role::Viewer, Some(w.a().id))
        .await?;
    assert!(
        admin_other
            .plans()
            .get(p.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_other
            .plans()
            .submit(&p)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_other
            .plans()
            .list(&Default::default())
            .await?
            .data
            .is_empty()
    );
    assert_eq!(viewer.plans().get(p.id).await?.id, p.id);
    assert!(
        viewer
            .plans()
            .submit(&p)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    assert!(
        viewer
            .plans()
            .create(&PlanIn {
                unit_id: w.a().id,
                content: p.content.clone()
            })
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    problem(
        app.anonymous()
            .anonymous(Method::GET, "/api/v1/plans")?
            .send()
            .await?,
        401,
    )
    .await?;
    Ok(())
}

async fn download(
    app: &TestApp,
    id: uuid::Uuid,
    format: cchc_sdk::types::plans::DocumentFormat,
) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use futures_util::TryStreamExt;
    let chunks: Vec<bytes::Bytes> = app
        .client
        .plans()
        .document(id, format)
        .await?
        .try_collect()
        .await?;
    Ok(chunks.concat())
}

#[tokio::test]
async fn the_seed_plan_renders_as_docx_with_every_section_and_the_signer() -> TestResult {
    use std::io::Read;
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let p = app
        .client
        .plans()
        .submit(&draft(&app, &w).await?)
        .await?
        .into_inner();
    let p = app
        .client
        .plans()
        .issue(
            &p,
            &IssueRequest {
                issue_date: NaiveDate::from_ymd_opt(2024, 4, 15),
            },
        )
        .await?
        .into_inner();
    let bytes = download(&app, p.id, cchc_sdk::types::plans::DocumentFormat::Docx).await?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")?.read_to_string(&mut xml)?;
    for expected in [
        "Số: 01/KH-UBND",
        "Hòa Tân Tây, ngày 15 tháng 4 năm 2024",
        "KẾ HOẠCH",
        "Tổ chức Hội nghị đánh giá, phân tích chỉ số cải cách hành chính năm 2023",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "III. THÀNH PHẦN VÀ THỜI GIAN THỰC HIỆN",
        "IV. KINH PHÍ THỰC HIỆN",
        "V. TỔ CHỨC THỰC HIỆN",
        "Căn cứ Quyết định số 863/QĐ-UBND ngày 09/04/2024",
        "- Phòng Nội vụ (thay b/c);",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        "Lê Văn Vũ",
        "Times New Roman",
    ] {
        assert!(xml.contains(expected), "the DOCX lacks '{expected}'");
    }
    assert!(xml.contains("w:jc w:val=\"both\""), "the body is justified");
    Ok(())
}

#[tokio::test]
async fn a_draft_renders_as_pdf_with_embedded_fonts_and_a_blank_number() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    let p = draft(&app, &w).await?;
    let pdf = download(&app, p.id, cchc_sdk::types::plans::DocumentFormat::Pdf).await?;
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/FontFile2"), "fonts are embedded");
    assert!(
        text.contains("LiberationSerif"),
        "the embedded font is Liberation Serif"
    );
    assert!(text.contains("/MediaBox[0 0 595.28 841.89]"), "A4 pages");
    let docx = download(&app, p.id, cchc_sdk::types::plans::DocumentFormat::Docx).await?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx))?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml")?, &mut xml)?;
    assert!(
        xml.contains("Số:    /KH-UBND"),
        "a draft's number is blank, like the seed"
    );
    // Another unit's plan is not there to download.
    let (_, other) = app
        .user("admin.hoadong", Role::UnitAdmin, Some(w.b().id))
        .await?;
    assert!(
        other
            .plans()
            .document(p.id, cchc_sdk::types::plans::DocumentFormat::Pdf)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    Ok(())
}
