//! /api/v1/actions/{id}: read in full, the lead's updates, the coordinator's PUT,
//! validation problems, optimistic locking and CSRF for cookie sessions.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::api::token_for;
use crate::common::TestApp;

#[tokio::test]
async fn invalid_input_is_a_422_problem_listing_the_fields() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::ActionLead).await);
    let path = format!("/api/v1/actions/{}", app.a().led_action_id());
    let r = api.json("PATCH", &path, serde_json::json!({"version": 1, "status": "fini", "progress": 150})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let body = r.json();
    assert_eq!(body["status"], 422);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["status", "progress"]);
    assert_eq!(api.get(&path).await.json()["progress"], 20, "nothing written");

    let ok = api.json("PATCH", &path, serde_json::json!({"version": 1, "status": "in_progress", "progress": 35})).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json()["version"], 2);
    let stale = api.json("PATCH", &path, serde_json::json!({"version": 1, "status": "done", "progress": 100})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(api.get(&path).await.json()["progress"], 35);
}

#[tokio::test]
async fn a_session_cookie_cannot_write_through_the_api_without_the_csrf_header() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let path = format!("/api/v1/actions/{}", app.a().led_action_id());
    let body = serde_json::json!({"version": 1, "status": "done", "progress": 100}).to_string();
    let request = axum::http::Request::patch(&path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(c.send(request).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&path).await.json()["status"], "in_progress", "nothing written");
}

#[tokio::test]
async fn an_action_reads_in_full_and_its_lead_records_values_and_notes() {
    let app = TestApp::new().await;
    let mut lead = app.client();
    lead.bearer = Some(token_for(&app, Role::ActionLead).await);
    let action = format!("/api/v1/actions/{}", app.a().led_action_id());
    let fiche = lead.get(&action).await.json();
    assert_eq!(fiche["indicators"][0]["name"], "Demandes enregistrées");
    assert_eq!(fiche["indicators"][0]["values"][0]["actual"], 80.0);
    assert_eq!(fiche["budget"][0]["planned"], 1000);
    assert!(fiche["late"].as_str().unwrap().contains("31/12/2020"));

    let value = format!("/api/v1/indicators/{}/values/2025", app.a().indicator_id());
    let r = lead.json("PUT", &value, serde_json::json!({"actual": 131.5, "source": "Registre"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"year": 2025, "target": null, "actual": 131.5, "source": "Registre"}));
    let r = lead.json("PUT", &value, serde_json::json!({"actual": 1, "target": 500})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only coordinators set targets");
    let r = lead
        .json(
            "PUT",
            &format!("/api/v1/indicators/{}/values/1850", app.a().indicator_id()),
            serde_json::json!({"actual": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "year");

    let r = lead
        .json(
            "POST",
            &format!("{action}/journal"),
            serde_json::json!({"body": "Rencontre avec la PMI", "written_on": "2024-02-03"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = lead
        .json("POST", &format!("{action}/journal"), serde_json::json!({"body": "", "written_on": "2999-01-01"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fiche = lead.get(&action).await.json();
    assert_eq!(fiche["journal"].as_array().unwrap().len(), 1);
    assert_eq!(fiche["journal"][0]["author"], "Pilote d'action a");
    assert_eq!(fiche["indicators"][0]["values"][1]["actual"], 131.5);

    let mut coordinator = app.client();
    coordinator.bearer = Some(token_for(&app, Role::Coordinator).await);
    let r = coordinator
        .json("PUT", &value, serde_json::json!({"actual": 131.5, "target": 150, "source": "Registre"}))
        .await;
    assert_eq!(r.json()["target"], 150.0);
    let fiche_b = coordinator.get(&format!("/api/v1/actions/{}", app.b().led_action_id())).await;
    assert_eq!(fiche_b.status, StatusCode::NOT_FOUND);
    let other = format!("/api/v1/indicators/{}/values/2025", app.b().indicator_id());
    assert_eq!(coordinator.json("PUT", &other, serde_json::json!({"actual": 1})).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_coordinator_writes_a_whole_fiche_and_a_meeting() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let path = format!("/api/v1/actions/{}", app.a().other_action_id());
    let body = |version: i32, lead: Option<i32>| {
        serde_json::json!({
            "version": version, "title": "Cartographie des besoins", "lead_name": "DAS", "lead_user_id": lead,
            "partners": ["CAF", "INSEE"], "starts_on": "2024-01-01", "ends_on": "2025-12-31",
            "status": "in_progress", "progress": 40
        })
    };
    let r = api.json("PUT", &path, body(1, Some(app.b().elected_user_id.get()))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "lead_user_id", "a lead from another territory is refused");
    let r = api.json("PUT", &path, body(1, Some(app.a().elected_user_id.get()))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "lead_user_id", "an elected could not even update it");
    let r = api.json("PUT", &path, body(1, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    let fiche = api.get(&path).await.json();
    assert_eq!(fiche["partners"], serde_json::json!(["CAF", "INSEE"]));
    assert_eq!(fiche["title"], "Cartographie des besoins");
    assert_eq!(api.json("PUT", &path, body(1, None)).await.status, StatusCode::CONFLICT);

    let meetings = format!("/api/v1/conventions/{}/meetings", app.a().convention_id);
    let r =
        api.json("POST", &meetings, serde_json::json!({"kind": "copil", "held_on": "2025-06-01", "title": ""})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = r.json();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["kind", "title"]);
    let r = api
        .json("POST", &meetings, serde_json::json!({"kind": "steering_committee", "held_on": "2025-06-01", "title": "COPIL 2025", "attendees": ["Maire", "CAF"]}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(api.get(&meetings).await.json().as_array().unwrap().len(), 3, "the fixture's two, and this one");
}
