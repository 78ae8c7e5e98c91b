//! Search as people type it (issue "Works with the clients people already have"): words in
//! any order, punctuation and diacritics ignored (the look-alike `Ð` too), one search across
//! plans, tasks, departments, officials and criteria, scoped to the caller, best first; and
//! the lists' `q` matching every word.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::departments::DepartmentListQuery;
use cchc_sdk::types::officials::OfficialListQuery;
use cchc_sdk::types::plans::{PlanListQuery, PlanOut};
use cchc_sdk::types::search::{SearchHit, SearchKind, SearchQuery};
use cchc_sdk::types::tasks::{TaskIn, TaskListQuery};
use cchc_sdk::types::units::UnitListQuery;
use cchc_sdk::types::users::UserListQuery;
use reqwest::Method;
use uuid::Uuid;

use crate::common::fixtures::{department_in, official_in, task_in};
use crate::common::world::World;
use crate::common::{TestApp, TestResult, problem};

/// The hits of `q` as `client` sees them.
async fn search(client: &cchc_sdk::Client, q: &str) -> Result<Vec<SearchHit>, cchc_sdk::Error> {
    Ok(client.search(&SearchQuery::new(q)).await?.data)
}

fn ids(hits: &[SearchHit], kind: SearchKind) -> Vec<Uuid> {
    hits.iter()
        .filter(|h| h.kind == kind)
        .map(|h| h.id)
        .collect()
}

/// The world with its chairmen and the seed plan drafted in Hòa Tân Tây.
async fn world_with_plan(app: &TestApp) -> Result<(World, PlanOut), cchc_sdk::Error> {
    let w = World::builder().with_chairmen().build(app).await?;
    let plan = crate::plans::draft(app, &w).await?;
    Ok((w, plan))
}

#[tokio::test]
async fn words_are_found_in_any_order_without_punctuation_or_diacritics() -> TestResult {
    let app = TestApp::spawn().await;
    let (w, plan) = world_with_plan(&app).await?;
    for q in [
        "van phong thong ke",
        "thong ke van phong",
        "VĂN-PHÒNG / thống kê!!",
        "ke, phong; thong (van)",
    ] {
        let hits = search(&app.client, q).await?;
        let offices = ids(&hits, SearchKind::Department);
        assert!(offices.contains(&w.a().van_phong()), "{q}: {hits:?}");
        assert!(offices.contains(&w.b().van_phong()), "{q}: {hits:?}");
        assert_eq!(hits[0].title, "Văn phòng - Thống kê", "{q}");
    }
    let hits = search(&app.client, "hoi nghi chi so").await?;
    assert_eq!(ids(&hits, SearchKind::Plan), [plan.id], "{hits:?}");
    let hit = &hits[0];
    assert_eq!((hit.kind, hit.unit_id), (SearchKind::Plan, w.a().id));
    assert_eq!(hit.title, plan.content.title);
    // Every word must be found: one the plan lacks leaves it out.
    let hits = search(&app.client, "hoi nghi chi so thuy san").await?;
    assert!(ids(&hits, SearchKind::Plan).is_empty(), "{hits:?}");
    // Officials by name or position, tasks by title or description.
    let le_van_vu = w.a().chairman.ok_or("no chairman")?;
    let hits = search(&app.client, "vu le chu tich").await?;
    assert!(
        ids(&hits, SearchKind::Official).contains(&le_van_vu),
        "{hits:?}"
    );
    let task = app
        .client
        .tasks()
        .create(&TaskIn {
            description: Some("Gửi Sở Nội vụ trước ngày 15/5.".into()),
            ..task_in(w.a(), "Báo cáo tự đánh giá Chỉ số CCHC", None)
        })
        .await?;
    let hits = search(&app.client, "so noi vu bao cao").await?;
    assert_eq!(ids(&hits, SearchKind::Task), [task.id], "{hits:?}");
    assert_eq!(
        hits[0].snippet.as_deref(),
        Some("Gửi Sở Nội vụ trước ngày 15/5.")
    );
    Ok(())
}

#[tokio::test]
async fn the_look_alike_eth_is_searched_as_d() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    // Typed with U+00D0 (an old font), found by `d` and by `Đ`; and the other way round.
    let eth = app
        .client
        .departments()
        .create(&department_in(w.a(), "\u{00D0}oàn Thanh niên"))
        .await?;
    let real = app
        .client
        .officials()
        .create(&official_in(w.a(), "Trần Đức Thắng"))
        .await?;
    for q in ["doan thanh nien", "Đoàn thanh niên", "\u{00F0}OÀN"] {
        let hits = search(&app.client, q).await?;
        assert_eq!(ids(&hits, SearchKind::Department), [eth.id], "{q}");
    }
    let hits = search(&app.client, "\u{00D0}ức Trần").await?;
    assert_eq!(ids(&hits, SearchKind::Official), [real.id], "{hits:?}");
    // The same name in either spelling is one name in a unit.
    let twin = app
        .client
        .departments()
        .create(&department_in(w.a(), "Đoàn thanh niên"))
        .await
        .err()
        .and_then(|e| e.status());
    assert_eq!(twin, Some(409));
    Ok(())
}

