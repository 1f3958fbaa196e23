//! Indexes for a territory the size of Paris's EPCI (26,000 childminders,
//! 70,000 requests a year): the compatible offers read the holders of a
//! few sectors, the relais' queue the open requests of one sector by
//! desired start, without reading the whole territory; and the statistics
//! of one territory read its declarations of free places without reading
//! the country's, nor the names and contacts of its families and
//! childminders (covering indexes).

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
        // The statistics read these columns of a territory's requests, and
        // the childminders' below, from the index alone; the queue without
        // a sector reads requests by desired start through the first.
        let mut facts = Index::create();
        facts.name("idx_care_requests_facts").table("care_requests");
        for c in ["territory_id", "start_on", "filed_on", "home_sector", "status", "solved_mode", "closed_on"] {
            facts.col(c);
        }
        m.create_index(facts).await?;
        let mut figures = Index::create();
        figures.name("idx_childminders_figures").table("childminders");
        for c in ["territory_id", "id", "sector", "birth_year", "active", "mam_id"] {
            figures.col(c);
        }
        m.create_index(figures).await?;
        m.create_index(index("vacancy_declarations", &["territory_id", "declared_on"], false)).await?;
        m.create_index(index("vacancies", &["territory_id", "declaration_id"], false)).await
    }
}
