//! The meeting's minutes get the glossary's name (`minutes`, not `notes`).
//! A rename is done in place by both databases (SQLite since 3.25), keeping
//! every row; nothing else reads the old name.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table("meetings").rename_column("notes", "minutes").to_owned()).await
    }
}