#[tokio::test]
async fn keys_written_before_eth_was_folded_are_rewritten_by_the_migration() -> TestResult {
    use cchc_migrations::{Migrator, MigratorTrait};
    use cchc_server::entity::departments;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::spawn().await;
    let w = World::builder().without_departments().build(&app).await?;
    let dept = app
        .client
        .departments()
        .create(&department_in(w.a(), "\u{00D0}ội công tác"))
        .await?;
    let twin = app
        .client
        .departments()
        .create(&department_in(w.a(), "Tổ \u{00D0}oàn"))
        .await?;
    let other = app
        .client
        .departments()
        .create(&department_in(w.a(), "Tổ Đoàn thể"))
        .await?;
    // The keys as an older server wrote them: with `ð`, one beside its folded twin.
    for (id, key) in [
        (dept.id, "ðoi cong tac"),
        (twin.id, "to ðoan"),
        (other.id, "to doan"),
    ] {
        departments::Entity::update_many()
            .col_expr(departments::Column::NameKey, Expr::value(key))
            .filter(departments::Column::Id.eq(id))
            .exec(&app.db)
            .await?;
    }
    let before = search(&app.client, "doi cong tac").await?;
    assert!(
        ids(&before, SearchKind::Department).is_empty(),
        "the old key is not found: {before:?}"
    );
    // Back to before the rewrite and up again: the rewrite runs.
    let since = Migrator::get_applied_migrations(&app.db)
        .await?
        .iter()
        .filter(|m| m.name() >= "m20261203_000013_fold_eth")
        .count();
    Migrator::down(&app.db, Some(since as u32)).await?;
    Migrator::up(&app.db, None).await?;
    let hits = search(&app.client, "doi cong tac").await?;
    assert_eq!(ids(&hits, SearchKind::Department), [dept.id]);
    // The one whose rewrite would duplicate its twin's key kept its old key.
    let kept = departments::Entity::find_by_id(twin.id)
        .one(&app.db)
        .await?
        .map(|d| d.name_key);
    assert_eq!(kept.as_deref(), Some("to ðoan"));
    Ok(())
}

#[tokio::test]
async fn a_principal_of_another_unit_does_not_find_what_it_cannot_see() -> TestResult {
    let app = TestApp::spawn().await;
    let (w, plan) = world_with_plan(&app).await?;
    let (_, admin_b) = app.user("admin.b", Role::UnitAdmin, Some(w.b().id)).await?;
    let hits = search(&admin_b, "hoi nghi chi so").await?;
    assert!(ids(&hits, SearchKind::Plan).is_empty(), "{hits:?}");
    let hits = search(&admin_b, "van phong thong ke").await?;
    assert_eq!(ids(&hits, SearchKind::Department), [w.b().van_phong()]);
    assert!(
        hits.iter().all(|h| h.unit_id == w.b().id),
        "only Hòa Đồng's rows: {hits:?}"
    );
    let hits = search(&admin_b, "le van vu").await?;
    assert_eq!(
        ids(&hits, SearchKind::Official),
        [w.b().chairman.ok_or("chairman")?]
    );
    // Its own unit's people see the plan.
    let (_, admin_a) = app.user("admin.a", Role::UnitAdmin, Some(w.a().id)).await?;
    let hits = search(&admin_a, "hoi nghi chi so").await?;
    assert_eq!(ids(&hits, SearchKind::Plan), [plan.id]);
    Ok(())
}

#[tokio::test]
async fn criteria_of_frameworks_are_found_by_every_unit() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::build(&app).await?;
    let mut input = crate::index::small_framework(w.province.id);
    input.areas[0].children[0].children[1].name = "Công khai, minh bạch thủ tục hành chính".into();
    let framework = app.client.frameworks().create(&input).await?.into_inner();
    let criterion = &framework.areas[0].children[0].children[1];
    assert_eq!(criterion.code, "1.1.2");
    let (_, admin_b) = app.user("admin.b", Role::UnitAdmin, Some(w.b().id)).await?;
    for client in [&app.client, &admin_b] {
        let hits = search(client, "thu tuc hanh chinh cong khai").await?;
        assert_eq!(
            ids(&hits, SearchKind::Criterion),
            [criterion.id],
            "{hits:?}"
        );
        let hit = &hits[0];
        assert_eq!(hit.title, "Công khai, minh bạch thủ tục hành chính");
        assert_eq!(hit.unit_id, w.province.id);
        assert_eq!(
            hit.snippet.as_deref(),
            Some("1.1.2 · Bộ chỉ số CCHC cấp xã năm 2023")
        );
    }
    Ok(())
}

