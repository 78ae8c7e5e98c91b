//! Files as Excel and browsers take them (issue "Works with the clients people already
//! have"): every CSV download starts with a UTF-8 byte order mark, a sheet saved by
//! Vietnamese-locale Excel (semicolons, CRLF, decimal commas) is read, a sheet whose header
//! no delimiter splits says which were tried, and every download names its file twice
//! (RFC 6266): an ASCII `filename` without `%22`, the real name in `filename*` (RFC 8187).

use cchc_sdk::types::plans::PlanIn;
use cchc_server::demo_plan::seed_plan_content;
use reqwest::Method;
use serde_json::Value;

use crate::common::fixtures::task_in;
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};
use crate::index::small_framework;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes RFC 3986 percent-encoding (`%C3%A1` -> `á`), refusing malformed input.
fn percent_decode(s: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hex: Vec<u8> = bytes.by_ref().take(2).collect();
            out.push(u8::from_str_radix(std::str::from_utf8(&hex)?, 16)?);
        } else {
            out.push(b);
        }
    }
    Ok(String::from_utf8(out)?)
}

/// The two names of a `Content-Disposition: attachment` value: the quoted ASCII
/// `filename` as written (escapes not undone) and `filename*` decoded.
fn file_names(res: &reqwest::Response) -> Result<(String, String), Box<dyn std::error::Error>> {
    let value = res
        .headers()
        .get("content-disposition")
        .ok_or("no Content-Disposition")?
        .to_str()?
        .to_owned();
    let rest = value
        .strip_prefix("attachment; filename=\"")
        .ok_or_else(|| format!("not an attachment with a filename first: {value}"))?;
    let (fallback, star) = rest
        .split_once("\"; filename*=UTF-8''")
        .ok_or_else(|| format!("no filename* after filename: {value}"))?;
    assert!(
        fallback.bytes().all(|b| (b' '..=b'~').contains(&b)),
        "the fallback is printable ASCII: {value}"
    );
    assert!(!fallback.contains("%22"), "a quote became %22: {value}");
    Ok((fallback.to_owned(), percent_decode(star)?))
}

/// The GET operations of the served spec that answer `text/csv`.
fn csv_downloads() -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let spec = serde_json::to_value(cchc_server::openapi())?;
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().ok_or("no paths")? {
        let content = &item["get"]["responses"]["200"]["content"];
        if content
            .as_object()
            .is_some_and(|c| c.keys().any(|k| k.starts_with("text/csv")))
        {
            found.push(path.clone());
        }
    }
    Ok(found)
}

#[tokio::test]
async fn every_csv_download_starts_with_a_bom_and_names_its_file_in_vietnamese() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let framework = app
        .client
        .frameworks()
        .create(&small_framework(w.province.id))
        .await?
        .into_inner();
    let criteria = "/api/v1/index/frameworks/{id}/criteria";
    // The reports (`/api/v1/reports/…`) are each read back, BOM first, in `reports::`; an
    // export's file (`/api/v1/exports/{id}/file`) is the report's, byte for byte, in
    // `exports::`.
    let others: Vec<String> = csv_downloads()?
        .into_iter()
        .filter(|p| !p.starts_with("/api/v1/reports/") && !p.starts_with("/api/v1/exports/"))
        .collect();
    assert_eq!(
        others,
        vec![criteria.to_owned()],
        "a new CSV download: call it below too"
    );
    let path = criteria.replace("{id}", &framework.id.to_string());
    let res = app
        .client
        .raw(Method::GET, &path)
        .await?
        .query(&[("format", "csv")])
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/csv; charset=utf-8")
    );
    let (fallback, name) = file_names(&res)?;
    assert_eq!(name, "Tiêu chí - Bộ chỉ số CCHC cấp xã năm 2023.csv");
    assert_eq!(fallback, "Tieu chi - Bo chi so CCHC cap xa nam 2023.csv");
    let body = res.bytes().await?;
    assert!(body.starts_with(BOM), "no byte order mark: {body:?}");
    assert!(
        !body[BOM.len()..].starts_with(BOM),
        "the byte order mark is written once"
    );
    let text = std::str::from_utf8(&body[BOM.len()..])?;
    assert!(
        text.starts_with("code,name,max_points,"),
        "the header follows the mark: {text}"
    );
    // The sheet as downloaded, mark included, goes back in unchanged.
    let same = app
        .client
        .frameworks()
        .replace_criteria_csv(&framework, std::str::from_utf8(&body)?)
        .await?
        .into_inner();
    assert_eq!(same.areas, framework.areas);
    Ok(())
}

