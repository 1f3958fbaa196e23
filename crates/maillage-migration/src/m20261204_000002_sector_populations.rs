//! The sectors' population figures, per year: children under 3, births,
//! two-year-olds at school, each line with its source (a figure without
//! its vintage cannot be read).

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
                .table("sector_populations")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("sector_id"))
                .col(integer("year"))
                .col(integer_null("children_under_3"))
                .col(integer_null("births"))
                .col(integer_null("at_school_at_2"))
                .col(string("source"))
                .foreign_key(&mut fk("sector_populations", "territory_id", "territories"))
                .foreign_key(&mut fk("sector_populations", "sector_id", "sectors"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sector_populations", &["sector_id", "year"], true)).await?;
        m.create_index(index("sector_populations", &["territory_id", "year"], false)).await
    }
}
