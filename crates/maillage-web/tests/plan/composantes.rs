//! /actions/{id}/composantes: milestones, budget lines and indicators.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn a_missed_milestone_makes_the_action_late_until_it_is_done() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let id = app.a().other_action_id();
    let r = c
        .post_form(&format!("/actions/{id}/jalons"), &[("title", "Carte présentée aux élus"), ("due_on", "2024-09-30")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let fiche = c.get(&format!("/actions/{id}")).await.text();
    assert!(fiche.contains("En retard : jalon « Carte présentée aux élus » prévu le 30/09/2024"), "{fiche}");

    let parts = c.get(&format!("/actions/{id}/composantes")).await;
    let start = parts.body.find("action=\"/jalons/").unwrap() + "action=\"/jalons/".len();
    let milestone: String = parts.body[start..].chars().take_while(char::is_ascii_digit).collect();
    let r = c
        .post_form(
            &format!("/jalons/{milestone}"),
            &[("title", "Carte présentée aux élus"), ("due_on", "2024-09-30"), ("done_on", "2024-10-02")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let fiche = c.get(&format!("/actions/{id}")).await.text();
    assert!(fiche.contains("réalisé le 02/10/2024") && !fiche.contains("En retard"), "{fiche}");
}

#[tokio::test]
async fn a_wrong_row_comes_back_with_its_errors_and_input_and_saves_nothing() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let id = app.a().led_action_id();
    let r = c
        .post_form(
            &format!("/actions/{id}/budget"),
            &[("year", "2031"), ("funder", "Département"), ("planned", "12 500,50"), ("spent", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Rien n'a été enregistré : corrigez les champs signalés."));
    assert!(text.contains("Une année de la convention, de 2023 à 2026."));
    assert!(text.contains("En euros entiers, sans centimes (exemple : 12 500)."));
    assert!(r.body.contains("id=\"b-new-funder\" name=\"funder\" value=\"Département\""), "input kept");
    // The same funder and year twice.
    let r =
        c.post_form(&format!("/actions/{id}/budget"), &[("year", "2024"), ("funder", "CAF"), ("planned", "10")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Ce financeur a déjà une ligne pour 2024 : modifiez-la plutôt."));
    let fiche = c.get(&format!("/actions/{id}")).await.text();
    assert!(fiche.contains("2024 CAF 1 000 € 400 €") && !fiche.contains("Département"), "{fiche}");
}

#[tokio::test]
async fn budget_changes_show_on_the_dashboard_and_in_the_audit_log() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let line = app.a().budget_line_id();
    let r = c
        .post_form(
            &format!("/budget/{line}"),
            &[("year", "2024"), ("funder", "CAF"), ("planned", "1 000"), ("spent", "900")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let dashboard = c.get(&format!("/conventions/{}", app.a().convention_id)).await.text();
    assert!(dashboard.contains("CAF 900 € / 1 000 € 90 %"), "{dashboard}");
    let audit = c.get("/journal-des-modifications?entity=budget_line").await.text();
    assert!(audit.contains("Dépensé : « 400 » → « 900 »"), "{audit}");
}

#[tokio::test]
async fn deleting_asks_first_and_then_removes_the_indicator_and_its_values() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let indicator = app.a().indicator_id();
    let confirm = c.get(&format!("/indicateurs/{indicator}/supprimer")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    let text = confirm.text();
    assert!(text.contains("Supprimer l'indicateur « Demandes enregistrées » ?"));
    assert!(text.contains("Sa valeur annuelle (cible et réalisé) sera supprimée avec lui."));
    assert!(
        c.get(&format!("/actions/{}", app.a().led_action_id())).await.text().contains("Demandes enregistrées"),
        "GET deletes nothing"
    );

    let r = c.post_form(&format!("/indicateurs/{indicator}/supprimer"), &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let fiche = c.get(&format!("/actions/{}", app.a().led_action_id())).await.text();
    assert!(
        !fiche.contains("Demandes enregistrées") && fiche.contains("Délai de réponse (jours)"),
        "only the other indicator is left"
    );
    let audit = c.get("/journal-des-modifications?entity=indicator").await.text();
    assert!(audit.contains("Indicateur « Demandes enregistrées » supprimé"));
    assert!(audit.contains("Valeurs annuelles : « 1 » → « 0 »"), "{audit}");

    let r = c
        .post_form(
            &format!("/actions/{}/indicateurs/nouveau", app.a().led_action_id()),
            &[
                ("name", "Places créées"),
                ("unit", "places"),
                ("direction", "increase"),
                ("baseline", "12"),
                ("baseline_year", "2022"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(c.get(&format!("/actions/{}", app.a().led_action_id())).await.text().contains("Places créées (places)"));
}

#[tokio::test]
async fn rows_of_another_territory_are_not_found() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let b = app.b();
    assert_eq!(c.get(&format!("/actions/{}/composantes", b.led_action_id())).await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get(&format!("/budget/{}/supprimer", b.budget_line_id())).await.status, StatusCode::NOT_FOUND);
    let r = c.post_form(&format!("/budget/{}/supprimer", b.budget_line_id()), &[]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = c.post_form(&format!("/jalons/{}", b.milestone_id()), &[("title", "x"), ("due_on", "2024-01-01")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn amounts_are_typed_and_shown_the_way_people_write_them() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let page = c.get(&format!("/actions/{}/composantes", app.a().led_action_id())).await;
    assert!(page.body.contains("inputmode=\"decimal\" size=\"11\" value=\"1\u{202f}000\""), "1 000, not 1000");
    let line = format!("/budget/{}", app.a().budget_line_id());
    let r =
        c.post_form(&line, &[("year", "2024"), ("funder", "CAF"), ("planned", "12 500 €"), ("spent", "4 000")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let text = c.get(&format!("/conventions/{}", app.a().convention_id)).await.text();
    assert!(text.contains("CAF : 4 000 € dépensés sur 12 500 € prévus (32 %)"), "{text}");
}
