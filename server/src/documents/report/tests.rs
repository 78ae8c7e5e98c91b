use super::*;
use crate::documents::Table;

fn sample() -> ReportData {
    ReportData {
        parent_authority: Some("UBND huyện Tây Hòa".into()),
        issuing_body: "Ủy ban nhân dân xã Hòa Tân Tây".into(),
        issuer_code: "UBND".into(),
        place: "Hòa Tân Tây".into(),
        unit_name: "Xã Hòa Tân Tây".into(),
        year: 2023,
        publication: Some("Quyết định số 863/QĐ-UBND ngày 09/4/2024 của UBND huyện Tây Hòa".into()),
        areas: vec![
            AreaRow {
                code: "1".into(),
                name: "Công tác chỉ đạo, điều hành".into(),
                max_points: 40.0,
                points: 31.5,
                percent: 78.75,
                previous_percent: Some(70.0),
            },
            AreaRow {
                code: "2".into(),
                name: "Cải cách thủ tục hành chính".into(),
                max_points: 60.0,
                points: 50.25,
                percent: 83.75,
                previous_percent: None,
            },
        ],
        bonus: 1.0,
        penalty: 0.5,
        points: 82.25,
        max_points: 100.0,
        index_percent: 82.25,
        band: Some("Tốt".into()),
        previous_index_percent: Some(79.5),
        rank: Some(Rank {
            rank: 3,
            of: 11,
            parent_name: "Huyện Tây Hòa".into(),
        }),
        departments: vec![
            DepartmentRow {
                name: Some("Văn phòng - Thống kê".into()),
                codes: vec!["1.2".into(), "1.1".into()],
                lost_points: 8.5,
            },
            DepartmentRow {
                name: None,
                codes: vec!["2.3".into()],
                lost_points: 9.75,
            },
        ],
        lost: vec![
            LostRow {
                code: "2.3".into(),
                name: "Công khai thủ tục".into(),
                max_points: 20.0,
                points: 10.25,
                department: None,
            },
            LostRow {
                code: "1.2".into(),
                name: "Kiểm tra CCHC".into(),
                max_points: 10.0,
                points: 3.5,
                department: Some("Văn phòng - Thống kê".into()),
            },
            LostRow {
                code: "1.1".into(),
                name: "Kế hoạch CCHC".into(),
                max_points: 10.0,
                points: 8.0,
                department: Some("Văn phòng - Thống kê".into()),
            },
        ],
        causes: vec![Cause {
            criterion_code: "1.2".into(),
            department: "Văn phòng - Thống kê".into(),
            cause: "Chưa kiểm tra đủ số đơn vị theo kế hoạch.".into(),
            solution: "Kiểm tra mỗi quý một lần.".into(),
        }],
        tasks: vec![TaskRow {
            title: "Khắc phục tiêu chí 1.2: Kiểm tra CCHC".into(),
            lead: Some("Văn phòng - Thống kê".into()),
            due_date: NaiveDate::from_ymd_opt(2024, 6, 30),
        }],
        outlook: None,
        chart: None,
        recipients: vec!["- Phòng Nội vụ (thay b/c);".into()],
        signature: Signature {
            authority_line: Some("TM. ỦY BAN NHÂN DÂN".into()),
            title: "CHỦ TỊCH".into(),
            name: "Lê Văn Vũ".into(),
        },
    }
}

fn text_of(doc: &OfficialDocument) -> String {
    let mut out = vec![doc.summary.clone(), doc.number_line.clone()];
    for b in &doc.blocks {
        match b {
            Block::Heading(s)
            | Block::SubHeading(s)
            | Block::Paragraph(s)
            | Block::Item(s)
            | Block::Centered(s)
            | Block::Basis(s) => out.push(s.clone()),
            Block::Lead { lead, text } => out.push(format!("{lead} {text}")),
            Block::Table(t) => {
                out.push(t.header.join(" | "));
                out.extend(t.rows.iter().map(|r| r.join(" | ")));
            }
            Block::Figure(f) => out.extend(f.caption.clone()),
        }
    }
    out.join("\n")
}

