//! An indicator may follow a figure Maillage computes (places on 31
//! December, requests received…) instead of typed values: the figure's
//! code, or nothing for typed values.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("indicators").add_column(string_len_null("live_figure", 60)).to_owned())
            .await
    }
}
