//! A territory's revision: bumped by every write recorded in the audit log,
//! so that a process may keep what it computed from the territory's records
//! (the dashboard) for as long as the revision it read is the current one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("territories").add_column(big_integer("revision").default(0)).to_owned())
            .await
    }
}
