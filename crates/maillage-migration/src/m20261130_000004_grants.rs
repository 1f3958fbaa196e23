//! One account, several territories: a grant gives an account a role in a
//! territory (a CAF advisor follows several communes). The account keeps its
//! first territory and role in `users` (no column is dropped); grants are
//! what counts from now on, made here from the accounts as they are.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("grants")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("user_id"))
                .col(string("role"))
                .col(string("state"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_grants_territory_id")
                        .from("grants", "territory_id")
                        .to("territories", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_grants_user_id")
                        .from("grants", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_grants_user_id_territory_id")
                .table("grants")
                .col("user_id")
                .col("territory_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_grants_territory_id").table("grants").col("territory_id").to_owned())
            .await?;
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO grants (territory_id, user_id, role, state, created_at) \
                 SELECT territory_id, id, role, \
                 CASE WHEN password_hash = '!invitation' THEN 'pending' WHEN is_active THEN 'active' ELSE 'inactive' END, \
                 created_at FROM users",
            )
            .await?;
        Ok(())
    }
}
