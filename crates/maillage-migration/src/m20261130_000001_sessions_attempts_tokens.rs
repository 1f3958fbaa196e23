//! Sessions know their user (so that deactivating an account ends them),
//! sign-in attempts their client address (throttling per address), and API
//! tokens an optional expiry and a read-only scope.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        m.alter_table(Table::alter().table("sessions").add_column(integer_null("user_id")).to_owned()).await?;
        m.create_index(Index::create().name("idx_sessions_user_id").table("sessions").col("user_id").to_owned())
            .await?;
        m.alter_table(Table::alter().table("login_attempts").add_column(string("client_addr").default("")).to_owned())
            .await?;
        m.create_index(
            Index::create()
                .name("idx_login_attempts_client_addr_attempted_at")
                .table("login_attempts")
                .col("client_addr")
                .col("attempted_at")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table("api_tokens").add_column(timestamp_with_time_zone_null("expires_at")).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table("api_tokens").add_column(boolean("read_only").default(false)).to_owned())
            .await?;
        Ok(())
    }
}
