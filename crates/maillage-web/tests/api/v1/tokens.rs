//! Personal tokens on /api/v1: what they open, and revocation.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::api::{token_for, token_with};
use crate::common::TestApp;

#[tokio::test]
async fn a_token_reads_the_plan_and_a_revoked_one_does_not() {
    let app = TestApp::new().await;
    let token = token_for(&app, Role::CafPartner).await;
    let mut api = app.client();
    api.bearer = Some(token.clone());
    let me = api.get("/api/v1/me").await.json();
    assert_eq!(me["role"], "caf_partner");
    let conv = api.get(&format!("/api/v1/conventions/{}", app.a().convention_id)).await.json();
    assert_eq!(conv["axes"].as_array().unwrap().len(), 5);
    assert_eq!(conv["axes"][0]["actions"][0]["title"], "Mettre en place un outil de suivi de l'offre et de la demande");
    assert!(conv["axes"][0]["actions"][0]["late"].as_str().unwrap().starts_with("échéance du 31/12/2020 dépassée"));
    // A read-only role cannot write, even with a token.
    let r = api
        .json(
            "PATCH",
            &format!("/api/v1/actions/{}", app.a().led_action_id()),
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
async fn a_token_opens_no_page_and_mints_nothing() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let r = api.get("/compte/jetons").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "pages ignore tokens");
    assert!(r.location().starts_with("/connexion"));
    let r = api.post_raw("/compte/jetons", &[("name", "volé")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(!r.body.contains("mlg_"), "no token minted");
    let r = api
        .post_raw(
            "/utilisateurs",
            &[("email", "intrus@exemple.fr"), ("display_name", "Intrus"), ("role", "coordinator")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let users = coordinator.get("/utilisateurs").await;
    assert!(!users.text().contains("intrus@exemple.fr"), "nobody was invited");
    let tokens = coordinator.get("/compte/jetons").await;
    assert!(!tokens.text().contains("volé"));
}

#[tokio::test]
async fn a_read_only_token_reads_but_never_writes() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_with(&app, Role::Coordinator, "read").await);
    let action = format!("/api/v1/actions/{}", app.a().led_action_id());
    assert_eq!(api.get(&action).await.status, StatusCode::OK);
    let r = api.json("PATCH", &action, serde_json::json!({"version": 1, "status": "done", "progress": 100})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["title"], "Jeton en lecture seule");
    assert_eq!(api.get(&action).await.json()["status"], "in_progress", "nothing written");
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let page = coordinator.get("/compte/jetons").await.text();
    assert!(page.contains("Lecture seule") && page.contains("Lecture et écriture"), "{page}");
}

#[tokio::test]
async fn an_expired_token_opens_nothing() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Elected).await);
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::OK);
    let db = &app.db.conn;
    let past = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    let sql = format!("UPDATE api_tokens SET expires_at = '{past}'");
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_unreadable_token_beside_a_session_is_nobody_not_the_session() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let path = format!("/api/v1/actions/{}/journal", app.a().led_action_id());
    let mut request = axum::http::Request::post(&path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"body": "écrit sans jeton CSRF"}"#))
        .unwrap();
    request.headers_mut().insert("authorization", axum::http::HeaderValue::from_bytes(b"Bearer \xff").unwrap());
    let r = c.send(request).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let journal = c.get(&format!("/api/v1/actions/{}", app.a().led_action_id())).await.json()["journal"].clone();
    assert_eq!(journal, serde_json::json!([]), "nothing written");
    // Without any token, the session needs its CSRF header, and says so.
    let request = axum::http::Request::post(&path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"body": "x"}"#))
        .unwrap();
    let r = c.send(request).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["title"], "Jeton CSRF manquant ou invalide");
}

#[tokio::test]
async fn the_bearer_scheme_is_read_in_any_case() {
    let app = TestApp::new().await;
    let token = token_for(&app, Role::Elected).await;
    let mut api = app.client();
    let mut request = axum::http::Request::get("/api/v1/me").body(axum::body::Body::empty()).unwrap();
    request.headers_mut().insert("authorization", format!("bearer {token}").parse().unwrap());
    assert_eq!(api.send(request).await.status, StatusCode::OK);
}
