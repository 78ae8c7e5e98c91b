//! The order of a task list (`?sort=`) and its keyset pagination.
//!
//! `created` is id order (UUID v7), paged with plain id cursors like every other list.
//! `due_date`, `priority` and `updated` are paged on (sort key, id) with a keyed cursor that
//! carries the last row's key and id ([`crate::domain::page`]): the next page is compared
//! with the values the cursor carries, so a task that changes between two pages moves no
//! page boundary (a task already delivered is delivered again only if its change moved it
//! past the cursor; every unchanged task is delivered exactly once).
//!
//! | sort | key (column) | direction | ties |
//! |---|---|---|---|
//! | `created` | `id` | ascending | — |
//! | `due_date` | `due_sort` (due date, 9999-12-31 when none) | ascending | id ascending |
//! | `priority` | `priority_rank` (1 low … 4 urgent) | descending | id ascending |
//! | `updated` | `updated_at` | descending (most recent first) | id ascending |
//!
//! Each keyed order is served by an index on (key, id).

use cchc_sdk::types::common::Page;
use cchc_sdk::types::tasks::TaskSort;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, Select};
use uuid::Uuid;

use crate::domain::codec::enum_str;
use crate::domain::page::{PageRequest, SortValue, sort_mismatch};
use crate::entity::tasks;
use crate::error::ApiError;

/// The page request of a task list in the order `sort`: `cursor` must be a cursor this
/// order made (400 `invalid_query` on `cursor` otherwise, see [`PageRequest::parse_sorted`]).
pub fn page_request(
    limit: Option<i64>,
    cursor: Option<&str>,
    sort: Option<TaskSort>,
) -> Result<PageRequest, ApiError> {
    let name = keyed_name(sort.unwrap_or_default());
    PageRequest::parse_sorted(limit, cursor, name.as_deref())
}

/// The wire name of a keyed order, `None` for id order.
fn keyed_name(sort: TaskSort) -> Option<String> {
    match sort {
        TaskSort::Created => None,
        other => Some(enum_str(&other)),
    }
}

/// The sort key of `t` under a keyed `sort` (`created` has none and never asks).
fn key_of(sort: TaskSort, t: &tasks::Model) -> SortValue {
    match sort {
        TaskSort::DueDate => SortValue::Date(t.due_sort),
        TaskSort::Priority => SortValue::Int(i64::from(t.priority_rank)),
        TaskSort::Updated => SortValue::Time(t.updated_at),
        _ => SortValue::Int(0),
    }
}

/// `select` restricted to the rows after the page's position and ordered by `sort`.
/// 400 `invalid_query` on `cursor` when the cursor's key is not of the sort's type (a
/// cursor of another order whose sort name was forged).
pub fn apply(
    select: Select<tasks::Entity>,
    sort: TaskSort,
    page: &PageRequest,
) -> Result<Select<tasks::Entity>, ApiError> {
    use tasks::Column::{DueSort, Id, PriorityRank, UpdatedAt};
    let mut select = select;
    let after = match (page.after, page.after_key) {
        (Some(id), Some(key)) => Some((id, key)),
        (Some(id), None) if sort == TaskSort::Created => {
            select = select.filter(Id.gt(id));
            None
        }
        (Some(_), None) => return Err(sort_mismatch()),
        (None, _) => None,
    };
    let select = match (sort, after) {
        (TaskSort::Created, None) => select.order_by_asc(Id),
        (TaskSort::DueDate, after) => {
            if let Some((id, key)) = after {
                let SortValue::Date(d) = key else {
                    return Err(sort_mismatch());
                };
                select = select.filter(after_pair(DueSort.gt(d), DueSort.eq(d), id));
            }
            select.order_by_asc(DueSort).order_by_asc(Id)
        }
        (TaskSort::Priority, after) => {
            if let Some((id, key)) = after {
                let SortValue::Int(rank) = key else {
                    return Err(sort_mismatch());
                };
                select =
                    select.filter(after_pair(PriorityRank.lt(rank), PriorityRank.eq(rank), id));
            }
            select.order_by_desc(PriorityRank).order_by_asc(Id)
        }
        (TaskSort::Updated, after) => {
            if let Some((id, key)) = after {
                let SortValue::Time(at) = key else {
                    return Err(sort_mismatch());
                };
                select = select.filter(after_pair(UpdatedAt.lt(at), UpdatedAt.eq(at), id));
            }
            select.order_by_desc(UpdatedAt).order_by_asc(Id)
        }
        // A keyed position on id order is refused by `page_request`; an order added to
        // `TaskSort` without a keyset here is refused rather than mis-paged.
        _ => return Err(sort_mismatch()),
    };
    Ok(select)
}

/// "(key, id) after (cursor key, cursor id)": the key strictly beyond the cursor's in the
/// sort's direction, or the same key and a greater id.
fn after_pair(beyond: Expr, same: Expr, id: Uuid) -> Condition {
    Condition::any()
        .add(beyond)
        .add(Condition::all().add(same).add(tasks::Column::Id.gt(id)))
}

/// The page of up to `limit + 1` rows read in the order `sort`, with the cursor of its
/// last row.
pub fn finish(page: &PageRequest, sort: TaskSort, rows: Vec<tasks::Model>) -> Page<tasks::Model> {
    match keyed_name(sort) {
        None => page.finish(rows, |t| t.id),
        Some(name) => page.finish_keyed(rows, &name, |t| (key_of(sort, t), t.id)),
    }
}
