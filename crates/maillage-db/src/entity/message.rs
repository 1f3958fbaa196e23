use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub territory_id: i32,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Holds a one-time link: its body is erased once sent.
    pub secret: bool,
    pub state: String,
    pub attempts: i32,
    pub last_error: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
