//! Database migrations of the CCHC service.
//!
//! One file per change, applied in order at start-up and by `cchc-server migrate`. Every
//! migration has a working `down`; a test runs up, down, up on both backends. Schemas use
//! only what SQLite, PostgreSQL and the PostgreSQL-compatible distributed engines share:
//! no native enums (enums are checked text), no advisory locks.

pub use sea_orm_migration::prelude::*;

mod m20261124_000001_platform;
mod m20261124_000002_units;
mod m20261124_000003_identity;
mod m20261124_000004_departments_officials;
mod m20261124_000005_plans;
mod m20261124_000006_tasks;
mod m20261124_000007_task_attachments;
mod m20261124_000008_index;
mod m20261124_000009_awards;
mod m20261129_000010_audit_operation;
mod m20261201_000011_index_adjustments;
mod m20261202_000012_refresh_token_scope;
mod m20261203_000013_fold_eth;
mod m20261204_000014_item_causes;
mod m20261205_000015_webhooks;
mod m20261206_000016_exports;
mod m20261207_000017_task_indexes;
mod m20261207_000018_auth_epoch;
mod m20261208_000019_index_results;
mod m20261209_000020_index_outlook_marks;

/// A named foreign key from `(table, column)` to `(table, column)`.
fn fk(
    name: &str,
    from: (impl Iden + 'static, impl Iden + 'static),
    to: (impl Iden + 'static, impl Iden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_platform::Migration),
            Box::new(m20261124_000002_units::Migration),
            Box::new(m20261124_000003_identity::Migration),
            Box::new(m20261124_000004_departments_officials::Migration),
            Box::new(m20261124_000005_plans::Migration),
            Box::new(m20261124_000006_tasks::Migration),
            Box::new(m20261124_000007_task_attachments::Migration),
            Box::new(m20261124_000008_index::Migration),
            Box::new(m20261124_000009_awards::Migration),
            Box::new(m20261129_000010_audit_operation::Migration),
            Box::new(m20261201_000011_index_adjustments::Migration),
            Box::new(m20261202_000012_refresh_token_scope::Migration),
            Box::new(m20261203_000013_fold_eth::Migration),
            Box::new(m20261204_000014_item_causes::Migration),
            Box::new(m20261205_000015_webhooks::Migration),
            Box::new(m20261206_000016_exports::Migration),
            Box::new(m20261207_000017_task_indexes::Migration),
            Box::new(m20261207_000018_auth_epoch::Migration),
            Box::new(m20261208_000019_index_results::Migration),
            Box::new(m20261209_000020_index_outlook_marks::Migration),
        ]
    }
}
