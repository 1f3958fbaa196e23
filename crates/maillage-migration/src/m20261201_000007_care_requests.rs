//! Families' childcare requests (« demandes d'accueil ») and their history.
//! The private link is stored as a hash: a leaked database opens no
//! family's page. The tracking code is unique across territories, so that
//! a family quoting it on the phone is never mistaken for another.

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
                .table("care_requests")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(string_len("code", 9))
                .col(string_len("token_hash", 64))
                .col(string("child_first_name"))
                .col(boolean("child_born"))
                .col(date("child_date"))
                .col(date("start_on"))
                // `mon 08:00-17:30;thu 08:00-12:00`
                .col(string("schedule"))
                // Mode codes in order of preference, comma-separated.
                .col(string("modes"))
                // One sector per line; empty is any.
                .col(text("sectors"))
                .col(string("home_sector"))
                .col(string("parent_name"))
                .col(string("email"))
                .col(string("phone"))
                .col(text("notes"))
                .col(string("status"))
                .col(string_null("solved_mode"))
                .col(date("filed_on"))
                .col(string("filed_by"))
                .col(date("confirmed_on"))
                .col(text("consent"))
                .col(integer("version"))
                .foreign_key(&mut fk("care_requests", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("care_requests", &["code"], true)).await?;
        m.create_index(index("care_requests", &["token_hash"], true)).await?;
        m.create_index(index("care_requests", &["territory_id", "status"], false)).await?;
        m.create_table(
            Table::create()
                .table("care_request_events")
                .col(pk_auto("id"))
                .col(integer("territory_id"))
                .col(integer("request_id"))
                .col(timestamp_with_time_zone("at"))
                .col(string("status"))
                .col(string("actor"))
                .col(text("note"))
                .foreign_key(&mut fk("care_request_events", "territory_id", "territories"))
                .foreign_key(&mut fk("care_request_events", "request_id", "care_requests"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("care_request_events", &["request_id"], false)).await
    }
}
