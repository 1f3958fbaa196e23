//! Invitations: the coordinator creates an inactive account and gets a
//! one-time link; the invited person opens it and sets their own password.
//! The coordinator never knows it, and only the link's hash is stored.

use chrono::{DateTime, Utc};
use maillage_domain::Role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use sea_orm::{IntoActiveModel, TransactionSession};

use super::{NewUser, User};
use crate::audit::{self, Changes};
use crate::decode::{self, NO_PASSWORD};
use crate::entity::{invitation, user};
use crate::scoped::get;
use crate::{Actor, DbError, Result, now};

pub use maillage_domain::accounts::Invitation;

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

/// A link's purpose, stored with it: a link made for one never serves the other.
const INVITATION: &str = "invitation";
const PASSWORD_RESET: &str = "password_reset";

/// How long a password reset link stays valid.
pub const RESET_MINUTES: i64 = 60;
/// Reset links one account may be sent in an hour (the form answers the
/// same beyond, so it cannot be used to flood someone's mailbox).
pub const RESETS_PER_HOUR: u64 = 3;

pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub token_hash: &'a str,
    /// The message carrying the link, queued in the same transaction.
    pub message: &'a maillage_domain::outbox::Draft,
}

pub async fn invite(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    new: NewInvitation<'_>,
) -> Result<(User, Invitation)> {
    let txn = crate::begin_write(db).await?;
    let created = super::create_user(
        &txn,
        actor,
        NewUser {
            territory_id: actor.territory_id,
            email: new.email,
            display_name: new.display_name,
            password_hash: NO_PASSWORD,
            role: new.role,
        },
    )
    .await?;
    let mut row = get::<user::Entity>(&txn, actor.territory_id, created.id).await?.into_active_model();
    row.is_active = Set(false);
    let user = decode::user(row.update(&txn).await?)?;
    let invitation = create_link(&txn, actor, &user, new.token_hash).await?;
    crate::outbox::queue(&txn, actor.territory_id, new.message).await?;
    txn.commit().await?;
    Ok((user, invitation))
}

