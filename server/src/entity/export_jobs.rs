//! `export_jobs`: reports asked for now and made later by the export worker.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "export_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `user` or `client`.
    pub principal_kind: String,
    pub principal_id: Uuid,
    /// JSON `{"roles": [...], "scopes": [...]}`: the rights of the request.
    pub granted: String,
    pub unit_id: Option<Uuid>,
    pub report: String,
    pub format: String,
    /// JSON of the report's parameters.
    pub parameters: String,
    pub status: String,
    pub progress: i32,
    pub attempts: i32,
    pub lease_until: Option<DateTimeUtc>,
    pub error_code: Option<String>,
    pub error_status: Option<i32>,
    pub error_vi: Option<String>,
    pub error_en: Option<String>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    pub expires_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
