//! /api/v1/conventions/{id}/meetings and decisions.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::api::token_for;
use crate::common::TestApp;

#[tokio::test]
async fn meetings_and_decisions_are_listed() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Elected).await);
    let list = api.get(&format!("/api/v1/conventions/{}/meetings", app.a().convention_id)).await.json();
    assert_eq!(list[0]["title"], "COPIL annuel 2024");
    assert_eq!(list[0]["kind"], "steering_committee");
    assert_eq!(
        api.get(&format!("/api/v1/conventions/{}/meetings", app.b().convention_id)).await.status,
        StatusCode::NOT_FOUND
    );
}
