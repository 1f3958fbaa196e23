//! Indexes for a territory the size of Paris's EPCI (26,000 childminders,
//! 70,000 requests a year): the compatible offers read the holders of a
//! few sectors, the relais' queue the open requests of one sector by
//! desired start, without reading the whole territory.

use sea_orm_migration::prelude::*;

use crate::helpers::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index("facilities", &["territory_id", "sector"], false)).await?;
        m.create_index(index("childminders", &["territory_id", "sector"], false)).await?;
        m.create_index(index("care_requests", &["territory_id", "home_sector", "start_on"], false)).await?;
        m.create_index(index("care_requests", &["territory_id", "start_on"], false)).await
    }
}
