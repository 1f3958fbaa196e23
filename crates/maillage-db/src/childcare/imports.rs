//! Uploaded files waiting to be imported, and the last column mapping of
//! each kind of import. An upload is a working copy: it is not audited,
//! it is deleted once imported and purged after a day (it holds names and
//! telephone numbers); what the import writes is audited record by record.

use chrono::{DateTime, Utc};
use maillage_domain::childcare::import::Mapping;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entity::{import_mapping, register_import as upload};
use crate::scoped::scoped;
use crate::{Result, is_unique_violation, now};

/// An uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub id: i32,
    pub kind: String,
    pub file_name: String,
    pub content: Vec<u8>,
    pub created_at: DateTime<Utc>,
}

fn decode(m: upload::Model) -> Upload {
    Upload { id: m.id, kind: m.kind, file_name: m.file_name, content: m.content, created_at: m.created_at }
}

pub async fn save_upload(
    db: &impl ConnectionTrait,
    territory_id: i32,
    user_id: i32,
    kind: &str,
    file_name: &str,
    content: Vec<u8>,
) -> Result<Upload> {
    let row = upload::ActiveModel {
        territory_id: Set(territory_id),
        user_id: Set(user_id),
        kind: Set(kind.to_owned()),
        file_name: Set(file_name.to_owned()),
        content: Set(content),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(decode(row))
}

pub async fn get_upload(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Upload> {
    Ok(decode(crate::scoped::get::<upload::Entity>(db, territory_id, id).await?))
}

pub async fn delete_upload(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<()> {
    upload::Entity::delete_many()
        .filter(upload::Column::Id.eq(id))
        .filter(upload::Column::TerritoryId.eq(territory_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes every upload made before `before`, of every territory.
pub async fn purge_uploads(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(upload::Entity::delete_many().filter(upload::Column::CreatedAt.lt(before)).exec(db).await?.rows_affected)
}

/// The mapping last used for `kind` in the territory.
pub async fn last_mapping(db: &impl ConnectionTrait, territory_id: i32, kind: &str) -> Result<Option<Mapping>> {
    let row =
        scoped::<import_mapping::Entity>(territory_id).filter(import_mapping::Column::Kind.eq(kind)).one(db).await?;
    // A mapping that does not read back is simply not proposed.
    Ok(row.and_then(|r| serde_json::from_str(&r.mapping).ok()))
}

pub async fn remember_mapping(
    db: &impl ConnectionTrait,
    territory_id: i32,
    kind: &str,
    mapping: &Mapping,
) -> Result<()> {
    let json = serde_json::to_string(mapping).unwrap_or_default();
    let existing =
        scoped::<import_mapping::Entity>(territory_id).filter(import_mapping::Column::Kind.eq(kind)).one(db).await?;
    match existing {
        Some(row) => {
            let mut row: import_mapping::ActiveModel = row.into();
            row.mapping = Set(json);
            row.updated_at = Set(now());
            row.update(db).await?;
        }
        None => {
            let inserted = import_mapping::ActiveModel {
                territory_id: Set(territory_id),
                kind: Set(kind.to_owned()),
                mapping: Set(json),
                updated_at: Set(now()),
                ..Default::default()
            }
            .insert(db)
            .await;
            // Two people mapping at once: either mapping will do.
            match inserted {
                Err(e) if !is_unique_violation(&e) => return Err(e.into()),
                _ => {}
            }
        }
    }
    Ok(())
}
