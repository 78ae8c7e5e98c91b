//! Awards: the proposal and decision lifecycles, the issuer's authority, money from the
//! base salary in force on the decision date, one title a year, the quota, numbering under
//! concurrency, the decision document.

use cchc_sdk::types::awards::{
    AwardForm, AwardListQuery, BaseSalary, DecisionIn, DecisionOut, DecisionSigner, DecisionStatus,
    IssueDecision, ProposalIn, ProposalOut, ProposalStatus, RecipientIn, RecipientKind, ReviewIn,
    RevokeDecision,
};
use cchc_sdk::types::plans::DocumentFormat;
use cchc_sdk::types::units::UnitOut;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::common::fixtures::{proposal_in, review_in};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};

/// A proposal by Hòa Tân Tây for one of its officials.
pub(crate) fn proposal_for(w: &World, official: Uuid, form: AwardForm, year: i32) -> ProposalIn {
    proposal_in(w.a(), official, form, year)
}

/// A proposal through submission and a recommending review.
pub(crate) async fn recommended(
    app: &TestApp,
    input: &ProposalIn,
) -> Result<ProposalOut, cchc_sdk::Error> {
    let proposals = app.client.award_proposals();
    let p = proposals.create(input).await?.into_inner();
    let p = proposals.submit(&p).await?.into_inner();
    Ok(proposals.review(&p, &review_in(true)).await?.into_inner())
}

