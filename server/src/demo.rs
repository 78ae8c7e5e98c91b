//! The demo data: the world of the seed plan (Hòa Tân Tây, huyện Tây Hòa, tỉnh Phú Yên,
//! April 2024), loaded into an empty database. It goes through the same domain functions
//! as the API, so it obeys every rule.

use cchc_sdk::types::auth::{ClientScope, Role};
use cchc_sdk::types::units::{UnitIn, UnitLevel};
use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::auth::{Ctx, secrets};
use crate::config::Config;
use crate::domain::audit::Actor;
use crate::domain::users::{NewUser, insert};
use crate::domain::write::Write;
use crate::domain::{api_clients, officials, units};
use crate::entity::units as unit_rows;
use crate::error::ApiError;
use cchc_sdk::types::officials::{OfficialIn, OfficialStatus};

/// The demo logins, one per role: (username, full name, role, unit code).
pub const DEMO_USERS: &[(&str, &str, Role, &str)] = &[
    ("quantri.phuyen", "Trần Minh Quang", Role::UnitAdmin, "54"),
    ("thamdinh.tayhoa", "Phạm Thị Lan", Role::Appraiser, "562"),
    ("kiemtra.tayhoa", "Đỗ Văn Hùng", Role::Auditor, "562"),
    ("chutich.hoatantay", "Lê Văn Vũ", Role::UnitAdmin, "22081"),
    (
        "vanphong.hoatantay",
        "Nguyễn Thị Thu Hà",
        Role::DepartmentOfficer,
        "22081",
    ),
    ("xem.hoatantay", "Võ Thành Nam", Role::Viewer, "22081"),
];

/// The communes of huyện Tây Hòa (2023), by administrative code: Hòa Tân Tây and its siblings.
const TAY_HOA_COMMUNES: &[(&str, &str)] = &[
    ("22069", "Thị trấn Phú Thứ"),
    ("22072", "Xã Hòa Bình 1"),
    ("22075", "Xã Hòa Phong"),
    ("22078", "Xã Hòa Phú"),
    ("22081", "Xã Hòa Tân Tây"),
    ("22084", "Xã Hòa Đồng"),
    ("22087", "Xã Hòa Mỹ Đông"),
    ("22090", "Xã Hòa Mỹ Tây"),
    ("22093", "Xã Hòa Thịnh"),
    ("22096", "Xã Sơn Thành Đông"),
    ("22099", "Xã Sơn Thành Tây"),
];

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn unit(code: &str, name: &str, level: UnitLevel, parent_id: Option<Uuid>) -> UnitIn {
    UnitIn {
        code: code.into(),
        name: name.into(),
        level,
        parent_id,
        valid_from: None,
        valid_to: None,
        successor_ids: vec![],
        with_default_departments: false,
    }
}

/// Loads the demo data when the database holds no unit yet; returns whether it did.
pub async fn seed(db: &DatabaseConnection, config: &Config) -> Result<bool, ApiError> {
    if unit_rows::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let all = Ctx::system();
    // Đắk Lắk took over Phú Yên on 1 July 2025; districts ended on 30 June 2025.
    let dak_lak = units::create(
        db,
        &all,
        UnitIn {
            valid_from: date(2004, 1, 1),
            ..unit("66", "Tỉnh Đắk Lắk", UnitLevel::Province, None)
        },
    )
    .await?;
    let phu_yen = units::create(
        db,
        &all,
        UnitIn {
            valid_from: date(1989, 7, 1),
            valid_to: date(2025, 6, 30),
            successor_ids: vec![dak_lak.id],
            ..unit("54", "Tỉnh Phú Yên", UnitLevel::Province, None)
        },
    )
    .await?;
    let tay_hoa = units::create(
        db,
        &all,
        UnitIn {
            valid_from: date(2002, 1, 1),
            valid_to: date(2025, 6, 30),
            ..unit(
                "562",
                "Huyện Tây Hòa",
                UnitLevel::District,
                Some(phu_yen.id),
            )
        },
    )
    .await?;
    let mut unit_ids = vec![("54", phu_yen.id), ("562", tay_hoa.id)];
    for (code, name) in TAY_HOA_COMMUNES {
        let input = UnitIn {
            valid_to: date(2025, 6, 30),
            with_default_departments: true,
            ..unit(code, name, UnitLevel::Commune, Some(tay_hoa.id))
        };
        let commune = units::create(db, &all, input).await?;
        unit_ids.push((code, commune.id));
    }
    let users = seed_principals(db, config, &unit_ids).await?;
    seed_officials(db, &unit_ids, &users).await?;
    seed_plan(db, &unit_ids).await?;
    let hoa_tan_tay = unit_ids
        .iter()
        .find(|(c, _)| *c == "22081")
        .map(|(_, id)| *id)
        .ok_or_else(|| ApiError::internal("demo commune missing"))?;
    let plan_id = crate::demo_index::seed_plan_id(db, hoa_tan_tay).await?;
    crate::demo_index::seed(db, &unit_ids, plan_id).await?;
    crate::demo_awards::seed(db, hoa_tan_tay, plan_id).await?;
    Ok(true)
}

