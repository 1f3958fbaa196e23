//! /api/v1/conventions and axes.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::api::token_for;
use crate::common::TestApp;

#[tokio::test]
async fn the_coordinator_reshapes_the_convention_through_the_api() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let conv = format!("/api/v1/conventions/{}", app.a().convention_id);
    let version = api.get(&conv).await.json()["version"].as_i64().unwrap();
    let body = |v: i64| serde_json::json!({"version": v, "title": "CTG 2023-2026 de Ville-Test", "starts_on": "2023-01-01", "ends_on": "2026-12-31", "signatories": ["Commune", "CAF"]});
    assert_eq!(api.json("PUT", &conv, body(version)).await.status, StatusCode::OK);
    assert_eq!(api.json("PUT", &conv, body(version)).await.status, StatusCode::CONFLICT, "stale version");

    let r = api.json("POST", &format!("{conv}/axes"), serde_json::json!({"code": "1", "title": "Doublon"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api.json("POST", &format!("{conv}/axes"), serde_json::json!({"code": "6", "title": "Seniors"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let axis = r.json()["id"].as_i64().unwrap();
    let r = api
        .json("POST", &format!("/api/v1/axes/{axis}/actions"), serde_json::json!({"title": "Visites à domicile"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["code"], "6.1");
    let r = api.json("PUT", &format!("/api/v1/axes/{axis}"), serde_json::json!({"title": "Seniors et aidants"})).await;
    assert_eq!(r.json()["code"], "6");
    let detail = api.get(&conv).await.json();
    assert_eq!(detail["title"], "CTG 2023-2026 de Ville-Test");
    assert_eq!(detail["axes"][5]["title"], "Seniors et aidants");
    assert_eq!(detail["axes"][5]["actions"][0]["title"], "Visites à domicile");

    let decisions = format!("/api/v1/meetings/{}/decisions", app.a().meeting_id);
    let r = api
        .json(
            "POST",
            &decisions,
            serde_json::json!({"body": "Relancer la PMI", "action_id": app.b().led_action_id().get()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "action_id", "the same field as the page");
    let r = api
        .json(
            "POST",
            &decisions,
            serde_json::json!({"body": "Relancer la PMI", "action_id": app.a().led_action_id().get()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let meetings = api.get(&format!("{conv}/meetings")).await.json();
    assert_eq!(meetings[0]["decisions"][1]["body"], "Relancer la PMI", "after the fixture's decision");
    assert_eq!(
        api.json("PUT", &format!("/api/v1/axes/{}", app.b().axis_id()), serde_json::json!({"title": "x"})).await.status,
        StatusCode::NOT_FOUND
    );
}
