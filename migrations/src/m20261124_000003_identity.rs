//! Identity: users, API clients, refresh tokens, signing keys, and the audit journal.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    FullName,
    SearchKey,
    UnitId,
    /// JSON array of role names.
    Roles,
    OfficialId,
    Active,
    PasswordHash,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ApiClients {
    Table,
    Id,
    ClientId,
    Name,
    UnitId,
    /// JSON array of scope names.
    Scopes,
    /// SHA-256 of the secret (secrets are 256 random bits: a slow hash adds nothing).
    SecretHash,
    SecretRotatedAt,
    RevokedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    /// Every token rotated from one login shares a family; reuse revokes the family.
    FamilyId,
    SubjectKind,
    SubjectId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SigningKeys {
    Table,
    Kid,
    /// Base64 of the HMAC key.
    Secret,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OccurredAt,
    ActorKind,
    ActorId,
    ActorName,
    UnitId,
    ResourceType,
    ResourceId,
    Action,
    Changes,
    RequestId,
    ClientIp,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
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
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    .col(string_len(Users::Username, 64))
                    .col(string_len(Users::FullName, 200))
                    .col(string_len(Users::SearchKey, 280))
                    .col(uuid_null(Users::UnitId))
                    .col(text(Users::Roles))
                    .col(uuid_null(Users::OfficialId))
                    .col(boolean(Users::Active))
                    .col(string_len(Users::PasswordHash, 200))
                    .col(timestamp_with_time_zone_null(Users::LastLoginAt))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .col(integer(Users::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_unit")
                            .from(Users::Table, Users::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        let mut uq = index("uq_users_username", Users::Table, &["username"]);
        manager.create_index(uq.unique().to_owned()).await?;
        manager
            .create_index(index("idx_users_unit_id", Users::Table, &["unit_id", "id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiClients::Table)
                    .col(uuid(ApiClients::Id).primary_key())
                    .col(string_len(ApiClients::ClientId, 64))
                    .col(string_len(ApiClients::Name, 200))
                    .col(uuid(ApiClients::UnitId))
                    .col(text(ApiClients::Scopes))
                    .col(string_len(ApiClients::SecretHash, 64))
                    .col(timestamp_with_time_zone(ApiClients::SecretRotatedAt))
                    .col(timestamp_with_time_zone_null(ApiClients::RevokedAt))
                    .col(timestamp_with_time_zone(ApiClients::CreatedAt))
                    .col(timestamp_with_time_zone(ApiClients::UpdatedAt))
                    .col(integer(ApiClients::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_clients_unit")
                            .from(ApiClients::Table, ApiClients::UnitId)
                            .to(Units::Table, Units::Id),
                    )
                    .to_owned(),
            )
            .await?;
        let mut uq = index(
            "uq_api_clients_client_id",
            ApiClients::Table,
            &["client_id"],
        );
        manager.create_index(uq.unique().to_owned()).await?;
        manager
            .create_index(index(
                "idx_api_clients_unit_id",
                ApiClients::Table,
                &["unit_id", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(uuid(RefreshTokens::Id).primary_key())
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_len(RefreshTokens::SubjectKind, 16))
                    .col(uuid(RefreshTokens::SubjectId))
                    .col(string_len(RefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .to_owned(),
            )
            .await?;
        let mut uq = index(
            "uq_refresh_tokens_hash",
            RefreshTokens::Table,
            &["token_hash"],
        );
        manager.create_index(uq.unique().to_owned()).await?;
        manager
            .create_index(index(
                "idx_refresh_tokens_family",
                RefreshTokens::Table,
                &["family_id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_refresh_tokens_subject",
                RefreshTokens::Table,
                &["subject_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SigningKeys::Table)
                    .col(string_len(SigningKeys::Kid, 64).primary_key())
                    .col(string_len(SigningKeys::Secret, 128))
                    .col(boolean(SigningKeys::Active))
                    .col(timestamp_with_time_zone(SigningKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(uuid(AuditEvents::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(string_len(AuditEvents::ActorKind, 16))
                    .col(uuid_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::ActorName, 200))
                    .col(uuid_null(AuditEvents::UnitId))
                    .col(string_len(AuditEvents::ResourceType, 64))
                    .col(uuid_null(AuditEvents::ResourceId))
                    .col(string_len(AuditEvents::Action, 64))
                    .col(text(AuditEvents::Changes))
                    .col(string_len_null(AuditEvents::RequestId, 128))
                    .col(string_len_null(AuditEvents::ClientIp, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_audit_events_resource",
                AuditEvents::Table,
                &["resource_id", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_audit_events_actor",
                AuditEvents::Table,
                &["actor_id", "id"],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_audit_events_unit",
                AuditEvents::Table,
                &["unit_id", "id"],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            SigningKeys::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            ApiClients::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
