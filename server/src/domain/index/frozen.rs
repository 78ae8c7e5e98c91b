//! Published results, frozen: a published assessment never changes, so what it scores —
//! total, max, index, per-area points — is stored once (`index_results`) and rankings
//! read those rows instead of scoring every sheet again (items, tree, portal snapshots).
//!
//! Frozen at publication ([`freeze`], in the publication's transaction); an assessment
//! published before the table existed, or written by another path (the benchmark data), is
//! frozen on its first read by [`frozen`] — the same numbers, since its sheet cannot change
//! any more. The rows are derived data, not changes of anyone's: they are not journaled.

use std::collections::HashMap;

use cchc_sdk::types::index::AreaScore;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::sheet::Sheet;
use crate::entity::{index_assessments, index_results};
use crate::error::ApiError;

/// A published assessment with what it scores.
#[derive(Debug, Clone)]
pub struct Frozen {
    /// The assessment.
    pub assessment: index_assessments::Model,
    /// Total points, hundredths.
    pub points_c: i64,
    /// The framework's max points, hundredths.
    pub max_c: i64,
    /// The index, hundredths of a percent.
    pub index_c: i64,
    /// Per-area scores as the API answers them.
    pub areas: Vec<AreaScore>,
}

fn row_of(sheet: &Sheet, now: DateTime<Utc>) -> Result<index_results::ActiveModel, ApiError> {
    Ok(index_results::ActiveModel {
        assessment_id: Set(sheet.assessment.id),
        points_c: Set(sheet.total()),
        max_c: Set(sheet.tree.max),
        index_c: Set(sheet.index()),
        areas: Set(serde_json::to_string(&sheet.areas_out()).map_err(ApiError::internal)?),
        frozen_at: Set(now),
    })
}

/// Stores what `sheets` score (a sheet frozen already keeps its row).
pub async fn freeze(
    db: &impl ConnectionTrait,
    sheets: &[Sheet],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    for chunk in sheets.chunks(500) {
        let rows = chunk
            .iter()
            .map(|s| row_of(s, now))
            .collect::<Result<Vec<_>, _>>()?;
        if rows.is_empty() {
            continue;
        }
        index_results::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(index_results::Column::AssessmentId)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// What each of the published `assessments` scores, in their order: from the frozen rows,
/// freezing (and so scoring once) the ones that have none yet.
pub async fn frozen(
    db: &impl ConnectionTrait,
    assessments: Vec<index_assessments::Model>,
) -> Result<Vec<Frozen>, ApiError> {
    let mut rows: HashMap<Uuid, index_results::Model> = HashMap::new();
    let ids: Vec<Uuid> = assessments.iter().map(|a| a.id).collect();
    for chunk in ids.chunks(500) {
        for r in index_results::Entity::find()
            .filter(index_results::Column::AssessmentId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            rows.insert(r.assessment_id, r);
        }
    }
    let missing: Vec<index_assessments::Model> = assessments
        .iter()
        .filter(|a| !rows.contains_key(&a.id))
        .cloned()
        .collect();
    let mut scored: HashMap<Uuid, Frozen> = HashMap::new();
    if !missing.is_empty() {
        let sheets = Sheet::load_many(db, missing).await?;
        freeze(db, &sheets, Utc::now()).await?;
        for s in sheets {
            scored.insert(
                s.assessment.id,
                Frozen {
                    points_c: s.total(),
                    max_c: s.tree.max,
                    index_c: s.index(),
                    areas: s.areas_out(),
                    assessment: s.assessment,
                },
            );
        }
    }
    assessments
        .into_iter()
        .map(|a| match rows.remove(&a.id) {
            Some(r) => Ok(Frozen {
                points_c: r.points_c,
                max_c: r.max_c,
                index_c: r.index_c,
                areas: serde_json::from_str(&r.areas).map_err(ApiError::internal)?,
                assessment: a,
            }),
            None => scored.remove(&a.id).ok_or_else(ApiError::not_found),
        })
        .collect()
}
