//! /connexion and /deconnexion: sign-in, throttling, session rotation, CSRF.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{PASSWORD, TestApp, email};

#[tokio::test]
async fn signing_in_leads_to_the_dashboard_and_rotates_the_session() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.get("/connexion").await;
    let before = c.csrf.clone();
    let r = c.login(&email(Role::Coordinator, "a"), PASSWORD).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/"));
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let page = c.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Convention Territoriale Globale 2023-2026"));
    assert_ne!(c.csrf, before, "the CSRF token is renewed at login");
}

#[tokio::test]
async fn a_wrong_password_says_so_in_french_and_keeps_the_email() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let r = c.login(&email(Role::Elected, "a"), "pas le bon mot de passe").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Adresse e-mail ou mot de passe incorrect."));
    assert!(r.body.contains("value=\"elected@a.test\""));
    assert_eq!(c.get("/").await.location(), "/connexion?suivant=%2F");
}

#[tokio::test]
async fn five_failures_make_the_account_wait_with_a_french_message() {
    let app = TestApp::new().await;
    let mut c = app.client();
    let who = email(Role::Coordinator, "a");
    for _ in 0..5 {
        assert_eq!(c.login(&who, "mauvais mot de passe").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = c.login(&who, PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("Trop de tentatives échouées. Réessayez dans 15 minutes."), "{}", r.text());
    // Another account is not affected.
    assert_eq!(c.login(&email(Role::Elected, "a"), PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_form_without_the_csrf_token_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let path = format!("/actions/{}/journal", app.a().led_action_id());
    let r = c.post_raw(&path, &[("body", "note sans jeton")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.text().contains("Ce formulaire a expiré"));
    let page = c.get(&format!("/actions/{}", app.a().led_action_id())).await;
    assert!(!page.text().contains("note sans jeton"));
}

#[tokio::test]
async fn a_form_from_another_origin_is_refused() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let csrf = c.csrf.clone().unwrap();
    let body = serde_urlencoded::to_string([("body", "note"), ("csrf_token", csrf.as_str())]).unwrap();
    let request = axum::http::Request::post(format!("/actions/{}/journal", app.a().led_action_id()))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(c.send(request).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn after_logout_the_old_cookie_opens_nothing() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    assert_eq!(c.get("/").await.status, StatusCode::OK);
    c.post_form("/deconnexion", &[]).await;
    let r = c.get("/").await;
    assert!(r.location().starts_with("/connexion"));
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = TestApp::new().await;
    let r = app.client().get("/connexion").await;
    let h = |name: &str| r.headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    assert!(h("content-security-policy").contains("script-src 'self'"));
    assert!(!h("content-security-policy").contains("unsafe-inline"));
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("x-frame-options"), "DENY");
    assert_eq!(h("referrer-policy"), "same-origin");
    assert!(!r.body.contains("<script"), "no inline script");
}

#[tokio::test]
async fn after_sign_in_only_a_path_of_this_site_is_followed() {
    let app = TestApp::new().await;
    for (next, expected) in [
        ("/actions/1", "/actions/1"),
        ("/\t/evil.example/", "/"),
        ("/\n/x", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
    ] {
        let mut c = app.client();
        c.get("/connexion").await;
        let r = c
            .post_form(
                "/connexion",
                &[("email", &email(Role::Elected, "a")), ("password", PASSWORD), ("suivant", next)],
            )
            .await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, expected), "suivant={next:?}");
    }
}

#[tokio::test]
async fn a_stranger_guessing_elsewhere_does_not_lock_the_owner_out() {
    let app = TestApp::new().await;
    let who = email(Role::Coordinator, "a");
    let mut stranger = app.client();
    stranger.addr = ([198, 51, 100, 7], 5000).into();
    for _ in 0..5 {
        assert_eq!(stranger.login(&who, "mauvais mot de passe").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(stranger.login(&who, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS, "guessing is slowed");
    let mut owner = app.client();
    owner.addr = ([203, 0, 113, 1], 5000).into();
    assert_eq!(owner.login(&who, PASSWORD).await.status, StatusCode::SEE_OTHER, "the owner signs in");
}

#[tokio::test]
async fn an_address_trying_many_accounts_must_wait() {
    let app = TestApp::new().await;
    let mut sprayer = app.client();
    sprayer.addr = ([198, 51, 100, 8], 5000).into();
    for i in 0..20 {
        let r = sprayer.login(&format!("personne{i}@mairie.fr"), "Printemps2026!").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = sprayer.login(&email(Role::Elected, "a"), PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().contains("Trop de tentatives échouées. Réessayez dans"), "{}", r.text());
    let mut other = app.client();
    other.addr = ([203, 0, 113, 2], 5000).into();
    assert_eq!(other.login(&email(Role::Elected, "a"), PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_guesses_are_throttled_like_successive_ones() {
    use tower::ServiceExt;
    let app = TestApp::new().await;
    let who = email(Role::Coordinator, "a");
    let csrf = "a".repeat(43);
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..15 {
        let router = app.router.clone();
        let body = serde_urlencoded::to_string([
            ("email", who.as_str()),
            ("password", &format!("mauvais mot de passe {i}")),
            ("csrf_token", csrf.as_str()),
        ])
        .unwrap();
        let request = axum::http::Request::post("/connexion")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", format!("maillage_csrf={csrf}"))
            .extension(axum::extract::ConnectInfo(std::net::SocketAddr::from(([198, 51, 100, 9], 4000))))
            .body(axum::body::Body::from(body))
            .unwrap();
        guesses.spawn(async move { router.oneshot(request).await.unwrap().status() });
    }
    let statuses = guesses.join_all().await;
    let checked = statuses.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let throttled = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, throttled), (5, 10), "{statuses:?}");
}
