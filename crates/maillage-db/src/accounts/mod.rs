//! Users, login attempts, personal access tokens and invitations.

mod grants;
mod invitations;
pub mod ops;
pub mod password;
pub mod secrets;
mod tokens;

pub use grants::*;
pub use invitations::*;
pub use tokens::*;

use maillage_domain::Role;
use maillage_domain::accounts::GrantState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{api_token, invitation, login_attempt, user};
use crate::{Actor, DbError, Result, is_unique_violation, now};

pub use maillage_domain::accounts::User;

/// A new account, with its first grant (`territory_id`, `role`), active.
pub struct NewUser<'a> {
    pub territory_id: i32,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
}

pub async fn create_user(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    new: NewUser<'_>,
) -> Result<User> {
    let txn = crate::begin_write(db).await?;
    let row = user::ActiveModel {
        territory_id: Set(new.territory_id),
        email: Set(new.email.to_owned()),
        display_name: Set(new.display_name.to_owned()),
        password_hash: Set(new.password_hash.to_owned()),
        role: Set(new.role.code().to_owned()),
        is_active: Set(true),
        created_at: Set(now()),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| if is_unique_violation(&e) { DbError::Duplicate("email") } else { DbError::Db(e) })?;
    grants::put_grant(&txn, new.territory_id, row.id, new.role, GrantState::Active).await?;
    let mut changes = Changes::new();
    changes.compare("Adresse e-mail", "", &row.email).compare("Rôle", "", new.role.label());
    audit::record(&txn, actor, "user", row.id, "create", &format!("Compte créé : {}", row.email), &changes).await?;
    let user = get_user(&txn, new.territory_id, row.id).await?;
    txn.commit().await?;
    Ok(user)
}

/// Whether someone has an account at this address: one with a password,
/// or invited to some territory (a withdrawn invitation leaves neither).
pub async fn exists(db: &impl ConnectionTrait, email: &str) -> Result<bool> {
    let Some(u) = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await? else { return Ok(false) };
    Ok(u.password_hash != crate::decode::NO_PASSWORD || !grants_of(db, u.id).await?.is_empty())
}

/// The account with this address and its password hash, for signing in
/// (any territory: the login form does not know it yet).
pub async fn find_credentials(db: &impl ConnectionTrait, email: &str) -> Result<Option<(i32, String)>> {
    Ok(user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?.map(|u| (u.id, u.password_hash)))
}

/// An account's name and address, whatever the territory: for the session,
/// which holds its id, and for the audit of what it does itself.
pub async fn account(db: &impl ConnectionTrait, id: i32) -> Result<Option<(String, String)>> {
    Ok(user::Entity::find_by_id(id).one(db).await?.map(|u| (u.display_name, u.email)))
}

