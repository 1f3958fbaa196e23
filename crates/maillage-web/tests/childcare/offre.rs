//! /offre: the offer on a date, from dated capacities.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_offer_on_any_date_counts_the_capacities_valid_that_day() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    // Today (15 November 2024): the multi-accueil's 24, the MAM's 8, Awa's 3.
    let today = relais.get("/offre").await.text();
    assert!(today.contains("Places au 15 novembre 2024"), "{today}");
    assert!(today.contains("35 places pour les enfants de moins de 3 ans, 35 en tout."), "{today}");
    assert!(today.contains("Assistant·e·s maternel·le·s en activité 1 1 2 3 0 3"), "{today}");
    assert!(today.contains("Nord 2 11 11") && today.contains("Centre 1 24 24"), "by sector: {today}");
    // Before the multi-accueil grew on 1 September 2024.
    let before = relais.get("/offre?date=2024-08-31").await.text();
    assert!(before.contains("31 places pour les enfants de moins de 3 ans"), "{before}");
    // Before the MAM and the multi-accueil opened: only Awa.
    let early = relais.get("/offre?date=2019-12-31").await.text();
    assert!(early.contains("3 places pour les enfants de moins de 3 ans"), "{early}");
    assert!(relais.get("/offre?date=2019-04-30").await.text().contains("Aucune place enregistrée à cette date."));
}

#[tokio::test]
async fn a_childminder_who_stopped_working_leaves_the_offer() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Relais).await;
    let edit = format!("/assistants-maternels/{}/modifier", app.a().childminder_id);
    let mam = app.a().mam_id.to_string();
    let form = [
        ("version", "1"),
        ("first_name", "Awa"),
        ("last_name", "Diallo"),
        ("approval_number", "AM-001"),
        ("birth_year", "1968"),
        ("sector", "Nord"),
        ("mam_id", mam.as_str()),
    ];
    assert_eq!(c.post_form(&edit, &form).await.status, StatusCode::SEE_OTHER);
    let offer = c.get("/offre").await.text();
    assert!(offer.contains("32 places pour les enfants de moins de 3 ans"), "{offer}");
    let sheet = c.get(&format!("/assistants-maternels/{}", app.a().childminder_id)).await.text();
    assert!(sheet.contains("En activité : « oui » → « non »"), "{sheet}");
}

#[tokio::test]
async fn a_date_that_does_not_exist_is_said_and_today_shown() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    for bad in ["2024-02-30", "0000-01-01", "%0A2024", "%2B99999-01-01"] {
        let r = c.get(&format!("/offre?date={bad}")).await;
        assert_eq!(r.status, StatusCode::OK, "{bad}");
        let text = r.text();
        assert!(text.contains("Places au 15 novembre 2024"), "{bad}: {text}");
        assert!(text.contains("Date invalide") || text.contains("Une date entre 1900 et 2100."), "{bad}: {text}");
    }
}
