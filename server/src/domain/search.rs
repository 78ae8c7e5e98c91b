//! One search across what the caller can see: plans, tasks, departments, officials (each
//! from [`scoped`], so another unit's rows are never read) and the criteria of the PAR-index
//! frameworks (readable by every principal, as `index.frameworks.list` is).
//!
//! A row matches when its stored folded key holds every word of the query
//! ([`text::words`]), in any order — in SQL for the tables, in memory for criteria, which
//! live in each framework's JSON tree and have no key of their own. Up to
//! [`CANDIDATES`] rows of each kind (newest first) are then ranked by [`rank::score`] and
//! the best `limit` answered.

mod rank;

use crate::auth::{Ctx, Permission, Scope};
use crate::domain::index::scoring::node_id;
use crate::domain::scoped::{UnitScoped, scoped};
use crate::domain::text;
use crate::entity::{departments, index_frameworks, officials, plans, tasks};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use cchc_sdk::types::index::CriterionIn;
use cchc_sdk::types::search::{SearchHit, SearchKind, SearchResults};
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, QuerySelect};

/// Hits answered when no `limit` is asked for.
pub const DEFAULT_LIMIT: u64 = 20;
/// Most hits in one answer; larger requests are clamped to it.
pub const MAX_LIMIT: u64 = 50;
/// Most rows of one kind read and ranked per search (the newest, when more match).
pub const CANDIDATES: u64 = 200;
/// Frameworks whose criteria are searched: the newest by year.
pub const FRAMEWORKS: u64 = 20;
/// Longest snippet taken from a free text (a task's description), in characters.
const SNIPPET_CHARS: usize = 160;

/// The best matches of `q` for the caller, at most `limit` (see [`parse_limit`]).
///
/// Each kind is searched only when the caller may read it: plans (`PlansRead`), tasks
/// (`TasksRead`), departments and officials (`OrganisationRead`), criteria (`IndexRead`).
///
/// # Errors
/// 403 when the caller may read none of the kinds; 400 `invalid_query` on `q` when it is blank or holds no letter or digit (`required`), or
/// is longer than [`text::MAX_QUERY_CHARS`] (`too_long`); on `limit` below 1.
pub async fn search(
    db: &impl ConnectionTrait,
    ctx: &Ctx,
    q: &str,
    limit: Option<i64>,
) -> Result<SearchResults, ApiError> {
    if !readable_kinds(ctx) {
        // 403, naming what the least of the kinds would need.
        ctx.require(Permission::IndexRead)?;
    }
    let limit = parse_limit(limit)?;
    text::check_query(q)?;
    let words = text::words(q);
    if words.is_empty() {
        return Err(bad_query(
            "q",
            "required",
            Text::new(
                "Nhập ít nhất một từ (chữ hoặc số) cần tìm.",
                "Give at least one word (letters or digits) to look for.",
            ),
        ));
    }
    let scope = &ctx.scope;
    let mut hits = Vec::new();
    if ctx.can(Permission::PlansRead) {
        let rows = candidates::<plans::Entity>(db, scope, plans::Column::SearchKey, &words).await?;
        hits.extend(rows.into_iter().map(|m| SearchHit {
            kind: SearchKind::Plan,
            score: rank::score(&words, &m.title),
            id: m.id,
            unit_id: m.unit_id,
            snippet: m.number_symbol.filter(|s| !s.trim().is_empty()),
            title: m.title,
        }));
    }
    if ctx.can(Permission::TasksRead) {
        let rows = candidates::<tasks::Entity>(db, scope, tasks::Column::SearchKey, &words).await?;
        hits.extend(rows.into_iter().map(|m| SearchHit {
            kind: SearchKind::Task,
            score: rank::score(&words, &m.title),
            id: m.id,
            unit_id: m.unit_id,
            snippet: m.description.as_deref().map(excerpt),
            title: m.title,
        }));
    }
    if ctx.can(Permission::OrganisationRead) {
        let key = departments::Column::NameKey;
        let rows = candidates::<departments::Entity>(db, scope, key, &words).await?;
        hits.extend(rows.into_iter().map(|m| SearchHit {
            kind: SearchKind::Department,
            score: rank::score(&words, &m.name),
            id: m.id,
            unit_id: m.unit_id,
            snippet: m.short_code,
            title: m.name,
        }));
        let key = officials::Column::SearchKey;
        let rows = candidates::<officials::Entity>(db, scope, key, &words).await?;
        hits.extend(rows.into_iter().map(|m| SearchHit {
            kind: SearchKind::Official,
            score: rank::score(&words, &m.full_name),
            id: m.id,
            unit_id: m.unit_id,
            snippet: Some(m.position).filter(|p| !p.trim().is_empty()),
            title: m.full_name,
        }));
    }
    if ctx.can(Permission::IndexRead) {
        hits.extend(criteria(db, &words).await?);
    }
    Ok(best(hits, words, limit))
}

