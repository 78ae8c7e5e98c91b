//! Plans: the structured document, its lifecycle and its number.
//!
//! draft -> `submit` -> submitted -> `issue` (numbered) -> issued -> `start` -> in progress
//! -> `complete`; `return` sends a submitted plan back to draft; `cancel` ends any open
//! plan. Only a draft's content can be replaced; an issued plan is corrected by `amend`,
//! which keeps its number and records the previous text.

use cchc_sdk::types::common::Page;
use cchc_sdk::types::plans::{PlanContent, PlanKind, PlanListQuery, PlanOut, PlanStatus};
use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Ctx, Scope};
use crate::domain::audit::Event;
use crate::domain::versioned::save_versioned;
use crate::domain::write::Write;
use crate::domain::{numbering, text, units};
use crate::entity::{departments, officials, plan_revisions, plans};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};
use crate::domain::precondition::IfMatch;
use crate::domain::page::PageRequest;

/// The document type code of plans.
pub const TYPE_CODE: &str = "KH";

/// A lifecycle action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanAction {
    /// draft -> submitted.
    Submit,
    /// submitted -> draft.
    Return,
    /// submitted -> issued (assigns the number).
    Issue,
    /// issued -> in progress.
    Start,
    /// in progress -> completed.
    Complete,
    /// any open state -> cancelled.
    Cancel,
    /// issued / in progress: new content, same number.
    Amend,
    /// draft: new content.
    ReplaceContent,
}

impl PlanAction {
    /// The action's name in URLs and errors.
    pub fn name(self) -> &'static str {
        match self {
            PlanAction::Submit => "submit",
            PlanAction::Return => "return",
            PlanAction::Issue => "issue",
            PlanAction::Start => "start",
            PlanAction::Complete => "complete",
            PlanAction::Cancel => "cancel",
            PlanAction::Amend => "amend",
            PlanAction::ReplaceContent => "replace_content",
        }
    }
}

/// The actions allowed from a status.
pub fn allowed_actions(status: PlanStatus) -> &'static [PlanAction] {
    use PlanAction::*;
    match status {
        PlanStatus::Draft => &[ReplaceContent, Submit, Cancel],
        PlanStatus::Submitted => &[Issue, Return, Cancel],
        PlanStatus::Issued => &[Start, Amend, Cancel],
        PlanStatus::InProgress => &[Complete, Amend, Cancel],
        PlanStatus::Completed | PlanStatus::Cancelled => &[],
        _ => &[],
    }
}

/// Where an action leads from a status, or the 409 that lists what is allowed.
pub fn transition(status: PlanStatus, action: PlanAction) -> Result<PlanStatus, ApiError> {
    if !allowed_actions(status).contains(&action) {
        return Err(ApiError::new(ErrorKind::InvalidTransition)
            .with_detail(
                format!(
                    "Không thể '{}' kế hoạch ở trạng thái '{}'.",
                    action.name(),
                    status_str(status)
                ),
                format!(
                    "'{}' is not allowed for a plan that is '{}'.",
                    action.name(),
                    status_str(status)
                ),
            )
            .with_allowed_actions(
                allowed_actions(status)
                    .iter()
                    .map(|a| a.name().to_owned())
                    .collect(),
            ));
    }
    Ok(match action {
        PlanAction::Submit => PlanStatus::Submitted,
        PlanAction::Return | PlanAction::ReplaceContent => PlanStatus::Draft,
        PlanAction::Issue => PlanStatus::Issued,
        PlanAction::Start => PlanStatus::InProgress,
        PlanAction::Complete => PlanStatus::Completed,
        PlanAction::Cancel => PlanStatus::Cancelled,
        PlanAction::Amend => status,
    })
}

/// The stored name of a status.
pub fn status_str(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Draft => "draft",
        PlanStatus::Submitted => "submitted",
        PlanStatus::Issued => "issued",
        PlanStatus::InProgress => "in_progress",
        PlanStatus::Completed => "completed",
        PlanStatus::Cancelled => "cancelled",
        _ => "unknown",
    }
}

fn parse_status(s: &str) -> PlanStatus {
    match s {
        "submitted" => PlanStatus::Submitted,
        "issued" => PlanStatus::Issued,
        "in_progress" => PlanStatus::InProgress,
        "completed" => PlanStatus::Completed,
        "cancelled" => PlanStatus::Cancelled,
        _ => PlanStatus::Draft,
    }
}

