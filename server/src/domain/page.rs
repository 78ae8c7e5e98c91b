//! Keyset pagination: `?limit=` and `?cursor=`, answered as `{data, next_cursor, has_more}`.
//!
//! The cursor is the id of the last row of the previous page (as Stripe's `starting_after`):
//! ids are UUID v7, so id order is creation order, the next page is "id > cursor" on the
//! primary key, a page costs the same on page 1 and page 10,000, and rows inserted meanwhile
//! never shift a page (no OFFSET). Any well-formed UUID is a valid cursor.

use cchc_sdk::types::common::Page;
use uuid::Uuid;

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
    /// Start after the row with this id.
    pub after: Option<Uuid>,
}

impl PageRequest {
    /// Validates `limit` (1.., clamped to [`MAX_LIMIT`]) and decodes `cursor`.
    pub fn parse(limit: Option<i64>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(n) if n < 1 => {
                return Err(bad_query(
                    "limit",
                    Text::new(
                        "Phải là số nguyên từ 1 trở lên.",
                        "Must be an integer of at least 1.",
                    ),
                ));
            }
            Some(n) => (n as u64).min(MAX_LIMIT),
        };
        let after = match cursor {
            None => None,
            Some(raw) => Some(Uuid::parse_str(raw).map_err(|_| {
                bad_query(
                    "cursor",
                    Text::new(
                        "Con trỏ trang không hợp lệ; hãy dùng next_cursor của trang trước.",
                        "Invalid cursor; pass the previous page's next_cursor.",
                    ),
                )
            })?),
        };
        Ok(PageRequest { limit, after })
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

    /// Makes the page from up to `limit + 1` rows fetched in order.
    pub fn finish<T>(&self, mut rows: Vec<T>, id_of: impl Fn(&T) -> Uuid) -> Page<T> {
        let has_more = rows.len() as u64 > self.limit;
        rows.truncate(self.limit as usize);
        let next_cursor = if has_more {
            rows.last().map(|r| id_of(r).to_string())
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

fn bad_query(field: &str, message: Text) -> ApiError {
    ApiError::new(ErrorKind::InvalidQuery).with_errors(vec![FieldIssue::new(
        field,
        "invalid_value",
        message,
    )])
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(PageRequest::parse(None, Some(&cursor))?.after, Some(id));
        assert!(PageRequest::parse(None, Some("")).is_err());
        assert!(PageRequest::parse(None, Some("not a cursor")).is_err());
        Ok(())
    }
}
