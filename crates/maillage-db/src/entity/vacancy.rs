use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "vacancies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub declaration_id: i32,
    pub weekday: i32,
    pub age_band: String,
    pub places: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