fn tables(doc: &OfficialDocument) -> Vec<&Table> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn number(s: &str) -> f64 {
    s.replace(',', ".").parse().unwrap_or(f64::NAN)
}

#[test]
fn the_report_has_the_nd_30_heads_and_every_figure() {
    let doc = report_document(&sample());
    assert_eq!(doc.type_name, "BÁO CÁO");
    assert_eq!(doc.number_line, "Số:    /BC-UBND");
    assert_eq!(
        doc.summary,
        "Kết quả Chỉ số cải cách hành chính năm 2023 của UBND xã Hòa Tân Tây"
    );
    assert_eq!(doc.issuing_body, "ỦY BAN NHÂN DÂN XÃ HÒA TÂN TÂY");
    assert_eq!(
        doc.recipients.last().map(String::as_str),
        Some("- Lưu: VT.")
    );
    let text = text_of(&doc);
    for needle in [
        "I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. GIẢI PHÁP KHẮC PHỤC NĂM 2024",
        "đạt 82,25/100,00 điểm, tương ứng 82,25%, xếp loại Tốt",
        "xếp thứ 3/11 đơn vị thuộc Huyện Tây Hòa",
        "So với năm 2022 (79,50%), Chỉ số tăng 2,75 điểm phần trăm",
        "Quyết định số 863/QĐ-UBND",
        "Công tác chỉ đạo, điều hành | 40,00 | 31,50 | 78,75 | 70,00",
        "Cải cách thủ tục hành chính | 60,00 | 50,25 | 83,75 | -",
        "Văn phòng - Thống kê | 1.2, 1.1 | 8,50",
        "Chưa phân công | 2.3 | 9,75",
        "- Tiêu chí 1.2 (Văn phòng - Thống kê): Chưa kiểm tra đủ số đơn vị",
        "Kiểm tra mỗi quý một lần.",
        "Khắc phục tiêu chí 1.2: Kiểm tra CCHC | Văn phòng - Thống kê | 30/06/2024",
    ] {
        assert!(text.contains(needle), "{needle:?} in\n{text}");
    }
}

#[test]
fn every_total_row_adds_up() {
    let doc = report_document(&sample());
    let tables = tables(&doc);
    assert_eq!(tables.len(), 4);
    // Areas, bonus and penalty add up to the total points.
    let areas = tables[0];
    assert!(areas.total_row);
    let (total, body) = areas
        .rows
        .split_last()
        .unwrap_or_else(|| panic!("a total row"));
    let sum: f64 = body.iter().map(|r| number(&r[3])).sum();
    assert_eq!(body.len(), 4, "two areas, the bonus and the penalty");
    assert!((sum - number(&total[3])).abs() < 1e-9, "{sum} vs {total:?}");
    assert_eq!(total[2], "100,00");
    // Departments' lost points add up.
    let (total, body) = tables[1]
        .rows
        .split_last()
        .unwrap_or_else(|| panic!("a total row"));
    let sum: f64 = body.iter().map(|r| number(&r[3])).sum();
    assert_eq!(number(&total[3]), sum);
    assert_eq!(total[3], "18,25");
    // The lost items' columns add up, and lost = max − earned on every row.
    let (total, body) = tables[2]
        .rows
        .split_last()
        .unwrap_or_else(|| panic!("a total row"));
    for col in 2..5 {
        let sum: f64 = body.iter().map(|r| number(&r[col])).sum();
        assert!((sum - number(&total[col])).abs() < 1e-9);
    }
    for r in body {
        assert!((number(&r[2]) - number(&r[3]) - number(&r[4])).abs() < 1e-9);
    }
    assert_eq!(total[4], "18,25");
    // The tasks: no total.
    assert!(!tables[3].total_row);
}

