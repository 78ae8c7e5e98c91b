//! The demo awards: what the seed's conference presented (its content item 3, "khen
//! thưởng tập thể và các cá nhân có thành tích xuất sắc trong công tác tham mưu thực hiện
//! công tác Cải cách hành chính"): Hòa Tân Tây's proposals for 2023, the emulation
//! council's review, and the chairman's decision granting Giấy khen to the office and
//! three people. Who is awarded and the minutes' number are invented for the demo.

use cchc_sdk::types::awards::{
    AwardForm, DecisionIn, DecisionSigner, ProposalIn, RecipientIn, RecipientKind, ReviewIn,
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::Ctx;
use crate::domain::awards::{decisions, proposals};
use crate::entity::{departments, index_assessments, officials};
use crate::error::ApiError;
use crate::http::etag::IfMatch;

fn recipient(kind: RecipientKind) -> RecipientIn {
    RecipientIn {
        kind,
        official_id: None,
        department_id: None,
        unit_id: None,
        name: None,
        description: None,
    }
}

/// Loads the demo awards of Hòa Tân Tây (`unit_id`), linked to its seed plan and its
/// 2023 assessment.
pub async fn seed(db: &DatabaseConnection, unit_id: Uuid, plan_id: Uuid) -> Result<(), ApiError> {
    let ctx = Ctx::system();
    let official = |name: &'static str| async move {
        officials::Entity::find()
            .filter(officials::Column::UnitId.eq(unit_id))
            .filter(officials::Column::FullName.eq(name))
            .one(db)
            .await?
            .map(|o| o.id)
            .ok_or_else(|| ApiError::internal(format!("demo official {name} missing")))
    };
    let office = departments::Entity::find()
        .filter(departments::Column::UnitId.eq(unit_id))
        .filter(departments::Column::NameKey.eq(crate::domain::text::fold("Văn phòng - Thống kê")))
        .one(db)
        .await?
        .map(|d| d.id);
    let assessment = index_assessments::Entity::find()
        .filter(index_assessments::Column::UnitId.eq(unit_id))
        .filter(index_assessments::Column::Year.eq(2023))
        .one(db)
        .await?
        .map(|a| a.id);
    let people = [
        (
            RecipientIn {
                department_id: office,
                ..recipient(RecipientKind::Department)
            },
            "Tham mưu thực hiện tốt công tác cải cách hành chính năm 2023; Bộ phận Một cửa giải quyết 95 % hồ sơ trước và đúng hạn.",
        ),
        (
            RecipientIn {
                official_id: Some(official("Nguyễn Thị Thu Hà").await?),
                ..recipient(RecipientKind::Official)
            },
            "Có thành tích xuất sắc trong tham mưu xây dựng và triển khai Kế hoạch cải cách hành chính năm 2023.",
        ),
        (
            RecipientIn {
                official_id: Some(official("Huỳnh Thị Lan").await?),
                ..recipient(RecipientKind::Official)
            },
            "Hoàn thành tốt việc rà soát, hệ thống hóa văn bản và kiểm soát thủ tục hành chính năm 2023.",
        ),
        (
            RecipientIn {
                name: Some("Ông Võ Văn Hải".into()),
                description: Some("Trưởng thôn Phú Thứ".into()),
                ..recipient(RecipientKind::Person)
            },
            "Vận động người dân thôn nộp hồ sơ trực tuyến, góp phần nâng tỷ lệ dịch vụ công trực tuyến của xã.",
        ),
    ];
    let review = ReviewIn {
        recommend: true,
        votes_for: 7,
        votes_against: 0,
        minutes_reference: "02/BB-HĐTĐKT ngày 10/5/2024".into(),
    };
    let mut ids = Vec::new();
    for (recipient, achievement) in people {
        let input = ProposalIn {
            unit_id,
            proposer_department_id: office,
            year: 2023,
            form: AwardForm::GiayKhen,
            recipient,
            achievement: achievement.into(),
            plan_id: Some(plan_id),
            task_id: None,
            assessment_id: assessment,
        };
        let p = proposals::create(db, &ctx, input).await?;
        let p = proposals::act(
            db,
            &ctx,
            p.id,
            &IfMatch::Any,
            proposals::Action::Submit,
            None,
        )
        .await?;
        let p = proposals::act(
            db,
            &ctx,
            p.id,
            &IfMatch::Any,
            proposals::Action::Review,
            Some(review.clone()),
        )
        .await?;
        ids.push(p.id);
    }
    let decision = DecisionIn {
        unit_id,
        form: AwardForm::GiayKhen,
        proposal_ids: ids,
        issuing_body: "Ủy ban nhân dân xã Hòa Tân Tây".into(),
        parent_body: Some("UBND huyện Tây Hòa".into()),
        issuer_code: "UBND".into(),
        place: "Hòa Tân Tây".into(),
        legal_bases: vec![
            "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019".into(),
            "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022".into(),
            "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng".into(),
            "Biên bản họp Hội đồng Thi đua - Khen thưởng xã số 02/BB-HĐTĐKT ngày 10 tháng 5 năm 2024".into(),
        ],
        proposed_by: "Hội đồng Thi đua - Khen thưởng xã".into(),
        funding_source: "Quỹ thi đua, khen thưởng của UBND xã năm 2024".into(),
        executors: vec![
            "Văn phòng - Thống kê".into(),
            "Tài chính - Kế toán xã".into(),
            "tập thể, cá nhân có tên tại Điều 1".into(),
        ],
        distribution: vec![
            "Như Điều 3".into(),
            "Phòng Nội vụ huyện (b/c)".into(),
            "TT Đảng ủy, TT HĐND xã (b/c)".into(),
            "CT, các PCT UBND xã".into(),
        ],
        signer: DecisionSigner {
            authority_line: None,
            title: "Chủ tịch".into(),
            name: "Lê Văn Vũ".into(),
        },
    };
    let d = decisions::create(db, &ctx, decision).await?;
    decisions::issue(
        db,
        &ctx,
        d.id,
        &IfMatch::Any,
        NaiveDate::from_ymd_opt(2024, 5, 20),
    )
    .await?;
    Ok(())
}
