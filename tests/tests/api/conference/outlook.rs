//! The report's section "Dự báo" (issue 19) on the outlook test's hand-computed case:
//! one line before the year's framework is published, then the projection.

use cchc_sdk::types::plans::DocumentFormat;

use super::{collect, unzip};
use crate::common::world::World;
use crate::common::{TestApp, TestResult};
use crate::outlook::{criterion, last_year, this_year};

/// The DOCX's text with each table row on a line of its own, cells joined by " | ".
fn docx_rows(bytes: &[u8]) -> Result<String, Box<dyn std::error::Error>> {
    let xml = unzip(bytes)?
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .ok_or("a DOCX has word/document.xml")?
        .1;
    let xml = String::from_utf8(xml)?
        .replace("</w:tc>", "\u{1f}")
        .replace("</w:tr>", "\n")
        .replace("</w:p>", " ");
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
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split('\u{1f}').map(str::trim).collect();
            cells.join(" | ").trim_end_matches(" | ").to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("&amp;", "&"))
}

/// The report's DOCX of plan `plan`, table rows on lines of their own; its PDF renders.
async fn report_rows(
    app: &TestApp,
    plan: uuid::Uuid,
) -> Result<String, Box<dyn std::error::Error>> {
    let pack = app.client.conference_pack();
    let pdf = collect(pack.report(plan, DocumentFormat::Pdf).await?).await?;
    assert!(pdf.starts_with(b"%PDF"));
    docx_rows(&collect(pack.report(plan, DocumentFormat::Docx).await?).await?)
}

/// The outlook test's hand-computed case (tests/tests/api/outlook.rs), in the report of a
/// plan reviewing 2023: its section "Dự báo" projects 2024 — and says in one line that
/// there is nothing to project before 2024's framework is published.
#[tokio::test]
async fn the_report_projects_the_year_after_the_one_it_reviews() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().communes(3).build(&app).await?;
    // 2023, published: 1.1.1 1, 1.1.2 2, survey 0.5, the portal 95 % on time (4): 7.5 of 10.
    let f2023 = last_year(&app, &w).await?;
    let plan = crate::plans::draft(&app, &w).await?;
    assert_eq!(plan.content.year, 2023);

    let text = report_rows(&app, plan.id).await?;
    for needle in [
        "III. DỰ BÁO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
        "Chưa có Bộ chỉ số cải cách hành chính năm 2024 áp dụng cho UBND xã Hòa Tân Tây",
        "IV. GIẢI PHÁP KHẮC PHỤC NĂM 2024",
    ] {
        assert!(text.contains(needle), "{needle:?} in\n{text}");
    }

    // 2024 as the outlook test makes it (`outlook::this_year`): Hòa Tân Tây self-scores
    // 1.1.1 at 2; the portal's January to March, 108 of 120 on time; the survey item 1.1.3
    // has three tasks: done, on schedule, overdue (linked to 2023's 1.1.3). Hòa Đồng
    // self-scores 2 and 2 with the whole year at 90 % (7, 70 %); Hòa Bình 1 has nothing.
    let (f, _) = this_year(&app, &w, &f2023).await?;
    let survey = criterion(&f, "1.1.3").ok_or("1.1.3")?;
    let portal = criterion(&f, "2.1.1").ok_or("2.1.1")?;
    // By hand (best / expected / worst): 1.1.1 self 2, last year 1: 2 / 2 / 1; 1.1.2 last
    // year's 2: 2 / 2 / 2; 1.1.3 last year 0.5, lost 1.5 in three shares: 2 / 1.5 / 1;
    // 2.1.1 108/120 over 3 of 12 months, 360 to come: 97.5 % (4) / 90 % (3) / 22.5 % (0).
    // Sums 10 (100 %, A) / 8.5 (85 %, B) / 4 (40 %, C); ranks 1 / 1 / 2 of 3 (the others
    // expected at 70 % and 0 %). At risk: 2.1.1 (1), 1.1.3 (0.5); 1.1.1 and 1.1.2 none.
    let text = report_rows(&app, plan.id).await?;
    let district = &w.district.name;
    for needle in [
        "III. DỰ BÁO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024".to_owned(),
        "Kết quả Chỉ số cải cách hành chính năm 2024 chưa được công bố.".to_owned(),
        "số liệu trên Cổng Dịch vụ công 3/12 tháng".to_owned(),
        "Chỉ số năm 2024 của UBND xã Hòa Tân Tây dự kiến đạt 8,50 điểm, tương ứng 85,00%, \
         xếp loại B; trong khoảng từ 40,00% đến 100,00%."
            .to_owned(),
        "Trường hợp | Tổng điểm | Chỉ số (%) | Xếp loại | Xếp hạng".to_owned(),
        "Thuận lợi nhất | 10,00 | 100,00 | A | 1/3".to_owned(),
        "Dự kiến | 8,50 | 85,00 | B | 1/3".to_owned(),
        "Bất lợi nhất | 4,00 | 40,00 | C | 2/3".to_owned(),
        format!(
            "Xếp hạng dự kiến thứ 1/3 đơn vị thuộc {district}, trong khoảng từ thứ 1 đến thứ 2."
        ),
        "Trong trường hợp bất lợi nhất, đơn vị bị xếp loại thấp hơn dự kiến (C).".to_owned(),
        format!(
            "2.1.1 | {} | 4,00 | 3,00 | 1,00 | Số liệu Cổng Dịch vụ công 3/12 tháng",
            portal.name
        ),
        format!(
            "1.1.3 | {} | 2,00 | 1,50 | 0,50 | Kết quả năm 2023; nhiệm vụ khắc phục: 1 hoàn \
             thành, 1 đúng tiến độ, 1 quá hạn",
            survey.name
        ),
        "IV. GIẢI PHÁP KHẮC PHỤC NĂM 2024".to_owned(),
    ] {
        assert!(text.contains(&needle), "{needle:?} in\n{text}");
    }
    // The items' table: its header ends the line of the paragraphs before it.
    let codes: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Mã | Tiêu chí thành phần | Tối đa | Dự kiến"))
        .skip(1)
        .take_while(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .filter_map(|l| l.split(" | ").next())
        .collect();
    assert_eq!(
        codes,
        ["2.1.1", "1.1.3"],
        "only the items with points at risk"
    );
    Ok(())
}
