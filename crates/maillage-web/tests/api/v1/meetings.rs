//! /api/v1/conventions/{id}/meetings and decisions.

use axum::http::StatusCode;
use maillage_domain::Role;
use serde_json::json;

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

/// PUT and DELETE on meetings and decisions: the pages' operations, the
/// refusals as problems on the same fields.
#[tokio::test]
async fn a_meeting_and_a_decision_are_corrected_then_deleted() {
    let app = TestApp::new().await;
    let mut api = app.signed_in(Role::Coordinator).await;
    let (meeting, decision) = (app.a().meeting_id, app.a().decision_id);
    let body =
        json!({"kind": "steering_committee", "held_on": "2024-06-21", "title": "COPIL annuel", "minutes": "Relevé"});
    let r = api.json("PUT", &format!("/api/v1/meetings/{meeting}"), body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["held_on"].as_str(), r.json()["decisions"].as_array().map(Vec::len)),
        (Some("2024-06-21"), Some(1))
    );
    let wrong = json!({"body": "x", "action_id": app.b().led_action_id().get()});
    let r = api.json("PUT", &format!("/api/v1/decisions/{decision}"), wrong).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "action_id");
    let fixed = json!({"body": "Présenter le guichet en conseil", "action_id": app.a().led_action_id().get()});
    let r = api.json("PUT", &format!("/api/v1/decisions/{decision}"), fixed).await;
    assert_eq!(r.json()["action_id"], app.a().led_action_id().get());
    assert_eq!(api.delete(&format!("/api/v1/decisions/{decision}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.delete(&format!("/api/v1/decisions/{decision}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(api.delete(&format!("/api/v1/meetings/{meeting}")).await.status, StatusCode::NO_CONTENT);
    let list = api.get(&format!("/api/v1/conventions/{}/meetings", app.a().convention_id)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "the other meeting stays");
    let audit = api.get("/journal-des-modifications?entity=meeting").await.text();
    assert!(audit.contains("Réunion « COPIL annuel » supprimée"), "{audit}");
}