/// The officials of the seed: Hòa Tân Tây's chairman Lê Văn Vũ (named in the plan) and,
/// under names invented for the demo, his deputies and the officials of the offices the
/// plan's section V names; and the leadership of Hòa Đồng, a sibling commune.
/// (commune code, full name, position, department, linked demo user, heads the department)
type DemoOfficial = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
);

const DEMO_OFFICIALS: &[DemoOfficial] = &[
    // (commune code, full name, position, department, linked demo user, heads it)
    (
        "22081",
        "Lê Văn Vũ",
        "Chủ tịch UBND xã",
        "Lãnh đạo UBND xã",
        Some("chutich.hoatantay"),
        true,
    ),
    (
        "22081",
        "Nguyễn Văn Bình",
        "Phó Chủ tịch UBND xã (kinh tế)",
        "Lãnh đạo UBND xã",
        None,
        false,
    ),
    (
        "22081",
        "Trần Thị Mai",
        "Phó Chủ tịch UBND xã (văn hóa - xã hội)",
        "Lãnh đạo UBND xã",
        None,
        false,
    ),
    (
        "22081",
        "Nguyễn Thị Thu Hà",
        "Công chức Văn phòng - Thống kê",
        "Văn phòng - Thống kê",
        Some("vanphong.hoatantay"),
        true,
    ),
    (
        "22081",
        "Phạm Văn Tài",
        "Công chức Tài chính - Kế toán",
        "Tài chính - Kế toán",
        None,
        true,
    ),
    (
        "22081",
        "Huỳnh Thị Lan",
        "Công chức Tư pháp - Hộ tịch",
        "Tư pháp - Hộ tịch",
        None,
        true,
    ),
    (
        "22081",
        "Lê Minh Tuấn",
        "Công chức Địa chính - Xây dựng - Nông nghiệp - Môi trường",
        "Địa chính - Xây dựng - Nông nghiệp - Môi trường",
        None,
        true,
    ),
    (
        "22081",
        "Võ Thị Hồng",
        "Công chức Văn hóa - Xã hội",
        "Văn hóa - Xã hội",
        None,
        true,
    ),
    (
        "22084",
        "Đặng Văn Phúc",
        "Chủ tịch UBND xã",
        "Lãnh đạo UBND xã",
        None,
        true,
    ),
    (
        "22084",
        "Trương Thị Ngọc",
        "Công chức Văn phòng - Thống kê",
        "Văn phòng - Thống kê",
        None,
        true,
    ),
];

async fn seed_officials(
    db: &DatabaseConnection,
    unit_ids: &[(&str, Uuid)],
    users: &[(String, Uuid)],
) -> Result<(), ApiError> {
    use crate::entity::departments;
    use sea_orm::{ColumnTrait, QueryFilter};
    let w = Write::begin_as(db, Actor::system(), None, chrono::Utc::now()).await?;
    let txn = w.db();
    let mut journaled = None;
    for (code, full_name, position, dept_name, username, heads) in DEMO_OFFICIALS {
        let unit_id = unit_ids
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, id)| *id)
            .ok_or_else(|| ApiError::internal("demo unit missing"))?;
        let dept = departments::Entity::find()
            .filter(departments::Column::UnitId.eq(unit_id))
            .filter(departments::Column::NameKey.eq(crate::domain::text::fold(dept_name)))
            .one(txn)
            .await?
            .ok_or_else(|| ApiError::internal("demo department missing"))?;
        let user_id = username.and_then(|u| users.iter().find(|(n, _)| n == u).map(|(_, id)| *id));
        let input = OfficialIn {
            unit_id,
            full_name: (*full_name).into(),
            position: (*position).into(),
            department_id: Some(dept.id),
            email: None,
            phone: None,
            status: OfficialStatus::Serving,
            user_id,
        };
        let (official, proof) = officials::insert(&w, &input).await?;
        journaled = Some(proof);
        if *heads {
            departments::Entity::update_many()
                .col_expr(
                    departments::Column::HeadOfficialId,
                    sea_orm::sea_query::Expr::value(Some(official.id)),
                )
                .filter(departments::Column::Id.eq(dept.id))
                .exec(txn)
                .await?;
        }
    }
    let journaled = journaled.ok_or_else(|| ApiError::internal("no demo officials"))?;
    w.commit(journaled).await?;
    Ok(())
}

