//! Free places (« places disponibles »): each declaration of a facility or
//! a childminder, from a date on, and its cells by weekday and age band.
//! Declarations are kept (the latest one counts), so the history of what
//! was declared stays readable.

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
                .table("vacancy_declarations")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                // Exactly one of the two: whose free places they are.
                .col(integer_null("facility_id"))
                .col(integer_null("childminder_id"))
                .col(date("declared_on"))
                .col(date("available_from"))
                .col(string("declared_by"))
                .foreign_key(&mut fk("vacancy_declarations", "territory_id", "territories"))
                .foreign_key(&mut fk("vacancy_declarations", "facility_id", "facilities"))
                .foreign_key(&mut fk("vacancy_declarations", "childminder_id", "childminders"))
                .to_owned(),
        )
        .await?;
        for column in ["facility_id", "childminder_id"] {
            m.create_index(index("vacancy_declarations", &[column], false)).await?;
        }
        m.create_table(
            Table::create()
                .table("vacancies")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("declaration_id"))
                // 0 for Monday … 6 for Sunday.
                .col(integer("weekday"))
                .col(string("age_band"))
                .col(integer("places"))
                .foreign_key(&mut fk("vacancies", "territory_id", "territories"))
                .foreign_key(&mut fk("vacancies", "declaration_id", "vacancy_declarations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("vacancies", &["declaration_id"], false)).await
    }
}
