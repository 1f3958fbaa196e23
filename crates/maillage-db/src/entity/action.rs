use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub convention_id: i32,
    pub axis_id: i32,
    pub code: String,
    pub title: String,
    pub objectives: String,
    pub audience: String,
    pub lead_name: String,
    pub lead_user_id: Option<i32>,
    pub partners: String,
    pub sectors: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub status: String,
    pub progress: i32,
    pub position: i32,
    pub version: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
