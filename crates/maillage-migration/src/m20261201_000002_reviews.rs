//! The yearly review (« bilan annuel ») of a convention: one per year, its
//! analysis per axis written by the coordinator, closed once the committee
//! has adopted it.

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
                .table("reviews")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("convention_id"))
                .col(integer("year"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(string("closed_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("reviews", "territory_id", "territories"))
                .foreign_key(&mut fk("reviews", "convention_id", "conventions"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("reviews", &["convention_id", "year"], true)).await?;
        m.create_table(
            Table::create()
                .table("review_analyses")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("review_id"))
                .col(integer("axis_id"))
                .col(text("body"))
                .foreign_key(&mut fk("review_analyses", "territory_id", "territories"))
                .foreign_key(&mut fk("review_analyses", "review_id", "reviews"))
                .foreign_key(&mut fk("review_analyses", "axis_id", "axes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("review_analyses", &["review_id", "axis_id"], true)).await
    }
}
