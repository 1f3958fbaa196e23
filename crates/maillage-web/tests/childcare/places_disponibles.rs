//! …/{id}/places-disponibles: free places by weekday and age band, on the
//! sheets of facilities and childminders.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_relais_declares_free_places_and_the_next_grid_starts_from_them() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = format!("/assistants-maternels/{}", app.a().childminder_id);
    assert!(relais.get(&sheet).await.text().contains("Aucune place disponible déclarée pour l'instant."));
    let r = relais
        .post_form(
            &format!("{sheet}/places-disponibles"),
            &[
                ("available_from", "2025-01-06"),
                ("mon_toddler", "1"),
                ("tue_toddler", "1"),
                ("thu_infant", "1"),
                ("fri_toddler", ""),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("{sheet}#places").as_str()), "{}", r.text());
    let page = relais.get(&sheet).await;
    let text = page.text();
    assert!(text.contains("Places disponibles enregistrées."));
    assert!(text.contains("Places disponibles déclarées le 15/11/2024 par Animateur·rice du Relais Petite Enfance a, à partir du 06/01/2025."), "{text}");
    assert!(!text.contains("À confirmer"));
    assert!(
        page.body
            .contains("id=\"vacance-mon_toddler\" name=\"mon_toddler\" inputmode=\"numeric\" size=\"2\" value=\"1\""),
        "pre-filled with the last declaration"
    );
    assert!(
        page.body.contains("id=\"vacance-available_from\" name=\"available_from\" type=\"date\" value=\"2024-11-15\""),
        "from today"
    );
    assert!(text.contains("Places disponibles : « lundi 18 mois à 3 ans : 1 ; mardi 18 mois à 3 ans : 1 ; jeudi moins de 18 mois : 1 »"), "history: {text}");
}

#[tokio::test]
async fn a_free_place_cannot_exceed_the_approval_and_nothing_is_written() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let sheet = format!("/assistants-maternels/{}", app.a().childminder_id);
    // Awa is approved for 1 infant and 2 toddlers.
    let r = c
        .post_form(
            &format!("{sheet}/places-disponibles"),
            &[
                ("available_from", "2025-01-06"),
                ("mon_infant", "2"),
                ("tue_toddler", "beaucoup"),
                ("wed_preschool", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Rien n'a été enregistré : 3 champs sont à corriger"), "{text}");
    assert!(
        text.contains("Le lundi, moins de 18 mois : au plus 1 place, le nombre de l'agrément ou de l'autorisation."),
        "{text}"
    );
    assert!(text.contains("Le mercredi, 3 à 6 ans : au plus 0 place"), "{text}");
    assert!(r.body.contains("<a href=\"#vacance-tue_toddler\">Un nombre entier"), "linked to its cell");
    assert!(r.body.contains("value=\"beaucoup\""), "what was typed is kept");
    assert!(c.get(&sheet).await.text().contains("Aucune place disponible déclarée pour l'instant."));

    let r = c
        .post_form(&format!("{sheet}/places-disponibles"), &[("available_from", "2019-01-01"), ("mon_infant", "1")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Aucune place agréée ou autorisée à cette date : enregistrez d'abord la capacité."),
        "{}",
        r.text()
    );
    let r = c
        .post_form(&format!("{sheet}/places-disponibles"), &[("available_from", "2025-02-30"), ("mon_infant", "1")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Date invalide"), "{}", r.text());
    assert!(r.text().contains("un champ est à corriger"), "the date only, not the cells it decides: {}", r.text());
}

#[tokio::test]
async fn a_declaration_older_than_three_months_is_to_be_confirmed() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Relais).await;
    let sheet = format!("/etablissements/{}", app.a().facility_id);
    let r = c
        .post_form(&format!("{sheet}/places-disponibles"), &[("available_from", "2024-11-18"), ("mon_infant", "2")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(!c.get(&sheet).await.text().contains("À confirmer"));
    drop(c);
    app.set_today("2025-02-16");
    let mut c = app.signed_in(Role::Relais).await;
    let text = c.get(&sheet).await.text();
    assert!(text.contains("Places disponibles déclarées le 15/11/2024"), "{text}");
    assert!(text.contains("À confirmer : déclaration de plus de trois mois."), "{text}");
}
