use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "capacities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub facility_id: Option<i32>,
    pub childminder_id: Option<i32>,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    pub infant: i32,
    pub toddler: i32,
    pub preschool: i32,
    pub employer_places: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