/// Whether the caller may read any kind the search spans.
fn readable_kinds(ctx: &Ctx) -> bool {
    [
        Permission::PlansRead,
        Permission::TasksRead,
        Permission::OrganisationRead,
        Permission::IndexRead,
    ]
    .into_iter()
    .any(|p| ctx.can(p))
}

/// `limit`: absent is [`DEFAULT_LIMIT`], above [`MAX_LIMIT`] is clamped, below 1 is 400
/// `invalid_query` on `limit`.
pub fn parse_limit(limit: Option<i64>) -> Result<u64, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if n < 1 => Err(bad_query(
            "limit",
            "out_of_range",
            Text::new(
                "Phải là số nguyên từ 1 trở lên.",
                "Must be an integer of at least 1.",
            ),
        )),
        Some(n) => Ok((n as u64).min(MAX_LIMIT)),
    }
}

fn bad_query(field: &str, code: &'static str, message: Text) -> ApiError {
    ApiError::new(ErrorKind::InvalidQuery).with_errors(vec![FieldIssue::new(field, code, message)])
}

/// The best `limit` of `hits`: by score (highest first), then kind, title and id, so equal
/// scores come in a stable order.
fn best(mut hits: Vec<SearchHit>, words: Vec<String>, limit: u64) -> SearchResults {
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| text::fold(&a.title).cmp(&text::fold(&b.title)))
            .then_with(|| a.id.cmp(&b.id))
    });
    let has_more = hits.len() as u64 > limit;
    hits.truncate(limit as usize);
    SearchResults {
        data: hits,
        words,
        has_more,
    }
}

/// Up to [`CANDIDATES`] rows of `E` the scope sees whose folded `key` holds every word,
/// newest first (ids are UUID v7).
async fn candidates<E: UnitScoped>(
    db: &impl ConnectionTrait,
    scope: &Scope,
    key: E::Column,
    words: &[String],
) -> Result<Vec<E::Model>, ApiError> {
    Ok(text::matching_words(scoped::<E>(scope), key, words)
        .order_by_desc(E::id_column())
        .limit(CANDIDATES)
        .all(db)
        .await?)
}

/// The criteria (at any level of the tree) of the newest [`FRAMEWORKS`] frameworks whose
/// code and name hold every word, at most [`CANDIDATES`]. A criterion's id is its
/// `CriterionOut.id`; its unit is the framework's issuer.
async fn criteria(db: &impl ConnectionTrait, words: &[String]) -> Result<Vec<SearchHit>, ApiError> {
    let frameworks = index_frameworks::Entity::find()
        .order_by_desc(index_frameworks::Column::Year)
        .order_by_desc(index_frameworks::Column::Id)
        .limit(FRAMEWORKS)
        .all(db)
        .await?;
    let mut hits = Vec::new();
    for framework in &frameworks {
        let areas: Vec<CriterionIn> = match serde_json::from_str(&framework.tree) {
            Ok(areas) => areas,
            Err(e) => {
                tracing::warn!(framework = %framework.id, error = %e, "unreadable criteria tree");
                continue;
            }
        };
        collect_criteria(framework, &areas, words, &mut hits);
    }
    Ok(hits)
}

fn collect_criteria(
    framework: &index_frameworks::Model,
    nodes: &[CriterionIn],
    words: &[String],
    hits: &mut Vec<SearchHit>,
) {
    for node in nodes {
        if hits.len() as u64 >= CANDIDATES {
            return;
        }
        let (code, name) = (node.code.trim(), node.name.trim());
        if rank::holds_all(&text::fold(&format!("{code} {name}")), words) {
            hits.push(criterion_hit(framework, code, name, words));
        }
        collect_criteria(framework, &node.children, words, hits);
    }
}

