//! /api: tokens, JSON, problem details, the OpenAPI document.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

async fn token_for(app: &TestApp, role: Role) -> String {
    let mut c = app.signed_in(role).await;
    let page = c.post_form("/compte/jetons", &[("name", "Tableur de suivi")]).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = page.body.find("mlg_").expect("the new token is shown once");
    page.body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_token_reads_the_plan_and_a_revoked_one_does_not() {
    let app = TestApp::new().await;
    let token = token_for(&app, Role::CafPartner).await;
    let mut api = app.client();
    api.bearer = Some(token.clone());
    let me = api.get("/api/v1/me").await.json();
    assert_eq!(me["role"], "caf_partner");
    let conv = api.get(&format!("/api/v1/conventions/{}", app.a.convention_id)).await.json();
    assert_eq!(conv["axes"].as_array().unwrap().len(), 5);
    assert_eq!(conv["axes"][0]["actions"][0]["title"], "Mettre en place un outil de suivi de l'offre et de la demande");
    assert!(conv["axes"][0]["actions"][0]["late"].as_str().unwrap().starts_with("En retard"));
    // A read-only role cannot write, even with a token.
    let r = api
        .json(
            "PATCH",
            &format!("/api/v1/actions/{}", app.a.led_action_id),
            serde_json::json!({"version": 1, "status": "done", "progress": 100}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.headers["content-type"], "application/problem+json");

    let mut owner = app.signed_in(Role::CafPartner).await;
    let list = owner.get("/compte/jetons").await;
    let start = list.body.find("/compte/jetons/").unwrap() + "/compte/jetons/".len();
    let id: String = list.body[start..].chars().take_while(char::is_ascii_digit).collect();
    owner.post_form(&format!("/compte/jetons/{id}/revoquer"), &[]).await;
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn invalid_input_is_a_422_problem_listing_the_fields() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::ActionLead).await);
    let path = format!("/api/v1/actions/{}", app.a.led_action_id);
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
    let path = format!("/api/v1/actions/{}", app.a.led_action_id);
    let body = serde_json::json!({"version": 1, "status": "done", "progress": 100}).to_string();
    let request = axum::http::Request::patch(&path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(c.send(request).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&path).await.json()["status"], "in_progress", "nothing written");
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::new().await;
    let doc = app.client().get("/api/openapi.json").await.json();
    let state = maillage_web::AppState::new(
        app.db.conn.clone(),
        maillage_web::Config { secure_cookies: false, demo_banner: false },
    );
    for route in maillage_web::route_table(state) {
        if route.path.starts_with("/api/v1/") {
            let method = route.method.as_str().to_lowercase();
            assert!(
                doc["paths"][route.path][&method].is_object(),
                "{} {} missing from the OpenAPI document",
                route.method,
                route.path
            );
        }
    }
    insta::assert_json_snapshot!("openapi", doc);
}