pub(crate) fn decision_in(
    issuer: &UnitOut,
    form: AwardForm,
    proposals: &[&ProposalOut],
) -> DecisionIn {
    DecisionIn {
        unit_id: issuer.id,
        form,
        proposal_ids: proposals.iter().map(|p| p.id).collect(),
        issuing_body: format!("Ủy ban nhân dân {}", issuer.name),
        parent_body: None,
        issuer_code: "UBND".into(),
        place: "Hòa Tân Tây".into(),
        legal_bases: vec!["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into()],
        proposed_by: "Hội đồng Thi đua - Khen thưởng xã".into(),
        funding_source: "Quỹ thi đua, khen thưởng của xã".into(),
        executors: vec![
            "Văn phòng - Thống kê".into(),
            "các cá nhân có tên tại Điều 1".into(),
        ],
        distribution: vec!["Như Điều 3".into()],
        signer: DecisionSigner {
            authority_line: None,
            title: "Chủ tịch".into(),
            name: "Lê Văn Vũ".into(),
        },
    }
}

pub(crate) fn on(y: i32, m: u32, d: u32) -> IssueDecision {
    IssueDecision {
        date: NaiveDate::from_ymd_opt(y, m, d),
    }
}

pub(crate) async fn issued(
    app: &TestApp,
    issuer: &UnitOut,
    form: AwardForm,
    proposals: &[&ProposalOut],
    date: IssueDecision,
) -> Result<DecisionOut, cchc_sdk::Error> {
    let decisions = app.client.award_decisions();
    let d = decisions
        .create(&decision_in(issuer, form, proposals))
        .await?
        .into_inner();
    Ok(decisions.issue(&d, &date).await?.into_inner())
}

#[tokio::test]
async fn proposals_and_decisions_allow_only_their_own_steps() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(2).build(&app).await?;
    let proposals = app.client.award_proposals();
    let decisions = app.client.award_decisions();
    let input = proposal_for(&w, w.officials[0], AwardForm::LaoDongTienTien, 2024);
    let p = proposals.create(&input).await?.into_inner();
    assert_eq!(p.status, ProposalStatus::Draft);
    assert_eq!(p.recipient.name, "Nguyễn Văn A");
    let err = proposals
        .review(&p, &review_in(true))
        .await
        .expect_err("not submitted");
    let problem = err.problem().expect("problem");
    assert_eq!(problem.code, "invalid_transition");
    assert_eq!(
        problem.allowed_actions,
        Some(vec!["submit".into(), "withdraw".into()])
    );
    let p = proposals.submit(&p).await?.into_inner();
    let split = ReviewIn {
        votes_for: 2,
        votes_against: 3,
        ..review_in(true)
    };
    let err = proposals
        .review(&p, &split)
        .await
        .expect_err("more against than for");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("vote_mismatch")
    );
    let p = proposals.review(&p, &review_in(true)).await?.into_inner();
    assert_eq!(p.status, ProposalStatus::Recommended);
    assert_eq!(
        p.review.as_ref().map(|r| r.minutes_reference.as_str()),
        Some("05/BB-HĐTĐKT")
    );

    // A Lao động tiên tiến for a department is refused: the title is for individuals.
    let mut wrong = input.clone();
    wrong.recipient = RecipientIn {
        kind: RecipientKind::Household,
        name: Some("Hộ ông Trần Văn B".into()),
        official_id: None,
        ..wrong.recipient
    };
    let err = proposals
        .create(&wrong)
        .await
        .expect_err("title for individuals");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("not_for_recipient")
    );

    let d = decisions
        .create(&decision_in(w.a(), AwardForm::LaoDongTienTien, &[&p]))
        .await?
        .into_inner();
    assert_eq!(
        (d.status, d.number_symbol.as_str()),
        (DecisionStatus::Draft, "   /QĐ-UBND")
    );
    let current = proposals.get(p.id).await?.into_inner();
    let err = proposals
        .withdraw(&current)
        .await
        .expect_err("in a decision");
    assert_eq!(err.status(), Some(409));
    let again = decisions
        .create(&decision_in(w.a(), AwardForm::LaoDongTienTien, &[&p]))
        .await
        .expect_err("one decision per proposal");
    assert_eq!(
        again.problem().map(|p| p.errors[0].code.as_str()),
        Some("in_decision")
    );
    let err = decisions
        .revoke(
            &d,
            &RevokeDecision {
                reason: "Nhầm".into(),
            },
        )
        .await
        .expect_err("a draft is not revoked");
    assert_eq!(
        err.problem().and_then(|p| p.allowed_actions.clone()),
        Some(vec!["issue".into()])
    );

    let d = decisions.issue(&d, &on(2024, 8, 1)).await?.into_inner();
    assert_eq!(d.status, DecisionStatus::Issued);
    assert_eq!(d.number_symbol, "01/QĐ-UBND");
    assert_eq!((d.base_salary, d.total_money), (Some(2_340_000), 710_000));
    assert_eq!(d.recipients[0].money, 710_000);
    let err = decisions
        .issue(&d, &on(2024, 8, 2))
        .await
        .expect_err("issued once");
    assert_eq!(err.status(), Some(409));
    assert_eq!(proposals.get(p.id).await?.status, ProposalStatus::Awarded);

    let history = app
        .client
        .awards()
        .list(&AwardListQuery {
            official_id: Some(w.officials[0]),
            ..AwardListQuery::default()
        })
        .await?;
    assert_eq!(history.data.len(), 1);
    assert_eq!(history.data[0].number_symbol, "01/QĐ-UBND");
    assert!(!history.data[0].revoked);
    let d = decisions
        .revoke(
            &d,
            &RevokeDecision {
                reason: "Sai đối tượng".into(),
            },
        )
        .await?
        .into_inner();
    assert_eq!(
        (d.status, d.revoke_reason.as_deref()),
        (DecisionStatus::Revoked, Some("Sai đối tượng"))
    );
    let err = decisions
        .revoke(
            &d,
            &RevokeDecision {
                reason: "Lần nữa".into(),
            },
        )
        .await
        .expect_err("revoked once");
    assert_eq!(err.status(), Some(409));
    let history = app
        .client
        .awards()
        .list(&AwardListQuery {
            q: Some("nguyen van a".into()),
            ..AwardListQuery::default()
        })
        .await?;
    assert!(history.data[0].revoked);
    Ok(())
}

