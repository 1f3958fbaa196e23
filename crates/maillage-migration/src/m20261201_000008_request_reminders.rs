//! The day a family was last reminded to confirm its request: the request
//! expires a while after an unanswered reminder.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("care_requests").add_column(date_null("reminded_on")).to_owned()).await
    }
}
