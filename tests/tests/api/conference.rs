//! The conference pack of the seed plan (issue 16): on the demo, Hòa Tân Tây's 2023
//! review plan downloads as one ZIP of DOCX, PDF, SVG and PNG papers whose report carries
//! the unit's own figures; each paper downloads alone; another commune's admin sees none.
//! The report's "Dự báo" section (issue 19): the outlook of the year after the one
//! reviewed, left out once that year is published, one line without a framework.

use std::io::{Cursor, Read};

use cchc_sdk::Client;
use cchc_sdk::client::ChartFormat;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::index::{AssessmentListQuery, AssessmentStatus};
use cchc_sdk::types::plans::{DocumentFormat, PlanKind, PlanListQuery};
use cchc_sdk::types::tasks::TaskListQuery;
use cchc_sdk::types::units::{UnitLevel, UnitListQuery};
use futures_util::{Stream, TryStreamExt};

use crate::common::{TestApp, TestResult};

mod outlook;

const DEMO_PASSWORD: &str = "demo-password-for-tests";

async fn collect(
    stream: impl Stream<Item = Result<bytes::Bytes, cchc_sdk::Error>>,
) -> Result<Vec<u8>, cchc_sdk::Error> {
    let chunks: Vec<bytes::Bytes> = stream.try_collect().await?;
    Ok(chunks.concat())
}

/// The members of a ZIP: name and bytes, in order.
type Members = Vec<(String, Vec<u8>)>;

/// Every member of a ZIP, by name.
fn unzip(bytes: &[u8]) -> Result<Members, Box<dyn std::error::Error>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data)?;
        out.push((file.name().to_owned(), data));
    }
    Ok(out)
}

/// The text of a DOCX's body: word/document.xml without its tags, entities read.
fn docx_text(bytes: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    let xml = unzip(bytes)?
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .ok_or("a DOCX has word/document.xml")?
        .1;
    let xml = String::from_utf8(xml)?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Ok(text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&"))
}

fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK")
        && unzip(bytes).is_ok_and(|m| m.iter().any(|(n, _)| n == "word/document.xml"))
}

