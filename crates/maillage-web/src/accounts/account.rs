//! « Mon compte »: who one is here, and the account's own pages (password,
//! API tokens for those who use a spreadsheet or a program).

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    layout: Layout,
    name: String,
    email: String,
    role: &'static str,
    territory: String,
}

pub async fn show_account(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = AccountPage {
        layout,
        name: user.display_name.clone(),
        email: user.email.clone(),
        role: user.role.label(),
        territory: user.territory_name.clone(),
    };
    Ok(render(&page)?.into_response())
}
