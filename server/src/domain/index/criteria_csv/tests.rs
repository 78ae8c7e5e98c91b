//! The criteria sheet's reading and writing.
use super::*;

#[test]
fn csv_round_trips_a_tree() -> Result<(), ApiError> {
    let csv = "code,name,max_points,method,responsible,metric,thresholds\n\
               1,Công tác chỉ đạo,3,,,,\n\
               1.1,Kế hoạch CCHC,2,self_assessed,VP-TK,,\n\
               1.2,Tỷ lệ đúng hạn,1,portal_metric,VP-TK,on_time_rate,95:1;80:0.5\n";
    let tree = from_csv(csv.as_bytes())?;
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].children.len(), 2);
    let rule = tree[0].children[1].portal_rule.clone();
    assert_eq!(rule.map(|r| r.thresholds.len()), Some(2));
    let back = from_csv(&to_csv(&tree)?)?;
    assert_eq!(back, tree);
    Ok(())
}

#[test]
fn csv_reads_four_levels_quarter_points_and_deduction_items() -> Result<(), ApiError> {
    let csv = "code,name,max_points,method,responsible,metric,thresholds,scoring\n\
               1,Lĩnh vực,1.25,,,,,\n\
               1.1,Tiêu chí,1.25,,,,,\n\
               1.1.1,Tiêu chí thành phần,1.25,,,,,\n\
               1.1.1.1,Nội dung,\"0,25\",self_assessed,VP-TK,,,\n\
               1.1.1.2,Nội dung trừ điểm,1,self_assessed,,,,deduction\n";
    let tree = from_csv(csv.as_bytes())?;
    let contents = &tree[0].children[0].children[0].children;
    assert_eq!(contents.len(), 2);
    assert_eq!(contents[0].max_points, 0.25);
    assert_eq!(contents[1].scoring, Scoring::Deduction);
    assert_eq!(from_csv(&to_csv(&tree)?)?, tree);
    Ok(())
}

#[test]
fn csv_orphans_and_bad_numbers_name_their_line() {
    let csv = "code,name,max_points\n1,A,x\n2.1,B,1\n";
    let fields: Vec<_> = from_csv(csv.as_bytes())
        .err()
        .map(|e| e.errors().iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    assert_eq!(fields, vec!["line 2.max_points"]);
    let csv = "code,name,max_points\n1,A,1\n2.1,B,1\n";
    let field = from_csv(csv.as_bytes())
        .err()
        .and_then(|e| e.errors().first().map(|e| e.field.clone()));
    assert_eq!(field.as_deref(), Some("line 3.code"));
}

/// What Excel saves in the Vietnamese locale ("CSV UTF-8"): a byte order mark,
/// semicolons, CRLF, decimal commas; and the tab-separated text export.
#[test]
fn csv_reads_excel_sheets_with_semicolons_tabs_bom_and_crlf() -> Result<(), ApiError> {
    let comma = "code,name,max_points,method,responsible,metric,thresholds\n\
                 1,Công tác chỉ đạo,2.5,,,,\n\
                 1.1,Kế hoạch CCHC,2.5,portal_metric,VP-TK,on_time_rate,95:2.5;80:1\n";
    let expected = from_csv(comma.as_bytes())?;
    let semicolon = "\u{feff}CODE;Name;max_points;method;responsible;metric;thresholds\r\n\
                     1;Công tác chỉ đạo;2,5;;;;\r\n\
                     1.1;Kế hoạch CCHC;2,5;portal_metric;VP-TK;on_time_rate;\"95:2,5;80:1\"\r\n";
    assert_eq!(from_csv(semicolon.as_bytes())?, expected);
    let tab = comma.replace(',', "\t");
    assert_eq!(from_csv(tab.as_bytes())?, expected);
    Ok(())
}

#[test]
fn csv_errors_name_the_delimiters_tried_and_a_wrong_encoding() {
    let first = |bytes: &[u8]| {
        from_csv(bytes)
            .err()
            .and_then(|e| e.errors().first().cloned())
            .map(|i| {
                (
                    i.field,
                    i.message.get(crate::error::Lang::Vi).to_owned(),
                    i.message.get(crate::error::Lang::En).to_owned(),
                )
            })
            .unwrap_or_default()
    };
    let (field, vi, en) = first(b"ma|ten|diem\n1|A|1\n");
    assert_eq!(field, "line 1.header");
    assert!(vi.contains("dấu phẩy, dấu chấm phẩy hoặc dấu tab"), "{vi}");
    assert!(en.contains("comma, semicolon or tab"), "{en}");
    // "Công" in Windows-1258 on line 2: not UTF-8.
    let (field, _, en) = first(b"code,name,max_points\n1,C\xF4ng,1\n");
    assert_eq!(field, "line 2.row");
    assert!(en.contains("CSV UTF-8"), "{en}");
}
