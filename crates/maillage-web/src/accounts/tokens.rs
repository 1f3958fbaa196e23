//! Personal access tokens for the API: create, list, revoke.

use crate::extract::Form;
use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_domain::accounts::TokenForm;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, flash, invalid, render};
use crate::{AppError, AppState};

struct TokenView {
    id: i32,
    name: String,
    created: String,
    last_used: String,
    revoked: bool,
    scope: &'static str,
    expires: String,
}

#[derive(Template)]
#[template(path = "accounts/tokens.html")]
struct TokensPage {
    layout: Layout,
    tokens: Vec<TokenView>,
    new_token: Option<String>,
    name: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    new_token: Option<String>,
    name: String,
    error: Option<String>,
) -> Result<Response, AppError> {
    let tokens = maillage_db::accounts::list_tokens(&state.db, user.territory_id, user.id)
        .await?
        .into_iter()
        .map(|t| TokenView {
            id: t.id,
            name: t.name,
            created: t.created_at.format("%d/%m/%Y").to_string(),
            last_used: t.last_used_at.map_or("Jamais".into(), maillage_domain::time::french_date_time),
            revoked: t.revoked_at.is_some(),
            scope: if t.read_only { "Lecture seule" } else { "Lecture et écriture" },
            expires: t.expires_at.map_or("Jamais".into(), |d| d.format("%d/%m/%Y").to_string()),
        })
        .collect();
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let layout = Layout::new(state, session, Some(user)).await;
    Ok((status, render(&TokensPage { layout, tokens, new_token, name, error })?).into_response())
}

pub async fn list_tokens(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    page(&state, &session, &user, None, String::new(), None).await
}

pub async fn create_token(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match maillage_db::accounts::ops::create_token(&state.ctx(&actor), user.id, &form).await {
        Ok((_, secret)) => page(&state, &session, &user, Some(secret), String::new(), None).await,
        Err(e) => {
            let message = invalid(e)?.iter().next().map(|e| e.message.clone());
            page(&state, &session, &user, None, form.name.clone(), message).await
        }
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    maillage_db::accounts::ops::revoke_token(&state.ctx(&actor), id).await?;
    flash("Jeton révoqué : il ne donne plus accès à l'API.");
    Ok(Redirect::to("/compte/jetons").into_response())
}
