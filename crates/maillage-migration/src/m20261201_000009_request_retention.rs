//! When a request was closed (its retention runs from then) and when its
//! personal data was erased (by the family, or by the purge after the
//! retention period): the figures stay for statistics.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("care_requests").add_column(date_null("closed_on")).to_owned()).await?;
        m.alter_table(Table::alter().table("care_requests").add_column(date_null("anonymised_on")).to_owned()).await
    }
}
