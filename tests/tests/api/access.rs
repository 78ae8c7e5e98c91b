//! Unit scoping and roles: a principal sees its unit and the units below it, never others;
//! another unit's id answers 404 exactly as a missing one; roles bound what it may do.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::common::Patch;
use cchc_sdk::types::units::{UnitIn, UnitLevel, UnitListQuery, UnitPatch};
use cchc_sdk::types::users::{UserIn, UserPatch};
use reqwest::Method;

use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

#[tokio::test]
async fn a_commune_admin_sees_only_its_commune_and_gets_404_for_another() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let (_, admin_a) = app.user("admin.a", Role::UnitAdmin, Some(w.a().id)).await?;
    let listed = admin_a.units().list(&UnitListQuery::default()).await?;
    assert_eq!(
        listed.data.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![w.a().id]
    );
    assert_eq!(admin_a.units().get(w.a().id).await?.id, w.a().id);
    for other in [w.b().id, w.district.id, w.province.id] {
        let err = admin_a
            .units()
            .get(other)
            .await
            .err()
            .ok_or("saw another unit")?;
        assert!(err.is_not_found());
        assert_eq!(
            err.code(),
            Some("not_found"),
            "the same answer as a missing id"
        );
    }
    let patch = UnitPatch {
        name: Some("Xã Khác".into()),
        ..Default::default()
    };
    assert!(
        admin_a
            .units()
            .update_by_id(w.b().id, &patch)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert!(
        admin_a
            .units()
            .archive(w.b().id)
            .await
            .err()
            .is_some_and(|e| e.is_not_found())
    );
    assert_eq!(
        app.client.units().get(w.b().id).await?.name,
        "Xã Hòa Đồng",
        "nothing changed"
    );
    Ok(())
}

#[tokio::test]
async fn a_province_admin_sees_every_commune_below_it() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let (_, admin_p) = app
        .user("admin.p", Role::UnitAdmin, Some(w.province.id))
        .await?;
    let communes = admin_p
        .units()
        .list(&UnitListQuery {
            level: Some(UnitLevel::Commune),
            ..Default::default()
        })
        .await?;
    assert_eq!(
        communes.data.iter().map(|u| u.id).collect::<Vec<_>>(),
        vec![w.a().id, w.b().id]
    );
    assert_eq!(admin_p.auth().me().await?.visible_units, Some(4));
    let renamed = admin_p
        .units()
        .update(
            w.b(),
            &UnitPatch {
                name: Some("Xã Hòa Đồng (mới)".into()),
                ..Default::default()
            },
        )
        .await?;
    assert_eq!(renamed.name, "Xã Hòa Đồng (mới)");
    Ok(())
}

