use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "childminders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub first_name: String,
    pub last_name: String,
    pub approval_number: String,
    pub birth_year: i32,
    pub sector: String,
    pub mam_id: Option<i32>,
    pub active: bool,
    pub phone: String,
    pub email: String,
    pub version: i32,
    pub user_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
