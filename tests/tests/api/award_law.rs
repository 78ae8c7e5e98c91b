//! The award law by date: money, authority and the gaps of the rules across 1 July 2025
//! (NĐ 152/2025/NĐ-CP and two-level local government) and 1 July 2026 (NĐ 161/2026/NĐ-CP's
//! base salary), every amount computed by hand and rounded up to the next ten thousand đồng.

use cchc_sdk::types::awards::{
    AwardForm, IssueDecision, MultiplePeriod, ProposalIn, ProposalOut, RecipientIn, RecipientKind,
};
use chrono::NaiveDate;

use crate::awards::{decision_in, issued, on, proposal_for, recommended};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

/// A Giấy khen proposal of commune A for `kind`: an official, a department (collective) or a
/// household.
fn giay_khen(w: &World, kind: RecipientKind, year: i32) -> ProposalIn {
    let base = proposal_for(w, w.officials[0], AwardForm::GiayKhen, year);
    let recipient = match kind {
        RecipientKind::Department => RecipientIn {
            kind,
            official_id: None,
            department_id: Some(w.a().van_phong()),
            unit_id: None,
            name: None,
            description: None,
        },
        RecipientKind::Household => RecipientIn {
            kind,
            official_id: None,
            department_id: None,
            unit_id: None,
            name: Some("Hộ ông Trần Văn Bình".into()),
            description: Some("Thôn Phú Thứ".into()),
        },
        _ => base.recipient.clone(),
    };
    ProposalIn { recipient, ..base }
}

#[tokio::test]
async fn giay_khen_money_follows_the_law_of_the_decision_date() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    // Hand computation: multiple × base salary, rounded up to the next 10,000 đ.
    //   NĐ 98/2023 (until 30/6/2025), base 2,340,000 (NĐ 73/2024):
    //     individual 0.15 → 351,000 → 360,000; collective 0.3 → 702,000 → 710,000;
    //     household 0.15 → 360,000.
    //   NĐ 152/2025 (from 1/7/2025), base 2,340,000:
    //     individual 0.3 → 702,000 → 710,000; collective 0.6 → 1,404,000 → 1,410,000;
    //     household 1.5 × 0.3 = 0.45 → 1,053,000 → 1,060,000.
    //   NĐ 152/2025, base 2,530,000 (NĐ 161/2026, from 1/7/2026):
    //     individual 0.3 → 759,000 → 760,000.
    let cases: [(RecipientKind, IssueDecision, i64); 7] = [
        (RecipientKind::Official, on(2025, 6, 30), 360_000),
        (RecipientKind::Department, on(2025, 6, 30), 710_000),
        (RecipientKind::Household, on(2025, 6, 30), 360_000),
        (RecipientKind::Official, on(2025, 7, 1), 710_000),
        (RecipientKind::Department, on(2025, 7, 1), 1_410_000),
        (RecipientKind::Household, on(2025, 7, 1), 1_060_000),
        (RecipientKind::Official, on(2026, 11, 20), 760_000),
    ];
    for (kind, date, expected) in cases {
        let when = date.date;
        let p = recommended(&app, &giay_khen(&w, kind, 2025)).await?;
        let d = issued(&app, w.a(), AwardForm::GiayKhen, &[&p], date).await?;
        assert_eq!(
            (d.recipients[0].money, d.total_money),
            (expected, expected),
            "{kind:?} on {when:?}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn a_date_with_no_rule_in_force_or_in_the_future_is_refused() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    let p = recommended(&app, &giay_khen(&w, RecipientKind::Official, 2016)).await?;
    let decisions = app.client.award_decisions();
    let d = decisions
        .create(&decision_in(w.a(), AwardForm::GiayKhen, &[&p]))
        .await?
        .into_inner();
    let err = decisions
        .issue(&d, &on(2016, 12, 30))
        .await
        .expect_err("no rule in force in 2016");
    let problem = err.problem().ok_or("a problem")?;
    assert_eq!(problem.status, 422);
    assert!(
        problem
            .errors
            .iter()
            .all(|e| e.field == "date" && e.code == "no_rule_in_force"),
        "{problem:?}"
    );
    let tomorrow = chrono::Utc::now().date_naive() + chrono::Duration::days(2);
    let err = decisions
        .issue(
            &d,
            &IssueDecision {
                date: Some(tomorrow),
            },
        )
        .await
        .expect_err("a date to come");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("in_future")
    );
    let unchanged = decisions.get(d.id).await?.into_inner();
    assert_eq!((unchanged.total_money, unchanged.version), (0, d.version));
    Ok(())
}

