//! Passwords: « mot de passe oublié » (a one-time link sent through the
//! outbox, the same answer whether the address exists or not), the page the
//! link opens, a change of one's own password (the current one required, the
//! other sessions end), and a reset link a coordinator sends.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::accounts::{self, RESET_MINUTES, ops, secrets as tokens};
use maillage_db::ops::OpError;
use maillage_domain::accounts::{NewPasswordForm, PasswordChangeForm, validate_email};
use maillage_domain::{FieldErrors, Refusal, outbox};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::pages::{ErrorSummary, Layout, MessagePage, flash, invalid, render, summary_by_name};
use crate::{AppError, AppState};

fn reset_link(state: &AppState, token: &str) -> String {
    format!("{}/mot-de-passe/{token}", state.config.public_url.trim_end_matches('/'))
}

/// Queues a reset link for `email` if it names an active account (of the
/// actor's territory when a coordinator sends it).
async fn send_reset(state: &AppState, email: &str, by: Option<&maillage_db::Actor>) -> Result<bool, AppError> {
    let token = tokens::generate();
    let link = reset_link(state, &token);
    let message = |u: &accounts::User| outbox::password_reset(&u.email, &u.display_name, &link, RESET_MINUTES);
    Ok(accounts::request_password_reset(&state.db, email, &tokens::hash(&token), message, by).await?)
}

#[derive(Template)]
#[template(path = "accounts/password_forgot.html")]
struct ForgotPage {
    layout: Layout,
    email: String,
    error: Option<String>,
    summary: ErrorSummary,
    sent: bool,
    minutes: i64,
}

pub async fn show_forgot(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    let layout = Layout::new(&state, &session, None).await;
    let page = ForgotPage {
        layout,
        email: String::new(),
        error: None,
        summary: ErrorSummary::default(),
        sent: false,
        minutes: RESET_MINUTES,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

pub async fn request_reset(
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let email = validate_email(&mut errors, "email", &form.email);
    let layout = Layout::new(&state, &session, None).await;
    if let Some(e) = errors.get("email") {
        let page = ForgotPage {
            layout,
            email: form.email,
            error: Some(e.to_owned()),
            summary: summary_by_name(&errors),
            sent: false,
            minutes: RESET_MINUTES,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    // The same answer whether the address exists or not: the form must not
    // tell who has an account.
    send_reset(&state, &email, None).await?;
    let page =
        ForgotPage { layout, email, error: None, summary: ErrorSummary::default(), sent: true, minutes: RESET_MINUTES };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "accounts/password_reset.html")]
struct ResetPage {
    layout: Layout,
    name: Option<String>,
    errors: FieldErrors,
}

pub async fn show_reset(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = accounts::find_password_reset(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?;
    let status = if found.is_some() { StatusCode::OK } else { StatusCode::NOT_FOUND };
    let layout = Layout::new(&state, &session, None).await;
    let page = ResetPage { layout, name: found.map(|(_, u)| u.display_name), errors: FieldErrors::new() };
    Ok((status, render(&page)?).into_response())
}

pub async fn reset_password(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    let layout = || Layout::new(&state, &session, None);
    match ops::reset_password(&state.db, &token, &form).await {
        Ok(_) => {
            flash("Mot de passe enregistré. Connectez-vous avec votre nouveau mot de passe.");
            Ok(Redirect::to("/connexion").into_response())
        }
        Err(OpError::Refused(Refusal::NotFound)) => {
            let page = ResetPage { layout: layout().await, name: None, errors: FieldErrors::new() };
            Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
        }
        Err(OpError::Refused(Refusal::Invalid(errors))) => {
            let found = accounts::find_password_reset(&state.db, &tokens::hash(&token), chrono::Utc::now()).await?;
            let page = ResetPage { layout: layout().await, name: found.map(|(_, u)| u.display_name), errors };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            let page = MessagePage {
                layout: layout().await,
                title: "Lien déjà utilisé",
                message: "Ce lien a déjà servi. Demandez-en un nouveau depuis « Mot de passe oublié ».",
            };
            Ok((StatusCode::CONFLICT, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "accounts/password_change.html")]
struct ChangePage {
    layout: Layout,
    errors: FieldErrors,
}

pub async fn show_change(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let layout = Layout::new(&state, &session, Some(&user)).await;
    Ok(render(&ChangePage { layout, errors: FieldErrors::new() })?.into_response())
}

pub async fn change_password(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<PasswordChangeForm>,
) -> Result<Response, AppError> {
    let keep = session.id().map(|id| id.to_string());
    let actor = user.actor();
    if let Err(e) = ops::change_password(&state.ctx(&actor), &form, keep.as_deref()).await {
        let errors = invalid(e)?;
        let layout = Layout::new(&state, &session, Some(&user)).await;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&ChangePage { layout, errors })?).into_response());
    }
    flash("Mot de passe changé. Vos autres sessions sont fermées.");
    Ok(Redirect::to("/compte/mot-de-passe").into_response())
}

/// A coordinator sends an account of the territory a link to choose a new password.
pub async fn send_reset_link(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let target = accounts::get_user(&state.db, user.territory_id, id).await?;
    let sent = send_reset(&state, &target.email, Some(&user.actor())).await?;
    if sent {
        flash(&format!("Un lien pour choisir un nouveau mot de passe est envoyé à {}.", target.email));
    } else {
        flash(&format!(
            "Aucun lien envoyé à {} : le compte est désactivé, n'a pas encore accepté son invitation, ou en a \\
             déjà reçu trois dans l'heure.",
            target.email
        ));
    }
    Ok(Redirect::to("/utilisateurs").into_response())
}
