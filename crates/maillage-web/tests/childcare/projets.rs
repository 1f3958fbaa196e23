//! /projets: a facility project from its first contact to its opening,
//! when it joins the register with its planned places.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn a_project_goes_from_first_contact_to_the_register() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let list = relais.get("/projets").await.text();
    assert!(list.contains("MAM Les Coccinelles") && list.contains("12 places prévues"), "{list}");

    // A new project: refused next to its fields, then recorded at its first contact.
    let r = relais.post_form("/projets/nouveau", &[("name", "Micro-crèche des Lilas"), ("kind", "garderie")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(
        text.contains("Choisissez le type d'accueil dans la liste.")
            && text.contains("Indiquez au moins une place prévue."),
        "{text}"
    );
    let fields = [
        ("name", "Micro-crèche des Lilas"),
        ("holder", "SAS Petits Pas"),
        ("kind", "micro_creche"),
        ("infant", "3"),
        ("toddler", "7"),
        ("sector", "Nord"),
        ("expected_opening", "2025-06-01"),
    ];
    let r = relais.post_form("/projets/nouveau", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sheet = r.location().to_owned();
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Premier contact") && text.contains("3 de moins de 18 mois, 7 de 18 mois à 3 ans"), "{text}");

    // Steps go forward in time; the opening is not a step.
    let r = relais
        .post_form(&format!("{sheet}/etapes"), &[("version", "1"), ("stage", "premises"), ("on", "2024-10-01")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Une étape suit la précédente"), "{}", r.text());
    let r = relais
        .post_form(&format!("{sheet}/etapes"), &[("version", "1"), ("stage", "opened"), ("on", "2024-11-15")])
        .await;
    assert!(r.text().contains("L'ouverture s'enregistre avec « Ouvrir l'établissement »"), "{}", r.text());
    let r = relais
        .post_form(
            &format!("{sheet}/etapes"),
            &[("version", "1"), ("stage", "premises"), ("on", "2024-11-15"), ("note", "Rez-de-chaussée, 120 m²")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());

    // Opening: the facility as the register holds it, all or nothing.
    let r = relais
        .post_form(
            &format!("{sheet}/ouverture"),
            &[
                ("version", "2"),
                ("opened_on", "2024-11-15"),
                ("name", "Micro-crèche des Lilas"),
                ("kind", "micro_creche"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Rien n'a été enregistré"), "{}", r.text());
    assert!(!relais.get("/etablissements").await.text().contains("Micro-crèche des Lilas"), "nothing half written");
    let open = [
        ("version", "2"),
        ("opened_on", "2024-11-15"),
        ("name", "Micro-crèche des Lilas"),
        ("kind", "micro_creche"),
        ("manager", "SAS Petits Pas"),
        ("address", "4 rue des Lilas"),
        ("sector", "Nord"),
        ("funding", "paje"),
        ("mon", "on"),
        ("tue", "on"),
        ("opens_at", "07:30"),
        ("closes_at", "18:30"),
    ];
    let r = relais.post_form(&format!("{sheet}/ouverture"), &open).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let facility = relais.get(r.location()).await.text();
    assert!(facility.contains("Établissement ouvert et ajouté au registre"), "{facility}");
    assert!(
        facility.contains("15/11/2024") && facility.contains("(en cours)"),
        "the planned places from the opening: {facility}"
    );
    let text = relais.get(&sheet).await.text();
    assert!(text.contains("Ce projet est devenu un établissement du registre"), "{text}");
    assert!(
        text.contains("Ouverture") && text.contains("Local trouvé") && text.contains("Rez-de-chaussée, 120 m²"),
        "{text}"
    );
    assert!(!text.contains("Enregistrer une étape"), "an opened project takes no more steps");
    let r = relais
        .post_form(&format!("{sheet}/etapes"), &[("version", "3"), ("stage", "abandoned"), ("on", "2024-11-15")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = relais.get("/projets").await.text();
    assert!(list.contains("12 places prévues"), "the opened project's places no longer count as planned: {list}");
}

#[tokio::test]
async fn an_abandoned_project_stays_readable_and_changes_no_more() {
    let app = TestApp::new().await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let sheet = format!("/projets/{}", app.a().project_id);
    let r = coordinator
        .post_form(
            &format!("{sheet}/etapes"),
            &[("version", "1"), ("stage", "abandoned"), ("on", "2024-11-15"), ("note", "Pas de local")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let text = coordinator.get(&sheet).await.text();
    assert!(text.contains("Projet abandonné.") && text.contains("Abandon") && text.contains("Pas de local"), "{text}");
    assert!(coordinator.get("/projets").await.text().contains("0 place prévue"));
    let journal = coordinator.get("/journal-des-modifications?entity=facility_project").await.text();
    assert!(journal.contains("Projet MAM Les Coccinelles : abandon"), "{journal}");
    // A stale version is refused with what to do.
    let r = coordinator
        .post_form(
            &format!("{sheet}/modifier"),
            &[("version", "1"), ("name", "x"), ("holder", "x"), ("kind", "mam"), ("infant", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.text().contains("Étape : désormais « Abandon »"), "{}", r.text());
}
