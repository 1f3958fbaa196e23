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
async fn an_e_mail_already_in_the_territory_is_refused_next_to_the_field() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let taken = email(Role::Elected, "a");
    let r =
        coordinator.post_form("/utilisateurs", &[("email", &taken), ("display_name", "X"), ("role", "elected")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Un compte existe déjà avec cette adresse dans ce territoire."));
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
    let path = format!("/utilisateurs/{}", app.a().elected_user_id);
    let r = coordinator.post_form(&path, &[("role", "elected")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/utilisateurs"));
    assert!(elected.get("/").await.location().starts_with("/connexion"));
    assert_eq!(app.client().login(&email(Role::Elected, "a"), PASSWORD).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let audit = coordinator.get("/journal-des-modifications?entity=user").await.text();
    assert!(audit.contains("Actif : « oui » → « non »"), "{audit}");

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
    let other = app.b().elected_user_id;
    let r = coordinator.post_form(&format!("/utilisateurs/{other}"), &[("role", "coordinator"), ("active", "1")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn invite(coordinator: &mut crate::common::Client<'_>, address: &str) -> String {
    let r = coordinator
        .post_form("/utilisateurs", &[("email", address), ("display_name", "Invitée"), ("role", "coordinator")])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    invitation_path(&r.body)
}

fn user_id(page: &str, address: &str) -> String {
    let row = page.find(address).expect("the account is listed");
    let start = page[row..].find("action=\"/utilisateurs/").unwrap() + row + "action=\"/utilisateurs/".len();
    page[start..].chars().take_while(char::is_ascii_digit).collect()
}

#[tokio::test]
async fn invitation_links_use_the_configured_address_not_the_host_header() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let request = axum::http::Request::post("/utilisateurs")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(
            serde_urlencoded::to_string([
                ("email", "hote@mairie.fr"),
                ("display_name", "Hôte"),
                ("role", "elected"),
                ("csrf_token", coordinator.csrf.as_deref().unwrap()),
            ])
            .unwrap(),
        ))
        .unwrap();
    let mut request = coordinator.prepare(request);
    request.headers_mut().insert("host", "evil.example".parse().unwrap());
    let r = coordinator.send(request).await;
    assert!(r.text().contains("http://127.0.0.1:8080/invitation/mlg_"), "{}", r.text());
    assert!(!r.text().contains("evil.example"));
}

#[tokio::test]
async fn cancelling_an_invitation_kills_its_link() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let link = invite(&mut coordinator, "annulee@mairie.fr").await;
    let id = user_id(&coordinator.get("/utilisateurs").await.body, "annulee@mairie.fr");
    // Unticking « Invitation valable » cancels it.
    let r = coordinator.post_form(&format!("/utilisateurs/{id}"), &[("role", "coordinator")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut invited = app.client();
    assert_eq!(invited.get(&link).await.status, StatusCode::NOT_FOUND);
    let chosen = "une phrase de passe assez longue";
    let r = invited.post_form(&link, &[("password", chosen), ("confirmation", chosen)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(invited.login("annulee@mairie.fr", chosen).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_acceptances_of_one_link_at_once_make_exactly_one_account() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let link = invite(&mut coordinator, "course@mairie.fr").await;
    let mut clients = Vec::new();
    for _ in 0..4 {
        let mut c = app.client();
        c.get(&link).await;
        clients.push(c);
    }
    let [c0, c1, c2, c3] = &mut clients[..] else { unreachable!() };
    let accept = |c: &'static str| [("password", c), ("confirmation", c)];
    let forms = [
        accept("mot de passe numéro 0 assez long"),
        accept("mot de passe numéro 1 assez long"),
        accept("mot de passe numéro 2 assez long"),
        accept("mot de passe numéro 3 assez long"),
    ];
    let (r0, r1, r2, r3) = tokio::join!(
        c0.post_form(&link, &forms[0]),
        c1.post_form(&link, &forms[1]),
        c2.post_form(&link, &forms[2]),
        c3.post_form(&link, &forms[3]),
    );
    let answers = [r0, r1, r2, r3];
    let statuses: Vec<_> = answers.iter().map(|r| r.status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count(), 1, "{statuses:?}");
    for r in answers.iter().filter(|r| r.status != StatusCode::SEE_OTHER) {
        assert!(!r.status.is_server_error(), "{}", r.body);
        assert!(r.text().contains("déjà") || r.status == StatusCode::NOT_FOUND, "{}", r.text());
    }
}

#[tokio::test]
async fn deactivation_ends_sessions_and_tokens_and_reactivation_revives_neither() {
    let app = TestApp::new().await;
    let token = crate::api::token_for(&app, Role::Elected).await;
    let mut elected = app.signed_in(Role::Elected).await;
    let mut api = app.client();
    api.bearer = Some(token);
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::OK);
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let id = app.a().elected_user_id.to_string();
    coordinator.post_form(&format!("/utilisateurs/{id}"), &[("role", "elected")]).await;
    coordinator.post_form(&format!("/utilisateurs/{id}"), &[("role", "elected"), ("active", "1")]).await;
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "the token stays revoked");
    assert!(elected.get("/").await.location().starts_with("/connexion"), "the session stays ended");
    assert_eq!(app.signed_in(Role::Elected).await.get("/").await.status, StatusCode::OK, "signing in again works");
}

#[tokio::test]
async fn inviting_an_address_known_elsewhere_looks_like_any_invitation_and_adds_a_territory() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let known = email(Role::CafPartner, "b");
    let r = coordinator
        .post_form("/utilisateurs", &[("email", &known), ("display_name", "Julie"), ("role", "elected")])
        .await;
    let fresh = coordinator
        .post_form("/utilisateurs", &[("email", "inconnue@caf.fr"), ("display_name", "Julie"), ("role", "elected")])
        .await;
    assert_eq!((r.status, fresh.status), (StatusCode::OK, StatusCode::OK), "{}", r.text());
    let shape = |t: String, address: &str| {
        let t = t.replace(address, "X");
        let start = t.find("/invitation/mlg_").unwrap();
        let end = start + t[start..].find(' ').unwrap();
        format!("{}{}", &t[..start], &t[end..]).split("Comptes (").next().unwrap().to_owned()
    };
    assert_eq!(shape(r.text(), &known), shape(fresh.text(), "inconnue@caf.fr"), "nothing tells the address exists");
    let link = invitation_path(&r.body);

    // The link alone is not enough: whoever saw it (the inviting
    // coordinator, without a mail server) cannot accept for the account.
    let mut stranger = app.client();
    let page = stranger.get(&link).await;
    assert!(page.text().contains("Vous avez déjà un compte Maillage"), "{}", page.text());
    assert!(page.text().contains("connectez-vous avec l'adresse") && !page.text().contains("Accepter l'accès"));
    let r = stranger.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains(&format!("Connectez-vous d'abord avec le compte {known}")), "{}", r.text());
    let r = coordinator.post_form(&link, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "nor another signed-in account");

    // The CAF advisor accepts from their own session: no new password.
    let mut advisor = app.client();
    assert_eq!(advisor.login(&known, PASSWORD).await.status, StatusCode::SEE_OTHER);
    let page = advisor.get(&link).await;
    assert!(page.text().contains("Accepter l'accès"), "{}", page.text());
    let r = advisor.post_form(&link, &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    assert_eq!(advisor.login(&known, PASSWORD).await.status, StatusCode::SEE_OTHER);
    let home = advisor.get("/api/v1/me").await;
    assert_eq!(home.status, StatusCode::OK);
    // Two territories now: the switcher is in the header, and each keeps its role.
    let page = advisor.get("/compte/jetons").await;
    assert!(page.text().contains("Territoire Territoire a Territoire b"), "{}", page.text());
    let a_id = app.a().territory_id.to_string();
    let r = advisor.post_form("/territoire", &[("territory_id", &a_id)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let me = advisor.get("/api/v1/me").await.json();
    assert_eq!((me["territory"].as_str(), me["role"].as_str()), (Some("Territoire a"), Some("elected")));
    assert_eq!(
        advisor.get(&format!("/conventions/{}", app.b().convention_id)).await.status,
        StatusCode::NOT_FOUND,
        "A's session sees nothing of B"
    );
    let b_id = app.b().territory_id.to_string();
    advisor.post_form("/territoire", &[("territory_id", &b_id)]).await;
    let me = advisor.get("/api/v1/me").await.json();
    assert_eq!((me["territory"].as_str(), me["role"].as_str()), (Some("Territoire b"), Some("caf_partner")));
    // A territory the account has no grant in cannot be chosen.
    let mut elected = app.signed_in(Role::Elected).await;
    let r = elected.post_form("/territoire", &[("territory_id", &b_id)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
