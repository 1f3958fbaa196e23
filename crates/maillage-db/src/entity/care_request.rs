use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "care_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub code: String,
    pub token_hash: String,
    pub child_first_name: String,
    pub child_born: bool,
    pub child_date: Date,
    pub start_on: Date,
    pub schedule: String,
    pub modes: String,
    pub sectors: String,
    pub home_sector: String,
    pub parent_name: String,
    pub email: String,
    pub phone: String,
    pub notes: String,
    pub status: String,
    pub solved_mode: Option<String>,
    pub filed_on: Date,
    pub filed_by: String,
    pub confirmed_on: Date,
    pub reminded_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub anonymised_on: Option<Date>,
    pub consent: String,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
