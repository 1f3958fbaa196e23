//! Sectors of the needs map: a territory's areas (communes of an EPCI,
//! districts of a commune), each with its code, its name and its shape as
//! GeoJSON text (geometry is computed in Rust, DESIGN §3), imported from
//! a file and known by code from one import to the next.

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
                .table("sectors")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string("code"))
                .col(string("name"))
                // A GeoJSON MultiPolygon in degrees (WGS 84).
                .col(text("geometry"))
                .foreign_key(&mut fk("sectors", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sectors", &["territory_id", "code"], true)).await
    }
}
