//! Reading frameworks: one by id, a page of them, the stored tree and bands, and their
//! wire forms.

use cchc_sdk::types::common::{FieldError, Page};
use cchc_sdk::types::index::{
    AdjustmentCriterion, Band, CriterionIn, CriterionOut, FrameworkIn, FrameworkLevel,
    FrameworkListQuery, FrameworkOut,
};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::domain::codec::{enum_str, parse_enum};
use crate::domain::index::scoring::{self, Adjustment, Tree, from_centi, node_id};
use crate::domain::page::PageRequest;
use crate::entity::index_frameworks;
use crate::error::{ApiError, Lang, Text};

/// The checked tree of a stored framework.
pub fn tree_of(m: &index_frameworks::Model) -> Result<(Vec<CriterionIn>, Tree), ApiError> {
    let areas: Vec<CriterionIn> = serde_json::from_str(&m.tree).map_err(ApiError::internal)?;
    let tree = scoring::check_tree(m.id, &areas)
        .map_err(|_| ApiError::internal("a stored framework tree no longer checks"))?;
    Ok((areas, tree))
}

/// The itemized bonus and penalty criteria of a stored framework, as stored.
fn adjustment_lists(
    m: &index_frameworks::Model,
) -> Result<(Vec<AdjustmentCriterion>, Vec<AdjustmentCriterion>), ApiError> {
    let bonus = serde_json::from_str(&m.bonus_items).map_err(ApiError::internal)?;
    let penalty = serde_json::from_str(&m.penalty_items).map_err(ApiError::internal)?;
    Ok((bonus, penalty))
}

/// The checked bonus and penalty criteria of a stored framework (bonus first).
pub fn adjustments_of(m: &index_frameworks::Model) -> Result<Vec<Adjustment>, ApiError> {
    let (bonus, penalty) = adjustment_lists(m)?;
    scoring::check_adjustments(m.id, &bonus, &penalty, &Default::default())
        .map_err(|_| ApiError::internal("stored bonus or penalty items no longer check"))
}

/// What is accepted but unusual about a framework, in `lang`: a total other than 100.
pub fn warnings(max: i64, lang: Lang) -> Vec<FieldError> {
    let mut out = Vec::new();
    if max != scoring::USUAL_TOTAL {
        let text = Text::new(
            format!(
                "Tổng điểm tối đa là {} (không phải 100); chỉ số được tính trên tổng này.",
                from_centi(max)
            ),
            format!(
                "The total max points are {} (not 100); the index is computed on this total.",
                from_centi(max)
            ),
        );
        out.push(FieldError {
            field: "max_points".into(),
            code: "total_not_100".into(),
            message: text.get(lang).to_owned(),
        });
    }
    out
}

/// The bands of a stored framework, highest first.
pub fn bands_of(m: &index_frameworks::Model) -> Result<Vec<Band>, ApiError> {
    serde_json::from_str(&m.bands).map_err(ApiError::internal)
}

fn out_nodes(framework_id: Uuid, nodes: &[CriterionIn]) -> Vec<CriterionOut> {
    nodes
        .iter()
        .enumerate()
        .map(|(i, n)| CriterionOut {
            id: node_id(framework_id, n.code.trim()),
            code: n.code.trim().to_owned(),
            name: n.name.trim().to_owned(),
            max_points: n.max_points,
            order: i as i32 + 1,
            method: n.method,
            scoring: n.scoring,
            portal_rule: n.portal_rule.clone(),
            responsible: n.responsible.clone(),
            children: out_nodes(framework_id, &n.children),
        })
        .collect()
}

/// The API's view of a framework, its warnings in `lang`.
pub fn to_out(m: index_frameworks::Model, lang: Lang) -> Result<FrameworkOut, ApiError> {
    let (areas, tree) = tree_of(&m)?;
    let (bonus_items, penalty_items) = adjustment_lists(&m)?;
    Ok(FrameworkOut {
        id: m.id,
        issuer_unit_id: m.issuer_unit_id,
        level: parse_enum(&m.level)?,
        year: m.year,
        name: m.name.clone(),
        decision_reference: m.decision_reference.clone(),
        status: parse_enum(&m.status)?,
        self_assessment_deadline: m.self_assessment_deadline,
        max_points: from_centi(m.max_points_c),
        bonus_cap: from_centi(m.bonus_cap_c),
        penalty_cap: from_centi(m.penalty_cap_c),
        bonus_items,
        penalty_items,
        warnings: warnings(m.max_points_c, lang),
        bands: bands_of(&m)?,
        item_count: tree.leaves.len() as i32,
        areas: out_nodes(m.id, &areas),
        copied_from_id: m.copied_from_id,
        published_at: m.published_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The whole framework in the shape `create` takes.
pub fn export(m: &index_frameworks::Model) -> Result<FrameworkIn, ApiError> {
    let (bonus_items, penalty_items) = adjustment_lists(m)?;
    Ok(FrameworkIn {
        issuer_unit_id: m.issuer_unit_id,
        level: parse_enum(&m.level)?,
        year: m.year,
        name: m.name.clone(),
        decision_reference: m.decision_reference.clone(),
        self_assessment_deadline: m.self_assessment_deadline,
        bonus_cap: from_centi(m.bonus_cap_c),
        penalty_cap: from_centi(m.penalty_cap_c),
        bonus_items,
        penalty_items,
        bands: bands_of(m)?,
        areas: tree_of(m)?.0,
    })
}

/// A framework, or 404. Frameworks are public within the installation: every unit reads
/// the criteria it is scored by.
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<index_frameworks::Model, ApiError> {
    index_frameworks::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// One page of frameworks.
pub async fn list(
    db: &DatabaseConnection,
    query: &FrameworkListQuery,
    page: &PageRequest,
) -> Result<Page<index_frameworks::Model>, ApiError> {
    let mut select = index_frameworks::Entity::find();
    if let Some(year) = query.year {
        select = select.filter(index_frameworks::Column::Year.eq(year));
    }
    if let Some(level) = query.level {
        select = select.filter(index_frameworks::Column::Level.eq(enum_str(&level)));
    }
    if let Some(status) = query.status {
        select = select.filter(index_frameworks::Column::Status.eq(enum_str(&status)));
    }
    page.load(db, select, index_frameworks::Column::Id, |r| r.id)
        .await
}

/// The level of a stored framework.
pub fn level_of(m: &index_frameworks::Model) -> Result<FrameworkLevel, ApiError> {
    parse_enum(&m.level)
}
