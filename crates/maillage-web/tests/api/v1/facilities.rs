//! /api/v1/facilities/{id}/vacancies: a facility's own software pushes its
//! free places with its manager's token, under the grid's rules.

use axum::http::StatusCode;
use maillage_domain::Role;
use serde_json::json;

use crate::api::{token_for, token_with};
use crate::common::TestApp;

#[tokio::test]
async fn a_facilitys_software_pushes_its_free_places_with_a_token() {
    let app = TestApp::new().await;
    let mut software = app.client();
    software.bearer = Some(token_for(&app, Role::FacilityManager).await);
    let path = format!("/api/v1/facilities/{}/vacancies", app.a().facility_id);

    let before = software.get(&path).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    let before = before.json();
    assert_eq!(before["facility"], "Multi-accueil Les Lucioles");
    assert_eq!(before["authorised_today"], json!({"infant": 8, "toddler": 16, "preschool": 0}));
    assert!(before["declaration"].is_null());

    let body = json!({"available_from": "2025-01-06", "free": {"mon": {"infant": 2}, "thu": {"toddler": 3}}});
    let r = software.json("PUT", &path, body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = &r.json()["declaration"];
    assert_eq!(d["available_from"], "2025-01-06");
    assert_eq!(d["declared_on"], "2024-11-15");
    assert_eq!(d["to_confirm"], false);
    assert_eq!(
        d["free"],
        json!({"mon": {"infant": 2, "toddler": 0, "preschool": 0}, "thu": {"infant": 0, "toddler": 3, "preschool": 0}})
    );
    assert_eq!(software.get(&path).await.json()["declaration"], *d, "a GET reads what the PUT recorded");

    // The relais sees it on the facility's sheet, declared by the manager.
    let mut relais = app.signed_in(Role::Relais).await;
    let sheet = relais.get(&format!("/etablissements/{}", app.a().facility_id)).await.text();
    assert!(sheet.contains("Places disponibles déclarées le 15/11/2024 par Gestionnaire"), "{sheet}");
}

#[tokio::test]
async fn refused_declarations_name_the_field_and_change_nothing() {
    let app = TestApp::new().await;
    let mut software = app.client();
    software.bearer = Some(token_for(&app, Role::FacilityManager).await);
    let path = format!("/api/v1/facilities/{}/vacancies", app.a().facility_id);
    let first = json!({"available_from": "2025-01-06", "free": {"tue": {"toddler": 1}}});
    assert_eq!(software.json("PUT", &path, first).await.status, StatusCode::OK);
    let recorded = software.get(&path).await.json();

    let cases = [
        (
            json!({"available_from": "2025-01-06", "free": {"mon": {"infant": 9}}}),
            "free.mon.infant",
            "au plus 8 places",
        ),
        (
            json!({"available_from": "2025-01-06", "free": {"sun": {"infant": 1}}}),
            "free.sun",
            "Champ inconnu ; les champs possibles sont : mon, tue, wed, thu, fri, sat.",
        ),
        (json!({"available_from": "2025-01-06", "free": {"mon": {"babies": 1}}}), "free.mon.babies", "Champ inconnu"),
        (json!({"available_from": "2025-01-06", "free": {"mon": {"infant": -1}}}), "free.mon.infant", "limites"),
        (
            json!({"available_from": "2025-01-06", "free": {"mon": {"infant": 99999999999u64}}}),
            "free.mon.infant",
            "limites",
        ),
        (json!({"available_from": "06/01/2025", "free": {}}), "available_from", "AAAA-MM-JJ"),
        (json!({"available_from": "2019-01-01", "free": {}}), "available_from", "Aucune place"),
        (json!({"free": {}}), "available_from", "obligatoire"),
    ];
    for (body, field, message) in cases {
        let r = software.json("PUT", &path, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", r.body);
        let problem = r.json();
        assert_eq!(r.headers["content-type"], "application/problem+json");
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        let said = problem["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(said.contains(message), "{body}: {said}");
    }
    assert_eq!(software.get(&path).await.json(), recorded, "nothing was written");
}

#[tokio::test]
async fn a_token_declares_only_for_the_facilities_its_owner_manages() {
    let app = TestApp::new().await;
    let mut manager = app.client();
    manager.bearer = Some(token_for(&app, Role::FacilityManager).await);
    let body = json!({"available_from": "2025-01-06", "free": {"mon": {"infant": 1}}});
    // The MAM of the same territory is not hers; a facility of another territory does not exist for her.
    let mam = format!("/api/v1/facilities/{}/vacancies", app.a().mam_id);
    assert_eq!(manager.get(&mam).await.status, StatusCode::FORBIDDEN);
    assert_eq!(manager.json("PUT", &mam, body.clone()).await.status, StatusCode::FORBIDDEN);
    let elsewhere = format!("/api/v1/facilities/{}/vacancies", app.b().facility_id);
    assert_eq!(manager.json("PUT", &elsewhere, body.clone()).await.status, StatusCode::NOT_FOUND);

    // A read-only token reads and never writes.
    let mut reader = app.client();
    reader.bearer = Some(token_with(&app, Role::FacilityManager, "read").await);
    let own = format!("/api/v1/facilities/{}/vacancies", app.a().facility_id);
    assert_eq!(reader.get(&own).await.status, StatusCode::OK);
    assert_eq!(reader.json("PUT", &own, body).await.status, StatusCode::FORBIDDEN);
    assert!(reader.get(&own).await.json()["declaration"].is_null());
}