#[tokio::test]
async fn a_sheet_saved_by_vietnamese_excel_is_read_and_a_garbled_header_names_the_delimiters()
-> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let framework = app
        .client
        .frameworks()
        .create(&small_framework(w.province.id))
        .await?
        .into_inner();
    // Excel "CSV UTF-8" in the Vietnamese locale: mark, semicolons, CRLF, decimal commas,
    // the cell that holds semicolons quoted.
    let sheet = [
        "\u{feff}code;name;max_points;method;responsible;metric;thresholds;scoring",
        "1;Lĩnh vực 1;6;;;;;",
        "1.1;Tiêu chí 1.1;6;;;;;",
        "1.1.1;Ban hành kế hoạch CCHC;2;self_assessed;VP-TK;;;",
        "1.1.2;Tiêu chí thành phần 1.1.2;2;self_assessed;TP-HT;;;",
        "1.1.3;Tiêu chí thành phần 1.1.3;2;survey;VP-TK;;;",
        "2;Lĩnh vực 2;4;;;;;",
        "2.1;Tiêu chí 2.1;4;;;;;",
        "2.1.1;Tỷ lệ hồ sơ đúng hạn;4,0;portal_metric;VP-TK;on_time_rate;\"95:4;90:3;80:1\";",
        "",
    ]
    .join("\r\n");
    let updated = app
        .client
        .frameworks()
        .replace_criteria_csv(&framework, sheet)
        .await?
        .into_inner();
    let leaf = &updated.areas[0].children[0].children[0];
    assert_eq!(leaf.name, "Ban hành kế hoạch CCHC");
    let on_time = &updated.areas[1].children[0].children[0];
    assert_eq!(on_time.name, "Tỷ lệ hồ sơ đúng hạn");
    assert_eq!(on_time.max_points, 4.0);
    assert_eq!(updated.max_points, 10.0);

    // A header that no delimiter splits into the needed columns.
    for (lang, expected) in [
        ("en", "comma, semicolon or tab"),
        ("vi", "dấu phẩy, dấu chấm phẩy hoặc dấu tab"),
    ] {
        let res = app
            .client
            .raw(
                Method::PUT,
                &format!("/api/v1/index/frameworks/{}/criteria", updated.id),
            )
            .await?
            .header("content-type", "text/csv")
            .header("accept-language", lang)
            .header("if-match", format!("\"{}\"", updated.version))
            .body("ma|ten|diem\r\n1|Lĩnh vực|10\r\n")
            .send()
            .await?;
        let p = problem(res, 422).await?;
        assert_eq!(p.errors.len(), 1, "{p:?}");
        assert_eq!(p.errors[0].field, "line 1.header");
        assert!(p.errors[0].message.contains(expected), "{lang}: {p:?}");
    }
    Ok(())
}

#[tokio::test]
async fn downloads_carry_the_real_name_in_filename_star_and_never_percent_22() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().with_chairmen().build(&app).await?;
    // An attachment whose name has Vietnamese and quotes.
    let task = app
        .client
        .tasks()
        .create(&task_in(w.a(), "Báo cáo quý", None))
        .await?
        .into_inner();
    let name = "Báo cáo \"Quý I\" – Đợt 2.txt";
    let stored = app
        .client
        .tasks()
        .upload_attachment(task.id, name, Some("text/plain"), b"noi dung".to_vec())
        .await?
        .into_inner();
    assert_eq!(stored.file_name, name);
    let res = app
        .client
        .raw(
            Method::GET,
            &format!(
                "/api/v1/tasks/{}/attachments/{}/content",
                task.id, stored.id
            ),
        )
        .await?
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        file_names(&res)?,
        ("Bao cao 'Quy I' _ Dot 2.txt".to_owned(), name.to_owned())
    );

    // A plan's document: its number's slash is no path separator in the saved name.
    let plan = app
        .client
        .plans()
        .create(&PlanIn {
            unit_id: w.a().id,
            content: seed_plan_content(w.a().seed_refs()),
        })
        .await?
        .into_inner();
    let res = app
        .client
        .raw(Method::GET, &format!("/api/v1/plans/{}/document", plan.id))
        .await?
        .query(&[("format", "docx")])
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 200);
    let (fallback, real) = file_names(&res)?;
    assert!(real.ends_with("-KH-UBND.docx"), "{real}");
    assert!(
        !real.contains('/'),
        "no path separator in a file name: {real}"
    );
    assert!(
        real.starts_with("Kế hoạch "),
        "the real name is Vietnamese: {real}"
    );
    assert!(
        fallback.starts_with("Ke hoach "),
        "the fallback folds it: {fallback}"
    );
    assert!(fallback.is_ascii());

    // The JSON export of a framework is named the same way.
    let framework = app
        .client
        .frameworks()
        .create(&small_framework(w.province.id))
        .await?
        .into_inner();
    let res = app
        .client
        .raw(
            Method::GET,
            &format!("/api/v1/index/frameworks/{}/export", framework.id),
        )
        .await?
        .send()
        .await?;
    let (fallback, real) = file_names(&res)?;
    assert_eq!(fallback, real);
    assert!(real.ends_with(".json"), "{real}");
    Ok(())
}

#[tokio::test]
async fn an_upload_named_with_filename_star_keeps_its_vietnamese_name() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let task = app
        .client
        .tasks()
        .create(&task_in(w.a(), "Biên bản họp", None))
        .await?
        .into_inner();
    let boundary = "excel-test-boundary";
    let body = format!(
        "--{boundary}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"Bien ban.txt\"; \
         filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.txt\r\n\
         Content-Type: text/plain\r\n\r\n\
         noi dung\r\n\
         --{boundary}--\r\n"
    );
    let res = app
        .client
        .raw(
            Method::POST,
            &format!("/api/v1/tasks/{}/attachments", task.id),
        )
        .await?
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await?;
    assert_eq!(res.status().as_u16(), 201);
    let stored: Value = res.json().await?;
    assert_eq!(stored["file_name"], "Biên bản họp.txt");
    Ok(())
}