fn criterion_hit(
    framework: &index_frameworks::Model,
    code: &str,
    name: &str,
    words: &[String],
) -> SearchHit {
    SearchHit {
        kind: SearchKind::Criterion,
        id: node_id(framework.id, code),
        title: name.to_owned(),
        unit_id: framework.issuer_unit_id,
        snippet: Some(format!("{code} · {}", framework.name)),
        score: rank::score(words, name),
    }
}

/// The start of a free text, at most [`SNIPPET_CHARS`] characters (an ellipsis when cut).
fn excerpt(text: &str) -> String {
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(SNIPPET_CHARS - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn hit(kind: SearchKind, title: &str, score: i64) -> SearchHit {
        SearchHit {
            kind,
            id: Uuid::now_v7(),
            title: title.into(),
            unit_id: Uuid::nil(),
            snippet: None,
            score,
        }
    }

    #[test]
    fn hits_come_best_first_then_by_kind_and_title() {
        let hits = vec![
            hit(SearchKind::Official, "B", 10),
            hit(SearchKind::Plan, "Z", 10),
            hit(SearchKind::Task, "A", 3000),
            hit(SearchKind::Plan, "A", 10),
        ];
        let out = best(hits, vec!["a".into()], 3);
        let order: Vec<(SearchKind, &str)> = out
            .data
            .iter()
            .map(|h| (h.kind, h.title.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (SearchKind::Task, "A"),
                (SearchKind::Plan, "A"),
                (SearchKind::Plan, "Z")
            ]
        );
        assert!(out.has_more);
    }

    #[test]
    fn limits_default_clamp_and_refuse_below_one() {
        assert_eq!(parse_limit(None).ok(), Some(DEFAULT_LIMIT));
        assert_eq!(parse_limit(Some(1000)).ok(), Some(MAX_LIMIT));
        assert_eq!(parse_limit(Some(3)).ok(), Some(3));
        let err = parse_limit(Some(0)).err();
        assert_eq!(
            err.map(|e| e.errors()[0].field.clone()),
            Some("limit".into())
        );
    }

    #[test]
    fn long_descriptions_are_cut_to_a_snippet() {
        assert_eq!(excerpt("Báo cáo"), "Báo cáo");
        let long = "ạ".repeat(500);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), SNIPPET_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn criteria_are_found_anywhere_in_the_tree() {
        let leaf = |code: &str, name: &str| CriterionIn {
            code: code.into(),
            name: name.into(),
            max_points: 1.0,
            method: None,
            scoring: Default::default(),
            portal_rule: None,
            responsible: None,
            children: vec![],
        };
        let tree = vec![CriterionIn {
            children: vec![
                leaf("1.1", "Công khai thủ tục hành chính"),
                leaf("1.2", "Khác"),
            ],
            ..leaf("1", "Công tác chỉ đạo, điều hành")
        }];
        let framework = index_frameworks::Model {
            id: Uuid::now_v7(),
            issuer_unit_id: Uuid::now_v7(),
            level: "commune".into(),
            year: 2024,
            name: "Bộ chỉ số 2024".into(),
            decision_reference: None,
            status: "draft".into(),
            self_assessment_deadline: None,
            max_points_c: 100,
            bonus_cap_c: 0,
            penalty_cap_c: 0,
            bonus_items: "[]".into(),
            penalty_items: "[]".into(),
            bands: "[]".into(),
            tree: String::new(),
            copied_from_id: None,
            published_at: None,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            version: 1,
        };
        let mut hits = Vec::new();
        collect_criteria(
            &framework,
            &tree,
            &text::words("thu tuc, cong khai"),
            &mut hits,
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].id, node_id(framework.id, "1.1"));
        assert_eq!(hits[0].title, "Công khai thủ tục hành chính");
        assert_eq!(hits[0].snippet.as_deref(), Some("1.1 · Bộ chỉ số 2024"));
        assert_eq!(hits[0].unit_id, framework.issuer_unit_id);
        let mut by_code = Vec::new();
        collect_criteria(&framework, &tree, &text::words("1.2"), &mut by_code);
        assert_eq!(by_code.len(), 1, "{by_code:?}");
    }
}
