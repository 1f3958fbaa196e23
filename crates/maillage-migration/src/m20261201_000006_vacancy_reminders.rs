//! The day a reminder was queued for a declaration of free places that
//! became « à confirmer », so that it is sent once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("vacancy_declarations").add_column(date_null("reminded_on")).to_owned())
            .await
    }
}
