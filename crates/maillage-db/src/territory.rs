//! Territories.

use maillage_domain::territory::Territory;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::decode;
use crate::entity::territory::{self, Entity as TerritoryRow};
use crate::{DbError, Result, is_unique_violation, now};

pub async fn create(db: &impl ConnectionTrait, slug: &str, name: &str, is_demo: bool) -> Result<Territory> {
    let row = territory::ActiveModel {
        slug: Set(slug.to_owned()),
        name: Set(name.to_owned()),
        is_demo: Set(is_demo),
        created_at: Set(now()),
        revision: Set(0),
        ..Default::default()
    };
    let row = row
        .insert(db)
        .await
        .map_err(|e| if is_unique_violation(&e) { DbError::Duplicate("slug") } else { DbError::Db(e) })?;
    Ok(decode::territory(row))
}

pub async fn get(db: &impl ConnectionTrait, id: i32) -> Result<Territory> {
    TerritoryRow::find_by_id(id).one(db).await?.map(decode::territory).ok_or(DbError::NotFound)
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Territory> {
    TerritoryRow::find()
        .filter(territory::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(decode::territory)
        .ok_or(DbError::NotFound)
}

pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Territory>> {
    Ok(TerritoryRow::find()
        .order_by_asc(territory::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(decode::territory)
        .collect())
}
