//! Tasks, their supporting departments and assignees, and their journal of updates.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    UnitId,
    PlanId,
    /// "plan:<id>:<assignment>:<duty>" for tasks made from a plan's implementation section.
    SourceKey,
    Title,
    Description,
    SearchKey,
    LeadDepartmentId,
    CriterionId,
    Deliverable,
    Priority,
    /// 1 low .. 4 urgent, for sorting.
    PriorityRank,
    StartDate,
    DueDate,
    /// The due date, or 9999-12-31 when there is none: a non-null key for sorting.
    DueSort,
    Status,
    Progress,
    BlockedReason,
    ResultSummary,
    CompletedAt,
    DueSoonNotifiedAt,
    OverdueNotifiedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum TaskDepartments {
    Table,
    TaskId,
    DepartmentId,
}

#[derive(DeriveIden)]
enum TaskAssignees {
    Table,
    TaskId,
    OfficialId,
}

#[derive(DeriveIden)]
enum TaskUpdates {
    Table,
    Id,
    TaskId,
    AuthorId,
    AuthorName,
    Text,
    Progress,
    StatusFrom,
    StatusTo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Officials {
    Table,
    Id,
}

fn idx(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(Alias::new(*col));
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(uuid(Tasks::Id).primary_key())
                    .col(uuid(Tasks::UnitId))
                    .col(uuid_null(Tasks::PlanId))
                    .col(string_len_null(Tasks::SourceKey, 120))
                    .col(string_len(Tasks::Title, 300))
                    .col(text_null(Tasks::Description))
                    .col(text(Tasks::SearchKey))
                    .col(uuid_null(Tasks::LeadDepartmentId))
                    .col(uuid_null(Tasks::CriterionId))
                    .col(string_len(Tasks::Deliverable, 32))
                    .col(string_len(Tasks::Priority, 16))
                    .col(integer(Tasks::PriorityRank))
                    .col(date_null(Tasks::StartDate))
                    .col(date_null(Tasks::DueDate))
                    .col(date(Tasks::DueSort))
                    .col(string_len(Tasks::Status, 16))
                    .col(integer(Tasks::Progress))
                    .col(text_null(Tasks::BlockedReason))
                    .col(text_null(Tasks::ResultSummary))
                    .col(timestamp_with_time_zone_null(Tasks::CompletedAt))
                    .col(timestamp_with_time_zone_null(Tasks::DueSoonNotifiedAt))
                    .col(timestamp_with_time_zone_null(Tasks::OverdueNotifiedAt))
                    .col(timestamp_with_time_zone(Tasks::CreatedAt))
                    .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                    .col(integer(Tasks::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_unit")
                            .from(Tasks::Table, Tasks::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_plan")
                            .from(Tasks::Table, Tasks::PlanId)
                            .to(Plans::Table, Plans::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tasks_lead_department")
                            .from(Tasks::Table, Tasks::LeadDepartmentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        let mut uq = idx("uq_tasks_source_key", Tasks::Table, &["source_key"]);
        manager.create_index(uq.unique().to_owned()).await?;
        manager
            .create_index(idx("idx_tasks_unit", Tasks::Table, &["unit_id", "id"]))
            .await?;
        manager
            .create_index(idx("idx_tasks_plan", Tasks::Table, &["plan_id", "id"]))
            .await?;
        manager
            .create_index(idx("idx_tasks_due", Tasks::Table, &["due_sort", "id"]))
            .await?;
        manager
            .create_index(idx(
                "idx_tasks_priority",
                Tasks::Table,
                &["priority_rank", "id"],
            ))
            .await?;
        manager
            .create_index(idx(
                "idx_tasks_updated",
                Tasks::Table,
                &["updated_at", "id"],
            ))
            .await?;
        manager
            .create_index(idx("idx_tasks_lead", Tasks::Table, &["lead_department_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskDepartments::Table)
                    .col(uuid(TaskDepartments::TaskId))
                    .col(uuid(TaskDepartments::DepartmentId))
                    .primary_key(
                        Index::create()
                            .col(TaskDepartments::TaskId)
                            .col(TaskDepartments::DepartmentId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_departments_task")
                            .from(TaskDepartments::Table, TaskDepartments::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_departments_department")
                            .from(TaskDepartments::Table, TaskDepartments::DepartmentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(idx(
                "idx_task_departments_department",
                TaskDepartments::Table,
                &["department_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskAssignees::Table)
                    .col(uuid(TaskAssignees::TaskId))
                    .col(uuid(TaskAssignees::OfficialId))
                    .primary_key(
                        Index::create()
                            .col(TaskAssignees::TaskId)
                            .col(TaskAssignees::OfficialId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_assignees_task")
                            .from(TaskAssignees::Table, TaskAssignees::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_assignees_official")
                            .from(TaskAssignees::Table, TaskAssignees::OfficialId)
                            .to(Officials::Table, Officials::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(idx(
                "idx_task_assignees_official",
                TaskAssignees::Table,
                &["official_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TaskUpdates::Table)
                    .col(uuid(TaskUpdates::Id).primary_key())
                    .col(uuid(TaskUpdates::TaskId))
                    .col(uuid_null(TaskUpdates::AuthorId))
                    .col(string_len(TaskUpdates::AuthorName, 200))
                    .col(text_null(TaskUpdates::Text))
                    .col(integer_null(TaskUpdates::Progress))
                    .col(string_len_null(TaskUpdates::StatusFrom, 16))
                    .col(string_len_null(TaskUpdates::StatusTo, 16))
                    .col(timestamp_with_time_zone(TaskUpdates::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_task_updates_task")
                            .from(TaskUpdates::Table, TaskUpdates::TaskId)
                            .to(Tasks::Table, Tasks::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(idx(
                "idx_task_updates_task",
                TaskUpdates::Table,
                &["task_id", "id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TaskUpdates::Table.into_iden(),
            TaskAssignees::Table.into_iden(),
            TaskDepartments::Table.into_iden(),
            Tasks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