#[test]
fn a_report_without_rank_causes_or_tasks_says_so() {
    let mut d = sample();
    d.rank = None;
    d.causes.clear();
    d.tasks.clear();
    d.previous_index_percent = Some(90.0);
    let text = text_of(&report_document(&d));
    assert!(text.contains("chưa được công bố nên chưa có xếp hạng"));
    assert!(text.contains("Các bộ phận chưa nêu nguyên nhân"));
    assert!(text.contains("Chưa có giải pháp hay nhiệm vụ khắc phục"));
    assert!(text.contains("Chỉ số giảm 7,75 điểm phần trăm"));
    // One sub-part only: no "1." before it.
    assert!(!text.contains("1. Giải pháp"));
}

#[test]
fn the_chart_goes_into_section_i() {
    let mut d = sample();
    let bars = [crate::documents::chart::Bar {
        label: "Xã Hòa Tân Tây".into(),
        percent: 82.25,
        highlighted: true,
    }];
    d.chart = Some(
        crate::documents::chart::ranking_chart(&bars, &[], "Chỉ số CCHC năm 2023")
            .unwrap_or_else(|e| panic!("{e:?}")),
    );
    let doc = report_document(&d);
    let figure = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Figure(_)));
    let section_ii = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(h) if h.starts_with("II.")));
    assert!(figure.is_some() && figure < section_ii);
    assert_eq!(committee_of("Thị trấn Phú Thứ"), "UBND thị trấn Phú Thứ");
}

/// `CCHC_DOCUMENT_SAMPLES=/tmp/docs cargo test -p cchc-server documents` writes a sample
/// report (with its chart) there, to look at.
#[test]
fn writes_a_sample_report_to_look_at_when_asked() -> Result<(), String> {
    let Ok(dir) = std::env::var("CCHC_DOCUMENT_SAMPLES") else {
        return Ok(());
    };
    let mut d = sample();
    let bars: Vec<crate::documents::chart::Bar> = [
        ("Xã Hòa Thịnh", 88.25),
        ("Xã Hòa Đồng", 84.1),
        ("Xã Hòa Tân Tây", 82.25),
        ("Thị trấn Phú Thứ", 79.0),
        ("Xã Sơn Thành Tây", 71.5),
        ("Xã Hòa Mỹ Đông", 66.75),
    ]
    .into_iter()
    .map(|(label, percent)| crate::documents::chart::Bar {
        label: label.into(),
        percent,
        highlighted: label == "Xã Hòa Tân Tây",
    })
    .collect();
    let bands: Vec<cchc_sdk::types::index::Band> =
        [("Tốt", 80.0), ("Khá", 70.0), ("Trung bình", 60.0)]
            .into_iter()
            .map(|(l, m)| cchc_sdk::types::index::Band {
                label: l.into(),
                min_percent: m,
            })
            .collect();
    let chart = crate::documents::chart::ranking_chart(
        &bars,
        &bands,
        "Chỉ số CCHC năm 2023 các đơn vị thuộc Huyện Tây Hòa",
    )
    .map_err(|e| format!("{e:?}"))?;
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(format!("{dir}/{name}"), bytes).map_err(|e| e.to_string())
    };
    write("chart.svg", chart.svg.as_bytes())?;
    write("chart.png", &chart.png)?;
    d.chart = Some(chart);
    let doc = report_document(&d);
    write(
        "report.docx",
        &crate::documents::docx::write(&doc).map_err(|e| format!("{e:?}"))?,
    )?;
    write(
        "report.pdf",
        &crate::documents::pdf::write(&doc).map_err(|e| format!("{e:?}"))?,
    )?;
    Ok(())
}

