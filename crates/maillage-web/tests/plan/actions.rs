//! /actions/{id}: the fiche, its edit form, indicator values and journal.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_coordinator_edits_a_fiche_and_the_audit_log_shows_it() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let id = app.a().other_action_id();
    let form = c.get(&format!("/actions/{id}/modifier")).await;
    assert!(form.body.contains("name=\"version\" value=\"1\""));
    let r = c
        .post_form(
            &format!("/actions/{id}/modifier"),
            &[
                ("version", "1"),
                ("title", "Établir une cartographie des besoins"),
                ("status", "in_progress"),
                ("progress", "45"),
                ("lead_name", "Direction de l'Action Sociale"),
                ("starts_on", "2024-01-01"),
                ("ends_on", "2026-06-30"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("/actions/{id}").as_str()));
    let page = c.get(&format!("/actions/{id}")).await.text();
    assert!(page.contains("Fiche enregistrée."));
    assert!(page.contains("Établir une cartographie des besoins"));
    assert!(page.contains("En cours") && page.contains("Avancement 45 %"));
    let audit = c.get("/journal-des-modifications?entity=action").await.text();
    assert!(audit.contains("Avancement : « 0 % » → « 45 % »"), "{audit}");
    assert!(audit.contains("Coordinateur·rice CTG a"));
}

#[tokio::test]
async fn a_form_with_errors_comes_back_with_messages_and_input_and_saves_nothing() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let id = app.a().other_action_id();
    let r = c
        .post_form(
            &format!("/actions/{id}/modifier"),
            &[
                ("version", "1"),
                ("title", ""),
                ("status", "in_progress"),
                ("progress", "140"),
                ("lead_name", "Mon service"),
                ("starts_on", "2025-01-01"),
                ("ends_on", "2024-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Rien n'a été enregistré : 3 champs sont à corriger"), "{text}");
    assert!(r.body.contains(
        "<li><a href=\"#progress\">Avancement (%) : L&#39;avancement est un nombre entier de 0 à 100.</a></li>"
    ));
    assert!(text.contains("Ce champ est obligatoire."));
    assert!(text.contains("L'avancement est un nombre entier de 0 à 100."));
    assert!(text.contains("La date de fin doit suivre la date de début."));
    assert!(r.body.contains("value=\"Mon service\""), "input kept");
    assert!(r.body.contains(
        "id=\"progress\" name=\"progress\" value=\"140\" aria-invalid=\"true\" aria-describedby=\"progress-error\""
    ));
    let page = c.get(&format!("/actions/{id}")).await.text();
    assert!(page.contains("À lancer") && !page.contains("Mon service"));
}

#[tokio::test]
async fn saving_a_stale_fiche_is_refused_and_shows_what_changed() {
    let app = TestApp::new().await;
    let id = app.a().led_action_id();
    let mut lead = app.signed_in(Role::ActionLead).await;
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    // Both open the form at version 1; the lead saves first.
    let r = lead
        .post_form(&format!("/actions/{id}/modifier"), &[("version", "1"), ("status", "postponed"), ("progress", "25")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = coordinator
        .post_form(
            &format!("/actions/{id}/modifier"),
            &[("version", "1"), ("title", "Titre du coordinateur"), ("status", "in_progress"), ("progress", "60")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let text = r.text();
    assert!(text.contains("Cette fiche a été modifiée par quelqu'un d'autre"));
    assert!(text.contains("Statut : désormais « Reportée »"), "{text}");
    assert!(text.contains("Avancement : désormais « 25 »"));
    assert!(r.body.contains("value=\"Titre du coordinateur\""), "the coordinator's input is kept");
    let page = coordinator.get(&format!("/actions/{id}")).await.text();
    assert!(page.contains("Reportée") && !page.contains("Titre du coordinateur"));
}

#[tokio::test]
async fn the_lead_records_an_actual_value_and_a_journal_note() {
    let app = TestApp::new().await;
    let id = app.a().led_action_id();
    let mut lead = app.signed_in(Role::ActionLead).await;
    let indicator = app.a().indicator_id().to_string();
    let r = lead
        .post_form(
            &format!("/actions/{id}/indicateurs"),
            &[("indicator_id", &indicator), ("year", "2025"), ("actual", "131,5"), ("source", "Registre")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = lead
        .post_form(&format!("/actions/{id}/journal"), &[("written_on", "2024-03-04"), ("body", "Réunion avec la PMI")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = lead.get(&format!("/actions/{id}")).await.text();
    assert!(page.contains("2025 — 131,5"), "{page}");
    assert!(page.contains("04/03/2024 — Pilote d'action a Réunion avec la PMI"), "{page}");
    let r = lead
        .post_form(
            &format!("/actions/{id}/indicateurs"),
            &[("indicator_id", &indicator), ("year", "vingt"), ("actual", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "the same page, answered 422");
    let ind = app.a().indicator_id();
    for link in [
        format!(
            "<a href=\"#year-{ind}\">Année de « Demandes enregistrées » : Année invalide : de 1900 à 2100 (exemple : 2025).</a>"
        ),
        format!(
            "<a href=\"#actual-{ind}\">Valeur réalisée de « Demandes enregistrées » : Nombre invalide (exemple : 12,5).</a>"
        ),
    ] {
        assert!(r.body.contains(&link), "the summary links each error to its field: {link}\n{}", r.body);
    }
    assert!(r.body.contains("class=\"error-summary\" id=\"erreurs\" role=\"alert\" tabindex=\"-1\" autofocus"));
    assert!(
        r.body.contains(&format!(
            "id=\"actual-{ind}\" name=\"actual\" inputmode=\"decimal\" size=\"8\" value=\"x\" aria-invalid=\"true\""
        )),
        "the input is kept and marked"
    );
    assert!(!r.body.contains("class=\"flash\""), "no message styled as a success");
    let r = lead.post_form(&format!("/actions/{id}/journal"), &[("written_on", "2024-03-05"), ("body", "  ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<a href=\"#body\">Ce champ est obligatoire.</a>"), "{}", r.body);
    assert!(r.body.contains("type=\"date\" value=\"2024-03-05\""), "the date typed is kept");
}

#[tokio::test]
async fn setting_a_target_keeps_the_actual_value_and_its_source() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(Role::ActionLead).await;
    let (id, indicator) = (app.a().led_action_id(), app.a().indicator_id().to_string());
    let path = format!("/actions/{id}/indicateurs");
    let r = lead.post_form(&path, &[("indicator_id", &indicator), ("year", "2024"), ("source", "Registre")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let r = coordinator
        .post_form(
            &path,
            &[("indicator_id", &indicator), ("year", "2024"), ("target", "300"), ("actual", ""), ("source", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let value = &coordinator.get(&format!("/api/v1/actions/{id}")).await.json()["indicators"][0]["values"][0];
    assert_eq!(value["target"], 300.0);
    assert_eq!(value["actual"], 80.0, "the actual value is kept");
    assert_eq!(value["source"], "Registre", "the source is kept");
}