async fn seed_principals(
    db: &DatabaseConnection,
    config: &Config,
    unit_ids: &[(&str, Uuid)],
) -> Result<Vec<(String, Uuid)>, ApiError> {
    let (password, generated) = match config.demo_password.as_str() {
        "" => (secrets::random_token(12)?, true),
        given => (given.to_owned(), false),
    };
    let hash = secrets::hash_password(password.clone()).await?;
    let unit_of = |code: &str| unit_ids.iter().find(|(c, _)| *c == code).map(|(_, id)| *id);
    let w = Write::begin_as(db, Actor::system(), None, chrono::Utc::now()).await?;
    let mut users = Vec::new();
    for (username, full_name, role, unit_code) in DEMO_USERS {
        let new = NewUser {
            username: (*username).to_owned(),
            full_name: (*full_name).to_owned(),
            unit_id: unit_of(unit_code),
            roles: vec![*role],
            official_id: None,
            password_hash: hash.clone(),
        };
        let (user, _journaled) = insert(&w, new).await?;
        users.push((user.username, user.id));
    }
    let portal_unit = unit_of("54").ok_or_else(|| ApiError::internal("demo province missing"))?;
    let scopes = vec![ClientScope::PortalStatisticsWrite, ClientScope::UnitsRead];
    let name = "Cổng dịch vụ công tỉnh Phú Yên".to_owned();
    let (portal, secret, journaled) = api_clients::insert(&w, name, portal_unit, scopes).await?;
    w.commit(journaled).await?;
    let names: Vec<&str> = DEMO_USERS.iter().map(|u| u.0).collect();
    println!("\n  CCHC demo logins: {}", names.join(", "));
    if generated {
        println!("  demo password (shown once): {password}");
    }
    println!(
        "  demo portal client: client_id={} client_secret={secret} (shown once)\n",
        portal.client_id
    );
    Ok(users)
}

/// The seed plan itself, issued (number 01 of 2024) as the commune would have.
async fn seed_plan(db: &DatabaseConnection, unit_ids: &[(&str, Uuid)]) -> Result<(), ApiError> {
    use crate::domain::plans::{self, PlanAction};
    use crate::entity::{departments, officials as official_rows};
    use crate::http::etag::IfMatch;
    use sea_orm::{ColumnTrait, QueryFilter};
    let unit_id = unit_ids
        .iter()
        .find(|(c, _)| *c == "22081")
        .map(|(_, id)| *id)
        .ok_or_else(|| ApiError::internal("demo commune missing"))?;
    let dept = |name: &'static str| async move {
        departments::Entity::find()
            .filter(departments::Column::UnitId.eq(unit_id))
            .filter(departments::Column::NameKey.eq(crate::domain::text::fold(name)))
            .one(db)
            .await
            .map(|d| d.map(|d| d.id))
    };
    let chairman = official_rows::Entity::find()
        .filter(official_rows::Column::UnitId.eq(unit_id))
        .filter(official_rows::Column::FullName.eq("Lê Văn Vũ"))
        .one(db)
        .await?
        .map(|o| o.id);
    let refs = crate::demo_plan::SeedRefs {
        van_phong: dept("Văn phòng - Thống kê").await?,
        tai_chinh: dept("Tài chính - Kế toán").await?,
        chairman,
    };
    let ctx = Ctx::system();
    let plan = plans::create(db, &ctx, unit_id, crate::demo_plan::seed_plan_content(refs)).await?;
    let plan = plans::act(
        db,
        &ctx,
        plan.id,
        &IfMatch::Any,
        PlanAction::Submit,
        None,
        None,
    )
    .await?;
    let plan = plans::act(
        db,
        &ctx,
        plan.id,
        &IfMatch::Any,
        PlanAction::Issue,
        None,
        NaiveDate::from_ymd_opt(2024, 4, 15),
    )
    .await?;
    let plan = plans::act(
        db,
        &ctx,
        plan.id,
        &IfMatch::Any,
        PlanAction::Start,
        None,
        None,
    )
    .await?;
    seed_tasks(db, &ctx, &plan).await
}