#[tokio::test]
async fn money_is_the_multiple_of_the_base_salary_in_force_on_the_decision_date() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(3).build(&app).await?;
    let ldtt = AwardForm::LaoDongTienTien;
    let a = recommended(&app, &proposal_for(&w, w.officials[0], ldtt, 2024)).await?;
    let b = recommended(&app, &proposal_for(&w, w.officials[1], ldtt, 2024)).await?;
    // 0.3 × 1,800,000 the day before the July 2024 change, 0.3 × 2,340,000 = 702,000
    // rounded up to the next ten thousand đồng on its first day.
    let before = issued(&app, w.a(), ldtt, &[&a], on(2024, 6, 30)).await?;
    let after = issued(&app, w.a(), ldtt, &[&b], on(2024, 7, 1)).await?;
    assert_eq!(
        (before.base_salary, before.total_money),
        (Some(1_800_000), 540_000)
    );
    assert_eq!(
        (after.base_salary, after.total_money),
        (Some(2_340_000), 710_000)
    );
    assert_eq!(
        (before.number_symbol.as_str(), after.number_symbol.as_str()),
        ("01/QĐ-UBND", "02/QĐ-UBND")
    );

    // The law changes: a new dated base salary prices later decisions only.
    let current = app.client.awards().rules().await?.into_inner();
    assert_eq!(current.version, 0);
    let mut rules = current.rules.clone();
    rules.base_salaries.push(BaseSalary {
        amount: 2_500_000,
        valid_from: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        legal_basis: "Nghị định thử nghiệm".into(),
    });
    let (_, chairman) = app
        .user(
            "chutich",
            cchc_sdk::types::auth::Role::UnitAdmin,
            Some(w.a().id),
        )
        .await?;
    let err = chairman
        .awards()
        .replace_rules(&current, &rules)
        .await
        .expect_err("only a system admin changes the law");
    assert_eq!(err.status(), Some(403));
    let changed = app
        .client
        .awards()
        .replace_rules(&current, &rules)
        .await?
        .into_inner();
    assert_eq!(changed.version, 1);
    let err = app
        .client
        .awards()
        .replace_rules(&current, &rules)
        .await
        .expect_err("stale");
    assert!(err.is_precondition_failed());
    let c = recommended(&app, &proposal_for(&w, w.officials[2], ldtt, 2024)).await?;
    let later = issued(&app, w.a(), ldtt, &[&c], on(2025, 2, 1)).await?;
    assert_eq!(later.total_money, 750_000);
    assert_eq!(
        later.number_symbol, "01/QĐ-UBND",
        "a new year, a new sequence"
    );
    let again = app
        .client
        .award_decisions()
        .get(before.id)
        .await?
        .into_inner();
    assert_eq!(again.total_money, 540_000, "issued money never changes");
    Ok(())
}

/// The same title proposed twice for one official in 2024, each in a draft decision.
async fn twice_proposed(
    app: &TestApp,
    w: &World,
    official: uuid::Uuid,
    form: AwardForm,
) -> Result<(ProposalIn, DecisionOut, DecisionOut), cchc_sdk::Error> {
    let input = proposal_for(w, official, form, 2024);
    let first = recommended(app, &input).await?;
    let second = recommended(app, &input).await?;
    let decisions = app.client.award_decisions();
    let d1 = decisions
        .create(&decision_in(w.a(), form, &[&first]))
        .await?
        .into_inner();
    let d2 = decisions
        .create(&decision_in(w.a(), form, &[&second]))
        .await?
        .into_inner();
    Ok((input, d1, d2))
}

#[tokio::test]
async fn two_concurrent_decisions_cannot_both_give_the_same_title() -> TestResult {
    // On PostgreSQL the two issues really run at once: the year's lock row makes the second
    // one see the first's recipient.
    let app = TestApp::spawn().await;
    let w = World::builder().officials(2).build(&app).await?;
    let ldtt = AwardForm::LaoDongTienTien;
    let decisions = app.client.award_decisions();
    for official in [w.officials[0], w.officials[1]] {
        let (_, d1, d2) = twice_proposed(&app, &w, official, ldtt).await?;
        let day = on(2024, 12, 20);
        let (a, b) = tokio::join!(decisions.issue(&d1, &day), decisions.issue(&d2, &day));
        let refused: Vec<_> = [a.err(), b.err()].into_iter().flatten().collect();
        assert_eq!(refused.len(), 1, "both or neither issued");
        let problem = refused[0].problem().ok_or("no problem")?;
        assert_eq!(
            (problem.status, problem.errors[0].code.as_str()),
            (409, "already_awarded")
        );
    }
    Ok(())
}

