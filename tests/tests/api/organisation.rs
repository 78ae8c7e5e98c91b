//! Departments and officials: the full matrix, unique names across diacritics,
//! archive-instead-of-delete, contact visibility and Vietnamese search.

use cchc_sdk::types::audit::AuditEventListQuery;
use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::Patch;
use cchc_sdk::types::departments::{
    DepartmentIn, DepartmentKind, DepartmentListQuery, DepartmentPatch,
};
use cchc_sdk::types::officials::{
    Contact, OfficialIn, OfficialListQuery, OfficialPatch, OfficialStatus,
};
use cchc_sdk::types::units::{UnitIn, UnitLevel};
use reqwest::Method;
use serde_json::json;

use crate::common::fixtures::{department_in, official_in, unit_in};
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

#[tokio::test]
async fn a_department_is_created_read_changed_and_listed() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let input = DepartmentIn {
        short_code: Some("VP-TK".into()),
        description: Some("Tham mưu tổng hợp".into()),
        display_order: 1,
        ..department_in(w.a(), "Văn phòng - Thống kê")
    };
    let created = app.client.departments().create(&input).await?;
    assert_eq!(created.http_status, 201);
    assert_eq!(
        created.location.as_deref(),
        Some(format!("/api/v1/departments/{}", created.id).as_str())
    );
    assert!(created.active);
    let fetched = app.client.departments().get(created.id).await?;
    assert_eq!(fetched.value, created.value);
    let patch = DepartmentPatch {
        description: Patch::Null,
        display_order: Some(2),
        ..Default::default()
    };
    let updated = app.client.departments().update(&created, &patch).await?;
    assert_eq!(
        (
            updated.description.clone(),
            updated.display_order,
            updated.version
        ),
        (None, 2, 2)
    );
    let stale = app
        .client
        .departments()
        .update(&created, &patch)
        .await
        .err()
        .ok_or("stale write accepted")?;
    assert!(stale.is_precondition_failed());
    app.client
        .departments()
        .create(&DepartmentIn {
            kind: DepartmentKind::Leadership,
            ..department_in(w.a(), "Lãnh đạo UBND xã")
        })
        .await?;
    let leaders = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            kind: Some(DepartmentKind::Leadership),
            ..Default::default()
        })
        .await?;
    assert_eq!(leaders.data.len(), 1);
    Ok(())
}

#[tokio::test]
async fn department_names_are_unique_across_case_diacritics_and_forms() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    app.client
        .departments()
        .create(&department_in(w.a(), "Văn phòng - Thống kê"))
        .await?;
    for clash in [
        "van phong - thong ke",
        "VĂN PHÒNG - THỐNG KÊ",
        "Va\u{306}n pho\u{300}ng - Tho\u{302}\u{301}ng ke\u{302}",
    ] {
        let err = app
            .client
            .departments()
            .create(&department_in(w.a(), clash))
            .await
            .err()
            .ok_or("duplicate accepted")?;
        assert!(err.is_conflict(), "{clash}");
        assert_eq!(err.code(), Some("already_exists"));
        assert_eq!(
            err.problem()
                .and_then(|p| p.errors.first())
                .map(|e| e.field.as_str()),
            Some("name")
        );
    }
    // Another commune may have its own Văn phòng.
    app.client
        .departments()
        .create(&department_in(w.b(), "Văn phòng - Thống kê"))
        .await?;
    let found = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            q: Some("van phong".into()),
            unit_id: Some(w.a().id),
            ..Default::default()
        })
        .await?;
    assert_eq!(found.data.len(), 1);
    Ok(())
}

#[tokio::test]
async fn bad_department_input_is_422_naming_each_field() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let other_official = app
        .client
        .officials()
        .create(&official_in(w.b(), "Người xã khác"))
        .await?;
    let bad = DepartmentIn {
        short_code: Some("X".repeat(40)),
        display_order: -1,
        head_official_id: Some(other_official.id),
        ..department_in(w.a(), "  ")
    };
    let err = app
        .client
        .departments()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let mut fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    fields.sort();
    // First the shape the spec states (lengths, ranges), then the rules across fields.
    assert_eq!(fields, ["display_order", "short_code"]);
    let bad = DepartmentIn {
        short_code: None,
        display_order: 0,
        ..bad
    };
    let err = app
        .client
        .departments()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let mut fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    fields.sort();
    assert_eq!(fields, ["head_official_id", "name"]);
    let res = app
        .client
        .raw(Method::POST, "/api/v1/departments")
        .await?
        .json(&json!({"unit_id": w.a().id, "name": "X", "kind": "ministry"}))
        .send()
        .await?;
    assert_eq!(problem(res, 422).await?.errors[0].field, "kind");
    Ok(())
}

