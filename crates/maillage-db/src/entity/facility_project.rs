use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "facility_projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub name: String,
    pub holder: String,
    pub kind: String,
    pub infant: i32,
    pub toddler: i32,
    pub preschool: i32,
    pub sector: String,
    pub expected_opening: Option<Date>,
    pub stage: String,
    pub facility_id: Option<i32>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
