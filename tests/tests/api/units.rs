//! `/api/v1/units`, the resource that proves the platform end to end.

use std::collections::HashSet;

use cchc_sdk::types::common::Patch;
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitListQuery, UnitOut, UnitPatch};
use futures_util::TryStreamExt;
use reqwest::Method;

use crate::common::{TestApp, TestResult, problem};

pub(crate) fn province(code: &str, name: &str) -> UnitIn {
    UnitIn {
        code: code.into(),
        name: name.into(),
        level: UnitLevel::Province,
        parent_id: None,
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
        with_default_departments: false,
    }
}

fn under(parent: &UnitOut, level: UnitLevel, code: &str, name: &str) -> UnitIn {
    UnitIn {
        parent_id: Some(parent.id),
        level,
        ..province(code, name)
    }
}

async fn post_json(
    app: &TestApp,
    path: &str,
    body: &str,
    lang: &str,
) -> Result<reqwest::Response, cchc_sdk::Error> {
    app.client
        .raw(Method::POST, path)
        .await?
        .header("content-type", "application/json")
        .header("accept-language", lang)
        .body(body.to_owned())
        .send()
        .await
        .map_err(cchc_sdk::Error::Transport)
}

#[tokio::test]
async fn creating_a_unit_answers_201_with_location_and_etag() -> TestResult {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?;
    assert_eq!(res.http_status, 201);
    assert_eq!(
        res.location.as_deref(),
        Some(format!("/api/v1/units/{}", res.id).as_str())
    );
    assert_eq!(res.etag.as_deref(), Some("\"1\""));
    assert_eq!(res.version, 1);
    assert_eq!(res.name, "Tỉnh Phú Yên");
    let fetched = app.client.units().get(res.id).await?;
    assert_eq!(fetched.value, res.value);
    assert_eq!(fetched.etag.as_deref(), Some("\"1\""));
    Ok(())
}

#[tokio::test]
async fn pagination_walks_every_unit_once_in_order() -> TestResult {
    let app = TestApp::spawn().await;
    let mut created = Vec::new();
    for i in 0..23 {
        created.push(
            app.client
                .units()
                .create(&province(&format!("P{i:02}"), &format!("Tỉnh {i}")))
                .await?
                .id,
        );
    }
    let mut seen = Vec::new();
    let mut query = UnitListQuery {
        limit: Some(5),
        ..Default::default()
    };
    let mut pages = 0;
    loop {
        let page = app.client.units().list(&query).await?;
        pages += 1;
        assert!(page.data.len() <= 5);
        seen.extend(page.data.iter().map(|u| u.id));
        if !page.has_more {
            assert!(page.next_cursor.is_none());
            break;
        }
        query.cursor = page.next_cursor;
    }
    assert_eq!(pages, 5);
    assert_eq!(seen, created, "every unit exactly once, in creation order");
    let streamed: Vec<_> = app
        .client
        .units()
        .list_all(UnitListQuery {
            limit: Some(4),
            ..Default::default()
        })
        .try_collect()
        .await?;
    assert_eq!(streamed.iter().map(|u| u.id).collect::<Vec<_>>(), created);
    Ok(())
}

#[tokio::test]
async fn limits_are_clamped_and_bad_paging_is_400() -> TestResult {
    let app = TestApp::spawn().await;
    app.client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?;
    let page = app
        .client
        .units()
        .list(&UnitListQuery {
            limit: Some(10_000),
            ..Default::default()
        })
        .await?;
    assert_eq!(page.data.len(), 1);
    for query in [
        "limit=-1",
        "limit=0",
        "limit=abc",
        "cursor=%%%",
        "level=village",
        "parent_id=42",
        "include_archived=maybe",
    ] {
        let res = app
            .client
            .raw(Method::GET, &format!("/api/v1/units?{query}"))
            .await?
            .send()
            .await?;
        let p = problem(res, 400).await?;
        assert_eq!(p.code, "invalid_query", "{query}");
        assert!(!p.errors.is_empty(), "{query} names the parameter");
    }
    Ok(())
}

