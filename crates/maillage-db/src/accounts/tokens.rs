//! Personal access tokens for the API; only their hash is stored.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use super::User;
use crate::audit::{self, Changes};
use crate::entity::api_token;
use maillage_domain::accounts::TokenFields;
use sea_orm::sea_query::ExprTrait;

use crate::scoped::scoped;
use crate::{Actor, DbError, Result, decode, now};

pub use maillage_domain::accounts::ApiToken;

pub async fn create_token(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    user_id: i32,
    token: &TokenFields,
    token_hash: &str,
) -> Result<ApiToken> {
    let txn = crate::begin_write(db).await?;
    let created_at = now();
    let name = &token.name;
    let row = api_token::ActiveModel {
        territory_id: Set(actor.territory_id),
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(created_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        expires_at: Set(token.valid_days.map(|d| created_at + chrono::Duration::days(d))),
        read_only: Set(token.read_only),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Nom", "", name).compare(
        "Droits",
        "",
        if token.read_only { "lecture seule" } else { "lecture et écriture" },
    );
    audit::record(&txn, actor, "api_token", row.id, "create", &format!("Jeton d'accès créé : {name}"), &changes)
        .await?;
    txn.commit().await?;
    Ok(decode::api_token(row))
}

pub async fn list_tokens(db: &impl ConnectionTrait, territory_id: i32, user_id: i32) -> Result<Vec<ApiToken>> {
    Ok(scoped::<api_token::Entity>(territory_id)
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(decode::api_token)
        .collect())
}

pub async fn revoke_token(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    user_id: i32,
    id: i32,
) -> Result<()> {
    let txn = crate::begin_write(db).await?;
    let token = scoped::<api_token::Entity>(actor.territory_id)
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::UserId.eq(user_id))
        .one(&txn)
        .await?
        .ok_or(DbError::NotFound)?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let name = token.name.clone();
    let mut row = token.into_active_model();
    row.revoked_at = Set(Some(now()));
    row.update(&txn).await?;
    audit::record(&txn, actor, "api_token", id, "revoke", &format!("Jeton d'accès révoqué : {name}"), &Changes::new())
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The token with this hash and its user, if the token is neither revoked
/// nor expired and the user is active.
pub async fn find_token(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<(ApiToken, User)>> {
    let Some(token) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .filter(api_token::Column::ExpiresAt.is_null().or(api_token::Column::ExpiresAt.gt(now())))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // A token acts in the territory it was made in, with the role the
    // account has there now, and only while that grant is active.
    let user = match super::get_user(db, token.territory_id, token.user_id).await {
        Ok(user) if user.is_active => user,
        Ok(_) | Err(DbError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    // « Dernier usage » to the hour: reading through the API must not write
    // on every call.
    let stamp = now();
    if token.last_used_at.is_none_or(|t| stamp - t > chrono::Duration::hours(1)) {
        api_token::Entity::update_many()
            .col_expr(api_token::Column::LastUsedAt, sea_orm::sea_query::Expr::value(stamp))
            .filter(api_token::Column::Id.eq(token.id))
            .exec(db)
            .await?;
    }
    Ok(Some((decode::api_token(token), user)))
}
