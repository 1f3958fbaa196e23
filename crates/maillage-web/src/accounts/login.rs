//! Sign in and out, with throttling of failed attempts.

use crate::extract::Form;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::Role;
use maillage_domain::accounts::{THROTTLE_WINDOW_MINUTES, french_wait, login_wait};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::{
    ClientAddr, SESSION_CSRF, SESSION_SEEN, SESSION_STARTED, SESSION_TERRITORY, SESSION_USER, resolve_user,
};
use crate::pages::{Layout, render, safe_next};
use crate::{AppError, AppState};
use maillage_db::accounts::password;
use maillage_domain::accounts::GrantState;

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    layout: Layout,
    email: String,
    next: String,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    suivant: String,
}

pub async fn show_login(
    State(state): State<AppState>,
    session: Session,
    headers: axum::http::HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if resolve_user(&state, &headers, &session, "/connexion").await?.is_some() {
        return Ok(Redirect::to(safe_next(&q.suivant)).into_response());
    }
    let layout = Layout::new(&state, &session, None).await;
    Ok(render(&LoginPage { layout, email: String::new(), next: q.suivant, error: None })?.into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    suivant: String,
}

pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientAddr(client): ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let email = form.email.trim().to_lowercase();
    let now = chrono::Utc::now();
    let since = now - chrono::Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let attempt = maillage_db::accounts::begin_attempt(&state.db, &email, &client, since).await?;
    if let Some(wait) = login_wait(&attempt.account_failures, &attempt.address_failures, now) {
        let message = format!("Trop de tentatives échouées. Réessayez dans {}.", french_wait(wait));
        return refuse(&state, &session, &form, StatusCode::TOO_MANY_REQUESTS, message).await;
    }
    let found = maillage_db::accounts::find_credentials(&state.db, &email).await?;
    let (ok, first_territory) = match &found {
        Some((id, hash)) if password::verify(hash, &form.password) => {
            // An account works in the territories where its grant is active:
            // the first one by name, until the switcher picks another.
            let grants = maillage_db::accounts::grants_of(&state.db, *id).await?;
            let first = grants.iter().find(|g| g.state == GrantState::Active).map(|g| (g.territory_id, g.role));
            (first.is_some(), first)
        }
        Some(_) => (false, None),
        None => {
            password::verify_nothing(&form.password);
            (false, None)
        }
    };
    if ok {
        maillage_db::accounts::attempt_succeeded(&state.db, attempt.id).await?;
    }
    let (Some((user_id, _)), Some((territory, role))) = (found.filter(|_| ok), first_territory) else {
        let message = "Adresse e-mail ou mot de passe incorrect.".to_owned();
        return refuse(&state, &session, &form, StatusCode::UNPROCESSABLE_ENTITY, message).await;
    };
    // A new session id at login: a session fixed before login is useless.
    session.cycle_id().await.map_err(|e| AppError::Internal(e.to_string()))?;
    session.insert(SESSION_USER, user_id).await.map_err(|e| AppError::Internal(e.to_string()))?;
    session.insert(SESSION_TERRITORY, territory).await.map_err(|e| AppError::Internal(e.to_string()))?;
    let now = chrono::Utc::now().timestamp();
    for key in [SESSION_STARTED, SESSION_SEEN] {
        session.insert(key, now).await.map_err(|e| AppError::Internal(e.to_string()))?;
    }
    session
        .insert(SESSION_CSRF, maillage_db::accounts::secrets::random_secret())
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    maillage_db::accounts::touch_login(&state.db, user_id).await?;
    // An action lead comes for their actions, the relais for the offer;
    // everyone else for the plan.
    let landing = match (form.suivant.is_empty(), role) {
        (true, Role::ActionLead) => "/mes-actions",
        (true, Role::Relais) => "/offre",
        (true, Role::Childminder | Role::FacilityManager) => "/mes-places",
        _ => safe_next(&form.suivant),
    };
    Ok(Redirect::to(landing).into_response())
}

async fn refuse(
    state: &AppState,
    session: &Session,
    form: &LoginForm,
    status: StatusCode,
    message: String,
) -> Result<Response, AppError> {
    let layout = Layout::new(state, session, None).await;
    let page =
        render(&LoginPage { layout, email: form.email.clone(), next: form.suivant.clone(), error: Some(message) })?;
    Ok((status, page).into_response())
}

pub async fn logout(session: Session) -> Result<Response, AppError> {
    session.flush().await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Redirect::to("/connexion").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SwitchForm {
    territory_id: String,
}

/// Works in another territory where the account's grant is active.
pub async fn switch_territory(
    State(state): State<AppState>,
    session: Session,
    axum::Extension(user): axum::Extension<crate::auth::CurrentUser>,
    Form(form): Form<SwitchForm>,
) -> Result<Response, AppError> {
    let wanted: i32 = form.territory_id.trim().parse().map_err(|_| AppError::NotFound)?;
    let grants = maillage_db::accounts::grants_of(&state.db, user.id).await?;
    let Some(grant) = grants.iter().find(|g| g.territory_id == wanted && g.state == GrantState::Active) else {
        return Err(AppError::NotFound);
    };
    session.insert(SESSION_TERRITORY, wanted).await.map_err(|e| AppError::Internal(e.to_string()))?;
    crate::pages::flash(&format!("Vous travaillez maintenant pour {}.", grant.territory_name));
    Ok(Redirect::to("/").into_response())
}
