//! Departments write the causes and proposed solutions of lost items (the seed's V.3):
//! the responsible department's officer may, another department's may not, another unit
//! sees nothing, an item that lost nothing has no cause, and the analysis shows it.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::index::{AssessmentListQuery, CauseIn, ResponsibilitiesIn, ResponsibilityIn};
use cchc_sdk::types::units::UnitListQuery;

use crate::common::{TestApp, TestResult};

const DEMO_PASSWORD: &str = "demo-password-for-tests";

#[tokio::test]
async fn the_responsible_department_writes_why_points_were_lost() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.demo = cchc_server::config::DemoSetting::Flag(true);
        c.demo_password = DEMO_PASSWORD.into();
    })
    .await;
    let communes = app
        .client
        .units()
        .list(&UnitListQuery {
            q: Some("hoa tan tay".into()),
            ..Default::default()
        })
        .await?;
    let commune = communes
        .data
        .iter()
        .find(|u| u.name == "Xã Hòa Tân Tây")
        .ok_or("the demo commune")?;
    let assessments = app.client.assessments();
    let query = AssessmentListQuery {
        unit_id: Some(commune.id),
        year: Some(2023),
        ..Default::default()
    };
    let assessment = assessments
        .list(&query)
        .await?
        .data
        .into_iter()
        .next()
        .ok_or("the demo's 2023 assessment")?;
    let analysis = assessments.analysis(assessment.id).await?;
    let item = analysis.items.first().ok_or("a lost item")?.clone();
    // Văn phòng - Thống kê answers for the item (its officer is a demo login).
    let van_phong = app
        .client
        .departments()
        .list(&Default::default())
        .await?
        .data
        .into_iter()
        .find(|d| d.unit_id == commune.id && d.name.starts_with("Văn phòng"))
        .ok_or("Văn phòng - Thống kê")?;
    let fresh = assessments.get(assessment.id).await?.into_inner();
    let responsibilities = ResponsibilitiesIn {
        items: vec![ResponsibilityIn {
            code: item.code.clone(),
            department_id: Some(van_phong.id),
        }],
    };
    assessments
        .set_responsibilities(&fresh, &responsibilities)
        .await?;
    let officer = app.login("vanphong.hoatantay", DEMO_PASSWORD);
    let input = CauseIn {
        cause: "Chưa cập nhật kịp thời thủ tục hành chính lên Cổng dịch vụ công.".into(),
        solution: "Rà soát hằng tháng, phân công một công chức theo dõi.".into(),
    };
    let written = officer
        .assessments()
        .set_cause(assessment.id, &item.code, &input)
        .await?;
    assert_eq!(written.department_id, Some(van_phong.id));
    assert_eq!(written.lost_points, item.lost_points);
    let shown = assessments.analysis(assessment.id).await?;
    let again = shown
        .items
        .iter()
        .find(|i| i.code == item.code)
        .ok_or("the item")?;
    assert_eq!(again.cause.as_deref(), Some(input.cause.as_str()));
    assert_eq!(again.solution.as_deref(), Some(input.solution.as_str()));
    // Journaled on the assessment, naming the operation.
    let events = app
        .client
        .audit_events()
        .list(&cchc_sdk::types::audit::AuditEventListQuery {
            operation: Some("index.assessments.set_cause".into()),
            ..Default::default()
        })
        .await?;
    assert_eq!(events.data.len(), 1);
    // An officer of no department answering for it may not; an item with no loss has none.
    let (_, stranger) = app
        .user("can.bo.khac", Role::DepartmentOfficer, Some(commune.id))
        .await?;
    let refused = stranger
        .assessments()
        .set_cause(assessment.id, &item.code, &input)
        .await
        .err()
        .ok_or("another department wrote the cause")?;
    assert_eq!(refused.status(), Some(403));
    let unknown = officer
        .assessments()
        .set_cause(assessment.id, "9.9.9", &input)
        .await
        .err()
        .ok_or("an unknown code was accepted")?;
    assert_eq!(unknown.status(), Some(404));
    // Another unit's admin does not see the assessment at all.
    let other = app
        .client
        .units()
        .list(&UnitListQuery {
            q: Some("hoa dong".into()),
            ..Default::default()
        })
        .await?
        .data
        .into_iter()
        .find(|u| u.id != commune.id)
        .ok_or("another commune")?;
    let (_, outsider) = app
        .user("quan.tri.khac", Role::UnitAdmin, Some(other.id))
        .await?;
    let hidden = outsider
        .assessments()
        .set_cause(assessment.id, &item.code, &input)
        .await
        .err()
        .ok_or("another unit wrote the cause")?;
    assert_eq!(hidden.status(), Some(404));
    // Blank causes are refused before anything is read.
    let blank = CauseIn {
        cause: "  ".into(),
        solution: String::new(),
    };
    let refused = officer
        .assessments()
        .set_cause(assessment.id, &item.code, &blank)
        .await
        .err()
        .ok_or("a blank cause was accepted")?;
    assert_eq!(refused.status(), Some(422));
    Ok(())
}

#[tokio::test]
async fn an_item_that_lost_nothing_has_no_cause() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.demo = cchc_server::config::DemoSetting::Flag(true);
        c.demo_password = DEMO_PASSWORD.into();
    })
    .await;
    let assessments = app.client.assessments();
    let query = AssessmentListQuery {
        year: Some(2023),
        limit: Some(200),
        ..Default::default()
    };
    for a in assessments.list(&query).await?.data {
        let full = assessments.get(a.id).await?.into_inner();
        let analysis = assessments.analysis(a.id).await?;
        let lost: Vec<&str> = analysis.items.iter().map(|i| i.code.as_str()).collect();
        let Some(kept) = full
            .items
            .iter()
            .map(|i| i.code.as_str())
            .find(|c| !lost.contains(c))
        else {
            continue;
        };
        let input = CauseIn {
            cause: "Không có".into(),
            solution: String::new(),
        };
        let err = assessments
            .set_cause(a.id, kept, &input)
            .await
            .err()
            .ok_or("a cause for an item that lost nothing")?;
        assert_eq!(err.status(), Some(422));
        assert_eq!(
            err.problem().map(|p| p.errors[0].code.clone()).as_deref(),
            Some("not_lost")
        );
        return Ok(());
    }
    Err("no demo assessment has an item at full points".into())
}