#[tokio::test]
async fn roles_bound_what_each_principal_may_do() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let (_, viewer) = app.user("viewer.a", Role::Viewer, Some(w.a().id)).await?;
    let (_, admin_a) = app.user("admin.a", Role::UnitAdmin, Some(w.a().id)).await?;
    let (_, officer) = app
        .user("officer.a", Role::DepartmentOfficer, Some(w.a().id))
        .await?;
    // A viewer reads but never writes.
    viewer.units().get(w.a().id).await?;
    let err = viewer
        .units()
        .update(
            w.a(),
            &UnitPatch {
                name: Some("X".into()),
                ..Default::default()
            },
        )
        .await
        .err()
        .ok_or("viewer wrote")?;
    assert!(err.is_forbidden());
    assert!(
        viewer
            .users()
            .list(&Default::default())
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    assert!(
        officer
            .audit_events()
            .list(&Default::default())
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    // A commune admin cannot create a province, nor make anyone a system admin.
    let province = UnitIn {
        code: "99".into(),
        name: "Tỉnh Mới".into(),
        level: UnitLevel::Province,
        parent_id: None,
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
        with_default_departments: false,
    };
    assert!(
        admin_a
            .units()
            .create(&province)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    let sysadmin = UserIn {
        username: "sneaky".into(),
        full_name: "Sneaky".into(),
        unit_id: Some(w.a().id),
        roles: vec![Role::SystemAdmin],
        official_id: None,
        password: "long-enough-password".into(),
    };
    assert!(
        admin_a
            .users()
            .create(&sysadmin)
            .await
            .err()
            .is_some_and(|e| e.is_forbidden())
    );
    // It manages users of its own commune, but a user of another commune is not found.
    let own = UserIn {
        roles: vec![Role::Viewer],
        username: "nguoi.moi".into(),
        ..sysadmin.clone()
    };
    admin_a.users().create(&own).await?;
    let other = UserIn {
        unit_id: Some(w.b().id),
        username: "nguoi.khac".into(),
        ..own.clone()
    };
    let err = admin_a
        .users()
        .create(&other)
        .await
        .err()
        .ok_or("created elsewhere")?;
    assert_eq!(
        err.problem()
            .and_then(|p| p.errors.first())
            .map(|e| e.field.as_str()),
        Some("unit_id")
    );
    // The raw 403 is problem+json too.
    let res = viewer
        .raw(Method::POST, &format!("/api/v1/units/{}/archive", w.a().id))
        .await?
        .send()
        .await?;
    assert_eq!(problem(res, 403).await?.code, "forbidden");
    Ok(())
}

#[tokio::test]
async fn deactivating_a_user_ends_their_access_at_once() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let (user, client) = app.user("tam.thoi", Role::Viewer, Some(w.a().id)).await?;
    client.units().get(w.a().id).await?;
    let off = app.client.users().deactivate(user.id).await?;
    assert!(!off.active);
    assert!(
        client.units().get(w.a().id).await.is_err(),
        "the live token no longer works"
    );
    let again = app
        .client
        .users()
        .deactivate(user.id)
        .await
        .err()
        .ok_or("deactivated twice")?;
    assert_eq!(again.code(), Some("invalid_transition"));
    app.client.users().activate(user.id).await?;
    client.units().get(w.a().id).await?;
    // A new password also signs the user out everywhere.
    let current = app.client.users().get(user.id).await?.into_inner();
    app.client
        .users()
        .update(
            &current,
            &UserPatch {
                password: Some("another-long-password".into()),
                unit_id: Patch::Absent,
                ..Default::default()
            },
        )
        .await?;
    let relogin = app.login("tam.thoi", "another-long-password");
    relogin.auth().me().await?;
    Ok(())
}

#[tokio::test]
async fn every_operation_but_the_public_ones_wants_a_token_and_writes_nothing_without() -> TestResult
{
    use sea_orm::{EntityTrait, PaginatorTrait};
    let app = TestApp::spawn().await;
    // Sign the admin in first: its sign-in is journaled, the anonymous calls must not be.
    app.client.units().list(&UnitListQuery::default()).await?;
    let journal = || cchc_server::entity::audit_events::Entity::find().count(&app.db);
    let before = journal().await?;
    let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/openapi.json"
    ))?)?;
    let id = uuid::Uuid::now_v7().to_string();
    let anonymous = reqwest::Client::new();
    let mut checked = 0;
    for (path, operations) in spec["paths"].as_object().into_iter().flatten() {
        for (method, operation) in operations.as_object().into_iter().flatten() {
            if operation.get("security").is_none() {
                continue; // the probes and the token endpoints
            }
            let url: Vec<String> = path
                .split('/')
                .map(|segment| match segment {
                    "{year}" => "2024".to_owned(),
                    s if s.starts_with('{') => id.clone(),
                    s => s.to_owned(),
                })
                .collect();
            let mut request = anonymous.request(
                method.to_uppercase().parse()?,
                format!("{}{}", app.base_url, url.join("/")),
            );
            if matches!(method.as_str(), "post" | "put" | "patch") {
                request = request
                    .header("content-type", "application/json")
                    .body("{}");
            }
            let res = request.send().await?;
            let status = res.status().as_u16();
            let content_type = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body: serde_json::Value = res.json().await?;
            assert_eq!(
                (status, content_type.as_str(), body["code"].as_str()),
                (401, "application/problem+json", Some("unauthorized")),
                "{method} {path}"
            );
            checked += 1;
        }
    }
    assert!(checked > 90, "only {checked} operations checked");
    assert_eq!(
        journal().await?,
        before,
        "an anonymous call changed something"
    );
    Ok(())
}
