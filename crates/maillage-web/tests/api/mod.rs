//! /api: tokens, JSON, problem details, the OpenAPI document.

mod errors;
mod openapi;
mod v1;

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

/// A personal token that reads and writes, made the way a person makes one,
/// on /compte/jetons.
pub async fn token_for(app: &TestApp, role: Role) -> String {
    token_with(app, role, "write").await
}

/// A token with the given scope (`read` or `write`), valid 90 days.
pub async fn token_with(app: &TestApp, role: Role, scope: &str) -> String {
    let mut c = app.signed_in(role).await;
    let page =
        c.post_form("/compte/jetons", &[("name", "Tableur de suivi"), ("scope", scope), ("validity", "90")]).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = page.body.find("mlg_").expect("the new token is shown once");
    page.body[start..].split('<').next().unwrap().to_owned()
}
