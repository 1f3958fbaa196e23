//! Files uploaded to import a register, kept between the column mapping,
//! the dry run and the import itself, then deleted (and purged after a
//! day anyway: they hold names and telephone numbers); and the last
//! mapping of each kind of import, proposed first the next time.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::helpers::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("register_imports")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("user_id"))
                // `childminders` (facilities later).
                .col(string_len("kind", 20))
                .col(string("file_name"))
                .col(blob("content"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("register_imports", "territory_id", "territories"))
                .foreign_key(&mut fk("register_imports", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("import_mappings")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string_len("kind", 20))
                // JSON: field → header.
                .col(text("mapping"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("import_mappings", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("import_mappings", &["territory_id", "kind"], true)).await
    }
}
