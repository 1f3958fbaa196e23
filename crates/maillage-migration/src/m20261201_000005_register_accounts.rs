//! Accounts that declare their own free places: a childminder's account is
//! linked to their record of the register; a facility has its managers.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: &'static str, column: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{from}_{column}"))
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table; the
        // repository checks the account (an active childminder grant).
        m.alter_table(Table::alter().table("childminders").add_column(integer_null("user_id")).to_owned()).await?;
        m.create_index(
            Index::create().name("idx_childminders_user_id").table("childminders").col("user_id").to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("facility_managers")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("facility_id"))
                .col(integer("user_id"))
                .foreign_key(&mut fk("facility_managers", "territory_id", "territories"))
                .foreign_key(&mut fk("facility_managers", "facility_id", "facilities"))
                .foreign_key(&mut fk("facility_managers", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_facility_managers_facility_id_user_id")
                .table("facility_managers")
                .col("facility_id")
                .col("user_id")
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_facility_managers_user_id").table("facility_managers").col("user_id").to_owned(),
        )
        .await
    }
}