#[tokio::test]
async fn nobody_gets_the_same_title_twice_in_a_year() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    let ldtt = AwardForm::LaoDongTienTien;
    let (input, d1, d2) = twice_proposed(&app, &w, w.officials[0], ldtt).await?;
    let decisions = app.client.award_decisions();
    decisions.issue(&d1, &on(2024, 12, 20)).await?;
    let err = decisions
        .issue(&d2, &on(2024, 12, 21))
        .await
        .expect_err("already holds the title");
    let problem = err.problem().expect("problem");
    assert_eq!(
        (problem.status, problem.errors[0].code.as_str()),
        (409, "already_awarded")
    );
    let err = app
        .client
        .award_proposals()
        .create(&input)
        .await
        .expect_err("proposing it again");
    assert_eq!(err.status(), Some(409));
    // Another year is another title; a Giấy khen is not a title and can come twice.
    recommended(&app, &proposal_for(&w, w.officials[0], ldtt, 2025)).await?;
    let g1 = recommended(
        &app,
        &proposal_for(&w, w.officials[0], AwardForm::GiayKhen, 2024),
    )
    .await?;
    let g2 = recommended(
        &app,
        &proposal_for(&w, w.officials[0], AwardForm::GiayKhen, 2024),
    )
    .await?;
    issued(&app, w.a(), AwardForm::GiayKhen, &[&g1], on(2024, 12, 22)).await?;
    issued(&app, w.a(), AwardForm::GiayKhen, &[&g2], on(2024, 12, 23)).await?;
    let d2 = decisions.get(d2.id).await?.into_inner();
    assert_eq!(
        d2.status,
        DecisionStatus::Draft,
        "nothing of the refused issue stayed"
    );
    assert_eq!(d2.number, None);
    Ok(())
}

#[tokio::test]
async fn chien_si_thi_dua_co_so_needs_lao_dong_tien_tien_and_stays_within_the_quota() -> TestResult
{
    let app = TestApp::spawn().await;
    let w = World::builder().officials(8).build(&app).await?;
    // Seven of the eight hold Lao động tiên tiến 2024: 15 % of 7 allows one Chiến sĩ.
    let mut holders = Vec::new();
    for official in &w.officials[..7] {
        holders.push(
            recommended(
                &app,
                &proposal_for(&w, *official, AwardForm::LaoDongTienTien, 2024),
            )
            .await?,
        );
    }
    let refs: Vec<&ProposalOut> = holders.iter().collect();
    let ldtt = issued(
        &app,
        w.a(),
        AwardForm::LaoDongTienTien,
        &refs,
        on(2024, 12, 20),
    )
    .await?;
    assert_eq!((ldtt.recipients.len(), ldtt.total_money), (7, 7 * 710_000));

    let cstd = AwardForm::ChienSiThiDuaCoSo;
    let x = recommended(&app, &proposal_for(&w, w.officials[0], cstd, 2024)).await?;
    let y = recommended(&app, &proposal_for(&w, w.officials[1], cstd, 2024)).await?;
    let z = recommended(&app, &proposal_for(&w, w.officials[7], cstd, 2024)).await?;
    let decisions = app.client.award_decisions();
    let outsider = decisions
        .create(&decision_in(&w.district, cstd, &[&z]))
        .await?
        .into_inner();
    let err = decisions
        .issue(&outsider, &on(2024, 12, 28))
        .await
        .expect_err("no Lao động tiên tiến");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("requires_lao_dong_tien_tien")
    );
    let two = decisions
        .create(&decision_in(&w.district, cstd, &[&x, &y]))
        .await?
        .into_inner();
    let err = decisions
        .issue(&two, &on(2024, 12, 28))
        .await
        .expect_err("over the quota");
    let problem = err.problem().expect("problem");
    assert_eq!(
        (problem.status, problem.errors[0].code.as_str()),
        (422, "quota_exceeded")
    );
    assert!(
        problem.errors[0].message.contains("tối đa 1"),
        "{}",
        problem.errors[0].message
    );

    let x2 = recommended(&app, &proposal_for(&w, w.officials[2], cstd, 2024)).await?;
    let one = issued(&app, &w.district, cstd, &[&x2], on(2024, 12, 28)).await?;
    assert_eq!(
        (one.total_money, one.number_symbol.as_str()),
        (2_340_000, "01/QĐ-UBND")
    );
    // The quota is now used up.
    let x3 = recommended(&app, &proposal_for(&w, w.officials[3], cstd, 2024)).await?;
    let more = decisions
        .create(&decision_in(&w.district, cstd, &[&x3]))
        .await?
        .into_inner();
    let err = decisions
        .issue(&more, &on(2024, 12, 29))
        .await
        .expect_err("quota used");
    assert_eq!(
        err.problem().map(|p| p.errors[0].code.as_str()),
        Some("quota_exceeded")
    );
    Ok(())
}

