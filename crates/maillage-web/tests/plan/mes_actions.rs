//! /mes-actions: the action lead's landing page, with what is due.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{PASSWORD, TestApp, email};

#[tokio::test]
async fn an_action_lead_lands_on_their_actions_and_sees_what_is_due() {
    let app = TestApp::new().await;
    let mut c = app.client();
    c.get("/connexion").await;
    let form = [("email", email(Role::ActionLead, "a")), ("password", PASSWORD.to_owned()), ("suivant", String::new())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post_form("/connexion", &form).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/mes-actions"));
    let page = c.get("/mes-actions").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("1.1 Mettre en place un outil de suivi de l'offre et de la demande"), "{text}");
    assert!(!text.contains("1.2 "), "only the actions they lead: {text}");
    // On 2024-11-15, for action 1.1 (ends 31/12/2020, milestone due 15/01/2024, no 2023 value, no journal):
    for due in [
        "Échéance du 31/12/2020 dépassée de 1 415 jours",
        "Jalon « Guichet unique ouvert » prévu le 15/01/2024, 305 jours de retard",
        "Valeur 2023 de « Demandes enregistrées » à saisir.",
        "Aucune note au journal",
    ] {
        assert!(text.contains(due), "{due}: {text}");
    }
    assert!(
        page.body.contains(&format!("<a class=\"button\" href=\"/actions/{}\">Mettre à jour", app.a().led_action_id()))
    );
    assert!(page.body.contains("<a href=\"/mes-actions\" aria-current=\"page\">Mes actions</a>"), "the menu marks it");
    let fiche = c.get(&format!("/actions/{}", app.a().led_action_id())).await.text();
    assert!(fiche.contains("15/01/2024 — Guichet unique ouvert : en retard"), "{fiche}");
    assert!(fiche.contains("15/01/2030 — Bilan à mi-parcours : à venir"), "{fiche}");
}

#[tokio::test]
async fn a_note_in_the_journal_answers_the_reminder() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(Role::ActionLead).await;
    let path = format!("/actions/{}/journal", app.a().led_action_id());
    let r = lead.post_form(&path, &[("written_on", "2024-11-14"), ("body", "Réunion avec la PMI.")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let text = lead.get("/mes-actions").await.text();
    assert!(!text.contains("Aucune note au journal"), "{text}");
    assert!(text.contains("Valeur 2023 de « Demandes enregistrées » à saisir."), "the rest is still due");
}

#[tokio::test]
async fn a_lead_without_actions_is_told_how_they_come() {
    let plan = r#"
[convention]
title = "CTG"
starts_on = "2024-01-01"
ends_on = "2027-12-31"

[[axis]]
code = "1"
title = "Petite enfance"
actions = ["Guichet unique"]
"#;
    let app = TestApp::init().territory("p").plan(plan).build().await;
    let mut lead = app.signed_in_at(Role::ActionLead, "p").await;
    let text = lead.get("/mes-actions").await.text();
    assert!(text.contains("Vous ne pilotez aucune action pour l'instant."), "{text}");
    let mut elected = app.signed_in_at(Role::Elected, "p").await;
    assert_eq!(elected.get("/mes-actions").await.status, StatusCode::FORBIDDEN, "an elected leads nothing");
}

/// The lead updates status and progress from the fiche itself, where the
/// values and the journal are: one screen for what they came to do.
#[tokio::test]
async fn the_lead_updates_status_and_progress_from_the_fiche() {
    let app = TestApp::new().await;
    let id = app.a().led_action_id();
    let mut lead = app.signed_in(Role::ActionLead).await;
    let fiche = lead.get(&format!("/actions/{id}")).await;
    assert!(fiche.body.contains("<legend>Où en est l'action ?</legend>"), "{}", fiche.body);
    assert!(fiche.body.contains("id=\"actual-"), "the values' form on the same page");
    assert!(fiche.body.contains("<label for=\"body\">Note</label>"), "and the journal's");
    let r = lead
        .post_form(
            &format!("/actions/{id}/modifier"),
            &[("version", "1"), ("status", "in_progress"), ("progress", "45")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(lead.get(&format!("/actions/{id}")).await.text().contains("Avancement 45 %"));
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let full = coordinator.get(&format!("/actions/{id}")).await.body;
    assert!(
        !full.contains("lead-update") && full.contains("Modifier la fiche"),
        "the coordinator edits the whole fiche"
    );
}
