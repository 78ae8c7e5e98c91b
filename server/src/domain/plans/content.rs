//! A plan's content: how it is stored, normalised and checked, and the search key made
//! from it.

use cchc_sdk::types::plans::PlanContent;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::domain::text;
use crate::entity::{departments, officials, plans};
use crate::error::{ApiError, FieldIssue, Text};

/// The content of a stored plan.
pub fn content_of(m: &plans::Model) -> Result<PlanContent, ApiError> {
    serde_json::from_str(&m.content)
        .map_err(|e| ApiError::internal(format!("plan {} content: {e}", m.id)))
}

/// Normalises every text of the content to NFC, trimmed.
pub(super) fn normalize(mut c: PlanContent) -> PlanContent {
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
pub(super) async fn check(
    db: &impl ConnectionTrait,
    unit_id: Uuid,
    c: &PlanContent,
) -> Result<(), ApiError> {
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

pub(super) fn search_key(c: &PlanContent, number_symbol: Option<&str>) -> String {
    text::fold(&format!(
        "{} {}",
        c.title,
        number_symbol.unwrap_or_default()
    ))
}

pub(super) fn content_json(c: &PlanContent) -> Result<String, ApiError> {
    serde_json::to_string(c).map_err(ApiError::internal)
}
