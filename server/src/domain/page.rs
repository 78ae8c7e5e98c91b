//! Keyset pagination: `?limit=` and `?cursor=`, answered as `{data, next_cursor, has_more}`.
//!
//! A cursor is opaque to clients: they pass back the previous page's `next_cursor` unchanged.
//! No page uses OFFSET: the next page is "the rows after the position the cursor names",
//! so a page costs the same on page 1 and page 10,000 and rows inserted meanwhile never
//! shift a page. A position is one of two kinds:
//!
//! - **Id-ordered lists** (every list but tasks sorted by something else than creation):
//!   the cursor is the id of the last row delivered (as Stripe's `starting_after`). Ids are
//!   UUID v7, so id order is creation order; the next page is "id > cursor" on the primary
//!   key ("id < cursor" for the audit log, newest first). Any well-formed UUID is a valid
//!   cursor there ([`PageRequest::parse`], [`PageRequest::load`]).
//! - **Lists sorted by another key** (tasks by `due_date`, `priority`, `updated`): the cursor
//!   carries the last row's sort key *and* its id, [`KeyedCursor`]: base64url without
//!   padding (RFC 4648 §5) of `v1|<sort>|<key>|<id>`, the key tagged with its type (`d:` a
//!   date `YYYY-MM-DD`, `i:` an integer, `t:` an instant in RFC 3339 UTC with nanoseconds,
//!   so the value is exactly the stored one and equality holds on both backends). The next
//!   page is the rows whose (key, id) come after (cursor key, cursor id) in the sort's
//!   direction, compared with the values the cursor carries: the cursor's row is never read
//!   again, so a change to it between pages does not move the position.
//!   ([`PageRequest::parse_sorted`], [`PageRequest::finish_keyed`]).
//!
//! What a client sees when rows change between pages: each page holds the rows strictly
//! after the cursor's position *as they stand when that page is read*. A row that did not
//! change is delivered exactly once, whatever happens to the others. A row whose key
//! changed is delivered where it now stands: once more if it moved forward past the cursor
//! (e.g. a task delivered on page 1 whose due date was pushed later), not again if it moved
//! to before the cursor (e.g. a task raised to urgent, or just changed under `updated`;
//! had it not been delivered yet, this walk does not deliver it).
//!
//! Cursors are positions, not secrets, and are not signed: a malformed cursor is 400
//! `invalid_query` naming `cursor` (`invalid_value`), and a cursor made for one order used
//! with another (a keyed cursor on an id-ordered list, an id cursor on a keyed sort, or a
//! cursor of `due_date` used with `priority`) is 400 `invalid_query` naming `cursor`
//! (`sort_mismatch`).

mod cursor;

use cchc_sdk::types::common::Page;
use uuid::Uuid;

pub use self::cursor::{KeyedCursor, SortValue};
use crate::error::{ApiError, ErrorKind, FieldIssue, Text};

/// Page size when none is asked for.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest page; larger requests are clamped to it.
pub const MAX_LIMIT: u64 = 200;

/// A validated page request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    /// Rows on this page.
    pub limit: u64,
    /// Start after the row with this id: the whole position on an id-ordered list, the
    /// tie-breaker (with [`after_key`](Self::after_key)) on a keyed sort.
    pub after: Option<Uuid>,
    /// On a keyed sort, the sort key of the position, as the cursor carried it; always
    /// `None` on an id-ordered list.
    pub after_key: Option<SortValue>,
}

