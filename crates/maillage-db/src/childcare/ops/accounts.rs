//! Which accounts declare their own free places: a childminder's account
//! linked to their record, a facility's managers. The registers' keepers
//! (relais, coordinator) make the links, among the territory's active
//! accounts of the matching role.

use maillage_domain::accounts::User;
use maillage_domain::childcare::Childminder;
use maillage_domain::outbox::Draft;
use maillage_domain::{Permission, Refusal, Role};

use super::super::{childminders, facilities};
use crate::DbError;
use crate::accounts::{NewInvitation, secrets};
use crate::ops::{Ctx, OpResult};

/// The territory's active accounts with `role`, by name: those a keeper may link.
pub async fn linkable_accounts(cx: &Ctx<'_>, role: Role) -> OpResult<Vec<User>> {
    cx.require(Permission::EditRegisters)?;
    let mut users: Vec<User> = crate::accounts::list_users(cx.db, cx.territory())
        .await?
        .into_iter()
        .filter(|u| u.is_active && u.role == role)
        .collect();
    users.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok(users)
}

/// The account `raw` names (an id from the list), if it may be linked.
async fn account(cx: &Ctx<'_>, raw: &str, role: Role) -> OpResult<User> {
    let id = raw.trim().parse::<i32>().ok();
    let found = linkable_accounts(cx, role).await?.into_iter().find(|u| Some(u.id) == id);
    let message = match role {
        Role::Childminder => "Choisissez un compte d'assistant·e maternel·le actif dans la liste.",
        _ => "Choisissez un compte de gestionnaire de structure actif dans la liste.",
    };
    found.ok_or_else(|| Refusal::field("user_id", message).into())
}

fn label(u: &User) -> String {
    format!("{} ({})", u.display_name, u.email)
}

/// Links a childminder's record to their account (`raw` empty: unlinks it).
pub async fn link_childminder_account(cx: &Ctx<'_>, childminder_id: i32, raw: &str) -> OpResult<Childminder> {
    cx.require(Permission::EditRegisters)?;
    let current = childminders::get(cx.db, cx.territory(), childminder_id).await?;
    let before = match current.user_id {
        Some(id) => crate::accounts::get_user(cx.db, cx.territory(), id).await.map(|u| label(&u)).unwrap_or_default(),
        None => String::new(),
    };
    if raw.trim().is_empty() {
        // An invitation not accepted yet is withdrawn with the link: its
        // account would otherwise stay, unseen in the list, and block a new one.
        let pending = match current.user_id {
            Some(id) => crate::accounts::get_user(cx.db, cx.territory(), id).await.ok().filter(|u| u.pending),
            None => None,
        };
        let txn = crate::begin_write(cx.db).await.map_err(DbError::from)?;
        let unlinked = childminders::link_account(&txn, cx.actor, childminder_id, None, (&before, "")).await?;
        if let Some(u) = pending {
            crate::accounts::withdraw_invitation(&txn, cx.actor, u.id).await?;
        }
        txn.commit().await.map_err(DbError::from)?;
        return Ok(unlinked);
    }
    let user = account(cx, raw, Role::Childminder).await?;
    let after = label(&user);
    Ok(childminders::link_account(cx.db, cx.actor, childminder_id, Some(user.id), (&before, &after)).await?)
}

/// Makes an account a manager of the facility.
pub async fn add_facility_manager(cx: &Ctx<'_>, facility_id: i32, raw: &str) -> OpResult<()> {
    cx.require(Permission::EditRegisters)?;
    facilities::get(cx.db, cx.territory(), facility_id).await?;
    let user = account(cx, raw, Role::FacilityManager).await?;
    Ok(facilities::set_manager(cx.db, cx.actor, facility_id, user.id, true, &label(&user)).await?)
}

/// The account no longer manages the facility.
pub async fn remove_facility_manager(cx: &Ctx<'_>, facility_id: i32, user_id: i32) -> OpResult<()> {
    cx.require(Permission::EditRegisters)?;
    let name = crate::accounts::get_user(cx.db, cx.territory(), user_id).await.map(|u| label(&u))?;
    Ok(facilities::set_manager(cx.db, cx.actor, facility_id, user_id, false, &name).await?)
}

/// Invites the childminder, at the address of their record, to an account
/// of their own (role « assistant·e maternel·le », never another) and
/// links it to the record, in one transaction: once they have chosen a
/// password they declare their free places. The registers' keepers do it
/// without managing the territory's accounts. `message` writes the e-mail
/// from (address, name, the link's secret, whether the address already has
/// an account elsewhere). Returns the record and the secret.
pub async fn invite_childminder(
    cx: &Ctx<'_>,
    childminder_id: i32,
    message: &(dyn Fn(&str, &str, &str, bool) -> Draft + Sync),
) -> OpResult<(Childminder, String)> {
    cx.require(Permission::EditRegisters)?;
    let c = childminders::get(cx.db, cx.territory(), childminder_id).await?;
    if c.user_id.is_some() {
        let message = "Cette fiche est déjà reliée à un compte : retirez-le d'abord pour en inviter un autre.";
        return Err(Refusal::field("user_id", message).into());
    }
    let email = c.email.trim().to_lowercase();
    if email.is_empty() {
        let message = "Ajoutez d'abord son adresse e-mail à sa fiche (« Modifier ») : l'invitation y est envoyée.";
        return Err(Refusal::field("user_id", message).into());
    }
    // Only a new account: giving an existing one access to this territory
    // is the coordinator's decision (« Utilisateurs »), not the registers'.
    if crate::accounts::exists(cx.db, &email).await? {
        let message = "Cette adresse a déjà un compte Maillage : la coordination peut lui donner accès au territoire (« Utilisateurs »), puis reliez-le ici.";
        return Err(Refusal::field("user_id", message).into());
    }
    let name = c.full_name();
    let secret = secrets::generate();
    let draft = |existing: bool| message(&email, &name, &secret, existing);
    let txn = crate::begin_write(cx.db).await.map_err(DbError::from)?;
    let new = NewInvitation {
        email: &email,
        display_name: &name,
        role: Role::Childminder,
        token_hash: &secrets::hash(&secret),
        message: &draft,
    };
    let user = match crate::accounts::invite(&txn, cx.actor, new).await {
        Ok((user, _)) => user,
        Err(DbError::Duplicate(_)) => {
            let message = "Cette adresse a déjà un compte Maillage : la coordination peut lui donner accès au territoire (« Utilisateurs »), puis reliez-le ici.";
            return Err(Refusal::field("user_id", message).into());
        }
        Err(e) => return Err(e.into()),
    };
    let after = format!("{} (invitation envoyée)", label(&user));
    let linked = childminders::link_account(&txn, cx.actor, childminder_id, Some(user.id), ("", &after)).await?;
    txn.commit().await.map_err(DbError::from)?;
    Ok((linked, secret))
}
