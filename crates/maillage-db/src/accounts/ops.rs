//! The accounts' writes, one operation each (see [`crate::ops`]): the pages
//! and the command line call these, never the storage functions beside them.
//! Each checks its form with the domain's rules and hashes what it stores
//! (passwords, links, tokens) so that no caller handles a hash.

use maillage_domain::accounts::{
    AccountForm, ApiToken, InviteFields, InviteForm, NewPasswordForm, PasswordChangeForm, TokenForm, User,
};
use maillage_domain::outbox::Draft;
use maillage_domain::{FieldErrors, Permission, Refusal, Role};

use super::{Invitation, NewInvitation, NewUser, password, secrets};
use crate::ops::{Ctx, OpError, OpResult};

/// Invites someone into the territory, or gives an existing account a
/// pending grant there; `message` writes the e-mail with the one-time link
/// (`true` when the account exists elsewhere). Returns the account and the
/// link's secret, which exists nowhere else.
pub async fn invite(
    cx: &Ctx<'_>,
    form: &InviteForm,
    message: &(dyn Fn(&InviteFields, &str, bool) -> Draft + Sync),
) -> OpResult<(User, String)> {
    cx.require(Permission::ManageUsers)?;
    let fields = form.validate()?;
    let secret = secrets::generate();
    let draft = |existing: bool| message(&fields, &secret, existing);
    let new = NewInvitation {
        email: &fields.email,
        display_name: &fields.display_name,
        role: fields.role,
        token_hash: &secrets::hash(&secret),
        message: &draft,
    };
    match super::invite(cx.db, cx.actor, new).await {
        Ok((user, _)) => Ok((user, secret)),
        Err(crate::DbError::Duplicate(_)) => {
            Err(Refusal::field("email", "Un compte existe déjà avec cette adresse dans ce territoire.").into())
        }
        Err(e) => Err(e.into()),
    }
}

/// A new link for an invitee who has not accepted yet; `Conflict` once they have.
pub async fn renew_invitation(
    cx: &Ctx<'_>,
    user_id: i32,
    message: impl FnOnce(&User, &str, bool) -> Draft,
) -> OpResult<(User, String)> {
    cx.require(Permission::ManageUsers)?;
    let secret = secrets::generate();
    super::renew_invitation(cx.db, cx.actor, user_id, &secrets::hash(&secret), |u, existing| {
        message(u, &secret, existing)
    })
    .await?;
    Ok((super::get_user(cx.db, cx.territory(), user_id).await?, secret))
}

/// Changes an account's role and whether it may sign in; nobody demotes or
/// deactivates themselves.
pub async fn update_account(cx: &Ctx<'_>, user_id: i32, form: &AccountForm) -> OpResult<User> {
    cx.require(Permission::ManageUsers)?;
    let target = super::get_user(cx.db, cx.territory(), user_id).await?;
    let acting = cx.actor.user_id.unwrap_or_default();
    let (role, active) = form.validate(acting, user_id, target.role)?;
    Ok(super::update_user(cx.db, cx.actor, user_id, role, active).await?)
}

/// Accepts an invitation: a new account chooses its password, an existing
/// one only takes the access. `NotFound` for an unknown or expired link,
/// `Conflict` for a link already used.
pub async fn accept_invitation(
    db: &crate::DatabaseConnection,
    secret: &str,
    form: &NewPasswordForm,
) -> OpResult<(Invitation, User)> {
    let found = super::find_invitation(db, &secrets::hash(secret), chrono::Utc::now()).await?;
    let (invitation, _) = found.ok_or(Refusal::NotFound)?;
    let hash = if invitation.existing_account {
        None
    } else {
        let mut errors = FieldErrors::new();
        form.check(&mut errors);
        errors.into_result(())?;
        Some(password::hash(&form.password))
    };
    let user = super::accept_invitation(db, invitation.clone(), hash.as_deref()).await?;
    Ok((invitation, user))
}