impl PageRequest {
    /// For an id-ordered list: validates `limit` (1.., clamped to [`MAX_LIMIT`]) and decodes
    /// `cursor`, which must be a UUID (400 `invalid_query` on `cursor` otherwise).
    pub fn parse(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, ApiError> {
        Self::parse_sorted(limit, cursor, None)
    }

    /// Validates `limit` as [`parse`](Self::parse) does and decodes `cursor` for a list in
    /// the order `sort`: `None` for id order (the cursor is a UUID), `Some(name)` for a keyed
    /// sort (the cursor is a [`KeyedCursor`] made for that same sort). A malformed cursor is
    /// 400 `invalid_query` on `cursor` (`invalid_value`), a cursor of another order 400
    /// `invalid_query` on `cursor` (`sort_mismatch`).
    pub fn parse_sorted(
        limit: Option<i64>,
        cursor: Option<&str>,
        sort: Option<&str>,
    ) -> Result<Self, ApiError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(n) if n < 1 => {
                return Err(bad_query(
                    "limit",
                    "invalid_value",
                    Text::new(
                        "Phải là số nguyên từ 1 trở lên.",
                        "Must be an integer of at least 1.",
                    ),
                ));
            }
            Some(n) => (n as u64).min(MAX_LIMIT),
        };
        let mut page = PageRequest {
            limit,
            after: None,
            after_key: None,
        };
        let Some(raw) = cursor else {
            return Ok(page);
        };
        if let Ok(id) = Uuid::parse_str(raw) {
            if sort.is_some() {
                return Err(sort_mismatch());
            }
            page.after = Some(id);
        } else if let Some(keyed) = KeyedCursor::decode(raw) {
            if sort != Some(keyed.sort.as_str()) {
                return Err(sort_mismatch());
            }
            page.after = Some(keyed.id);
            page.after_key = Some(keyed.key);
        } else {
            return Err(bad_query(
                "cursor",
                "invalid_value",
                Text::new(
                    "Con trỏ trang không hợp lệ; hãy dùng next_cursor của trang trước.",
                    "Invalid cursor; pass the previous page's next_cursor.",
                ),
            ));
        }
        Ok(page)
    }

    /// How many rows to fetch: one more than the page, to know whether another follows.
    pub fn fetch(&self) -> u64 {
        self.limit + 1
    }

    /// One page of `select` in `id` order: the rows after the cursor, one more fetched to
    /// know whether another page follows. Every id-ordered list is read through this.
    pub async fn load<E>(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        select: sea_orm::Select<E>,
        id: E::Column,
        id_of: impl Fn(&E::Model) -> Uuid,
    ) -> Result<Page<E::Model>, ApiError>
    where
        E: sea_orm::EntityTrait,
    {
        use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
        let mut select = select;
        if let Some(after) = self.after {
            select = select.filter(id.gt(after));
        }
        let rows = select.order_by_asc(id).limit(self.fetch()).all(db).await?;
        Ok(self.finish(rows, id_of))
    }

    /// Makes the page of an id-ordered list from up to `limit + 1` rows fetched in order:
    /// `next_cursor` is the last row's id.
    pub fn finish<T>(&self, rows: Vec<T>, id_of: impl Fn(&T) -> Uuid) -> Page<T> {
        self.finish_with(rows, |r| id_of(r).to_string())
    }

    /// Makes the page of a list in the keyed order `sort` from up to `limit + 1` rows
    /// fetched in order: `next_cursor` is the [`KeyedCursor`] of the last row, whose sort
    /// key and id `key_of` gives.
    pub fn finish_keyed<T>(
        &self,
        rows: Vec<T>,
        sort: &str,
        key_of: impl Fn(&T) -> (SortValue, Uuid),
    ) -> Page<T> {
        self.finish_with(rows, |r| {
            let (key, id) = key_of(r);
            KeyedCursor {
                sort: sort.to_owned(),
                key,
                id,
            }
            .encode()
        })
    }

    fn finish_with<T>(&self, mut rows: Vec<T>, cursor_of: impl Fn(&T) -> String) -> Page<T> {
        let has_more = rows.len() as u64 > self.limit;
        rows.truncate(self.limit as usize);
        let next_cursor = if has_more {
            rows.last().map(cursor_of)
        } else {
            None
        };
        Page {
            data: rows,
            next_cursor,
            has_more,
        }
    }
}

/// 400 unless a `year` query parameter, when given, is within 2000–2100.
pub fn check_year(year: Option<i32>) -> Result<(), ApiError> {
    match year {
        Some(y) if !(2000..=2100).contains(&y) => Err(ApiError::new(ErrorKind::InvalidQuery)
            .with_errors(vec![FieldIssue::new(
                "year",
                "out_of_range",
                Text::new("Từ 2000 đến 2100.", "Between 2000 and 2100."),
            )])),
        _ => Ok(()),
    }
}