#[tokio::test]
async fn a_referenced_department_is_archived_not_deleted() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let vp = app
        .client
        .departments()
        .create(&department_in(w.a(), "Văn phòng - Thống kê"))
        .await?
        .into_inner();
    let member = app
        .client
        .officials()
        .create(&OfficialIn {
            department_id: Some(vp.id),
            ..official_in(w.a(), "Nguyễn Thị Thu Hà")
        })
        .await?;
    let err = app
        .client
        .departments()
        .delete(vp.id)
        .await
        .err()
        .ok_or("deleted a department in use")?;
    assert_eq!(err.code(), Some("in_use"));
    assert_eq!(
        err.problem().and_then(|p| p.referenced_by.clone()),
        Some(vec![format!("officials/{}", member.id)])
    );
    assert_eq!(
        err.problem().and_then(|p| p.allowed_actions.clone()),
        Some(vec!["archive".to_owned()])
    );
    let archived = app.client.departments().archive(vp.id).await?;
    assert!(!archived.active);
    let active = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            active: Some(true),
            ..Default::default()
        })
        .await?;
    assert!(active.data.is_empty());
    assert_eq!(app.client.departments().restore(vp.id).await?.version, 3);
    // An unreferenced one goes for good.
    let spare = app
        .client
        .departments()
        .create(&department_in(w.a(), "Tổ công tác tạm thời"))
        .await?;
    app.client.departments().delete(spare.id).await?;
    assert!(
        app.client
            .departments()
            .get(spare.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    Ok(())
}

#[tokio::test]
async fn a_commune_can_be_created_with_its_usual_departments() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let district = Some(w.district.id);
    let input = UnitIn {
        parent_id: district,
        with_default_departments: true,
        ..unit_in("22087", "Xã Hòa Mỹ Đông", UnitLevel::Commune, None)
    };
    let commune = app.client.units().create(&input).await?;
    let depts = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            unit_id: Some(commune.id),
            ..Default::default()
        })
        .await?;
    let names: Vec<&str> = depts.data.iter().map(|d| d.name.as_str()).collect();
    for expected in [
        "Văn phòng - Thống kê",
        "Tài chính - Kế toán",
        "Tư pháp - Hộ tịch",
        "Địa chính - Xây dựng - Nông nghiệp - Môi trường",
        "Văn hóa - Xã hội",
        "Công an xã",
        "Quân sự xã",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let not_commune = UnitIn {
        with_default_departments: true,
        ..unit_in("99", "Tỉnh X", UnitLevel::Province, None)
    };
    assert!(
        app.client
            .units()
            .create(&not_commune)
            .await
            .err()
            .is_some_and(|e| e.is_validation())
    );
    Ok(())
}