/// Chooses a new password through a reset link (once); every session ends.
pub async fn reset_password(db: &crate::DatabaseConnection, secret: &str, form: &NewPasswordForm) -> OpResult<User> {
    let found = super::find_password_reset(db, &secrets::hash(secret), chrono::Utc::now()).await?;
    let (link, _) = found.ok_or(Refusal::NotFound)?;
    let mut errors = FieldErrors::new();
    form.check(&mut errors);
    errors.into_result(())?;
    Ok(super::reset_password(db, link, &password::hash(&form.password)).await?)
}

/// One's own password, the current one required; the sessions other than
/// `keep_session` end.
pub async fn change_password(cx: &Ctx<'_>, form: &PasswordChangeForm, keep_session: Option<&str>) -> OpResult<()> {
    cx.require(Permission::UseAccount)?;
    let user_id = cx.actor.user_id.ok_or(Refusal::Forbidden)?;
    let mut errors = FieldErrors::new();
    let stored = super::password_hash_of(cx.db, user_id).await?;
    if !password::verify(&stored, &form.current) {
        errors.add("current", "Ce n'est pas votre mot de passe actuel.");
    }
    form.new.check(&mut errors);
    errors.into_result(())?;
    let hash = password::hash(&form.new.password);
    Ok(super::set_password(cx.db, cx.actor, user_id, &hash, keep_session).await?)
}

/// A personal API token for `user_id` (the actor themselves from a page,
/// anyone of the territory from the command line). Returns the token and
/// its secret, shown once.
pub async fn create_token(cx: &Ctx<'_>, user_id: i32, form: &TokenForm) -> OpResult<(ApiToken, String)> {
    cx.require(Permission::UseAccount)?;
    if cx.actor.user_id.is_some_and(|me| me != user_id) {
        return Err(Refusal::Forbidden.into());
    }
    super::get_user(cx.db, cx.territory(), user_id).await?;
    let fields = form.validate()?;
    let secret = secrets::generate();
    let token = super::create_token(cx.db, cx.actor, user_id, &fields, &secrets::hash(&secret)).await?;
    Ok((token, secret))
}

/// An active account with its password, made from the command line or the
/// demo (the pages invite instead).
pub async fn create_user(cx: &Ctx<'_>, email: &str, display_name: &str, role: Role, pass: &str) -> OpResult<User> {
    let mut errors = FieldErrors::new();
    let email = maillage_domain::accounts::validate_email(&mut errors, "email", email);
    let display_name = maillage_domain::validation::required_text(&mut errors, "display_name", display_name, 120);
    maillage_domain::accounts::validate_password(&mut errors, "password", pass);
    errors.into_result(())?;
    let new = NewUser {
        territory_id: cx.territory(),
        email: &email,
        display_name: &display_name,
        password_hash: &password::hash(pass),
        role,
    };
    match super::create_user(cx.db, cx.actor, new).await {
        Err(crate::DbError::Duplicate(_)) => Err(OpError::Refused(Refusal::field(
            "email",
            format!("Un compte existe déjà avec l'adresse {email} : donnez-lui un rôle avec « maillage user grant »."),
        ))),
        other => Ok(other?),
    }
}

/// Revokes one of the actor's own tokens (again: nothing changes).
pub async fn revoke_token(cx: &Ctx<'_>, token_id: i32) -> OpResult<()> {
    cx.require(Permission::UseAccount)?;
    let user_id = cx.actor.user_id.ok_or(Refusal::Forbidden)?;
    Ok(super::revoke_token(cx.db, cx.actor, user_id, token_id).await?)
}

/// Gives an existing account a role in the territory, active at once (the
/// command line, for an EPCI coordinator or a CAF advisor).
pub async fn grant_role(cx: &Ctx<'_>, email: &str, role: Role) -> OpResult<User> {
    cx.require(Permission::ManageUsers)?;
    let mut errors = FieldErrors::new();
    let email = maillage_domain::accounts::validate_email(&mut errors, "email", email);
    errors.into_result(())?;
    match super::grant_role(cx.db, cx.actor, &email, role).await {
        Err(crate::DbError::NotFound) => Err(OpError::Refused(Refusal::field(
            "email",
            format!("Aucun compte « {email} » : créez-le avec `maillage user add`."),
        ))),
        other => Ok(other?),
    }
}