fn decimal(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

#[tokio::test]
async fn the_seed_plan_s_pack_holds_every_paper_with_the_unit_s_figures() -> TestResult {
    let app = TestApp::spawn_with(|c| {
        c.demo = cchc_server::config::DemoSetting::Flag(true);
        c.demo_password = DEMO_PASSWORD.into();
    })
    .await;
    let chairman = app.login("chutich.hoatantay", DEMO_PASSWORD);
    let plan = chairman
        .plans()
        .list(&PlanListQuery {
            kind: Some(PlanKind::IndexReviewConference),
            year: Some(2023),
            ..Default::default()
        })
        .await?
        .data
        .into_iter()
        .next()
        .ok_or("the demo has the seed plan")?;
    let result = chairman
        .results()
        .get(plan.unit_id, 2023)
        .await?
        .into_inner();
    let assessment = chairman
        .assessments()
        .list(&AssessmentListQuery {
            unit_id: Some(plan.unit_id),
            year: Some(2023),
            status: Some(AssessmentStatus::Published),
            ..Default::default()
        })
        .await?
        .data
        .into_iter()
        .next()
        .ok_or("Hòa Tân Tây's 2023 assessment is published")?;
    let analysis = chairman.assessments().analysis(assessment.id).await?;
    let lost = analysis.items.first().ok_or("points were lost")?;
    let task = chairman
        .tasks()
        .list(&TaskListQuery {
            unit_id: Some(plan.unit_id),
            criterion_id: Some(
                analysis
                    .items
                    .iter()
                    .find(|i| !i.task_ids.is_empty())
                    .ok_or("the demo made remediation tasks")?
                    .criterion_id,
            ),
            ..Default::default()
        })
        .await?
        .data
        .into_iter()
        .next()
        .ok_or("a remediation task")?;

    let pack = chairman.conference_pack();
    let zip = collect(pack.pack(plan.id).await?).await?;
    let members = unzip(&zip)?;
    let names: Vec<&str> = members.iter().map(|(n, _)| n.as_str()).collect();
    for (name, bytes) in &members {
        match name.rsplit('.').next() {
            Some("pdf") => assert!(bytes.starts_with(b"%PDF"), "{name}"),
            Some("docx") => assert!(is_docx(bytes), "{name}"),
            Some("svg") => assert!(bytes.starts_with(b"<svg"), "{name}"),
            Some("png") => assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name}"),
            _ => panic!("unexpected member {name}"),
        }
    }
    for stem in ["1 Ke hoach", "2 Bao cao", "3 Giay moi", "5 Bieu do"] {
        let count = names.iter().filter(|n| n.starts_with(stem)).count();
        assert_eq!(count, 2, "{stem} in {names:?}");
    }
    // The demo's Giấy khen decision of 2023, if any, comes in both formats too.
    let decisions = names.iter().filter(|n| n.starts_with("4.")).count();
    assert_eq!(decisions % 2, 0, "{names:?}");

    let report = &members
        .iter()
        .find(|(n, _)| n.starts_with("2 Bao cao") && n.ends_with(".docx"))
        .ok_or("the report's DOCX")?
        .1;
    let text = docx_text(report)?;
    for needle in [
        "BÁO CÁO".to_owned(),
        "Hòa Tân Tây".to_owned(),
        format!("đạt {}/", decimal(result.points)),
        format!("xếp thứ {}/{}", result.rank, result.ranked_units),
        lost.code.clone(),
        task.title.clone(),
    ] {
        assert!(text.contains(&needle), "{needle:?} in the report");
    }
    // The report reviews 2023; 2024, the year after, is published on the demo: no outlook.
    assert!(!text.contains("DỰ BÁO") && text.contains("III. GIẢI PHÁP KHẮC PHỤC NĂM 2024"));
    let invitation = &members
        .iter()
        .find(|(n, _)| n.starts_with("3 Giay moi") && n.ends_with(".docx"))
        .ok_or("the invitation's DOCX")?
        .1;
    let text = docx_text(invitation)?;
    assert!(text.contains("GIẤY MỜI") && text.contains("Đảng ủy xã"));

    // Each paper alone.
    let pdf = collect(pack.report(plan.id, DocumentFormat::Pdf).await?).await?;
    assert!(pdf.starts_with(b"%PDF"));
    let docx = collect(pack.invitation(plan.id, DocumentFormat::Docx).await?).await?;
    assert!(is_docx(&docx));
    let png = collect(pack.chart(plan.id, ChartFormat::Png).await?).await?;
    assert!(png.starts_with(b"\x89PNG"));
    let svg = String::from_utf8(collect(pack.chart(plan.id, ChartFormat::Svg).await?).await?)?;
    assert!(svg.starts_with("<svg") && svg.contains(&result.unit_name));
    let res = chairman
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/plans/{}/conference-pack", plan.id),
        )
        .await?
        .send()
        .await?;
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert!(
        res.headers()["content-disposition"]
            .to_str()?
            .starts_with("attachment; filename=\"Ho so Hoi nghi Chi so CCHC nam 2023.zip\"")
    );

    // Another commune's admin: the plan does not exist for them.
    let other = other_commune_admin(&app, plan.unit_id).await?;
    for path in ["", "/report", "/invitation", "/chart"] {
        let res = other
            .raw(
                reqwest::Method::GET,
                &format!("/api/v1/plans/{}/conference-pack{path}", plan.id),
            )
            .await?
            .send()
            .await?;
        assert_eq!(res.status().as_u16(), 404, "{path}");
    }
    Ok(())
}

/// A new unit admin of a commune other than `unit_id`.
async fn other_commune_admin(
    app: &TestApp,
    unit_id: uuid::Uuid,
) -> Result<Client, cchc_sdk::Error> {
    let communes = app
        .client
        .units()
        .list(&UnitListQuery {
            level: Some(UnitLevel::Commune),
            limit: Some(50),
            ..Default::default()
        })
        .await?
        .data;
    let other = communes.into_iter().find(|u| u.id != unit_id).map(|u| u.id);
    let (_, client) = app.user("quantri.khac", Role::UnitAdmin, other).await?;
    Ok(client)
}
