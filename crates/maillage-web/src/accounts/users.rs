//! The territory's accounts: invite, change role, deactivate; and the public
//! page where an invited person chooses a password.

use crate::extract::Form;
use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::accounts::{self, INVITATION_DAYS, ops};
use maillage_db::ops::OpError;
use maillage_domain::accounts::{AccountForm, InviteFields, InviteForm, NewPasswordForm};
use maillage_domain::{FieldErrors, Refusal, Role, outbox};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, flash, invalid, render};
use crate::{AppError, AppState};
use maillage_db::accounts::secrets as tokens;

struct UserRow {
    id: i32,
    name: String,
    email: String,
    role: String,
    active: bool,
    pending: bool,
    state: &'static str,
    last_login: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, &'static str)>,
    form: InviteForm,
    errors: FieldErrors,
    invitation_link: Option<String>,
    invited_email: String,
    invitation_days: i64,
}

/// What the page shows besides the list: a new link, or the invite form's errors.
#[derive(Default)]
struct Outcome {
    form: InviteForm,
    errors: FieldErrors,
    link: Option<(String, String)>,
    row_error: Option<(i32, String)>,
}

async fn page(state: &AppState, session: &Session, user: &CurrentUser, o: Outcome) -> Result<Response, AppError> {
    let users = accounts::list_users(&state.db, user.territory_id)
        .await?
        .into_iter()
        .map(|u| {
            let pending = u.pending;
            UserRow {
                error: o.row_error.as_ref().filter(|(id, _)| *id == u.id).map(|(_, e)| e.clone()),
                state: if pending {
                    "Invitation en attente"
                } else if u.is_active {
                    "Actif"
                } else {
                    "Désactivé"
                },
                last_login: u.last_login_at.map_or("Jamais".into(), |d| d.format("%d/%m/%Y").to_string()),
                id: u.id,
                name: u.display_name,
                email: u.email,
                role: u.role.code().to_owned(),
                active: u.is_active,
                pending,
            }
        })
        .collect();
    let status =
        if !o.errors.is_empty() || o.row_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let mut form = o.form;
    if form.role.is_empty() {
        form.role = Role::ActionLead.code().to_owned();
    }
    let (invitation_link, invited_email) = o.link.map_or((None, String::new()), |(l, e)| (Some(l), e));
    let layout = Layout::new(state, session, Some(user)).await;
    let page = UsersPage {
        layout,
        users,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        form,
        errors: o.errors,
        invitation_link,
        invited_email,
        invitation_days: INVITATION_DAYS,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn list_users(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    page(&state, &session, &user, Outcome::default()).await
}

pub(crate) fn link(state: &AppState, token: &str) -> String {
    format!("{}/invitation/{token}", state.config.public_url.trim_end_matches('/'))
}

/// The invitation's e-mail: to choose a password, or (`existing`) to accept
/// an access with the account one already has.
pub(crate) fn invitation_message(
    state: &AppState,
    territory: &str,
    email: &str,
    name: &str,
    secret: &str,
    existing: bool,
) -> outbox::Draft {
    let url = link(state, secret);
    if existing {
        outbox::access_invitation(email, name, territory, &url, INVITATION_DAYS)
    } else {
        outbox::invitation(email, name, territory, &url, INVITATION_DAYS)
    }
}

pub async fn invite_user(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let message = |f: &InviteFields, secret: &str, existing: bool| {
        invitation_message(&state, &user.territory_name, &f.email, &f.display_name, secret, existing)
    };
    match ops::invite(&state.ctx(&actor), &form, &message).await {
        Ok((invited, secret)) => {
            let link = Some((link(&state, &secret), invited.email));
            page(&state, &session, &user, Outcome { link, ..Default::default() }).await
        }
        Err(e) => page(&state, &session, &user, Outcome { form, errors: invalid(e)?, ..Default::default() }).await,
    }
}

pub async fn update_user(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AccountForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::update_account(&state.ctx(&actor), id, &form).await {
        Ok(saved) => {
            flash(&format!("Compte de {} enregistré.", saved.display_name));
            Ok(Redirect::to("/utilisateurs").into_response())
        }
        Err(e) => {
            let errors = invalid(e)?;
            let row_error = errors.iter().next().map(|e| (id, e.message.clone()));
            page(&state, &session, &user, Outcome { row_error, ..Default::default() }).await
        }
    }
}

pub async fn renew_invitation(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let message = |u: &accounts::User, secret: &str, existing: bool| {
        invitation_message(&state, &user.territory_name, &u.email, &u.display_name, secret, existing)
    };
    match ops::renew_invitation(&state.ctx(&actor), id, message).await {
        Ok((invited, secret)) => {
            let link = Some((link(&state, &secret), invited.email));
            page(&state, &session, &user, Outcome { link, ..Default::default() }).await
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            let row_error = Some((id, "Ce compte a déjà choisi son mot de passe.".to_owned()));
            page(&state, &session, &user, Outcome { row_error, ..Default::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}

// ---- The invited person's page (public) ----------------------------------------

#[derive(Template)]
#[template(path = "accounts/invitation.html")]
struct InvitationPage {
    layout: Layout,
    name: Option<String>,
    email: String,
    errors: FieldErrors,
    days: i64,
    /// The account exists: accepting needs no password, but being signed
    /// in with that account.
    existing: bool,
    /// Someone is signed in with the invited account.
    signed_in_as_invitee: bool,
    territory: String,
}

async fn invitation_page(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    found: Option<(accounts::Invitation, accounts::User)>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status = match (&found, errors.is_empty()) {
        (None, _) => StatusCode::NOT_FOUND,
        (Some(_), false) => StatusCode::UNPROCESSABLE_ENTITY,
        (Some(_), true) => StatusCode::OK,
    };
    let layout = Layout::new(state, session, None).await;
    let territory = match &found {
        Some((invitation, _)) => maillage_db::territory::get(&state.db, invitation.territory_id).await?.name,
        None => String::new(),
    };
    let existing = found.as_ref().is_some_and(|(i, _)| i.existing_account);
    let signed_in_as_invitee = match &found {
        Some((i, _)) => signed_in_as(state, session, headers, i.user_id).await?,
        None => false,
    };
    let (name, email) = found.map_or((None, String::new()), |(_, u)| (Some(u.display_name), u.email));
    let page = InvitationPage {
        layout,
        name,
        email,
        errors,
        days: INVITATION_DAYS,
        existing,
        signed_in_as_invitee,
        territory,
    };
    Ok((status, render(&page)?).into_response())
}

/// Whether the session is the account `user_id`'s.
async fn signed_in_as(
    state: &AppState,
    session: &Session,
    headers: &HeaderMap,
    user_id: i32,
) -> Result<bool, AppError> {
    let user = crate::auth::resolve_user(state, headers, session, "/invitation").await?;
    Ok(user.is_some_and(|u| u.id == user_id && !u.via_token))
}

pub async fn show_invitation(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = accounts::find_invitation(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?;
    invitation_page(&state, &session, &headers, found, FieldErrors::new()).await
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    // An account that exists takes a new access only from its own session:
    // the link alone (shown to whoever invited it) must not be enough.
    let found = accounts::find_invitation(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?;
    if let Some((invitation, invited)) = &found
        && invitation.existing_account
        && !signed_in_as(&state, &session, &headers, invitation.user_id).await?
    {
        let mut errors = FieldErrors::new();
        errors
            .add("account", format!("Connectez-vous d'abord avec le compte {}, puis rouvrez ce lien.", invited.email));
        return invitation_page(&state, &session, &headers, found, errors).await;
    }
    let existing = match ops::accept_invitation(&state.db, &token, &form).await {
        Ok((invitation, _)) => invitation.existing_account,
        Err(OpError::Refused(Refusal::NotFound)) => {
            return invitation_page(&state, &session, &headers, None, FieldErrors::new()).await;
        }
        Err(OpError::Refused(Refusal::Invalid(errors))) => {
            let found = accounts::find_invitation(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?;
            return invitation_page(&state, &session, &headers, found, errors).await;
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            let layout = Layout::new(&state, &session, None).await;
            let page = render(&crate::pages::MessagePage {
                layout,
                title: "Lien déjà utilisé",
                message: "Ce lien d'invitation a déjà servi : le compte est activé. Connectez-vous avec votre adresse \
                          e-mail et votre mot de passe.",
            })?;
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if existing {
        flash("Accès accepté : le menu « Territoire » permet de passer de l'un à l'autre.");
        return Ok(Redirect::to("/").into_response());
    } else {
        flash("Votre compte est activé. Connectez-vous avec votre adresse e-mail et votre nouveau mot de passe.");
    }
    Ok(Redirect::to("/connexion").into_response())
}
