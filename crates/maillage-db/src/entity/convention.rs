use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "conventions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub title: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub status: String,
    pub signatories: String,
    pub replaces: String,
    pub diagnostic: String,
    pub purpose: String,
    pub renewed_from_id: Option<i32>,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
