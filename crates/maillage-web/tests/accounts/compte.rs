//! /compte and the menu every signed-in page carries.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

/// The main menu's labels, in order.
fn menu(body: &str) -> Vec<String> {
    let nav = &body[body.find("<nav aria-label=\"Navigation principale\">").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    nav.split("<a ")
        .skip(1)
        .map(|a| a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()].replace("&#39;", "'"))
        .collect()
}

#[tokio::test]
async fn each_role_sees_the_menu_of_what_it_may_open() {
    let app = TestApp::new().await;
    let expected: [(Role, &[&str]); 6] = [
        (
            Role::Coordinator,
            &[
                "Tableau de bord",
                "Offre d'accueil",
                "Demandes",
                "Statistiques",
                "Mes actions",
                "Comités",
                "Utilisateurs",
                "Messages envoyés",
                "Journal des modifications",
                "Mon compte",
            ],
        ),
        (Role::ActionLead, &["Tableau de bord", "Mes actions", "Comités", "Mon compte"]),
        (Role::Elected, &["Tableau de bord", "Statistiques", "Comités", "Mon compte"]),
        // The relais lands on the offer, its first page.
        (Role::Relais, &["Offre d'accueil", "Demandes", "Statistiques", "Mon compte"]),
        // A manager or a childminder comes to declare free places.
        (Role::FacilityManager, &["Mes places", "Mon compte"]),
        (Role::Childminder, &["Mes places", "Mon compte"]),
    ];
    for (role, items) in expected {
        let mut c = app.signed_in(role).await;
        let mut page = c.get("/").await;
        let landing = if page.location().is_empty() { "/".to_owned() } else { page.location().to_owned() };
        if landing != "/" {
            page = c.get(&landing).await;
        }
        assert_eq!(menu(&page.body), items, "{role:?}");
        let current = format!("<a href=\"{landing}\" aria-current=\"page\">");
        assert!(page.body.contains(&current), "{role:?}: the current page is marked");
    }
}

#[tokio::test]
async fn tokens_live_under_my_account_and_committees_lead_to_the_convention_in_force() {
    let app = TestApp::new().await;
    let mut elected = app.signed_in(Role::Elected).await;
    let account = elected.get("/compte").await;
    assert_eq!(account.status, StatusCode::OK);
    let text = account.text();
    assert!(text.contains("Rôle dans Territoire a Élu·e"), "{text}");
    assert!(account.body.contains("<a href=\"/compte\" aria-current=\"page\">Mon compte</a>"));
    assert!(account.body.contains("<a href=\"/compte/jetons\">Jetons d'accès à l'API</a>"));
    let r = elected.get("/comites").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.location(), format!("/conventions/{}/comites", app.a().convention_id));
    let meetings = elected.get(r.location()).await;
    assert!(meetings.body.contains("<a href=\"/comites\" aria-current=\"page\">Comités</a>"), "{}", meetings.body);
}

/// Who is signed in is kept between requests (see `AppState::signed_in`):
/// a change of role must still show on the very next page.
#[tokio::test]
async fn a_new_role_shows_on_the_next_page() {
    let app = TestApp::new().await;
    let mut elected = app.signed_in(Role::Elected).await;
    assert!(!menu(&elected.get("/").await.body).contains(&"Mes actions".to_owned()));
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let path = format!("/utilisateurs/{}", app.a().elected_user_id);
    let r = coordinator.post_form(&path, &[("role", "action_lead"), ("active", "on")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(menu(&elected.get("/").await.body).contains(&"Mes actions".to_owned()), "the new role at once");
    assert_eq!(elected.get("/mes-actions").await.status, StatusCode::OK);
}