fn kind_str(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::IndexReviewConference => "index_review_conference",
        PlanKind::AnnualReformPlan => "annual_reform_plan",
        PlanKind::RemediationPlan => "remediation_plan",
        PlanKind::Other => "other",
        _ => "other",
    }
}

/// The content of a stored plan.
pub fn content_of(m: &plans::Model) -> Result<PlanContent, ApiError> {
    serde_json::from_str(&m.content)
        .map_err(|e| ApiError::internal(format!("plan {} content: {e}", m.id)))
}

/// The wire form of a stored plan.
pub fn to_out(m: plans::Model) -> Result<PlanOut, ApiError> {
    let content = content_of(&m)?;
    let status = parse_status(&m.status);
    Ok(PlanOut {
        id: m.id,
        unit_id: m.unit_id,
        status,
        number: m.number,
        number_symbol: numbering::number_symbol(m.number, &m.type_code, &content.issuer_code),
        issue_date: m.issue_date,
        revision: m.revision,
        content,
        allowed_actions: allowed_actions(status)
            .iter()
            .map(|a| a.name().to_owned())
            .collect(),
        issued_at: m.issued_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Normalises every text of the content to NFC, trimmed.
fn normalize(mut c: PlanContent) -> PlanContent {
    let n = |s: &mut String| *s = text::normalize(s);
    let no = |s: &mut Option<String>| {
        if let Some(v) = s.as_mut() {
            *v = text::normalize(v);
        }
        if s.as_deref() == Some("") {
            *s = None;
        }
    };
    n(&mut c.title);
    no(&mut c.parent_authority);
    n(&mut c.issuing_body);
    n(&mut c.issuer_code);
    n(&mut c.place);
    no(&mut c.preamble);
    no(&mut c.closing);
    c.purposes.iter_mut().for_each(n);
    c.requirements.iter_mut().for_each(n);
    for b in &mut c.legal_bases {
        n(&mut b.document_type);
        no(&mut b.number_symbol);
        n(&mut b.issuer);
        n(&mut b.summary);
    }
    fn items(list: &mut [cchc_sdk::types::plans::ContentItem]) {
        for i in list {
            i.text = text::normalize(&i.text);
            items(&mut i.children);
        }
    }
    items(&mut c.contents);
    c.participants.iter_mut().for_each(|p| n(&mut p.name));
    for e in &mut c.schedule {
        n(&mut e.title);
        no(&mut e.venue);
        no(&mut e.text);
    }
    no(&mut c.budget.funding_source);
    no(&mut c.budget.text);
    c.budget.lines.iter_mut().for_each(|l| n(&mut l.item));
    for a in &mut c.implementation {
        n(&mut a.assignee);
        a.duties.iter_mut().for_each(n);
    }
    for r in &mut c.recipients {
        n(&mut r.name);
        no(&mut r.purpose);
    }
    n(&mut c.signer.name);
    n(&mut c.signer.title);
    no(&mut c.signer.authority_of);
    c
}

/// Checks a (normalised) content: required texts, lengths, and that every department and
/// official it names belongs to the plan's unit.
async fn check(db: &impl ConnectionTrait, unit_id: Uuid, c: &PlanContent) -> Result<(), ApiError> {
    let mut issues = Vec::new();
    let mut need = |path: String, value: &str, max: usize| {
        if value.is_empty() {
            issues.push(FieldIssue::required(path));
        } else if value.chars().count() > max {
            issues.push(FieldIssue::too_long(path, max));
        }
    };
    need("title".into(), &c.title, 1000);
    need("issuing_body".into(), &c.issuing_body, 200);
    need("issuer_code".into(), &c.issuer_code, 20);
    need("place".into(), &c.place, 100);
    for (i, b) in c.legal_bases.iter().enumerate() {
        need(
            format!("legal_bases[{i}].document_type"),
            &b.document_type,
            100,
        );
        need(format!("legal_bases[{i}].issuer"), &b.issuer, 200);
        need(format!("legal_bases[{i}].summary"), &b.summary, 1000);
    }
    for (i, p) in c.purposes.iter().enumerate() {
        need(format!("purposes[{i}]"), p, 4000);
    }
    for (i, r) in c.requirements.iter().enumerate() {
        need(format!("requirements[{i}]"), r, 4000);
    }
    for (i, a) in c.implementation.iter().enumerate() {
        need(format!("implementation[{i}].assignee"), &a.assignee, 300);
        for (j, d) in a.duties.iter().enumerate() {
            need(format!("implementation[{i}].duties[{j}]"), d, 4000);
        }
    }
    for (i, r) in c.recipients.iter().enumerate() {
        need(format!("recipients[{i}].name"), &r.name, 300);
    }
    need("signer.name".into(), &c.signer.name, 200);
    need("signer.title".into(), &c.signer.title, 100);
    if !(2000..=2100).contains(&c.year) {
        issues.push(FieldIssue::new(
            "year",
            "out_of_range",
            Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
        ));
    }
    for (i, e) in c.schedule.iter().enumerate() {
        let month_ok = e
            .month
            .as_deref()
            .is_none_or(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok());
        if !month_ok {
            issues.push(FieldIssue::new(
                format!("schedule[{i}].month"),
                "invalid_format",
                Text::new("Dạng YYYY-MM.", "Format YYYY-MM."),
            ));
        }
    }
    let total: i64 = c.budget.lines.iter().map(|l| l.amount_vnd).sum();
    if c.budget.lines.iter().any(|l| l.amount_vnd < 0)
        || c.budget.estimated_total_vnd.is_some_and(|t| t < 0)
    {
        issues.push(FieldIssue::new(
            "budget",
            "out_of_range",
            Text::new("Số tiền không được âm.", "Amounts cannot be negative."),
        ));
    } else if let Some(t) = c.budget.estimated_total_vnd
        && !c.budget.lines.is_empty()
        && t != total
    {
        issues.push(FieldIssue::new(
            "budget.estimated_total_vnd",
            "mismatch",
            Text::new(
                format!("Tổng các dòng là {total} đồng."),
                format!("The lines add up to {total} VND."),
            ),
        ));
    }
    // References: departments and officials of the same unit.
    let mut dept_refs: Vec<(String, Uuid)> = c
        .implementation
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.department_id
                .map(|d| (format!("implementation[{i}].department_id"), d))
        })
        .collect();
    dept_refs.extend(
        c.budget
            .prepared_by_department_ids
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("budget.prepared_by_department_ids[{i}]"), *d)),
    );
    for (path, id) in dept_refs {
        if departments::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none_or(|d| d.unit_id != unit_id)
        {
            issues.push(FieldIssue::unknown_reference(path));
        }
    }
    let mut official_refs: Vec<(String, Uuid)> = c
        .participants
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            p.official_id
                .map(|o| (format!("participants[{i}].official_id"), o))
        })
        .collect();
    official_refs.extend(c.schedule.iter().enumerate().filter_map(|(i, e)| {
        e.chair_official_id
            .map(|o| (format!("schedule[{i}].chair_official_id"), o))
    }));
    official_refs.extend(
        c.signer
            .official_id
            .map(|o| ("signer.official_id".to_owned(), o)),
    );
    for (path, id) in official_refs {
        if officials::Entity::find_by_id(id)
            .one(db)
            .await?
            .is_none_or(|o| o.unit_id != unit_id)
        {
            issues.push(FieldIssue::unknown_reference(path));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(issues))
    }
}

