//! Search keys fold the look-alike Ð/ð (U+00D0/U+00F0, pasted from old Vietnamese fonts)
//! to `d`, as they fold Đ/đ; keys written before kept `ð`. Rewrites them. A department whose
//! rewritten key would equal another's in the same unit (a "Ðoàn…" beside a "Đoàn…") keeps
//! its old key: the unique name rule (uq_departments_unit_name) is not broken by a migration.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, key column) of every folded search key.
const KEYS: &[(&str, &str)] = &[
    ("units", "search_key"),
    ("users", "search_key"),
    ("officials", "search_key"),
    ("plans", "search_key"),
    ("tasks", "search_key"),
    ("award_recipients", "name_key"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        // Keys are folded to lower case, so only the small ð can be in them.
        for (table, key) in KEYS {
            db.execute_unprepared(&format!(
                "UPDATE {table} SET {key} = REPLACE({key}, 'ð', 'd') WHERE {key} LIKE '%ð%'"
            ))
            .await?;
        }
        db.execute_unprepared(
            "UPDATE departments SET name_key = REPLACE(name_key, 'ð', 'd') \
             WHERE name_key LIKE '%ð%' AND NOT EXISTS (SELECT 1 FROM departments other \
             WHERE other.unit_id = departments.unit_id \
             AND other.name_key = REPLACE(departments.name_key, 'ð', 'd'))",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Folding is not undone: `ð` and `d` are one letter to search.
        Ok(())
    }
}