#[tokio::test]
async fn departments_and_officials_keep_to_the_unit_scope_and_roles() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let dept_b = app
        .client
        .departments()
        .create(&department_in(w.b(), "Văn phòng - Thống kê"))
        .await?
        .into_inner();
    let off_b = app
        .client
        .officials()
        .create(&official_in(w.b(), "Đặng Văn Phúc"))
        .await?
        .into_inner();
    let (_, admin_a) = app.user("admin.a", Role::UnitAdmin, Some(w.a().id)).await?;
    let (_, viewer_a) = app.user("viewer.a", Role::Viewer, Some(w.a().id)).await?;
    // Another unit's records answer 404, reads and writes alike.
    assert!(
        admin_a
            .departments()
            .get(dept_b.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_a
            .officials()
            .get(off_b.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_a
            .departments()
            .update(
                &dept_b,
                &DepartmentPatch {
                    display_order: Some(9),
                    ..Default::default()
                }
            )
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_a
            .departments()
            .delete(dept_b.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_a
            .officials()
            .delete(off_b.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_a
            .departments()
            .list(&Default::default())
            .await?
            .data
            .is_empty()
    );
    // Creating in another unit is refused as an unknown unit.
    let err = admin_a
        .departments()
        .create(&department_in(w.b(), "Tư pháp - Hộ tịch"))
        .await
        .err()
        .ok_or("created elsewhere")?;
    assert_eq!(
        err.problem()
            .and_then(|p| p.errors.first())
            .map(|e| e.field.as_str()),
        Some("unit_id")
    );
    // A viewer reads but may not write; no token is 401.
    admin_a
        .departments()
        .create(&department_in(w.a(), "Văn phòng - Thống kê"))
        .await?;
    assert_eq!(
        viewer_a
            .departments()
            .list(&Default::default())
            .await?
            .data
            .len(),
        1
    );
    assert!(
        viewer_a
            .departments()
            .create(&department_in(w.a(), "Khác"))
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    assert!(
        viewer_a
            .officials()
            .create(&official_in(w.a(), "Khác"))
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    for path in ["/api/v1/departments", "/api/v1/officials"] {
        let res = app.anonymous().anonymous(Method::GET, path)?.send().await?;
        problem(res, 401).await?;
    }
    Ok(())
}

#[tokio::test]
async fn contacts_are_shown_only_to_unit_admins_and_the_official() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let (me, my_client) = app
        .user("ha.vanphong", Role::Viewer, Some(w.a().id))
        .await?;
    let (_, colleague) = app
        .user("dong.nghiep", Role::Viewer, Some(w.a().id))
        .await?;
    let (_, admin_a) = app.user("admin.a", Role::UnitAdmin, Some(w.a().id)).await?;
    let (_, admin_b) = app.user("admin.b", Role::UnitAdmin, Some(w.b().id)).await?;
    let input = OfficialIn {
        email: Some("ha@hoatantay.gov.vn".into()),
        phone: Some("0257 3888 123".into()),
        user_id: Some(me.id),
        ..official_in(w.a(), "Nguyễn Thị Thu Hà")
    };
    let created = app.client.officials().create(&input).await?.into_inner();
    let contact = Some(Contact {
        email: Some("ha@hoatantay.gov.vn".into()),
        phone: Some("0257 3888 123".into()),
    });
    assert_eq!(created.contact, contact, "a system admin sees it");
    assert_eq!(
        admin_a.officials().get(created.id).await?.contact,
        contact,
        "the unit's admin sees it"
    );
    assert_eq!(
        my_client.officials().get(created.id).await?.contact,
        contact,
        "the official sees their own"
    );
    assert_eq!(
        colleague.officials().get(created.id).await?.contact,
        None,
        "a colleague does not"
    );
    let listed = colleague.officials().list(&Default::default()).await?;
    assert!(listed.data.iter().all(|o| o.contact.is_none()));
    assert!(
        admin_b
            .officials()
            .get(created.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    // The link is two-way: the user record names the official.
    assert_eq!(
        app.client.users().get(me.id).await?.official_id,
        Some(created.id)
    );
    // The journal never holds the contact itself.
    let patch = OfficialPatch {
        phone: Patch::Value("0905 123 456".into()),
        ..Default::default()
    };
    app.client.officials().update(&created, &patch).await?;
    let events = app
        .client
        .audit_events()
        .list(&AuditEventListQuery {
            resource_id: Some(created.id),
            ..Default::default()
        })
        .await?;
    let text = serde_json::to_string(&events.data)?;
    assert!(!text.contains("0905") && !text.contains("ha@hoatantay"));
    assert_eq!(
        events.data[0].changes["contact"],
        json!({"before": "***", "after": "***"})
    );
    Ok(())
}

#[tokio::test]
async fn bad_official_input_is_422_and_references_block_deletion() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let dept_b = app
        .client
        .departments()
        .create(&department_in(w.b(), "Văn phòng - Thống kê"))
        .await?;
    let bad = OfficialIn {
        email: Some("not-an-email".into()),
        phone: Some("call me".into()),
        department_id: Some(dept_b.id),
        position: "".into(),
        ..official_in(w.a(), "Lê Văn Vũ")
    };
    let err = app
        .client
        .officials()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let mut fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    fields.sort();
    // First the shape the spec states, then the rules across fields.
    assert_eq!(fields, ["position"]);
    let bad = OfficialIn {
        position: "Công chức".into(),
        ..bad
    };
    let err = app
        .client
        .officials()
        .create(&bad)
        .await
        .err()
        .ok_or("accepted")?;
    let mut fields: Vec<String> = err
        .problem()
        .map(|p| p.errors.iter().map(|e| e.field.clone()).collect())
        .unwrap_or_default();
    fields.sort();
    assert_eq!(fields, ["department_id", "email", "phone"]);
    let vu = app
        .client
        .officials()
        .create(&OfficialIn {
            position: "Chủ tịch UBND xã".into(),
            ..official_in(w.a(), "Lê Văn Vũ")
        })
        .await?;
    let leaders = app
        .client
        .departments()
        .create(&DepartmentIn {
            head_official_id: Some(vu.id),
            kind: DepartmentKind::Leadership,
            ..department_in(w.a(), "Lãnh đạo UBND xã")
        })
        .await?;
    let err = app
        .client
        .officials()
        .delete(vu.id)
        .await
        .err()
        .ok_or("deleted a department head")?;
    assert_eq!(err.code(), Some("in_use"));
    assert_eq!(
        err.problem().and_then(|p| p.referenced_by.clone()),
        Some(vec![format!("departments/{}", leaders.id)])
    );
    let left = app
        .client
        .officials()
        .update(
            &vu,
            &OfficialPatch {
                status: Some(OfficialStatus::Left),
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(left.status, OfficialStatus::Left);
    let nobody = app
        .client
        .officials()
        .create(&official_in(w.a(), "Tạm thời"))
        .await?;
    app.client.officials().delete(nobody.id).await?;
    assert!(
        app.client
            .officials()
            .get(nobody.id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    Ok(())
}

#[tokio::test]
async fn officials_are_found_without_diacritics() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let vu = app
        .client
        .officials()
        .create(&OfficialIn {
            position: "Chủ tịch UBND xã".into(),
            ..official_in(w.a(), "Lê Văn Vũ")
        })
        .await?;
    app.client
        .officials()
        .create(&official_in(w.a(), "Nguyễn Văn Bình"))
        .await?;
    let search = |q: &str| OfficialListQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    for q in ["le van vu", "LÊ VĂN VŨ", "chu tich", "Le Van"] {
        let found = app.client.officials().list(&search(q)).await?;
        assert_eq!(
            found.data.iter().map(|o| o.id).collect::<Vec<_>>(),
            vec![vu.id],
            "{q}"
        );
    }
    assert_eq!(
        app.client
            .officials()
            .list(&search("van"))
            .await?
            .data
            .len(),
        2
    );
    Ok(())
}
