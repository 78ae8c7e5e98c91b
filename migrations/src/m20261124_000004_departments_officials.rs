//! Departments of a unit and its officials (cán bộ, công chức).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    UnitId,
    Name,
    /// Folded name: unique within a unit, so "Văn phòng" and "van phong" collide.
    NameKey,
    ShortCode,
    Kind,
    Description,
    HeadOfficialId,
    DisplayOrder,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Officials {
    Table,
    Id,
    UnitId,
    FullName,
    /// Folded full name and position: the key of `q` searches.
    SearchKey,
    Position,
    DepartmentId,
    Email,
    Phone,
    Status,
    UserId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(uuid(Departments::Id).primary_key())
                    .col(uuid(Departments::UnitId))
                    .col(string_len(Departments::Name, 200))
                    .col(string_len(Departments::NameKey, 200))
                    .col(string_len_null(Departments::ShortCode, 32))
                    .col(string_len(Departments::Kind, 32).check(
                        Expr::col(Departments::Kind).is_in([
                            "professional_office",
                            "leadership",
                            "mass_organisation",
                            "other",
                        ]),
                    ))
                    .col(text_null(Departments::Description))
                    .col(uuid_null(Departments::HeadOfficialId))
                    .col(integer(Departments::DisplayOrder))
                    .col(timestamp_with_time_zone_null(Departments::ArchivedAt))
                    .col(timestamp_with_time_zone(Departments::CreatedAt))
                    .col(timestamp_with_time_zone(Departments::UpdatedAt))
                    .col(integer(Departments::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_departments_unit")
                            .from(Departments::Table, Departments::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_departments_unit_name")
                    .table(Departments::Table)
                    .col(Departments::UnitId)
                    .col(Departments::NameKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Officials::Table)
                    .col(uuid(Officials::Id).primary_key())
                    .col(uuid(Officials::UnitId))
                    .col(string_len(Officials::FullName, 200))
                    .col(string_len(Officials::SearchKey, 420))
                    .col(string_len(Officials::Position, 200))
                    .col(uuid_null(Officials::DepartmentId))
                    .col(string_len_null(Officials::Email, 254))
                    .col(string_len_null(Officials::Phone, 32))
                    .col(
                        string_len(Officials::Status, 16)
                            .check(Expr::col(Officials::Status).is_in(["serving", "left"])),
                    )
                    .col(uuid_null(Officials::UserId))
                    .col(timestamp_with_time_zone(Officials::CreatedAt))
                    .col(timestamp_with_time_zone(Officials::UpdatedAt))
                    .col(integer(Officials::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_officials_unit")
                            .from(Officials::Table, Officials::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_officials_department")
                            .from(Officials::Table, Officials::DepartmentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_officials_user")
                            .from(Officials::Table, Officials::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_officials_user")
                    .table(Officials::Table)
                    .col(Officials::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_officials_unit")
                    .table(Officials::Table)
                    .col(Officials::UnitId)
                    .col(Officials::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_officials_department")
                    .table(Officials::Table)
                    .col(Officials::DepartmentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Officials::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Departments::Table).to_owned())
            .await
    }
}