pub async fn update_user(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    role: Role,
    is_active: bool,
) -> Result<User> {
    let txn = crate::begin_write(db).await?;
    let current = get_user(&txn, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    // For an invitee who has not accepted yet, « active » means the
    // invitation stands: unticking it cancels the link, and the grant stays
    // pending (useless) until a new link is accepted.
    let pending = current.pending;
    let deactivated = !is_active && (current.is_active || pending);
    changes.compare("Rôle", current.role.label(), role.label());
    if pending {
        changes.compare("Invitation", "valable", if is_active { "valable" } else { "annulée" });
    } else {
        changes.compare("Actif", yes_no(current.is_active), yes_no(is_active));
    }
    let state = match (pending, is_active) {
        (true, _) => GrantState::Pending,
        (false, true) => GrantState::Active,
        (false, false) => GrantState::Inactive,
    };
    grants::put_grant(&txn, actor.territory_id, id, role, state).await?;
    if deactivated {
        // Nothing survives to be revived by a re-activation: the account's
        // sessions, its tokens for this territory and its unused links go now.
        crate::sessions::delete_for_user(&txn, id).await?;
        api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, sea_orm::sea_query::Expr::value(now()))
            .filter(api_token::Column::UserId.eq(id))
            .filter(api_token::Column::TerritoryId.eq(actor.territory_id))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
        invitation::Entity::delete_many()
            .filter(invitation::Column::UserId.eq(id))
            .filter(invitation::Column::TerritoryId.eq(actor.territory_id))
            .filter(invitation::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
    }
    if !changes.is_empty() {
        let summary = format!("Compte modifié : {}", current.email);
        audit::record(&txn, actor, "user", id, "update", &summary, &changes).await?;
    }
    let saved = get_user(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}

fn yes_no(b: bool) -> &'static str {
    if b { "oui" } else { "non" }
}

/// The account's password hash, to check the current password before a change.
pub async fn password_hash_of(db: &impl ConnectionTrait, id: i32) -> Result<String> {
    Ok(user::Entity::find_by_id(id).one(db).await?.ok_or(DbError::NotFound)?.password_hash)
}

/// A new password for one's own account: every other session of it ends.
pub async fn set_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    password_hash: &str,
    keep_session: Option<&str>,
) -> Result<()> {
    let txn = crate::begin_write(db).await?;
    get_user(&txn, actor.territory_id, id).await?;
    let current = user::Entity::find_by_id(id).one(&txn).await?.ok_or(DbError::NotFound)?;
    let email = current.email.clone();
    let mut row = current.into_active_model();
    row.password_hash = Set(password_hash.to_owned());
    row.update(&txn).await?;
    crate::sessions::delete_for_user_except(&txn, id, keep_session.unwrap_or("")).await?;
    let mut changes = Changes::new();
    changes.compare("Mot de passe", "•", "•••");
    audit::record(&txn, actor, "user", id, "update", &format!("Mot de passe changé : {email}"), &changes).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn touch_login(db: &impl ConnectionTrait, id: i32) -> Result<()> {
    user::Entity::update_many()
        .col_expr(user::Column::LastLoginAt, sea_orm::sea_query::Expr::value(now()))
        .filter(user::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn record_login_attempt(
    db: &impl ConnectionTrait,
    email: &str,
    client_addr: &str,
    succeeded: bool,
) -> Result<()> {
    login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        succeeded: Set(succeeded),
        attempted_at: Set(now()),
        client_addr: Set(client_addr.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Failed attempts for an e-mail from one client address since `since` and
/// since the last success there, oldest first: a stranger elsewhere cannot
/// lock the owner out.
pub async fn recent_failures(
    db: &impl ConnectionTrait,
    email: &str,
    client_addr: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<chrono::DateTime<chrono::Utc>>> {
    let attempts = login_attempt::Entity::find()
        .filter(login_attempt::Column::Email.eq(email))
        .filter(login_attempt::Column::ClientAddr.eq(client_addr))
        .filter(login_attempt::Column::AttemptedAt.gte(since))
        .order_by_asc(login_attempt::Column::AttemptedAt)
        .order_by_asc(login_attempt::Column::Id)
        .all(db)
        .await?;
    let after_success = attempts.iter().rposition(|a| a.succeeded).map_or(0, |i| i + 1);
    Ok(attempts[after_success..].iter().map(|a| a.attempted_at).collect())
}

/// Failed attempts from one client address, whatever the account, since
/// `since`, oldest first: password spraying tries many accounts once each.
pub async fn failures_from(
    db: &impl ConnectionTrait,
    client_addr: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<chrono::DateTime<chrono::Utc>>> {
    Ok(login_attempt::Entity::find()
        .filter(login_attempt::Column::ClientAddr.eq(client_addr))
        .filter(login_attempt::Column::Succeeded.eq(false))
        .filter(login_attempt::Column::AttemptedAt.gte(since))
        .order_by_asc(login_attempt::Column::AttemptedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.attempted_at)
        .collect())
}

/// The failures that count against a sign-in, then the attempt itself,
/// recorded as failed until [`attempt_succeeded`]: read and write share one
/// write transaction, so that simultaneous guesses each see the ones before
/// them instead of all reading the same count.
pub struct Attempt {
    pub id: i32,
    /// For this account from this address, since the last success there.
    pub account_failures: Vec<chrono::DateTime<chrono::Utc>>,
    /// From this address, whatever the account.
    pub address_failures: Vec<chrono::DateTime<chrono::Utc>>,
}

pub async fn begin_attempt(
    db: &(impl ConnectionTrait + TransactionTrait),
    email: &str,
    client_addr: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<Attempt> {
    let txn = crate::begin_write(db).await?;
    if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // SQLite serialises write transactions; PostgreSQL needs a lock per
        // address for the read-then-insert to be one step.
        let lock = sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [client_addr.into()],
        );
        txn.execute_raw(lock).await?;
    }
    let account_failures = recent_failures(&txn, email, client_addr, since).await?;
    let address_failures = failures_from(&txn, client_addr, since).await?;
    let row = login_attempt::ActiveModel {
        email: Set(email.to_owned()),
        succeeded: Set(false),
        attempted_at: Set(now()),
        client_addr: Set(client_addr.to_owned()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Attempt { id: row.id, account_failures, address_failures })
}

pub async fn attempt_succeeded(db: &impl ConnectionTrait, id: i32) -> Result<()> {
    login_attempt::Entity::update_many()
        .col_expr(login_attempt::Column::Succeeded, sea_orm::sea_query::Expr::value(true))
        .filter(login_attempt::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