#[tokio::test]
async fn decisions_issued_at_once_get_distinct_numbers() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    let decisions = app.client.award_decisions();
    let mut drafts = Vec::new();
    for _ in 0..8 {
        let p = recommended(
            &app,
            &proposal_for(&w, w.officials[0], AwardForm::GiayKhen, 2024),
        )
        .await?;
        drafts.push(
            decisions
                .create(&decision_in(w.a(), AwardForm::GiayKhen, &[&p]))
                .await?
                .into_inner(),
        );
    }
    let date = on(2024, 12, 30);
    let results =
        futures_util::future::join_all(drafts.iter().map(|d| decisions.issue(d, &date))).await;
    let mut numbers: Vec<i32> = results
        .into_iter()
        .map(|r| r.map(|d| d.number.unwrap_or_default()))
        .collect::<Result<_, _>>()?;
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
    Ok(())
}

#[tokio::test]
async fn the_decision_document_lists_every_recipient() -> TestResult {
    use futures_util::TryStreamExt;
    use std::io::Read;
    let app = TestApp::spawn().await;
    let w = World::builder().officials(3).build(&app).await?;
    let mut recommended_ones = Vec::new();
    for official in &w.officials {
        recommended_ones.push(
            recommended(
                &app,
                &proposal_for(&w, *official, AwardForm::GiayKhen, 2023),
            )
            .await?,
        );
    }
    let household = ProposalIn {
        recipient: RecipientIn {
            kind: RecipientKind::Household,
            official_id: None,
            department_id: None,
            unit_id: None,
            name: Some("Hộ ông Trần Văn Bình".into()),
            description: Some("Thôn Phú Thứ".into()),
        },
        ..proposal_for(&w, w.officials[0], AwardForm::GiayKhen, 2023)
    };
    recommended_ones.push(recommended(&app, &household).await?);
    let refs: Vec<&ProposalOut> = recommended_ones.iter().collect();
    let d = issued(&app, w.a(), AwardForm::GiayKhen, &refs, on(2024, 4, 20)).await?;
    // 0.15 × 1,800,000 for each person and the household.
    assert_eq!(d.total_money, 4 * 270_000);
    let client = &app.client;
    let id = d.id;
    let download = |format| async move {
        let chunks: Vec<bytes::Bytes> = client
            .award_decisions()
            .document(id, format)
            .await?
            .try_collect()
            .await?;
        Ok::<_, cchc_sdk::Error>(chunks.concat())
    };
    let docx = download(DocumentFormat::Docx).await?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")?.read_to_string(&mut xml)?;
    for expected in [
        "Số: 01/QĐ-UBND",
        "QUYẾT ĐỊNH",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nguyễn Văn A",
        "Nguyễn Văn B",
        "Nguyễn Văn C",
        "Hộ ông Trần Văn Bình",
        "1.080.000",
        "Bằng chữ: Một triệu không trăm tám mươi nghìn đồng",
        "Lê Văn Vũ",
        "w:tbl",
    ] {
        assert!(xml.contains(expected), "the DOCX lacks '{expected}'");
    }
    let pdf = download(DocumentFormat::Pdf).await?;
    assert!(pdf.starts_with(b"%PDF-"));
    Ok(())
}

#[tokio::test]
async fn another_units_awards_are_out_of_reach() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().officials(1).build(&app).await?;
    let other = &w.b().unit;
    let (_, neighbour) = app
        .user(
            "chutich.hoadong",
            cchc_sdk::types::auth::Role::UnitAdmin,
            Some(other.id),
        )
        .await?;
    let input = proposal_for(&w, w.officials[0], AwardForm::GiayKhen, 2024);
    let p = recommended(&app, &input).await?;
    let err = neighbour
        .award_proposals()
        .get(p.id)
        .await
        .expect_err("not theirs");
    assert!(err.is_not_found());
    let err = neighbour
        .award_proposals()
        .create(&input)
        .await
        .expect_err("not theirs");
    assert_eq!(
        err.problem().map(|p| p.errors[0].field.as_str()),
        Some("unit_id")
    );
    let mut borrowed = decision_in(other, AwardForm::GiayKhen, &[&p]);
    borrowed.unit_id = other.id;
    let err = neighbour
        .award_decisions()
        .create(&borrowed)
        .await
        .expect_err("another unit's proposal");
    assert_eq!(
        err.problem()
            .map(|p| (p.errors[0].field.as_str(), p.errors[0].code.as_str())),
        Some(("proposal_ids[0]", "unknown_reference"))
    );
    let err = neighbour
        .award_proposals()
        .withdraw(&p)
        .await
        .expect_err("not theirs");
    assert!(err.is_not_found());
    let still = app.client.award_proposals().get(p.id).await?.into_inner();
    assert_eq!(
        (still.status, still.decision_id),
        (ProposalStatus::Recommended, None)
    );
    Ok(())
}