/// A fresh link for an account that has not accepted yet (the old ones stop working).
pub async fn renew_invitation(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    user_id: i32,
    token_hash: &str,
    message: impl FnOnce(&User) -> maillage_domain::outbox::Draft,
) -> Result<Invitation> {
    let txn = crate::begin_write(db).await?;
    let user = super::get_user(&txn, actor.territory_id, user_id).await?;
    if !user.pending {
        return Err(DbError::Conflict);
    }
    invitation::Entity::delete_many()
        .filter(invitation::Column::UserId.eq(user_id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let link = create_link(&txn, actor, &user, token_hash).await?;
    crate::outbox::queue(&txn, actor.territory_id, &message(&user)).await?;
    txn.commit().await?;
    Ok(link)
}

async fn create_link(db: &impl ConnectionTrait, actor: &Actor, user: &User, token_hash: &str) -> Result<Invitation> {
    let created_at = now();
    let row = invitation::ActiveModel {
        territory_id: Set(actor.territory_id),
        user_id: Set(user.id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(created_at),
        expires_at: Set(created_at + chrono::Duration::days(INVITATION_DAYS)),
        used_at: Set(None),
        purpose: Set(INVITATION.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let summary = format!("Invitation envoyée : {}", user.email);
    audit::record(db, actor, "user", user.id, "invite", &summary, &Changes::new()).await?;
    Ok(decode::invitation(row))
}

/// The invitation behind a link, if it is unused and not expired.
pub async fn find_invitation(
    db: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<(Invitation, User)>> {
    find_link(db, token_hash, at, INVITATION).await
}

async fn find_link(
    db: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
    purpose: &str,
) -> Result<Option<(Invitation, User)>> {
    let Some(inv) = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_hash))
        .filter(invitation::Column::Purpose.eq(purpose))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(at))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(super::find_by_id(db, inv.user_id).await?.map(|user| (decode::invitation(inv), user)))
}

/// Sets the password chosen by the invited person and activates the account.
/// A link serves once: of two acceptances at the same time, the second gets
/// [`DbError::Conflict`] and changes nothing.
pub async fn accept_invitation(
    db: &(impl ConnectionTrait + TransactionTrait),
    invitation: Invitation,
    password_hash: &str,
) -> Result<User> {
    let txn = crate::begin_write(db).await?;
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, sea_orm::sea_query::Expr::value(now()))
        .filter(invitation::Column::Id.eq(invitation.id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(DbError::Conflict);
    }
    let row = user::Entity::find_by_id(invitation.user_id).one(&txn).await?.ok_or(DbError::NotFound)?;
    if row.password_hash != NO_PASSWORD {
        return Err(DbError::Conflict);
    }
    let role = decode::user(row.clone())?.role;
    let actor = Actor { territory_id: row.territory_id, user_id: Some(row.id), name: row.display_name.clone(), role };
    let mut active = row.into_active_model();
    active.password_hash = Set(password_hash.to_owned());
    active.is_active = Set(true);
    let user = decode::user(active.update(&txn).await?)?;
    let summary = format!("Invitation acceptée : {}", user.email);
    audit::record(&txn, &actor, "user", user.id, "activate", &summary, &Changes::new()).await?;
    txn.commit().await?;
    Ok(user)
}

// ---- Password reset ------------------------------------------------------------

/// A one-time link to choose a new password, and its message queued in the
/// same transaction. Nothing happens (and nobody can tell) for an unknown,
/// pending or deactivated account, or past [`RESETS_PER_HOUR`].
pub async fn request_password_reset(
    db: &(impl ConnectionTrait + TransactionTrait),
    email: &str,
    token_hash: &str,
    message: impl FnOnce(&User) -> maillage_domain::outbox::Draft,
    by: Option<&Actor>,
) -> Result<bool> {
    let txn = crate::begin_write(db).await?;
    let Some(row) = user::Entity::find().filter(user::Column::Email.eq(email)).one(&txn).await? else {
        return Ok(false);
    };
    let user = decode::user(row)?;
    if !user.is_active || user.pending || by.is_some_and(|a| a.territory_id != user.territory_id) {
        return Ok(false);
    }
    let since = now() - chrono::Duration::hours(1);
    let recent = invitation::Entity::find()
        .filter(invitation::Column::UserId.eq(user.id))
        .filter(invitation::Column::Purpose.eq(PASSWORD_RESET))
        .filter(invitation::Column::CreatedAt.gt(since))
        .count(&txn)
        .await?;
    if recent >= RESETS_PER_HOUR {
        return Ok(false);
    }
    let created_at = now();
    invitation::ActiveModel {
        territory_id: Set(user.territory_id),
        user_id: Set(user.id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(created_at),
        expires_at: Set(created_at + chrono::Duration::minutes(RESET_MINUTES)),
        used_at: Set(None),
        purpose: Set(PASSWORD_RESET.to_owned()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::outbox::queue(&txn, user.territory_id, &message(&user)).await?;
    let actor = match by {
        Some(a) => a.clone(),
        None => Actor {
            territory_id: user.territory_id,
            user_id: Some(user.id),
            name: user.display_name.clone(),
            role: user.role,
        },
    };
    let summary = format!("Lien de nouveau mot de passe envoyé : {}", user.email);
    audit::record(&txn, &actor, "user", user.id, "password_reset", &summary, &Changes::new()).await?;
    txn.commit().await?;
    Ok(true)
}

/// The reset link behind a token, if unused and not expired.
pub async fn find_password_reset(
    db: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<(Invitation, User)>> {
    find_link(db, token_hash, at, PASSWORD_RESET).await
}

/// Sets the new password through a reset link (once), and ends every
/// session of the account.
pub async fn reset_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    link: Invitation,
    password_hash: &str,
) -> Result<User> {
    let txn = crate::begin_write(db).await?;
    let claimed = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, sea_orm::sea_query::Expr::value(now()))
        .filter(invitation::Column::Id.eq(link.id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(DbError::Conflict);
    }
    let row = user::Entity::find_by_id(link.user_id).one(&txn).await?.ok_or(DbError::NotFound)?;
    let user = decode::user(row.clone())?;
    let mut active = row.into_active_model();
    active.password_hash = Set(password_hash.to_owned());
    active.update(&txn).await?;
    crate::sessions::delete_for_user(&txn, user.id).await?;
    let actor = Actor {
        territory_id: user.territory_id,
        user_id: Some(user.id),
        name: user.display_name.clone(),
        role: user.role,
    };
    let summary = format!("Mot de passe changé par lien : {}", user.email);
    audit::record(&txn, &actor, "user", user.id, "password", &summary, &Changes::new()).await?;
    txn.commit().await?;
    Ok(user)
}