fn bad_query(field: &str, code: &'static str, message: Text) -> ApiError {
    ApiError::new(ErrorKind::InvalidQuery).with_errors(vec![FieldIssue::new(field, code, message)])
}

/// 400 `invalid_query` on `cursor` (`sort_mismatch`): the cursor was made for another order
/// of the list.
pub fn sort_mismatch() -> ApiError {
    bad_query(
        "cursor",
        "sort_mismatch",
        Text::new(
            "Con trỏ trang này thuộc một cách sắp xếp khác; hãy dùng next_cursor của trang \
             đọc với cùng tham số sort.",
            "This cursor belongs to another sort order; pass the next_cursor of a page read \
             with the same sort.",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(err: &ApiError) -> Option<(&str, &str)> {
        err.field_issues()
            .first()
            .map(|i| (i.field.as_str(), i.code))
    }

    #[test]
    fn limit_defaults_clamps_and_refuses_non_positive() -> Result<(), ApiError> {
        assert_eq!(PageRequest::parse(None, None)?.limit, DEFAULT_LIMIT);
        assert_eq!(PageRequest::parse(Some(5000), None)?.limit, MAX_LIMIT);
        assert!(PageRequest::parse(Some(-1), None).is_err());
        assert!(PageRequest::parse(Some(0), None).is_err());
        Ok(())
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() -> Result<(), ApiError> {
        let id = Uuid::now_v7();
        let page = PageRequest::parse(Some(1), None)?.finish(vec![1, 2], |_| id);
        assert!(page.has_more);
        let cursor = page.next_cursor.unwrap_or_default();
        assert_eq!(
            cursor,
            id.to_string(),
            "id-ordered cursors stay plain UUIDs"
        );
        let back = PageRequest::parse(None, Some(&cursor))?;
        assert_eq!((back.after, back.after_key), (Some(id), None));
        for bad in ["", "not a cursor", "djF8"] {
            let err = PageRequest::parse(None, Some(bad)).err();
            assert_eq!(
                err.as_ref().and_then(code),
                Some(("cursor", "invalid_value"))
            );
        }
        Ok(())
    }

    #[test]
    fn keyed_cursors_come_back_as_their_position() -> Result<(), ApiError> {
        let id = Uuid::now_v7();
        let key = SortValue::Int(3);
        let page = PageRequest::parse_sorted(Some(1), None, Some("priority"))?.finish_keyed(
            vec![1, 2],
            "priority",
            |_| (key, id),
        );
        assert!(page.has_more);
        let cursor = page.next_cursor.unwrap_or_default();
        let back = PageRequest::parse_sorted(None, Some(&cursor), Some("priority"))?;
        assert_eq!((back.after, back.after_key), (Some(id), Some(key)));
        let last = PageRequest::parse_sorted(Some(5), None, Some("priority"))?.finish_keyed(
            vec![1, 2],
            "priority",
            |_| (key, id),
        );
        assert_eq!((last.has_more, last.next_cursor), (false, None));
        let garbage = PageRequest::parse_sorted(None, Some("djF8"), Some("priority")).err();
        assert_eq!(
            garbage.as_ref().and_then(code),
            Some(("cursor", "invalid_value"))
        );
        Ok(())
    }

    #[test]
    fn a_cursor_of_another_order_is_refused() -> Result<(), ApiError> {
        let id = Uuid::now_v7();
        let keyed = KeyedCursor {
            sort: "due_date".into(),
            key: SortValue::Int(7),
            id,
        }
        .encode();
        let plain = id.to_string();
        for (cursor, sort) in [
            (&keyed, Some("priority")),
            (&keyed, None),
            (&plain, Some("due_date")),
        ] {
            let err = PageRequest::parse_sorted(None, Some(cursor), sort).err();
            assert_eq!(
                err.as_ref().and_then(code),
                Some(("cursor", "sort_mismatch"))
            );
        }
        assert_eq!(
            PageRequest::parse_sorted(None, Some(&keyed), Some("due_date"))?.after,
            Some(id)
        );
        Ok(())
    }
}
