//! Indicators that follow a figure Maillage computes (« chiffres
//! calculés »): chosen on the fiche's components, computed at every read,
//! the source named, no actual value typed over them.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{TestApp, request_form};

/// The fixture's « Demandes enregistrées » (action 1.1), made to follow `figure`.
async fn follow(app: &TestApp, figure: &str) -> axum::http::StatusCode {
    let mut c = app.signed_in(Role::Coordinator).await;
    let fields = [("name", "Demandes enregistrées"), ("unit", ""), ("direction", "increase"), ("live_figure", figure)];
    c.post_form(&format!("/indicateurs/{}", app.a().indicator_id()), &fields).await.status
}

#[tokio::test]
async fn an_indicator_follows_the_requests_received_and_names_its_source() {
    let app = TestApp::new().await;
    assert_eq!(follow(&app, "childcare.requests.received").await, StatusCode::SEE_OTHER);
    let action = format!("/actions/{}", app.a().led_action_id());
    let mut lead = app.signed_in(Role::ActionLead).await;
    let fiche = lead.get(&action).await.text();
    assert!(fiche.contains("Valeurs réalisées calculées par Maillage, chaque fois que la fiche est lue : Demandes d'accueil reçues dans l'année."), "{fiche}");
    // The fixture's request, filed on 15 November 2024: the typed 80 is gone.
    assert!(
        fiche
            .contains("2024 100 1 1 % de la cible Maillage, demandes d'accueil du guichet unique, au 15 novembre 2024"),
        "{fiche}"
    );
    assert!(!fiche.contains("Saisir une valeur de « Demandes enregistrées »"), "nothing for the lead to type");

    // A request filed by the relais counts at the next read.
    let mut relais = app.signed_in(Role::Relais).await;
    let form = request_form(&[]);
    let fields: Vec<(&str, &str)> = form.pairs().collect();
    assert_eq!(relais.post_form("/demandes/nouvelle", &fields).await.status, StatusCode::SEE_OTHER);
    assert!(lead.get(&action).await.text().contains("2024 100 2 2 % de la cible"));

    // A value typed anyway is refused on its field, and nothing changes.
    let id = app.a().indicator_id().to_string();
    let r = lead
        .post_form(&format!("{action}/indicateurs"), &[("indicator_id", &id), ("year", "2024"), ("actual", "500")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().contains("Cet indicateur suit un chiffre calculé par Maillage : sa valeur réalisée ne se saisit pas."),
        "{}",
        r.text()
    );
    let r = lead
        .json("PUT", &format!("/api/v1/indicators/{id}/values/2024"), serde_json::json!({"actual": 500, "source": "x"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // The coordinator still sets the targets.
    let mut c = app.signed_in(Role::Coordinator).await;
    let r = c
        .post_form(&format!("{action}/indicateurs"), &[("indicator_id", &id), ("year", "2024"), ("target", "4")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    assert!(lead.get(&action).await.text().contains("2024 4 2 50 % de la cible"));

    // The API and the exports read the same computed values.
    let json = lead.get(&format!("/api/v1/actions/{}", app.a().led_action_id())).await.json();
    let indicator = &json["indicators"][0];
    assert_eq!(indicator["live_figure"], "childcare.requests.received");
    let year = indicator["values"].as_array().unwrap().iter().find(|v| v["year"] == 2024).unwrap();
    assert_eq!((year["actual"].as_f64(), year["target"].as_f64()), (Some(2.0), Some(4.0)));
    let csv = c.get(&format!("/conventions/{}/export/indicateurs.csv", app.a().convention_id)).await.body;
    assert!(csv.lines().any(|l| l.contains("Demandes enregistrées") && l.contains(";2;")), "{csv}");

    let audit = c.get("/journal-des-modifications?entity=indicator").await.text();
    assert!(audit.contains("Chiffre calculé suivi : « » → « Demandes d'accueil reçues dans l'année »"), "{audit}");
}

#[tokio::test]
async fn places_are_taken_on_31_december_and_the_current_year_today() {
    let app = TestApp::new().await;
    assert_eq!(follow(&app, "childcare.places").await, StatusCode::SEE_OTHER);
    let fiche =
        app.signed_in(Role::Coordinator).await.get(&format!("/actions/{}", app.a().led_action_id())).await.text();
    // The multi-accueil's 20 places became 24 on 1 September 2024; the MAM
    // holds 8, the childminder 3.
    assert!(
        fiche.contains("2023 — 31 Non renseigné Maillage, registres de l'offre d'accueil, au 31 décembre 2023"),
        "{fiche}"
    );
    assert!(
        fiche.contains("2024 100 35 35 % de la cible Maillage, registres de l'offre d'accueil, au 15 novembre 2024"),
        "{fiche}"
    );
    assert!(!fiche.contains("2025 —"), "a year to come has no value: {fiche}");
}

#[tokio::test]
async fn a_figure_that_does_not_exist_is_refused_next_to_the_field() {
    let app = TestApp::new().await;
    assert_eq!(follow(&app, "childcare.places.%0A").await, StatusCode::UNPROCESSABLE_ENTITY);
    let mut c = app.signed_in(Role::Coordinator).await;
    let page = c.get(&format!("/actions/{}/composantes", app.a().led_action_id())).await;
    assert!(page.body.contains("<option value=\"childcare.places.micro_creche\">"), "every figure is offered");
    let fiche = c.get(&format!("/actions/{}", app.a().led_action_id())).await.text();
    assert!(fiche.contains("2024 100 80"), "the typed value stays: {fiche}");
    let r = c
        .json(
            "PUT",
            &format!("/api/v1/indicators/{}", app.a().indicator_id()),
            serde_json::json!({"name": "Demandes", "direction": "increase", "live_figure": "places"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Choisissez un chiffre dans la liste"), "{}", r.body);
}
