//! /api/v1 milestones, budget lines and indicator definitions.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::api::token_for;
use crate::common::TestApp;

#[tokio::test]
async fn the_coordinator_maintains_milestones_budget_and_indicators() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let action = format!("/api/v1/actions/{}", app.a().other_action_id());

    let r = api
        .json(
            "POST",
            &format!("{action}/milestones"),
            serde_json::json!({"title": "Carte présentée", "due_on": "2024-09-30"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let milestone = r.json()["id"].as_i64().unwrap();
    assert!(api.get(&action).await.json()["late"].as_str().unwrap().contains("Carte présentée"));
    let r = api
        .json(
            "PUT",
            &format!("/api/v1/milestones/{milestone}"),
            serde_json::json!({"title": "Carte présentée", "due_on": "2024-09-30", "done_on": "2024-10-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(api.get(&action).await.json()["late"].is_null());

    let r = api
        .json("POST", &format!("{action}/budget"), serde_json::json!({"year": 2031, "funder": "", "planned": -5}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = r.json();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["year", "funder", "planned"]);
    let r = api
        .json("POST", &format!("{action}/budget"), serde_json::json!({"year": 2025, "funder": "CAF", "planned": 5000}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = api
        .json("POST", &format!("{action}/budget"), serde_json::json!({"year": 2025, "funder": "CAF", "planned": 1}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "one line per year and funder");

    let r = api
        .json("POST", &format!("{action}/indicators"), serde_json::json!({"name": "Places", "direction": "sideways"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .json(
            "POST",
            &format!("{action}/indicators"),
            serde_json::json!({"name": "Places", "unit": "places", "direction": "increase", "baseline": 12}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let indicator = r.json()["id"].as_i64().unwrap();
    let fiche = api.get(&action).await.json();
    assert_eq!(fiche["indicators"][0]["baseline"], 12.0);
    assert_eq!(fiche["budget"][0]["planned"], 5000);

    assert_eq!(api.delete(&format!("/api/v1/indicators/{indicator}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.delete(&format!("/api/v1/milestones/{milestone}")).await.status, StatusCode::NO_CONTENT);
    let fiche = api.get(&action).await.json();
    assert!(fiche["indicators"].as_array().unwrap().is_empty() && fiche["milestones"].as_array().unwrap().is_empty());
    assert_eq!(api.delete(&format!("/api/v1/budget/{}", app.b().budget_line_id())).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_funder_is_one_funder_whatever_its_case() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let budget = format!("/api/v1/actions/{}/budget", app.a().led_action_id());
    for funder in ["caf", "C A F", "Caf"] {
        let r = api.json("POST", &budget, serde_json::json!({"year": 2024, "funder": funder, "planned": 1})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{funder}");
        assert_eq!(r.json()["errors"][0]["field"], "funder");
    }
    let r = api.json("POST", &budget, serde_json::json!({"year": 2024, "funder": "Commune", "planned": 1})).await;
    assert_eq!(r.status, StatusCode::CREATED);
}
