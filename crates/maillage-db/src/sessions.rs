//! The session store's table. Session data is an opaque JSON text written by
//! the web layer; expired rows are ignored on read and purged on demand.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::Result;
use crate::entity::session::{self, Entity as Session};

pub async fn load(db: &impl ConnectionTrait, id: &str) -> Result<Option<String>> {
    Ok(Session::find_by_id(id.to_owned())
        .filter(session::Column::ExpiresAt.gt(crate::now()))
        .one(db)
        .await?
        .map(|s| s.data))
}

pub async fn save(
    db: &impl ConnectionTrait,
    id: &str,
    data: &str,
    expires_at: chrono::DateTime<chrono::Utc>,
    user_id: Option<i32>,
) -> Result<()> {
    let row = session::ActiveModel {
        id: Set(id.to_owned()),
        data: Set(data.to_owned()),
        expires_at: Set(expires_at),
        user_id: Set(user_id),
    };
    Session::insert(row)
        .on_conflict(
            OnConflict::column(session::Column::Id)
                .update_columns([session::Column::Data, session::Column::ExpiresAt, session::Column::UserId])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// Whether a session id is taken (expired or not): new ids must be fresh.
pub async fn exists(db: &impl ConnectionTrait, id: &str) -> Result<bool> {
    Ok(Session::find_by_id(id.to_owned()).one(db).await?.is_some())
}

pub async fn delete(db: &impl ConnectionTrait, id: &str) -> Result<()> {
    Session::delete_by_id(id.to_owned()).exec(db).await?;
    Ok(())
}

/// Ends every session of a user but one (a password change keeps the
/// session it was made from).
pub async fn delete_for_user_except(db: &impl ConnectionTrait, user_id: i32, keep: &str) -> Result<u64> {
    Ok(Session::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?
        .rows_affected)
}

/// Ends every session of a user (deactivation, password reset).
pub async fn delete_for_user(db: &impl ConnectionTrait, user_id: i32) -> Result<u64> {
    Ok(Session::delete_many().filter(session::Column::UserId.eq(user_id)).exec(db).await?.rows_affected)
}

pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64> {
    Ok(Session::delete_many().filter(session::Column::ExpiresAt.lte(crate::now())).exec(db).await?.rows_affected)
}
