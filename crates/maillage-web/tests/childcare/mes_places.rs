//! /mes-places: childminders and facility managers declare their own free
//! places; the relais links their accounts to the registers' records.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{PASSWORD, TestApp, email};

#[tokio::test]
async fn a_childminder_signs_in_and_declares_her_free_places() {
    let app = TestApp::new().await;
    let mut awa = app.client();
    assert_eq!(awa.login(&email(Role::Childminder, "a"), PASSWORD).await.status, StatusCode::SEE_OTHER);
    assert_eq!(awa.get("/").await.location(), "/mes-places", "she lands on her places");
    let page = awa.get("/mes-places").await;
    let text = page.text();
    assert!(text.contains("Awa Diallo"), "{text}");
    assert!(
        text.contains("Places agréées ou autorisées aujourd'hui : 1 de moins de 18 mois, 2 de 18 mois à 3 ans"),
        "{text}"
    );
    assert!(text.contains("Vous n'avez pas encore déclaré de places."));
    let path = format!("/mes-places/assistant-maternel/{}", app.a().childminder_id);
    let r = awa.post_form(&path, &[("available_from", "2024-12-02"), ("mon_toddler", "1"), ("thu_toddler", "1")]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/mes-places"), "{}", r.text());
    let page = awa.get("/mes-places").await;
    assert!(page.text().contains("Merci : vos places disponibles sont enregistrées."));
    let prefilled = format!(
        "id=\"am{}-mon_toddler\" name=\"mon_toddler\" inputmode=\"numeric\" size=\"2\" value=\"1\"",
        app.a().childminder_id
    );
    assert!(page.body.contains(&prefilled), "the next grid starts from what she declared");
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = relais.get(&format!("/assistants-maternels/{}", app.a().childminder_id)).await.text();
    assert!(sheet.contains("Places disponibles déclarées le 15/11/2024 par Assistant·e maternel·le a"), "{sheet}");

    // Too many places for her approval: said next to the cell, nothing written.
    let r = awa.post_form(&path, &[("available_from", "2024-12-02"), ("tue_infant", "3")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Le mardi, moins de 18 mois : au plus 1 place"), "{}", r.text());
}

#[tokio::test]
async fn a_childminder_declares_for_herself_only_and_never_sees_the_registers() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let other = relais
        .post_form(
            "/assistants-maternels/nouveau",
            &[
                ("first_name", "Nadia"),
                ("last_name", "Benali"),
                ("approval_number", "AM-9"),
                ("birth_year", "1975"),
                ("active", "on"),
            ],
        )
        .await;
    let other = other.location().trim_end_matches("#capacite").rsplit('/').next().unwrap().to_owned();
    let mut awa = app.signed_in(Role::Childminder).await;
    let r =
        awa.post_form(&format!("/mes-places/assistant-maternel/{other}"), &[("available_from", "2024-12-02")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = awa
        .post_form(&format!("/mes-places/etablissement/{}", app.a().facility_id), &[("available_from", "2024-12-02")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(awa.get("/assistants-maternels").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        awa.get(&format!("/assistants-maternels/{}", app.a().childminder_id)).await.status,
        StatusCode::FORBIDDEN
    );

    // Unlinked by the relais: the page says what to do, the grid is gone.
    let r =
        relais.post_form(&format!("/assistants-maternels/{}/compte", app.a().childminder_id), &[("user_id", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = awa.get("/mes-places").await.text();
    assert!(page.contains("Votre compte n'est relié à aucune fiche pour l'instant."), "{page}");
    let r = awa
        .post_form(
            &format!("/mes-places/assistant-maternel/{}", app.a().childminder_id),
            &[("available_from", "2024-12-02")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_manager_declares_for_the_facilities_they_manage() {
    let app = TestApp::new().await;
    let mut manager = app.signed_in(Role::FacilityManager).await;
    let page = manager.get("/mes-places").await.text();
    assert!(page.contains("Multi-accueil Les Lucioles") && !page.contains("MAM Les Petits Pas"), "{page}");
    let api = format!("PUT /api/v1/facilities/{}/vacancies", app.a().facility_id);
    assert!(page.contains(&api), "the manager learns how her software can send the same grid: {page}");
    let r = manager
        .post_form(
            &format!("/mes-places/etablissement/{}", app.a().facility_id),
            &[("available_from", "2025-01-06"), ("mon_infant", "2"), ("fri_toddler", "3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let r = manager
        .post_form(&format!("/mes-places/etablissement/{}", app.a().mam_id), &[("available_from", "2025-01-06")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "not their facility");

    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = format!("/etablissements/{}", app.a().facility_id);
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Gestionnaires en ligne"), "{text}");
    assert!(text.contains("Gestionnaire de structure a (facility_manager@a.test)"), "{text}");
    let remove = format!("{sheet}/gestionnaires/{}/retirer", app.a().facility_manager_user_id);
    assert_eq!(relais.post_form(&remove, &[]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(relais.post_form(&remove, &[]).await.status, StatusCode::SEE_OTHER, "a second click changes nothing");
    assert!(manager.get("/mes-places").await.text().contains("Votre compte n'est relié à aucune fiche"));
    let history = relais.get(&sheet).await.text();
    assert_eq!(
        history.matches("Gestionnaires en ligne de Multi-accueil Les Lucioles").count(),
        2,
        "added, removed once: {history}"
    );
}

#[tokio::test]
async fn only_an_active_account_of_the_right_role_can_be_linked() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let elected = app.a().elected_user_id.to_string();
    let link = format!("/assistants-maternels/{}/compte", app.a().childminder_id);
    let r = relais.post_form(&link, &[("user_id", &elected)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Choisissez un compte d'assistant·e maternel·le actif dans la liste."), "{}", r.text());
    assert!(r.body.contains("<a href=\"#compte-user_id\">"), "the summary leads to the list");
    let b_account = app.b().childminder_user_id.to_string();
    let r = relais.post_form(&link, &[("user_id", &b_account)]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "another territory's account is not offered");
    let r = relais
        .post_form(&format!("/etablissements/{}/gestionnaires", app.a().facility_id), &[("user_id", "abc")])
        .await;
    assert!(r.text().contains("Choisissez un compte de gestionnaire de structure actif dans la liste."));
}