#[tokio::test]
async fn a_stale_if_match_is_412_and_changes_nothing() -> TestResult {
    let app = TestApp::spawn().await;
    let unit = app
        .client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?
        .into_inner();
    let rename = UnitPatch {
        name: Some("Tỉnh Phú Yên (cũ)".into()),
        ..Default::default()
    };
    let updated = app.client.units().update(&unit, &rename).await?;
    assert_eq!(updated.version, 2);
    assert_eq!(updated.etag.as_deref(), Some("\"2\""));
    // `unit` is the version-1 copy: writing from it again must be refused.
    let again = UnitPatch {
        name: Some("Tỉnh Khác".into()),
        ..Default::default()
    };
    let err = app
        .client
        .units()
        .update(&unit, &again)
        .await
        .err()
        .ok_or("stale write accepted")?;
    assert!(err.is_precondition_failed(), "{err}");
    assert_eq!(err.code(), Some("precondition_failed"));
    assert_eq!(
        app.client.units().get(unit.id).await?.name,
        "Tỉnh Phú Yên (cũ)"
    );
    // A bare version without quotes is read as the ETag it names (the spec's pattern allows
    // it): still checked, so a stale one is 412.
    let res = app
        .client
        .raw(Method::PATCH, &format!("/api/v1/units/{}", unit.id))
        .await?
        .header("If-Match", "0")
        .json(&again)
        .send()
        .await?;
    problem(res, 412).await?;
    // An empty one is malformed: 400, not a silent unconditional write.
    let res = app
        .client
        .raw(Method::PATCH, &format!("/api/v1/units/{}", unit.id))
        .await?
        .header("If-Match", ",")
        .json(&again)
        .send()
        .await?;
    problem(res, 400).await?;
    Ok(())
}

