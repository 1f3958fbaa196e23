//! The childcare registers: facilities (every kind of EAJE, and MAM),
//! childminders, and their dated capacities (a change adds a row and closes
//! the previous one, so that the offer on a past date stays known).

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
                .table("facilities")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string("name"))
                .col(string("kind"))
                // NULL when unknown: several facilities may lack one.
                .col(string_null("identifier"))
                .col(string("manager"))
                .col(string("address"))
                .col(string("sector"))
                .col(string_null("funding"))
                .col(integer("opening_days"))
                .col(time("opens_at"))
                .col(time("closes_at"))
                .col(string("phone"))
                .col(string("email"))
                .col(integer("version"))
                .foreign_key(&mut fk("facilities", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("facilities", &["territory_id", "identifier"], true)).await?;
        m.create_table(
            Table::create()
                .table("childminders")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string("first_name"))
                .col(string("last_name"))
                .col(string("approval_number"))
                .col(integer("birth_year"))
                .col(string("sector"))
                .col(integer_null("mam_id"))
                .col(boolean("active"))
                .col(string("phone"))
                .col(string("email"))
                .col(integer("version"))
                .foreign_key(&mut fk("childminders", "territory_id", "territories"))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_childminders_mam_id")
                        .from("childminders", "mam_id")
                        .to("facilities", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index("childminders", &["territory_id", "approval_number"], true)).await?;
        m.create_index(index("childminders", &["territory_id", "last_name"], false)).await?;
        m.create_table(
            Table::create()
                .table("capacities")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                // Exactly one of the two: whose capacity it is.
                .col(integer_null("facility_id"))
                .col(integer_null("childminder_id"))
                .col(date("valid_from"))
                .col(date_null("valid_to"))
                .col(integer("infant"))
                .col(integer("toddler"))
                .col(integer("preschool"))
                .col(integer("employer_places"))
                .foreign_key(&mut fk("capacities", "territory_id", "territories"))
                .foreign_key(&mut fk("capacities", "facility_id", "facilities"))
                .foreign_key(&mut fk("capacities", "childminder_id", "childminders"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("capacities", &["facility_id"], false)).await?;
        m.create_index(index("capacities", &["childminder_id"], false)).await?;
        m.create_index(index("capacities", &["territory_id", "valid_from"], false)).await
    }
}