fn search_key(c: &PlanContent, number_symbol: Option<&str>) -> String {
    text::fold(&format!(
        "{} {}",
        c.title,
        number_symbol.unwrap_or_default()
    ))
}

/// A plan the caller can see, or 404.
pub async fn get(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: Uuid,
) -> Result<plans::Model, ApiError> {
    crate::domain::scoped::find::<plans::Entity>(db, scope, id).await
}

/// One page of the plans the caller can see.
pub async fn list(
    db: &DatabaseConnection,
    scope: &Scope,
    query: &PlanListQuery,
    page: &PageRequest,
) -> Result<Page<plans::Model>, ApiError> {
    if query.year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        return Err(
            ApiError::new(ErrorKind::InvalidQuery).with_errors(vec![FieldIssue::new(
                "year",
                "out_of_range",
                Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
            )]),
        );
    }
    let mut select = crate::domain::scoped::scoped::<plans::Entity>(scope);
    if let Some(unit_id) = query.unit_id {
        select = select.filter(plans::Column::UnitId.eq(unit_id));
    }
    if let Some(status) = query.status {
        select = select.filter(plans::Column::Status.eq(status_str(status)));
    }
    if let Some(kind) = query.kind {
        select = select.filter(plans::Column::Kind.eq(kind_str(kind)));
    }
    if let Some(year) = query.year {
        select = select.filter(plans::Column::Year.eq(year));
    }
    if let Some(from) = query.issued_from {
        select = select.filter(plans::Column::IssueDate.gte(from));
    }
    if let Some(to) = query.issued_to {
        select = select.filter(plans::Column::IssueDate.lte(to));
    }
    if let Some(q) = query.q.as_deref().filter(|q| !q.trim().is_empty()) {
        text::check_query(q)?;
        select = select.filter(
            plans::Column::SearchKey.like(LikeExpr::new(text::contains_pattern(q)).escape('\\')),
        );
    }
    if let Some(after) = page.after {
        select = select.filter(plans::Column::Id.gt(after));
    }
    let rows = select
        .order_by_asc(plans::Column::Id)
        .limit(page.fetch())
        .all(db)
        .await?;
    Ok(page.finish(rows, |p| p.id))
}