#[tokio::test]
async fn hits_come_best_first() -> TestResult {
    let app = TestApp::spawn().await;
    let w = World::builder()
        .communes(1)
        .without_departments()
        .build(&app)
        .await?;
    let unit = w.a();
    let tasks = app.client.tasks();
    for (title, description) in [
        ("Báo cáo quý", Some("Kèm số liệu thống kê")),
        ("Kê khai thống nhất", None),
        ("Thống kê số liệu", None),
        ("Thống kê", None),
    ] {
        let input = TaskIn {
            description: description.map(Into::into),
            ..task_in(unit, title, None)
        };
        tasks.create(&input).await?;
    }
    app.client
        .departments()
        .create(&department_in(unit, "Văn phòng - Thống kê"))
        .await?;
    let found = app.client.search(&SearchQuery::new("thong ke")).await?;
    assert_eq!(found.words, ["thong", "ke"]);
    let order: Vec<&str> = found.data.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(
        order,
        [
            "Thống kê",             // the phrase, shortest
            "Thống kê số liệu",     // the phrase
            "Văn phòng - Thống kê", // the phrase, longer still
            "Kê khai thống nhất",   // both words, at word starts
            "Báo cáo quý",          // only in the description
        ]
    );
    assert!(found.data.windows(2).all(|p| p[0].score > p[1].score));
    assert!(!found.has_more);
    let two = app
        .client
        .search(&SearchQuery {
            limit: Some(2),
            ..SearchQuery::new("thong ke")
        })
        .await?;
    assert_eq!(two.data, found.data[..2]);
    assert!(two.has_more);
    Ok(())
}

#[tokio::test]
async fn a_query_without_words_is_400_naming_q() -> TestResult {
    let app = TestApp::spawn().await;
    for q in ["", "   ", "- / ,"] {
        let err = app
            .client
            .search(&SearchQuery::new(q))
            .await
            .err()
            .ok_or("a blank search answered")?;
        let problem = err.problem().ok_or("not a problem")?;
        assert_eq!(
            (problem.status, problem.code.as_str()),
            (400, "invalid_query")
        );
        assert_eq!(problem.errors[0].field, "q", "{q:?}");
    }
    // No `q` at all, and one too long, likewise.
    let res = app
        .client
        .raw(Method::GET, "/api/v1/search")
        .await?
        .send()
        .await?;
    let missing = problem(res, 400).await?;
    assert_eq!(missing.errors[0].field, "q");
    let long = "a ".repeat(101);
    let err = app.client.search(&SearchQuery::new(long)).await.err();
    let problem = err.as_ref().and_then(|e| e.problem()).ok_or("answered")?;
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("q", "too_long")
    );
    // A search needs a signed-in caller.
    let anonymous = app.anonymous().search(&SearchQuery::new("van phong")).await;
    assert_eq!(anonymous.err().and_then(|e| e.status()), Some(401));
    Ok(())
}

#[tokio::test]
async fn every_list_matches_every_word_of_q() -> TestResult {
    let app = TestApp::spawn().await;
    let (w, plan) = world_with_plan(&app).await?;
    let q = |s: &str| Some(s.to_owned());
    let departments = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            unit_id: Some(w.a().id),
            q: q("thống kê - VĂN PHÒNG"),
            ..Default::default()
        })
        .await?;
    let found: Vec<Uuid> = departments.data.iter().map(|d| d.id).collect();
    assert_eq!(found, [w.a().van_phong()]);
    let plans = app
        .client
        .plans()
        .list(&PlanListQuery {
            q: q("chỉ số, hội nghị"),
            ..Default::default()
        })
        .await?;
    assert_eq!(
        plans.data.iter().map(|p| p.id).collect::<Vec<_>>(),
        [plan.id]
    );
    let officials = app
        .client
        .officials()
        .list(&OfficialListQuery {
            q: q("vu le (chu tich)"),
            unit_id: Some(w.a().id),
            ..Default::default()
        })
        .await?;
    assert_eq!(officials.data.len(), 1);
    assert_eq!(officials.data[0].full_name, "Lê Văn Vũ");
    let task = app
        .client
        .tasks()
        .create(&task_in(w.a(), "Tổng hợp số liệu thống kê", None))
        .await?;
    let tasks = app
        .client
        .tasks()
        .list(&TaskListQuery {
            q: q("thong ke, so lieu"),
            ..Default::default()
        })
        .await?;
    assert_eq!(
        tasks.data.iter().map(|t| t.id).collect::<Vec<_>>(),
        [task.id]
    );
    let units = app
        .client
        .units()
        .list(&UnitListQuery {
            q: q("tay hoa tan xa"),
            ..Default::default()
        })
        .await?;
    assert_eq!(
        units.data.iter().map(|u| u.id).collect::<Vec<_>>(),
        [w.a().id]
    );
    app.user("ke.toan", Role::Auditor, Some(w.a().id)).await?;
    let users = app
        .client
        .users()
        .list(&UserListQuery {
            q: q("toan dung nguoi"),
            ..Default::default()
        })
        .await?;
    assert_eq!(
        users
            .data
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["ke.toan"]
    );
    // A word no row holds empties the list, whatever the others match.
    let none = app
        .client
        .departments()
        .list(&DepartmentListQuery {
            q: q("van phong thuy loi"),
            ..Default::default()
        })
        .await?;
    assert!(none.data.is_empty());
    Ok(())
}
