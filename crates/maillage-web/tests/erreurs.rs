//! Error pages keep the frame: a person who meets a 403 or a 404 still has
//! the header, the menu and the demo banner to go on from.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{PASSWORD, TestApp};

#[tokio::test]
async fn refused_and_missing_pages_keep_the_menu_of_who_is_there() {
    let app = TestApp::new().await;
    let mut elected = app.signed_in(Role::Elected).await;
    for (path, status, title) in [
        ("/utilisateurs".to_owned(), StatusCode::FORBIDDEN, "Accès refusé"),
        (format!("/actions/{}", app.b().led_action_id()), StatusCode::NOT_FOUND, "Page introuvable"),
        ("/nulle-part".to_owned(), StatusCode::NOT_FOUND, "Page introuvable"),
    ] {
        let r = elected.get(&path).await;
        assert_eq!(r.status, status, "{path}");
        assert!(r.body.contains(&format!("<h1>{title}</h1>")), "{path}: {}", r.body);
        assert!(r.body.contains("<nav aria-label=\"Navigation principale\">"), "{path}: the menu stays");
        assert!(r.body.contains("Élu·e a (Élu·e)"), "{path}: who is signed in");
    }
    let r = app.client().get("/nulle-part").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains("Navigation principale"), "a visitor has no menu");
    let api = elected.get("/api/v1/nulle-part").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert!(api.json()["title"].is_string(), "the API answers its problem document");
}

#[tokio::test]
async fn the_demo_banner_stays_on_an_error_page() {
    let app = TestApp::new().await;
    let demo = maillage_db::territory::create(&app.db.conn, "demo", "Ville-de-Démo", true).await.unwrap();
    let cli = maillage_db::Actor::command_line(demo.id, "test");
    let cx = maillage_db::ops::Ctx { db: &app.db.conn, actor: &cli, today: chrono::NaiveDate::MIN };
    let email = "coord@demo.test";
    maillage_db::accounts::ops::create_user(&cx, email, "Camille", Role::Coordinator, PASSWORD).await.unwrap();
    let mut c = app.client();
    assert_eq!(c.login(email, PASSWORD).await.status, StatusCode::SEE_OTHER);
    let r = c.get("/actions/999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("Données de démonstration"), "{}", r.body);
}
