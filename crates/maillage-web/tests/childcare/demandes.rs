//! /demandes: the relais files a request for a family met in person or on
//! the phone, finds one by its code, opens it; each opening is audited.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{TestApp, request_form};

#[tokio::test]
async fn the_relais_files_a_request_for_a_family_on_the_phone() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let page = relais.get("/demandes/nouvelle").await;
    assert!(page.text().contains("lisez-lui le texte d'accord"), "{}", page.text());
    let form = request_form(&[
        ("email", ""),
        ("phone", "02 99 00 11 22"),
        ("child_born", "expected"),
        ("child_date", "2025-03-10"),
        ("start_on", "2025-09-01"),
    ]);
    let fields: Vec<(&str, &str)> = form.pairs().collect();
    let r = relais.post_form("/demandes/nouvelle", &fields).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let sheet = relais.get(r.location()).await;
    let text = sheet.text();
    assert!(text.contains("Donnez à la famille son lien de suivi personnel"), "{text}");
    assert!(text.contains("naissance prévue le 10 mars 2025") && text.contains("moins de 18 mois"), "{text}");
    assert!(text.contains("02 99 00 11 22"), "the relais sees the whole number: {text}");
    assert!(
        text.contains("Demande enregistrée par Animateur·rice du Relais Petite Enfance a pour la famille."),
        "{text}"
    );
    let link = text
        .split("(il ne sera plus affiché) : http://127.0.0.1:8080")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let code = text.split("Demande ").find_map(|s| s.get(..9).filter(|c| c.as_bytes()[4] == b'-')).unwrap().to_owned();

    // The family opens the link it was given.
    let mut family = app.client();
    assert!(family.get(&link).await.text().contains(&code));

    // Found by its code however it is typed; an unknown code is said so.
    let typed = code.replace('-', " ").to_lowercase();
    let r = relais.get(&format!("/demandes?code={}", typed.replace(' ', "+"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = relais.get("/demandes?code=ZZZZ-ZZZZ").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.text().contains("Aucune demande de ce territoire n'a le code ZZZZ-ZZZZ."), "{}", r.text());

    // Refused like the public form, next to the field, nothing written.
    let bad = request_form(&[("consent", ""), ("mode_1", ""), ("mode_2", "")]);
    let fields: Vec<(&str, &str)> = bad.pairs().collect();
    let r = relais.post_form("/demandes/nouvelle", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Choisissez au moins un mode d'accueil."), "{}", r.text());
    let list = relais.get("/demandes").await.text();
    assert!(list.contains("2 demandes"), "the fixture's and this one: {list}");
}

#[tokio::test]
async fn every_opening_of_a_request_is_in_the_audit_log_and_nothing_personal_is() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let id = app.a().request_id;
    for _ in 0..2 {
        assert_eq!(relais.get(&format!("/demandes/{id}")).await.status, StatusCode::OK);
    }
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let journal = coordinator.get("/journal-des-modifications?entity=care_request").await.text();
    assert_eq!(journal.matches("consultée").count(), 2, "{journal}");
    assert!(journal.contains("Animateur·rice du Relais Petite Enfance a Demande d'accueil"), "{journal}");
    assert!(!journal.contains("Camille") && !journal.contains("Léa"), "names stay out of the log: {journal}");

    // Another territory's relais does not find it.
    let mut other = app.signed_in_at(Role::Relais, "b").await;
    assert_eq!(other.get(&format!("/demandes/{id}")).await.status, StatusCode::NOT_FOUND);
}
