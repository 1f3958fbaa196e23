//! The territory's accounts: invite, change role, deactivate; and the public
//! page where an invited person chooses a password.

use crate::extract::Form;
use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::DbError;
use maillage_db::accounts::{self, INVITATION_DAYS, NewInvitation};
use maillage_domain::accounts::{check_own_account_change, validate_email, validate_password};
use maillage_domain::validation::required_text;
use maillage_domain::{FieldErrors, Role, outbox};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, flash, render};
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    display_name: String,
    role: String,
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

fn link(state: &AppState, token: &str) -> String {
    format!("{}/invitation/{token}", state.config.public_url.trim_end_matches('/'))
}

pub async fn invite_user(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let email = validate_email(&mut errors, "email", &form.email);
    let name = required_text(&mut errors, "display_name", &form.display_name, 120);
    let role = Role::from_code(&form.role);
    if role.is_none() {
        errors.add("role", "Choisissez un rôle dans la liste.");
    }
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return page(&state, &session, &user, Outcome { form, errors, ..Default::default() }).await;
    };
    let token = tokens::generate();
    let url = link(&state, &token);
    let message = |existing: bool| {
        let territory = &user.territory_name;
        if existing {
            outbox::access_invitation(&email, &name, territory, &url, INVITATION_DAYS)
        } else {
            outbox::invitation(&email, &name, territory, &url, INVITATION_DAYS)
        }
    };
    let new = NewInvitation {
        email: &email,
        display_name: &name,
        role,
        token_hash: &tokens::hash(&token),
        message: &message,
    };
    match accounts::invite(&state.db, &user.actor(), new).await {
        Ok(_) => {
            let link = Some((link(&state, &token), email));
            page(&state, &session, &user, Outcome { link, ..Default::default() }).await
        }
        Err(DbError::Duplicate(_)) => {
            errors.add("email", "Un compte existe déjà avec cette adresse.");
            page(&state, &session, &user, Outcome { form, errors, ..Default::default() }).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountForm {
    role: String,
    active: Option<String>,
}

pub async fn update_user(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AccountForm>,
) -> Result<Response, AppError> {
    let target = accounts::get_user(&state.db, user.territory_id, id).await?;
    let mut errors = FieldErrors::new();
    let current_role = target.role;
    let role = Role::from_code(&form.role).unwrap_or_else(|| {
        errors.add("role", "Choisissez un rôle dans la liste.");
        current_role
    });
    let active = form.active.is_some();
    check_own_account_change(&mut errors, user.id, id, current_role, role, active);
    if let Some(e) = errors.iter().next() {
        let row_error = Some((id, e.message.clone()));
        return page(&state, &session, &user, Outcome { row_error, ..Default::default() }).await;
    }
    accounts::update_user(&state.db, &user.actor(), id, role, active).await?;
    flash(&format!("Compte de {} enregistré.", target.display_name));
    Ok(Redirect::to("/utilisateurs").into_response())
}

pub async fn renew_invitation(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let token = tokens::generate();
    let url = link(&state, &token);
    let message = |u: &accounts::User, existing: bool| {
        let (email, name, territory) = (&u.email, &u.display_name, &user.territory_name);
        if existing {
            outbox::access_invitation(email, name, territory, &url, INVITATION_DAYS)
        } else {
            outbox::invitation(email, name, territory, &url, INVITATION_DAYS)
        }
    };
    match accounts::renew_invitation(&state.db, &user.actor(), id, &tokens::hash(&token), message).await {
        Ok(_) => {
            let email = accounts::get_user(&state.db, user.territory_id, id).await?.email;
            let link = Some((link(&state, &token), email));
            page(&state, &session, &user, Outcome { link, ..Default::default() }).await
        }
        Err(DbError::Conflict) => {
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
    /// The account exists: accepting needs no password.
    existing: bool,
    territory: String,
}

async fn invitation_page(
    state: &AppState,
    session: &Session,
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
    let (name, email) = found.map_or((None, String::new()), |(_, u)| (Some(u.display_name), u.email));
    let page = InvitationPage { layout, name, email, errors, days: INVITATION_DAYS, existing, territory };
    Ok((status, render(&page)?).into_response())
}

pub async fn show_invitation(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = accounts::find_invitation(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?;
    invitation_page(&state, &session, found, FieldErrors::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
    confirmation: String,
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let Some((invitation, invited)) =
        accounts::find_invitation(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?
    else {
        return invitation_page(&state, &session, None, FieldErrors::new()).await;
    };
    let existing = invitation.existing_account;
    let hash = if existing {
        None
    } else {
        let mut errors = FieldErrors::new();
        validate_password(&mut errors, "password", &form.password);
        if form.password != form.confirmation {
            errors.add("confirmation", "Les deux mots de passe ne sont pas identiques.");
        }
        if !errors.is_empty() {
            return invitation_page(&state, &session, Some((invitation, invited)), errors).await;
        }
        Some(maillage_db::accounts::password::hash(&form.password))
    };
    match accounts::accept_invitation(&state.db, invitation, hash.as_deref()).await {
        Ok(_) => {}
        Err(DbError::Conflict) => {
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
    }
    if existing {
        flash("Accès accepté. Connectez-vous avec votre compte habituel ; le menu permet de changer de territoire.");
    } else {
        flash("Votre compte est activé. Connectez-vous avec votre adresse e-mail et votre nouveau mot de passe.");
    }
    Ok(Redirect::to("/connexion").into_response())
}
