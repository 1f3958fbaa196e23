use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "facilities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub name: String,
    pub kind: String,
    pub identifier: Option<String>,
    pub manager: String,
    pub address: String,
    pub sector: String,
    pub funding: Option<String>,
    pub opening_days: i32,
    pub opens_at: Time,
    pub closes_at: Time,
    pub phone: String,
    pub email: String,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
