//! Invitations: the coordinator invites an address to the territory and
//! gets a one-time link. A new account chooses its password through it; an
//! account that exists (in another territory) accepts the access through it.
//! Both look the same to the coordinator, who therefore cannot learn that an
//! address is known elsewhere. Only the link's hash is stored.

use chrono::{DateTime, Utc};
use maillage_domain::Role;
use maillage_domain::accounts::GrantState;
use maillage_domain::outbox::Draft;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

use super::grants::{get_user, grants_of, put_grant};
use super::{NewUser, User};
use crate::audit::{self, Changes};
use crate::decode::{self, NO_PASSWORD};
use crate::entity::{invitation, user};
use crate::{Actor, DbError, Result, now};

pub use maillage_domain::accounts::Invitation;

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password reset link stays valid.
pub const RESET_MINUTES: i64 = 60;
/// Reset links one account may be sent in an hour (the form answers the
/// same beyond, so it cannot be used to flood someone's mailbox).
pub const RESETS_PER_HOUR: u64 = 3;

/// A link's purpose, stored with it: a link made for one never serves another.
const INVITATION: &str = "invitation";
const GRANT: &str = "grant";
const PASSWORD_RESET: &str = "password_reset";

pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub token_hash: &'a str,
    /// The message with the link, queued in the same transaction; `true`
    /// when the account exists (its text says to accept, not to choose a
    /// password).
    pub message: &'a (dyn Fn(bool) -> Draft + Sync),
}

pub async fn invite(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    new: NewInvitation<'_>,
) -> Result<(User, Invitation)> {
    let txn = crate::begin_write(db).await?;
    let existing = user::Entity::find().filter(user::Column::Email.eq(new.email)).one(&txn).await?;
    let (user_id, purpose) = match existing {
        Some(account) => {
            if get_user(&txn, actor.territory_id, account.id).await.is_ok() {
                return Err(DbError::Duplicate("email"));
            }
            put_grant(&txn, actor.territory_id, account.id, new.role, GrantState::Pending).await?;
            (account.id, if account.password_hash == NO_PASSWORD { INVITATION } else { GRANT })
        }
        None => {
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
            let mut row =
                user::Entity::find_by_id(created.id).one(&txn).await?.ok_or(DbError::NotFound)?.into_active_model();
            row.is_active = Set(false);
            row.update(&txn).await?;
            put_grant(&txn, actor.territory_id, created.id, new.role, GrantState::Pending).await?;
            (created.id, INVITATION)
        }
    };
    let user = get_user(&txn, actor.territory_id, user_id).await?;
    let link = create_link(&txn, actor, &user, new.token_hash, purpose).await?;
    crate::outbox::queue(&txn, actor.territory_id, &(new.message)(purpose == GRANT)).await?;
    txn.commit().await?;
    Ok((user, link))
}

/// A fresh link for an account that has not accepted yet (the old ones stop working).
pub async fn renew_invitation(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    user_id: i32,
    token_hash: &str,
    message: impl FnOnce(&User, bool) -> Draft,
) -> Result<Invitation> {
    let txn = crate::begin_write(db).await?;
    let user = get_user(&txn, actor.territory_id, user_id).await?;
    if !user.pending {
        return Err(DbError::Conflict);
    }
    delete_unused_links(&txn, actor.territory_id, user_id).await?;
    let account = user::Entity::find_by_id(user_id).one(&txn).await?.ok_or(DbError::NotFound)?;
    let purpose = if account.password_hash == NO_PASSWORD { INVITATION } else { GRANT };
    let link = create_link(&txn, actor, &user, token_hash, purpose).await?;
    crate::outbox::queue(&txn, actor.territory_id, &message(&user, purpose == GRANT)).await?;
    txn.commit().await?;
    Ok(link)
}

/// Withdraws the invitation of an account that has not accepted it yet:
/// its links stop working and it loses the pending access to the
/// territory (its other territories keep theirs). `Conflict` once accepted.
pub async fn withdraw_invitation(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    user_id: i32,
) -> Result<()> {
    use crate::entity::grant;
    let txn = crate::begin_write(db).await?;
    let user = get_user(&txn, actor.territory_id, user_id).await?;
    if !user.pending {
        return Err(DbError::Conflict);
    }
    delete_unused_links(&txn, actor.territory_id, user_id).await?;
    grant::Entity::delete_many()
        .filter(grant::Column::UserId.eq(user_id))
        .filter(grant::Column::TerritoryId.eq(actor.territory_id))
        .filter(grant::Column::State.eq(GrantState::Pending.code()))
        .exec(&txn)
        .await?;
    let summary = format!("Invitation retirée : {}", user.email);
    audit::record(&txn, actor, "user", user_id, "withdraw", &summary, &Changes::new()).await?;
    txn.commit().await?;
    Ok(())
}