/// The seed's section V as tasks, with the progress they had in early May 2024, and what the
/// section folds into other duties: the invitations on their own, and the analysis report of
/// each department answering for index sub-criteria.
async fn seed_tasks(
    db: &DatabaseConnection,
    ctx: &Ctx,
    plan: &crate::entity::plans::Model,
) -> Result<(), ApiError> {
    use crate::domain::tasks::{self, TaskAction};
    use crate::entity::departments;
    use crate::http::etag::IfMatch;
    use cchc_sdk::types::tasks::{Deliverable, TaskIn, TaskPatch, TaskPriority};
    use sea_orm::{ColumnTrait, QueryFilter};
    let made = tasks::from_plan(db, ctx, plan.id, &crate::http::etag::IfMatch::Any).await?;
    // (due day in May 2024, deliverable, priority, progress, result when done)
    let shape: [(u32, Deliverable, TaskPriority, i32, Option<&str>); 6] = [
        (
            10,
            Deliverable::Report,
            TaskPriority::High,
            100,
            Some("Đã trình Báo cáo đánh giá kết quả CCHC năm 2023."),
        ),
        (20, Deliverable::Speech, TaskPriority::Normal, 60, None),
        (
            15,
            Deliverable::DecisionDraft,
            TaskPriority::Normal,
            30,
            None,
        ),
        (22, Deliverable::Other, TaskPriority::Normal, 0, None),
        (17, Deliverable::Other, TaskPriority::High, 50, None),
        (15, Deliverable::Report, TaskPriority::Urgent, 20, None),
    ];
    for (task, (day, deliverable, priority, progress, done)) in made.into_iter().zip(shape) {
        let patch = TaskPatch {
            due_date: NaiveDate::from_ymd_opt(2024, 5, day).into(),
            start_date: NaiveDate::from_ymd_opt(2024, 4, 16).into(),
            deliverable: Some(deliverable),
            priority: Some(priority),
            progress: Some(progress),
            ..Default::default()
        };
        let task = tasks::update(db, ctx, task.id, &IfMatch::Any, patch).await?;
        if progress > 0 {
            let task = tasks::act(db, ctx, task.id, &IfMatch::Any, TaskAction::Start, None).await?;
            if let Some(result) = done {
                tasks::act(
                    db,
                    ctx,
                    task.id,
                    &IfMatch::Any,
                    TaskAction::Complete,
                    Some(result.to_owned()),
                )
                .await?;
            }
        }
    }
    let unit_id = plan.unit_id;
    let dept = |name: &'static str| async move {
        departments::Entity::find()
            .filter(departments::Column::UnitId.eq(unit_id))
            .filter(departments::Column::NameKey.eq(crate::domain::text::fold(name)))
            .one(db)
            .await
            .map(|d| d.map(|d| d.id))
    };
    let mut extra = vec![(
        "Gửi giấy mời thành phần dự Hội nghị".to_owned(),
        dept("Văn phòng - Thống kê").await?,
        Deliverable::Invitation,
        18,
    )];
    for name in [
        "Tư pháp - Hộ tịch",
        "Địa chính - Xây dựng - Nông nghiệp - Môi trường",
        "Văn hóa - Xã hội",
    ] {
        let title =
            format!("Báo cáo phân tích tiêu chí thành phần đạt điểm thấp năm 2023 ({name})");
        extra.push((title, dept(name).await?, Deliverable::Report, 15));
    }
    let w = Write::begin(db, ctx).await?;
    let mut journaled = None;
    for (title, lead, deliverable, day) in extra {
        let input = TaskIn {
            unit_id,
            plan_id: Some(plan.id),
            title,
            description: None,
            lead_department_id: lead,
            supporting_department_ids: vec![],
            assignee_ids: vec![],
            criterion_id: None,
            deliverable,
            priority: TaskPriority::Normal,
            start_date: NaiveDate::from_ymd_opt(2024, 4, 16),
            due_date: NaiveDate::from_ymd_opt(2024, 5, day),
        };
        let (_, proof) = tasks::insert(&w, input, None).await?;
        journaled = Some(proof);
    }
    let journaled = journaled.ok_or_else(|| ApiError::internal("no demo tasks"))?;
    w.commit(journaled).await?;
    Ok(())
}
