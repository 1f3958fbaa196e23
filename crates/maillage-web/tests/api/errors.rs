//! Every API failure is a French `application/problem+json`, with the field
//! when there is one, and carries the security headers; pages refuse text
//! that is not UTF-8 instead of storing `�`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use maillage_domain::Role;
use serde_json::json;

use crate::api::token_for;
use crate::common::{Resp, TestApp};

fn assert_problem(r: &Resp, status: StatusCode) -> serde_json::Value {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json", "{}", r.body);
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    let body = r.json();
    assert_eq!(body["status"], status.as_u16());
    assert!(!body["title"].as_str().unwrap().is_empty());
    body
}

fn field_of(problem: &serde_json::Value) -> &str {
    problem["errors"][0]["field"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn bad_bodies_paths_and_methods_get_french_problems() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let action = format!("/api/v1/actions/{}", app.a().other_action_id());
    let milestones = format!("{action}/milestones");

    let raw = |method: &str, path: &str, content_type: &str, body: Vec<u8>| {
        Request::builder().method(method).uri(path).header("content-type", content_type).body(Body::from(body)).unwrap()
    };
    let r = api.send(raw("POST", &milestones, "application/json", b"{\"title\": ".to_vec())).await;
    let p = assert_problem(&r, StatusCode::BAD_REQUEST);
    assert!(p["detail"].as_str().unwrap().contains("JSON valide"), "{p}");

    let r = api.json("POST", &milestones, json!({"due_on": "2025-01-01"})).await;
    let p = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((field_of(&p), p["errors"][0]["message"].as_str().unwrap()), ("title", "Ce champ est obligatoire."));

    let r = api.json("POST", &milestones, json!({"title": "Jalon", "due_on": "2023-02-30"})).await;
    let p = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_of(&p), "due_on");
    assert!(p["errors"][0]["message"].as_str().unwrap().starts_with("Date invalide"));

    let budget = format!("{action}/budget");
    let r = api.json("POST", &budget, json!({"year": 99999999999u64, "funder": "CAF", "planned": 1})).await;
    let p = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_of(&p), "year");

    let r = api.send(raw("POST", &milestones, "text/plain", b"{}".to_vec())).await;
    assert_problem(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    assert_problem(&api.get("/api/v1/actions/abc").await, StatusCode::NOT_FOUND);
    assert_problem(&api.get("/api/v1/nimporte-quoi").await, StatusCode::NOT_FOUND);
    assert_problem(&api.get("/api/ailleurs").await, StatusCode::NOT_FOUND);
    assert_problem(
        &api.send(raw("DELETE", &action, "application/json", Vec::new())).await,
        StatusCode::METHOD_NOT_ALLOWED,
    );

    let huge = vec![b' '; 10 * 1024 * 1024];
    let r = api.send(raw("POST", &milestones, "application/json", huge)).await;
    assert_problem(&r, StatusCode::PAYLOAD_TOO_LARGE);

    let fiche = api.get(&action).await.json();
    assert!(fiche["milestones"].as_array().unwrap().is_empty(), "nothing was written");
}

#[tokio::test]
async fn a_form_that_is_not_utf8_is_refused_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(Role::ActionLead).await;
    let path = format!("/actions/{}/journal", app.a().led_action_id());
    let csrf = lead.csrf.clone().unwrap();
    let body = format!("body=note%FF%FEillisible&csrf_token={csrf}");
    let request = Request::post(&path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let r = lead.send(request).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("caractères illisibles"), "{}", r.text());
    let page = lead.get(&format!("/actions/{}", app.a().led_action_id())).await.text();
    assert!(!page.contains("illisible"));
}

#[tokio::test]
async fn an_unknown_page_is_a_french_page() {
    let app = TestApp::new().await;
    let r = app.client().get("/nulle-part").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(r.text().contains("Page introuvable"));
}

#[tokio::test]
async fn values_out_of_bounds_are_refused_on_their_field() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let value = format!("/api/v1/indicators/{}/values/2024", app.a().indicator_id());
    for huge in [1e308, -1e308] {
        let r = api.json("PUT", &value, json!({"actual": huge})).await;
        let p = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_of(&p), "actual");
    }
    let milestones = format!("/api/v1/actions/{}/milestones", app.a().other_action_id());
    for date in ["0000-01-01", "+99999-01-01", "1899-12-31"] {
        let r = api.json("POST", &milestones, json!({"title": "Jalon", "due_on": date})).await;
        let p = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_of(&p), "due_on", "{date}");
    }
    let fiche = api.get(&format!("/api/v1/actions/{}", app.a().led_action_id())).await.json();
    assert_eq!(fiche["indicators"][0]["values"][0]["actual"], 80.0, "unchanged");
}