#[tokio::test]
async fn the_authority_of_a_commune_changes_on_1_july_2025() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    let collective = |year| ProposalIn {
        form: AwardForm::TapTheLaoDongTienTien,
        ..giay_khen(&w, RecipientKind::Department, year)
    };
    let decisions = app.client.award_decisions();
    // Before 1/7/2025 "Tập thể lao động tiên tiến" was the district chairman's to grant.
    let p: ProposalOut = recommended(&app, &collective(2024)).await?;
    let d = decisions
        .create(&decision_in(w.a(), AwardForm::TapTheLaoDongTienTien, &[&p]))
        .await?
        .into_inner();
    let err = decisions
        .issue(&d, &on(2025, 6, 30))
        .await
        .expect_err("beyond a commune's authority before 1/7/2025");
    let problem = err.problem().ok_or("a problem")?;
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("form", "beyond_authority")
    );
    // From 1/7/2025 the commune chairman grants it: 0.8 × 2,340,000 = 1,872,000 → 1,880,000.
    let done = decisions.issue(&d, &on(2025, 7, 1)).await?.into_inner();
    assert_eq!(done.total_money, 1_880_000);
    // And the district, gone from 1/7/2025, grants nothing after it (a draft of its may
    // still be made, for a decision dated before).
    let q = recommended(&app, &collective(2025)).await?;
    let by_district = decisions
        .create(&decision_in(
            &w.district,
            AwardForm::TapTheLaoDongTienTien,
            &[&q],
        ))
        .await?
        .into_inner();
    let err = decisions
        .issue(&by_district, &on(2025, 7, 1))
        .await
        .expect_err("a district decision after 1/7/2025");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("beyond_authority")
    );
    Ok(())
}

#[tokio::test]
async fn a_period_an_issued_decision_used_cannot_change_but_a_new_one_can_be_added() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    let p = recommended(&app, &giay_khen(&w, RecipientKind::Official, 2025)).await?;
    let d = issued(&app, w.a(), AwardForm::GiayKhen, &[&p], on(2025, 7, 1)).await?;
    let current = app.client.awards().rules().await?.into_inner();
    let periods = &current.rules.multiples;
    assert!(periods.iter().all(|p| !p.legal_basis.is_empty()));
    let mut changed = current.rules.clone();
    let last = changed.multiples.last_mut().ok_or("a period")?;
    last.multiples.iter_mut().for_each(|m| m.multiple *= 2.0);
    let err = app
        .client
        .awards()
        .replace_rules(&current, &changed)
        .await
        .expect_err("the period of an issued decision");
    let problem = err.problem().ok_or("a problem")?;
    assert_eq!((problem.status, problem.code.as_str()), (409, "in_use"));
    assert_eq!(
        problem.referenced_by.clone().unwrap_or_default(),
        vec![format!("award_decision:{}", d.id)]
    );
    // A new period from a later date leaves the issued decision as it was.
    let mut extended = current.rules.clone();
    let mut next: MultiplePeriod = extended.multiples.last().ok_or("a period")?.clone();
    next.valid_from = NaiveDate::from_ymd_opt(2027, 1, 1).ok_or("date")?;
    next.legal_basis = "Nghị định sửa đổi (thử nghiệm)".into();
    extended.multiples.push(next);
    let saved = app
        .client
        .awards()
        .replace_rules(&current, &extended)
        .await?
        .into_inner();
    assert_eq!(saved.rules.multiples.len(), periods.len() + 1);
    Ok(())
}