#[tokio::test]
async fn merge_patch_tells_absent_from_null() -> TestResult {
    let app = TestApp::spawn().await;
    let p = app
        .client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?
        .into_inner();
    let input = UnitIn {
        valid_from: chrono::NaiveDate::from_ymd_opt(2002, 1, 1),
        ..under(&p, UnitLevel::District, "562", "Huyện Tây Hòa")
    };
    let d = app.client.units().create(&input).await?.into_inner();
    let renamed = app
        .client
        .units()
        .update(
            &d,
            &UnitPatch {
                name: Some("Huyện Tây Hoà".into()),
                ..Default::default()
            },
        )
        .await?
        .into_inner();
    assert_eq!(
        renamed.valid_from, input.valid_from,
        "absent fields are unchanged"
    );
    let cleared = app
        .client
        .units()
        .update(
            &renamed,
            &UnitPatch {
                valid_from: Patch::Null,
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(cleared.valid_from, None, "null clears");
    assert_eq!(cleared.parent_id, Some(p.id));
    Ok(())
}

#[tokio::test]
async fn malformed_input_is_a_problem_in_both_languages() -> TestResult {
    let app = TestApp::spawn().await;
    let cases: &[(&str, u16, &str, Option<&str>)] = &[
        (r#"{"code": "#, 400, "malformed_json", None),
        (
            r#"{"code": "54", "name": "P", "level": "province"} trailing"#,
            400,
            "malformed_json",
            None,
        ),
        (
            r#"{"code": 54, "name": "P", "level": "province"}"#,
            422,
            "validation_failed",
            Some("code"),
        ),
        (
            r#"{"name": "P", "level": "province"}"#,
            422,
            "validation_failed",
            Some("code"),
        ),
        (
            r#"{"code": "54", "name": "P", "level": "village"}"#,
            422,
            "validation_failed",
            Some("level"),
        ),
        (
            r#"{"code": "54", "name": "P", "level": "province", "colour": 1}"#,
            422,
            "validation_failed",
            Some("colour"),
        ),
        (
            r#"{"code": "54", "name": "P", "level": "province", "successor_ids": ["x"]}"#,
            422,
            "validation_failed",
            Some("successor_ids[0]"),
        ),
        (r#"[]"#, 422, "validation_failed", None),
    ];
    for (body, status, code, field) in cases {
        for lang in ["vi", "en"] {
            let p = problem(post_json(&app, "/api/v1/units", body, lang).await?, *status).await?;
            assert_eq!(&p.code, code, "{body}");
            if let Some(field) = field {
                assert_eq!(
                    p.errors.first().map(|e| e.field.as_str()),
                    Some(*field),
                    "{body}"
                );
            }
            let english = p.title.is_ascii();
            assert_eq!(english, lang == "en", "title '{}' in {lang}", p.title);
        }
    }
    let res = app
        .client
        .raw(Method::POST, "/api/v1/units")
        .await?
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await?;
    assert_eq!(problem(res, 415).await?.code, "unsupported_media_type");
    assert!(
        app.client
            .units()
            .list(&Default::default())
            .await?
            .data
            .is_empty(),
        "nothing was written"
    );
    Ok(())
}

#[tokio::test]
async fn rule_violations_name_every_field() -> TestResult {
    let app = TestApp::spawn().await;
    let p = app
        .client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?
        .into_inner();
    let bad = UnitIn {
        code: "có dấu".into(),
        name: "   ".into(),
        level: UnitLevel::Commune,
        parent_id: None,
        valid_from: chrono::NaiveDate::from_ymd_opt(2025, 1, 1),
        valid_to: chrono::NaiveDate::from_ymd_opt(2024, 1, 1),
        successor_ids: vec![uuid::Uuid::now_v7()],
        with_default_departments: false,
    };
    let err = app
        .client
        .units()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let fields: HashSet<_> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    // First the shape the spec states (the code's pattern), then the rules across fields.
    assert_eq!(fields, HashSet::from(["code".to_owned()]));
    let bad = UnitIn {
        code: "22081".into(),
        ..bad
    };
    let err = app
        .client
        .units()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let fields: HashSet<_> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    let expected: HashSet<String> = ["name", "parent_id", "valid_to", "successor_ids[0]"]
        .map(String::from)
        .into();
    assert_eq!(fields, expected);
    // A district under a district is refused; a commune under the province is fine (2025 shape).
    let d = app
        .client
        .units()
        .create(&under(&p, UnitLevel::District, "562", "Huyện Tây Hòa"))
        .await?
        .into_inner();
    let err = app
        .client
        .units()
        .create(&under(&d, UnitLevel::District, "563", "Huyện Khác"))
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(
        err.problem()
            .and_then(|p| p.errors.first())
            .map(|e| e.code.as_str()),
        Some("invalid_level")
    );
    app.client
        .units()
        .create(&under(&p, UnitLevel::Commune, "22081", "Xã Hòa Tân Tây"))
        .await?;
    // A unit cannot move below its own descendant.
    let c = app
        .client
        .units()
        .create(&under(&d, UnitLevel::Commune, "22084", "Xã Hòa Đồng"))
        .await?
        .into_inner();
    let p2 = app.client.units().get(p.id).await?.into_inner();
    let cycle = app
        .client
        .units()
        .update(
            &p2,
            &UnitPatch {
                parent_id: Patch::Value(c.id),
                ..Default::default()
            },
        )
        .await;
    assert!(cycle.err().is_some_and(|e| e.is_validation()));
    Ok(())
}

#[tokio::test]
async fn a_taken_code_is_409_naming_the_field() -> TestResult {
    let app = TestApp::spawn().await;
    app.client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?;
    let err = app
        .client
        .units()
        .create(&province("54", "Tỉnh Khác"))
        .await
        .err()
        .ok_or("duplicate accepted")?;
    assert!(err.is_conflict());
    assert_eq!(err.code(), Some("already_exists"));
    assert_eq!(
        err.problem()
            .and_then(|p| p.errors.first())
            .map(|e| e.field.as_str()),
        Some("code")
    );
    Ok(())
}

#[tokio::test]
async fn unknown_ids_are_404() -> TestResult {
    let app = TestApp::spawn().await;
    let id = uuid::Uuid::now_v7();
    let err = app.client.units().get(id).await.err().ok_or("found")?;
    assert!(err.is_not_found());
    let err = app
        .client
        .units()
        .update_by_id(id, &UnitPatch::default())
        .await
        .err()
        .ok_or("found")?;
    assert!(err.is_not_found());
    assert!(
        app.client
            .units()
            .archive(id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    Ok(())
}

#[tokio::test]
async fn vietnamese_search_ignores_case_and_diacritics() -> TestResult {
    let app = TestApp::spawn().await;
    let hn = app
        .client
        .units()
        .create(&province("01", "Thành phố Hà Nội"))
        .await?
        .into_inner();
    let py = app
        .client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?
        .into_inner();
    let d = app
        .client
        .units()
        .create(&under(&py, UnitLevel::District, "562", "Huyện Tây Hòa"))
        .await?
        .into_inner();
    // Typed on a Mac: decomposed. Stored precomposed.
    let decomposed = "Xa\u{303} Ho\u{300}a Ta\u{302}n Ta\u{302}y";
    let htt = app
        .client
        .units()
        .create(&under(&d, UnitLevel::Commune, "22081", decomposed))
        .await?
        .into_inner();
    assert_eq!(htt.name, "Xã Hòa Tân Tây");
    let ids = |page: cchc_sdk::types::common::Page<UnitOut>| {
        page.data.into_iter().map(|u| u.id).collect::<Vec<_>>()
    };
    let search = |q: &str| UnitListQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        ids(app.client.units().list(&search("ha noi")).await?),
        vec![hn.id]
    );
    assert_eq!(
        ids(app.client.units().list(&search("HÀ NỘI")).await?),
        vec![hn.id]
    );
    assert_eq!(
        ids(app.client.units().list(&search("hoà")).await?),
        vec![d.id, htt.id]
    );
    assert_eq!(
        ids(app.client.units().list(&search("tan tay")).await?),
        vec![htt.id]
    );
    assert_eq!(
        ids(app.client.units().list(&search("22081")).await?),
        vec![htt.id]
    );
    assert!(
        app.client
            .units()
            .list(&search("100%"))
            .await?
            .data
            .is_empty(),
        "wildcards are literal"
    );
    let communes = app
        .client
        .units()
        .list(&UnitListQuery {
            level: Some(UnitLevel::Commune),
            ..Default::default()
        })
        .await?;
    assert_eq!(ids(communes), vec![htt.id]);
    let children = app
        .client
        .units()
        .list(&UnitListQuery {
            parent_id: Some(py.id),
            ..Default::default()
        })
        .await?;
    assert_eq!(ids(children), vec![d.id]);
    Ok(())
}

#[tokio::test]
async fn archiving_keeps_history_and_refuses_while_children_are_active() -> TestResult {
    let app = TestApp::spawn().await;
    let p = app
        .client
        .units()
        .create(&province("54", "Tỉnh Phú Yên"))
        .await?
        .into_inner();
    let d = app
        .client
        .units()
        .create(&under(&p, UnitLevel::District, "562", "Huyện Tây Hòa"))
        .await?
        .into_inner();
    let err = app
        .client
        .units()
        .archive(p.id)
        .await
        .err()
        .ok_or("archived a parent")?;
    assert_eq!(err.code(), Some("in_use"));
    assert_eq!(
        err.problem().and_then(|p| p.referenced_by.clone()),
        Some(vec![format!("units/{}", d.id)])
    );
    let archived = app.client.units().archive(d.id).await?;
    assert!(archived.archived);
    assert_eq!(archived.version, 2);
    let listed = app.client.units().list(&Default::default()).await?;
    assert_eq!(listed.data.len(), 1, "archived units leave lists");
    let all = app
        .client
        .units()
        .list(&UnitListQuery {
            include_archived: Some(true),
            ..Default::default()
        })
        .await?;
    assert_eq!(all.data.len(), 2);
    let again = app
        .client
        .units()
        .archive(d.id)
        .await
        .err()
        .ok_or("archived twice")?;
    assert_eq!(again.code(), Some("invalid_transition"));
    assert_eq!(
        again.problem().and_then(|p| p.allowed_actions.clone()),
        Some(vec!["restore".to_owned()])
    );
    let restored = app.client.units().restore(d.id).await?;
    assert!(!restored.archived);
    Ok(())
}

#[tokio::test]
async fn a_unit_is_changed_by_the_level_above_never_by_its_own_admins() -> TestResult {
    use cchc_sdk::types::auth::Role;
    let app = TestApp::spawn().await;
    let w = crate::common::world::World::build(&app).await?;
    let (_, commune_admin) = app.user("qt.xa", Role::UnitAdmin, Some(w.a().id)).await?;
    let (_, district_admin) = app
        .user("qt.huyen", Role::UnitAdmin, Some(w.district.id))
        .await?;
    let commune: UnitOut = w.a().unit.clone();
    let rename = UnitPatch {
        name: Some("Xã Hòa Tân Tây (mới)".into()),
        ..Default::default()
    };
    for err in [
        commune_admin.units().update(&commune, &rename).await.err(),
        commune_admin.units().archive(commune.id).await.err(),
    ] {
        let err = err.ok_or("a commune's own admin changed it")?;
        assert_eq!((err.status(), err.code()), (Some(403), Some("forbidden")));
    }
    let renamed = district_admin.units().update(&commune, &rename).await?;
    assert_eq!(renamed.name, "Xã Hòa Tân Tây (mới)");
    Ok(())
}
