//! Territories.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::entity::territory::{self, Entity as Territory, Model};
use crate::{DbError, Result, is_unique_violation, now};

pub async fn create(db: &impl ConnectionTrait, slug: &str, name: &str, is_demo: bool) -> Result<Model> {
    let row = territory::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        is_demo: Set(is_demo),
        created_at: Set(now()),
        ..Default::default()
    };
    row.insert(db).await.map_err(|e| if is_unique_violation(&e) { DbError::Duplicate("slug") } else { DbError::Db(e) })
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Model> {
    Territory::find_by_id(id).one(db).await?.ok_or(DbError::NotFound)
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Model> {
    Territory::find().filter(territory::Column::Slug.eq(slug)).one(db).await?.ok_or(DbError::NotFound)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Model>> {
    Ok(Territory::find().order_by_asc(territory::Column::Name).all(db).await?)
}