#[test]
fn the_outlook_comes_before_the_solutions_with_five_items_at_most() {
    use cchc_sdk::types::index::{
        OutlookBasis, OutlookItem, OutlookStanding, OutlookTasks, PortalMonths, UnitOutlook,
    };
    let case = |points: f64, band: &str, rank: i32| OutlookStanding {
        points,
        index_percent: points,
        band: Some(band.into()),
        rank,
        ranked_units: 11,
    };
    let item = |code: &str, expected: f64, basis, tasks| OutlookItem {
        code: code.into(),
        name: format!("Tiêu chí {code}"),
        max_points: 5.0,
        basis,
        best_points: 5.0,
        expected_points: expected,
        worst_points: 0.0,
        points_at_risk: 5.0 - expected,
        tasks,
    };
    let none = OutlookTasks::default();
    let tasks = OutlookTasks {
        done: 1,
        on_schedule: 0,
        overdue: 2,
    };
    let mut items = vec![item("8.1", 0.0, OutlookBasis::Unknown, tasks)];
    for (i, code) in ["3.2.1", "1.1", "1.2", "1.3", "1.4", "2.1"]
        .iter()
        .enumerate()
    {
        let basis = [OutlookBasis::Portal, OutlookBasis::SelfAssessed][i.min(1)];
        items.push(item(code, 1.0 + i as f64 * 0.5, basis, none));
    }
    let mut d = sample();
    d.outlook = Some(OutlookSection {
        year: 2024,
        as_of: NaiveDate::from_ymd_opt(2024, 5, 2).unwrap_or_default(),
        parent_name: Some("Huyện Tây Hòa".into()),
        projection: Some(UnitOutlook {
            unit_id: uuid::Uuid::nil(),
            unit_name: "Xã Hòa Tân Tây".into(),
            framework_id: uuid::Uuid::nil(),
            assessment_id: None,
            best: case(95.0, "Xuất sắc", 1),
            expected: case(78.5, "Khá", 4),
            worst: case(60.25, "Trung bình", 9),
            previous_band: Some("Tốt".into()),
            falls_band: true,
            band_at_risk: true,
            portal_months: PortalMonths {
                reported: 4,
                expected: 12,
            },
            items,
        }),
    });
    let text = text_of(&report_document(&d));
    for needle in [
        "III. DỰ BÁO CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
        "Trên cơ sở dữ liệu đến ngày 02/05/2024 (điểm tự đánh giá, số liệu trên Cổng Dịch vụ \
         công 4/12 tháng, kết quả năm 2023",
        "dự kiến đạt 78,50 điểm, tương ứng 78,50%, xếp loại Khá; trong khoảng từ 60,25% đến \
         95,00%.",
        "Thuận lợi nhất | 95,00 | 95,00 | Xuất sắc | 1/11",
        "Bất lợi nhất | 60,25 | 60,25 | Trung bình | 9/11",
        "Xếp hạng dự kiến thứ 4/11 đơn vị thuộc Huyện Tây Hòa, trong khoảng từ thứ 1 đến thứ 9.",
        "Cảnh báo: xếp loại dự kiến thấp hơn kết quả năm 2023 (Tốt).",
        "8.1 | Tiêu chí 8.1 | 5,00 | 0,00 | 5,00 | Chưa có số liệu; nhiệm vụ khắc phục: 1 hoàn \
         thành, 2 quá hạn",
        "3.2.1 | Tiêu chí 3.2.1 | 5,00 | 1,00 | 4,00 | Số liệu Cổng Dịch vụ công 4/12 tháng",
        "1.3 | Tiêu chí 1.3 | 5,00 | 2,50 | 2,50 | Điểm tự đánh giá",
        "IV. GIẢI PHÁP KHẮC PHỤC NĂM 2024",
    ] {
        assert!(text.contains(needle), "{needle:?} in\n{text}");
    }
    let listed = |code: &str| text.lines().any(|l| l.starts_with(&format!("{code} | ")));
    assert!(
        listed("1.3") && !listed("1.4") && !listed("2.1"),
        "five items"
    );
    // No framework for the year: one line.
    if let Some(o) = d.outlook.as_mut() {
        o.projection = None;
    }
    let text = text_of(&report_document(&d));
    assert!(text.contains(
        "Chưa có Bộ chỉ số cải cách hành chính năm 2024 áp dụng cho UBND xã Hòa Tân Tây nên \
         chưa có cơ sở dự báo."
    ));
}
