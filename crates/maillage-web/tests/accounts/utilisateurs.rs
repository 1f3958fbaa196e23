//! /utilisateurs and /invitation/{token}: invite, activate, change role, deactivate.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{PASSWORD, TestApp, email};

fn invitation_path(body: &str) -> String {
    let start = body.find("/invitation/mlg_").expect("the invitation link is shown");
    body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_invited_person_chooses_a_password_once_and_signs_in() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let r = coordinator
        .post_form(
            "/utilisateurs",
            &[("email", "Nouvelle.Pilote@Mairie.fr"), ("display_name", "Lina Haddad"), ("role", "action_lead")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Invitation créée pour nouvelle.pilote@mairie.fr"));
    assert!(r.text().contains("Lina Haddad nouvelle.pilote@mairie.fr Invitation en attente"), "{}", r.text());
    let link = invitation_path(&r.body);
    assert!(!coordinator.get("/utilisateurs").await.body.contains(&link), "the link is shown only once");

    let mut invited = app.client();
    assert_eq!(invited.login("nouvelle.pilote@mairie.fr", PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = invited.get(&link).await;
    assert!(page.text().contains("Bienvenue, Lina Haddad"));
    let r = invited.post_form(&link, &[("password", "court"), ("confirmation", "autre")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Le mot de passe doit compter au moins 12 caractères."));
    assert!(r.text().contains("Les deux mots de passe ne sont pas identiques."));
    let chosen = "une phrase de passe assez longue";
    let r = invited.post_form(&link, &[("password", chosen), ("confirmation", chosen)]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/connexion"));
    assert!(invited.get("/connexion").await.text().contains("Votre compte est activé."));
    assert_eq!(invited.login("nouvelle.pilote@mairie.fr", chosen).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.client().get(&link).await.status, StatusCode::NOT_FOUND, "a link works once");
}

#[tokio::test]
async fn an_e_mail_already_taken_is_refused_next_to_the_field() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let taken = email(Role::Elected, "b");
    let r =
        coordinator.post_form("/utilisateurs", &[("email", &taken), ("display_name", "X"), ("role", "elected")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Un compte existe déjà avec cette adresse."));
    assert!(r.body.contains("value=\"X\""), "input kept");
    let r = coordinator
        .post_form("/utilisateurs", &[("email", "pas-une-adresse"), ("display_name", ""), ("role", "admin")])
        .await;
    let text = r.text();
    assert!(
        text.contains("Adresse e-mail invalide")
            && text.contains("Ce champ est obligatoire.")
            && text.contains("Choisissez un rôle")
    );
}

#[tokio::test]
async fn a_deactivated_account_is_signed_out_at_once_and_cannot_sign_in() {
    let app = TestApp::new().await;
    let mut elected = app.signed_in(Role::Elected).await;
    assert_eq!(elected.get("/").await.status, StatusCode::OK);
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let path = format!("/utilisateurs/{}", app.a.elected_user_id);
    let r = coordinator.post_form(&path, &[("role", "elected")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/utilisateurs"));
    assert!(elected.get("/").await.location().starts_with("/connexion"));
    assert_eq!(app.client().login(&email(Role::Elected, "a"), PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let audit = coordinator.get("/journal-des-modifications?entity=user").await.text();
    assert!(audit.contains("actif : « oui » → « non »"), "{audit}");

    // Reactivated with another role.
    coordinator.post_form(&path, &[("role", "caf_partner"), ("active", "1")]).await;
    let mut back = app.client();
    assert_eq!(back.login(&email(Role::Elected, "a"), PASSWORD).await.status, StatusCode::SEE_OTHER);
    assert_eq!(back.get("/api/v1/me").await.json()["role"], "caf_partner");
}

#[tokio::test]
async fn a_coordinator_cannot_demote_or_deactivate_themselves() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let me = coordinator.get("/api/v1/me").await.json()["id"].as_i64().unwrap();
    let r = coordinator.post_form(&format!("/utilisateurs/{me}"), &[("role", "elected")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Vous ne pouvez pas changer votre propre rôle"));
    assert_eq!(coordinator.get("/api/v1/me").await.json()["role"], "coordinator");
}

#[tokio::test]
async fn accounts_of_another_territory_are_not_found() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let list = coordinator.get("/utilisateurs").await.text();
    assert!(!list.contains("@b.test"));
    let other = app.b.elected_user_id;
    let r = coordinator.post_form(&format!("/utilisateurs/{other}"), &[("role", "coordinator"), ("active", "1")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
