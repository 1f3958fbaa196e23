//! The outbox: every message the platform sends, stored before it is sent.
//! And one-time links get a purpose: an invitation, or a password reset.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("messages")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string("kind"))
                .col(string("recipient"))
                .col(string("subject"))
                .col(text("body"))
                .col(boolean("secret"))
                .col(string("state"))
                .col(integer("attempts"))
                .col(text("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_messages_territory_id")
                        .from("messages", "territory_id")
                        .to("territories", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_messages_state").table("messages").col("state").to_owned()).await?;
        m.create_index(
            Index::create()
                .name("idx_messages_territory_id_id")
                .table("messages")
                .col("territory_id")
                .col("id")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table("invitations").add_column(string("purpose").default("invitation")).to_owned(),
        )
        .await
    }
}
