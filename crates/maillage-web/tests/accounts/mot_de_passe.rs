//! /mot-de-passe-oublie, /mot-de-passe/{token}, /compte/mot-de-passe and a
//! coordinator's reset link; what the outbox holds (/messages).

use axum::http::StatusCode;
use maillage_domain::Role;
use maillage_domain::outbox::MessageState;

use crate::common::{PASSWORD, TestApp, email};

/// The link of the latest message queued for territory A (no mail server in
/// these tests: messages wait, with their body).
async fn latest_link(app: &TestApp) -> String {
    let page = maillage_db::outbox::list(&app.db.conn, app.a().territory_id.get(), 0, 1).await.unwrap();
    let body = &page.messages[0].body;
    let start = body.find("/mot-de-passe/mlg_").or_else(|| body.find("/invitation/mlg_")).expect("a link");
    body[start..].split_whitespace().next().unwrap().to_owned()
}

#[tokio::test]
async fn a_forgotten_password_is_replaced_through_a_one_time_link() {
    let app = TestApp::new().await;
    let who = email(Role::Elected, "a");
    let mut other_device = app.signed_in(Role::Elected).await;
    let mut visitor = app.client();
    visitor.get("/mot-de-passe-oublie").await;
    let known = visitor.post_form("/mot-de-passe-oublie", &[("email", &who)]).await;
    let unknown = visitor.post_form("/mot-de-passe-oublie", &[("email", "personne@a.test")]).await;
    assert_eq!(known.status, StatusCode::OK);
    let same = |r: &crate::common::Resp, address: &str| r.text().replace(address, "X");
    assert_eq!(same(&known, &who), same(&unknown, "personne@a.test"), "the same answer for an unknown address");
    let outbox = maillage_db::outbox::list(&app.db.conn, app.a().territory_id.get(), 0, 10).await.unwrap();
    assert_eq!(outbox.total, 1, "one message, for the account that exists");
    assert_eq!(outbox.messages[0].state, MessageState::Pending);

    let link = latest_link(&app).await;
    let page = visitor.get(&link).await;
    assert!(page.text().contains("choisissez un nouveau mot de passe"), "{}", page.text());
    let r = visitor.post_form(&link, &[("password", "court"), ("confirmation", "court")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("au moins 12 caractères"));
    let chosen = "une nouvelle phrase de passe";
    let r = visitor.post_form(&link, &[("password", chosen), ("confirmation", chosen)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/connexion"));
    assert_eq!(app.client().get(&link).await.status, StatusCode::NOT_FOUND, "a link serves once");
    assert!(other_device.get("/").await.location().starts_with("/connexion"), "every session ended");
    assert_eq!(app.client().login(&who, PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.client().login(&who, chosen).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_ends_the_other_sessions() {
    let app = TestApp::new().await;
    let mut here = app.signed_in(Role::ActionLead).await;
    let mut elsewhere = app.signed_in(Role::ActionLead).await;
    let new = "une autre phrase de passe";
    let r = here
        .post_form("/compte/mot-de-passe", &[("current", "pas le bon"), ("password", new), ("confirmation", new)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Ce n'est pas votre mot de passe actuel."));
    let r = here
        .post_form("/compte/mot-de-passe", &[("current", PASSWORD), ("password", new), ("confirmation", new)])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert_eq!(here.get("/compte/mot-de-passe").await.status, StatusCode::OK, "this session goes on");
    assert!(elsewhere.get("/").await.location().starts_with("/connexion"), "the other one ended");
    assert_eq!(app.client().login(&email(Role::ActionLead, "a"), new).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_coordinator_sends_a_reset_link_and_sees_the_outbox() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let r = coordinator.post_form(&format!("/utilisateurs/{}/reinitialisation", app.a().elected_user_id), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = coordinator
        .post_form("/utilisateurs", &[("email", "nouvelle@mairie.fr"), ("display_name", "Lou"), ("role", "elected")])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = coordinator.get("/messages").await.text();
    assert!(page.contains("2 messages."), "{page}");
    assert!(page.contains("nouvelle@mairie.fr Invitation — Votre accès à Maillage — Territoire a"), "{page}");
    assert!(page.contains("elected@a.test Nouveau mot de passe"), "{page}");
    assert!(page.contains("Aucun serveur d'envoi n'est configuré"));
    assert!(!page.contains("mlg_"), "links never shown in the outbox");
    let mut elected = app.signed_in(Role::Elected).await;
    assert_eq!(elected.get("/messages").await.status, StatusCode::FORBIDDEN);
}
