//! How database errors become API errors: named constraints, contention, outages.

use sea_orm::{DbErr, SqlErr};

use super::{ApiError, ErrorKind, FieldIssue, Text};

/// Database constraints the API names to clients, with the field each one guards.
const CONSTRAINT_FIELDS: &[(&str, &str, &str)] = &[
    // (PostgreSQL constraint name, SQLite "table.column", field)
    ("uq_units_code", "units.code", "code"),
    ("uq_departments_unit_name", "departments.name_key", "name"),
    ("uq_officials_user", "officials.user_id", "user_id"),
    ("uq_users_username", "users.username", "username"),
    (
        "uq_index_assessments",
        "index_assessments.framework_id",
        "unit_id",
    ),
    (
        "uq_index_publications",
        "index_publications.framework_id",
        "parent_unit_id",
    ),
];

impl From<DbErr> for ApiError {
    #[track_caller]
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(msg)) => {
                let field = CONSTRAINT_FIELDS
                    .iter()
                    .find(|(pg, lite, _)| msg.contains(pg) || msg.contains(lite))
                    .map_or("id", |(_, _, field)| field);
                ApiError::new(ErrorKind::AlreadyExists)
                    .with_detail(
                        format!("Giá trị của trường '{field}' đã được dùng."),
                        format!("The value of '{field}' is already taken."),
                    )
                    .with_errors(vec![FieldIssue::new(
                        field,
                        "already_exists",
                        Text::new("Giá trị này đã tồn tại.", "This value already exists."),
                    )])
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::new(ErrorKind::InUse)
                .with_detail(
                    "Bản ghi đang được tham chiếu hoặc tham chiếu tới bản ghi không tồn tại.",
                    "The record is referenced elsewhere, or refers to a missing record.",
                ),
            _ => match err {
                DbErr::RecordNotFound(_) => ApiError::not_found(),
                ref e if is_contention(e) => ApiError::new(ErrorKind::Unavailable)
                    .with_detail(
                        "Cơ sở dữ liệu đang bận với một thay đổi khác; hãy thử lại sau giây lát.",
                        "The database is busy with another change; retry in a moment.",
                    )
                    .with_retry_after(1)
                    .with_cause(&err),
                DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => {
                    ApiError::new(ErrorKind::Unavailable)
                        .with_retry_after(5)
                        .with_cause(&err)
                }
                other => ApiError::internal(other),
            },
        }
    }
}

/// Whether a database error is a transient conflict with another writer, which a retry
/// cures: SQLite's busy/locked (a write that waited past the busy timeout), PostgreSQL's
/// serialization failure, deadlock or lock timeout. Answered 503 with `Retry-After`.
fn is_contention(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    let (DbErr::Exec(RuntimeErr::SqlxError(e))
    | DbErr::Query(RuntimeErr::SqlxError(e))
    | DbErr::Conn(RuntimeErr::SqlxError(e))) = err
    else {
        return false;
    };
    let Some(db) = e.as_database_error() else {
        return false;
    };
    matches!(
        db.code().as_deref(),
        // SQLITE_BUSY, SQLITE_LOCKED and their extended codes.
        Some("5" | "6" | "261" | "262" | "517" | "773")
            // serialization_failure, deadlock_detected, lock_not_available, query_canceled
            | Some("40001" | "40P01" | "55P03")
    )
}
