//! /api: tokens, JSON, problem details, the OpenAPI document.

mod errors;
mod openapi;
mod v1;

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

/// A personal token made the way a person makes one, on /compte/jetons.
pub async fn token_for(app: &TestApp, role: Role) -> String {
    let mut c = app.signed_in(role).await;
    let page = c.post_form("/compte/jetons", &[("name", "Tableur de suivi")]).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = page.body.find("mlg_").expect("the new token is shown once");
    page.body[start..].split('<').next().unwrap().to_owned()
}