/// The account's links into the territory that were not used stop working.
async fn delete_unused_links(db: &impl ConnectionTrait, territory_id: i32, user_id: i32) -> Result<()> {
    invitation::Entity::delete_many()
        .filter(invitation::Column::UserId.eq(user_id))
        .filter(invitation::Column::TerritoryId.eq(territory_id))
        .filter(invitation::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

async fn create_link(
    db: &impl ConnectionTrait,
    actor: &Actor,
    user: &User,
    token_hash: &str,
    purpose: &str,
) -> Result<Invitation> {
    let created_at = now();
    let row = invitation::ActiveModel {
        territory_id: Set(actor.territory_id),
        user_id: Set(user.id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(created_at),
        expires_at: Set(created_at + chrono::Duration::days(INVITATION_DAYS)),
        used_at: Set(None),
        purpose: Set(purpose.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let summary = format!("Invitation envoyée : {}", user.email);
    audit::record(db, actor, "user", user.id, "invite", &summary, &Changes::new()).await?;
    Ok(decode::invitation(row))
}

/// The invitation behind a link, if it is unused and not expired, with the
/// account as the inviting territory sees it.
pub async fn find_invitation(
    db: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<Option<(Invitation, User)>> {
    find_link(db, token_hash, at, &[INVITATION, GRANT]).await
}

async fn find_link(
    db: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
    purposes: &[&str],
) -> Result<Option<(Invitation, User)>> {
    let Some(inv) = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token_hash))
        .filter(invitation::Column::Purpose.is_in(purposes.iter().copied()))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(at))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    match get_user(db, inv.territory_id, inv.user_id).await {
        Ok(user) => Ok(Some((decode::invitation(inv), user))),
        Err(DbError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Accepts an invitation: a new account sets its password (`Some`), an
/// existing one just takes the access; the grant becomes active. A link
/// serves once: of two acceptances at the same time, the second gets
/// [`DbError::Conflict`] and changes nothing.
pub async fn accept_invitation(
    db: &(impl ConnectionTrait + TransactionTrait),
    invitation: Invitation,
    password_hash: Option<&str>,
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
    let view = get_user(&txn, invitation.territory_id, row.id).await?;
    if !view.pending {
        return Err(DbError::Conflict);
    }
    if !invitation.existing_account {
        if row.password_hash != NO_PASSWORD {
            return Err(DbError::Conflict);
        }
        let mut active = row.into_active_model();
        active.password_hash = Set(password_hash.ok_or(DbError::Conflict)?.to_owned());
        active.is_active = Set(true);
        active.update(&txn).await?;
    }
    put_grant(&txn, invitation.territory_id, view.id, view.role, GrantState::Active).await?;
    let actor = Actor {
        territory_id: invitation.territory_id,
        user_id: Some(view.id),
        name: view.display_name.clone(),
        role: view.role,
    };
    let summary = format!("Invitation acceptée : {}", view.email);
    audit::record(&txn, &actor, "user", view.id, "activate", &summary, &Changes::new()).await?;
    let user = get_user(&txn, invitation.territory_id, view.id).await?;
    txn.commit().await?;
    Ok(user)
}

// ---- Password reset ------------------------------------------------------------

/// A one-time link to choose a new password, and its message queued in the
/// same transaction. Nothing happens (and nobody can tell) for an unknown
/// address, an account with no active grant (or none in the territory of
/// the coordinator `by`), or past [`RESETS_PER_HOUR`].
pub async fn request_password_reset(
    db: &(impl ConnectionTrait + TransactionTrait),
    email: &str,
    token_hash: &str,
    message: impl FnOnce(&User) -> Draft,
    by: Option<&Actor>,
) -> Result<bool> {
    let txn = crate::begin_write(db).await?;
    let Some(row) = user::Entity::find().filter(user::Column::Email.eq(email)).one(&txn).await? else {
        return Ok(false);
    };
    let grants = grants_of(&txn, row.id).await?;
    let territory = match by {
        Some(a) => grants.iter().find(|g| g.territory_id == a.territory_id && g.state == GrantState::Active),
        None => grants.iter().find(|g| g.state == GrantState::Active),
    };
    let Some(territory_id) = territory.map(|g| g.territory_id) else {
        return Ok(false);
    };
    let user = get_user(&txn, territory_id, row.id).await?;
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
        territory_id: Set(territory_id),
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
    crate::outbox::queue(&txn, territory_id, &message(&user)).await?;
    let actor = match by {
        Some(a) => a.clone(),
        None => Actor { territory_id, user_id: Some(user.id), name: user.display_name.clone(), role: user.role },
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
    find_link(db, token_hash, at, &[PASSWORD_RESET]).await
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
    let user = get_user(&txn, link.territory_id, link.user_id).await?;
    let row = user::Entity::find_by_id(link.user_id).one(&txn).await?.ok_or(DbError::NotFound)?;
    let mut active = row.into_active_model();
    active.password_hash = Set(password_hash.to_owned());
    active.update(&txn).await?;
    crate::sessions::delete_for_user(&txn, user.id).await?;
    let actor = Actor {
        territory_id: link.territory_id,
        user_id: Some(user.id),
        name: user.display_name.clone(),
        role: user.role,
    };
    let summary = format!("Mot de passe changé par lien : {}", user.email);
    audit::record(&txn, &actor, "user", user.id, "password", &summary, &Changes::new()).await?;
    txn.commit().await?;
    Ok(user)
}