fn content_json(c: &PlanContent) -> Result<String, ApiError> {
    serde_json::to_string(c).map_err(ApiError::internal)
}

/// Creates a draft plan.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    unit_id: Uuid,
    content: PlanContent,
) -> Result<plans::Model, ApiError> {
    let content = normalize(content);
    let w = Write::begin(db, ctx).await?;
    match units::find_visible(w.db(), &ctx.scope, unit_id).await? {
        Some(u) if u.archived_at.is_none() => {}
        _ => {
            return Err(ApiError::validation(vec![FieldIssue::unknown_reference(
                "unit_id",
            )]));
        }
    }
    check(w.db(), unit_id, &content).await?;
    let now = w.now();
    let plan = plans::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(unit_id),
        kind: Set(kind_str(content.kind).to_owned()),
        year: Set(content.year),
        status: Set("draft".into()),
        type_code: Set(TYPE_CODE.into()),
        number: Set(None),
        number_year: Set(None),
        number_symbol: Set(None),
        title: Set(content.title.clone()),
        search_key: Set(search_key(&content, None)),
        issue_date: Set(None),
        issued_at: Set(None),
        revision: Set(0),
        content: Set(content_json(&content)?),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(w.db())
    .await?;
    let event = Event {
        resource_type: "plan",
        resource_id: Some(plan.id),
        unit_id: Some(unit_id),
        action: "create",
        changes: json!({"title": {"before": null, "after": plan.title}, "status": {"before": null, "after": "draft"}}),
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(plan)
}

/// The top-level content fields that differ, for the journal (the texts can be long).
fn changed_sections(before: &PlanContent, after: &PlanContent) -> serde_json::Value {
    let b = serde_json::to_value(before).unwrap_or_default();
    let a = serde_json::to_value(after).unwrap_or_default();
    let changed: Vec<&String> = a
        .as_object()
        .map(|o| o.keys().filter(|k| b.get(*k) != a.get(*k)).collect())
        .unwrap_or_default();
    json!({ "content": { "sections_changed": changed } })
}

/// Replaces a draft's content, or amends an issued plan (`amend`: same number, the old
/// text kept as a revision, a reason required).
pub async fn replace_content(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    content: PlanContent,
    amend: Option<Option<String>>,
) -> Result<plans::Model, ApiError> {
    let content = normalize(content);
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let action = if amend.is_some() {
        PlanAction::Amend
    } else {
        PlanAction::ReplaceContent
    };
    transition(parse_status(&current.status), action)?;
    let reason = amend
        .clone()
        .flatten()
        .map(|r| text::normalize(&r))
        .filter(|r| !r.is_empty());
    if amend.is_some() && reason.is_none() {
        return Err(ApiError::validation(vec![FieldIssue::required("reason")]));
    }
    check(w.db(), current.unit_id, &content).await?;
    if_match.check(current.version)?;
    let previous = content_of(&current)?;
    let mut active: plans::ActiveModel = current.clone().into();
    active.kind = Set(kind_str(content.kind).to_owned());
    active.year = Set(content.year);
    active.title = Set(content.title.clone());
    active.search_key = Set(search_key(&content, current.number_symbol.as_deref()));
    active.content = Set(content_json(&content)?);
    if amend.is_some() {
        let revision = current.revision + 1;
        active.revision = Set(revision);
        plan_revisions::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_id: Set(id),
            revision: Set(revision),
            previous_content: Set(current.content.clone()),
            reason: Set(reason.clone()),
            actor_name: Set(ctx.principal.name.clone()),
            created_at: Set(w.now()),
        }
        .insert(w.db())
        .await?;
    }
    let saved = save_versioned::<plans::Entity>(&w, active, id, current.version).await?;
    let mut changes = changed_sections(&previous, &content);
    if let (Some(map), Some(reason)) = (changes.as_object_mut(), reason) {
        map.insert("reason".into(), json!(reason));
    }
    let event = Event {
        resource_type: "plan",
        resource_id: Some(id),
        unit_id: Some(saved.unit_id),
        action: action.name(),
        changes,
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

/// Moves a plan through its lifecycle. Issuing assigns the next number of the unit's year
/// (of the issue date, today in Vietnam unless given).
pub async fn act(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: Uuid,
    if_match: &IfMatch,
    action: PlanAction,
    reason: Option<String>,
    issue_date: Option<NaiveDate>,
) -> Result<plans::Model, ApiError> {
    let w = Write::begin(db, ctx).await?;
    let current = get(w.db(), &ctx.scope, id).await?;
    let from = parse_status(&current.status);
    let to = transition(from, action)?;
    if_match.check(current.version)?;
    let mut active: plans::ActiveModel = current.clone().into();
    active.status = Set(status_str(to).to_owned());
    let mut changes = json!({"status": {"before": status_str(from), "after": status_str(to)}});
    if action == PlanAction::Issue {
        let date =
            issue_date.unwrap_or_else(|| (w.now() + chrono::Duration::hours(7)).date_naive());
        let number =
            numbering::next_number(w.db(), current.unit_id, date.year(), TYPE_CODE).await?;
        let content = content_of(&current)?;
        let symbol = numbering::number_symbol(Some(number), TYPE_CODE, &content.issuer_code);
        active.number = Set(Some(number));
        active.number_year = Set(Some(date.year()));
        active.number_symbol = Set(Some(symbol.clone()));
        active.issue_date = Set(Some(date));
        active.issued_at = Set(Some(w.now()));
        active.search_key = Set(search_key(&content, Some(&symbol)));
        if let Some(map) = changes.as_object_mut() {
            map.insert(
                "number_symbol".into(),
                json!({"before": null, "after": symbol}),
            );
            map.insert("issue_date".into(), json!({"before": null, "after": date}));
        }
    }
    if let (Some(reason), Some(map)) = (
        reason.filter(|r| !r.trim().is_empty()),
        changes.as_object_mut(),
    ) {
        map.insert("reason".into(), json!(text::normalize(&reason)));
    }
    let saved = save_versioned::<plans::Entity>(&w, active, id, current.version).await?;
    let event = Event {
        resource_type: "plan",
        resource_id: Some(id),
        unit_id: Some(saved.unit_id),
        action: action.name(),
        changes,
    };
    let journaled = w.journal(event).await?;
    w.commit(journaled).await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_allows_only_its_own_steps() {
        assert_eq!(
            transition(PlanStatus::Draft, PlanAction::Submit).ok(),
            Some(PlanStatus::Submitted)
        );
        assert_eq!(
            transition(PlanStatus::Submitted, PlanAction::Return).ok(),
            Some(PlanStatus::Draft)
        );
        assert_eq!(
            transition(PlanStatus::Submitted, PlanAction::Issue).ok(),
            Some(PlanStatus::Issued)
        );
        assert_eq!(
            transition(PlanStatus::Issued, PlanAction::Amend).ok(),
            Some(PlanStatus::Issued)
        );
        assert!(transition(PlanStatus::Draft, PlanAction::Issue).is_err());
        assert!(transition(PlanStatus::Issued, PlanAction::ReplaceContent).is_err());
        assert!(transition(PlanStatus::Completed, PlanAction::Cancel).is_err());
        let err = transition(PlanStatus::Draft, PlanAction::Start).err();
        assert_eq!(err.map(|e| e.kind), Some(ErrorKind::InvalidTransition));
    }
}
