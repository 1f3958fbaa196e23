//! Grants: an account's role in a territory. Every « user of the territory »
//! is an account with a grant there; the same account may hold grants in
//! several territories, each with its own role and standing.

use maillage_domain::Role;
use maillage_domain::accounts::{Grant, GrantState};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::User;
use crate::entity::{grant, territory, user};
use crate::scoped::scoped;
use crate::{DbError, Result, decode, now};

/// The account as territory `territory_id` sees it, if it has a grant there.
pub async fn get_user(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<User> {
    let g = scoped::<grant::Entity>(territory_id)
        .filter(grant::Column::UserId.eq(id))
        .one(db)
        .await?
        .ok_or(DbError::NotFound)?;
    let u = user::Entity::find_by_id(id).one(db).await?.ok_or(DbError::NotFound)?;
    decode::user_in(u, &g)
}

/// The accounts with a grant in the territory, by name.
pub async fn list_users(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<User>> {
    let grants = scoped::<grant::Entity>(territory_id).all(db).await?;
    let ids: Vec<i32> = grants.iter().map(|g| g.user_id).collect();
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    users
        .into_iter()
        .map(|u| {
            let g = grants.iter().find(|g| g.user_id == u.id).expect("selected by its grant");
            decode::user_in(u, g)
        })
        .collect()
}

/// The account with this address as the territory sees it, if it has a grant there.
pub async fn find_in(db: &impl ConnectionTrait, territory_id: i32, email: &str) -> Result<Option<User>> {
    let Some(u) = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await? else {
        return Ok(None);
    };
    match scoped::<grant::Entity>(territory_id).filter(grant::Column::UserId.eq(u.id)).one(db).await? {
        Some(g) => Ok(Some(decode::user_in(u, &g)?)),
        None => Ok(None),
    }
}

/// Who is signed in, as a page needs them: the account as the territory
/// sees it, the territory, and every grant of the account (for the
/// switcher). Three queries, on every signed-in request.
pub struct SignedIn {
    pub user: User,
    pub territory: maillage_domain::territory::Territory,
    pub grants: Vec<Grant>,
}

/// `None` when the account has no grant in `territory_id`, or no longer exists.
pub async fn signed_in(db: &impl ConnectionTrait, territory_id: i32, user_id: i32) -> Result<Option<SignedIn>> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let rows = grant::Entity::find().filter(grant::Column::UserId.eq(user_id)).all(db).await?;
    let Some(current) = rows.iter().find(|g| g.territory_id == territory_id) else {
        return Ok(None);
    };
    let user = decode::user_in(u, current)?;
    let ids: Vec<i32> = rows.iter().map(|g| g.territory_id).collect();
    let territories = territory::Entity::find().filter(territory::Column::Id.is_in(ids)).all(db).await?;
    let Some(here) = territories.iter().find(|t| t.id == territory_id).cloned() else {
        return Ok(None);
    };
    let grants = named_grants(rows, &territories)?;
    Ok(Some(SignedIn { user, territory: decode::territory(here), grants }))
}

fn named_grants(rows: Vec<grant::Model>, territories: &[territory::Model]) -> Result<Vec<Grant>> {
    let mut out = rows
        .into_iter()
        .map(|g| {
            let name = territories.iter().find(|t| t.id == g.territory_id).map(|t| t.name.clone()).unwrap_or_default();
            decode::grant(g, name)
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.territory_name.cmp(&b.territory_name));
    Ok(out)
}

/// An account's grants, with their territory's name, by territory name.
pub async fn grants_of(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<Grant>> {
    let grants = grant::Entity::find().filter(grant::Column::UserId.eq(user_id)).all(db).await?;
    let ids: Vec<i32> = grants.iter().map(|g| g.territory_id).collect();
    let territories = territory::Entity::find().filter(territory::Column::Id.is_in(ids)).all(db).await?;
    named_grants(grants, &territories)
}

/// Gives the account `role` in the territory with `state`, or changes the
/// grant it has there. Returns the previous grant, if any.
pub(crate) async fn put_grant(
    db: &impl ConnectionTrait,
    territory_id: i32,
    user_id: i32,
    role: Role,
    state: GrantState,
) -> Result<Option<grant::Model>> {
    let existing = scoped::<grant::Entity>(territory_id).filter(grant::Column::UserId.eq(user_id)).one(db).await?;
    match existing.clone() {
        Some(g) => {
            let mut row: grant::ActiveModel = g.into();
            row.role = Set(role.code().to_owned());
            row.state = Set(state.code().to_owned());
            row.update(db).await?;
        }
        None => {
            grant::ActiveModel {
                territory_id: Set(territory_id),
                user_id: Set(user_id),
                role: Set(role.code().to_owned()),
                state: Set(state.code().to_owned()),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(existing)
}

/// Gives an existing account `role` in the actor's territory, active at once
/// (the command line, for an EPCI coordinator or a CAF advisor).
pub async fn grant_role(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    actor: &crate::Actor,
    email: &str,
    role: Role,
) -> Result<User> {
    let txn = crate::begin_write(db).await?;
    let account =
        user::Entity::find().filter(user::Column::Email.eq(email)).one(&txn).await?.ok_or(DbError::NotFound)?;
    let before = put_grant(&txn, actor.territory_id, account.id, role, GrantState::Active).await?;
    let mut changes = crate::audit::Changes::new();
    let before = before.and_then(|g| Role::from_code(&g.role)).map_or("", Role::label);
    changes.compare("Rôle", before, role.label());
    let summary = format!("Accès donné : {}", account.email);
    crate::audit::record(&txn, actor, "user", account.id, "grant", &summary, &changes).await?;
    let user = get_user(&txn, actor.territory_id, account.id).await?;
    sea_orm::TransactionSession::commit(txn).await?;
    Ok(user)
}
