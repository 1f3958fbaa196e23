//! Facility projects and their dated steps. An opened project points to
//! the facility it became.

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
                .table("facility_projects")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string("name"))
                .col(string("holder"))
                .col(string("kind"))
                .col(integer("infant"))
                .col(integer("toddler"))
                .col(integer("preschool"))
                .col(string("sector"))
                .col(date_null("expected_opening"))
                .col(string("stage"))
                .col(integer_null("facility_id"))
                .col(integer("version"))
                .foreign_key(&mut fk("facility_projects", "territory_id", "territories"))
                .foreign_key(&mut fk("facility_projects", "facility_id", "facilities"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("facility_projects", &["territory_id"], false)).await?;
        m.create_table(
            Table::create()
                .table("facility_project_steps")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("project_id"))
                .col(string("stage"))
                .col(date("happened_on"))
                .col(text("note"))
                .col(string("actor"))
                .foreign_key(&mut fk("facility_project_steps", "territory_id", "territories"))
                .foreign_key(&mut fk("facility_project_steps", "project_id", "facility_projects"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("facility_project_steps", &["project_id"], false)).await
    }
}
