//! One assessment's score sheet (bảng điểm) with the columns officials use: no., criterion,
//! max, self score, appraised score, the unit's note and the appraiser's.

use cchc_sdk::types::reports::{ScoreSheet, ScoreSheetRow};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use super::{Cell, Column, Kind, Report};
use crate::auth::Scope;
use crate::error::ApiError;

/// The score sheet of an assessment the caller can see (404 outside the caller's units).
pub async fn score_sheet(
    db: &impl ConnectionTrait,
    scope: &Scope,
    assessment_id: Uuid,
) -> Result<ScoreSheet, ApiError> {
    let m = crate::domain::index::assessments::get(db, scope, assessment_id).await?;
    let unit = crate::entity::units::Entity::find_by_id(m.unit_id)
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let a = crate::domain::index::assessments::to_out(db, m, true).await?;
    let rows = a
        .items
        .into_iter()
        .zip(1..)
        .map(|(i, no)| ScoreSheetRow {
            no,
            criterion_id: i.criterion_id,
            code: i.code,
            name: i.name,
            max_points: i.max_points,
            self_score: i.self_score,
            appraised_score: i.points,
            unit_note: i.self_note,
            appraiser_note: i.appraiser_comment,
        })
        .collect();
    Ok(ScoreSheet {
        assessment_id: a.id,
        unit_id: a.unit_id,
        unit_name: unit.name,
        year: a.year,
        rows,
        points: a.points,
        max_points: a.max_points,
        index_percent: a.index_percent,
    })
}

/// The score sheet as a table, one line per item.
pub fn table(s: &ScoreSheet) -> Report {
    let columns = vec![
        Column::new("no", "STT", Kind::Integer),
        Column::new("code", "Mã tiêu chí", Kind::Text),
        Column::new("name", "Tiêu chí", Kind::Text),
        Column::new("max_points", "Điểm tối đa", Kind::Decimal(2)),
        Column::new("self_score", "Điểm tự đánh giá", Kind::Decimal(2)),
        Column::new("appraised_score", "Điểm thẩm định", Kind::Decimal(2)),
        Column::new("unit_note", "Ghi chú của đơn vị", Kind::Text),
        Column::new("appraiser_note", "Ý kiến thẩm định", Kind::Text),
    ];
    let rows = s
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::from(i64::from(r.no)),
                Cell::from(r.code.as_str()),
                Cell::from(r.name.as_str()),
                Cell::from(r.max_points),
                Cell::from(r.self_score),
                Cell::from(r.appraised_score),
                Cell::from(r.unit_note.clone()),
                Cell::from(r.appraiser_note.clone()),
            ]
        })
        .collect();
    Report {
        title: format!("Bảng điểm Chỉ số CCHC năm {} - {}", s.year, s.unit_name),
        columns,
        rows,
    }
}
