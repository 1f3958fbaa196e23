//! Accounts that declare their own free places: a childminder's account is
//! linked to their record of the register; a facility has its managers.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // No foreign key: SQLite cannot add one to an existing table; the
        // repository checks the account (an active childminder grant).
        m.alter_table(Table::alter().table("childminders").add_column(integer_null("user_id")).to_owned()).await?;
        m.create_index(index("childminders", &["user_id"], false)).await?;
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
        m.create_index(index("facility_managers", &["facility_id", "user_id"], true)).await?;
        m.create_index(index("facility_managers", &["user_id"], false)).await
    }
}
