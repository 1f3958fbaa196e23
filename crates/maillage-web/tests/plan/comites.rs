//! /conventions/{id}/comites and /comites/{id}: meetings and decisions.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_coordinator_records_a_meeting_and_a_decision_shown_on_the_fiche() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let list = format!("/conventions/{}/comites", app.a().convention_id);
    assert!(c.get(&list).await.text().contains("COPIL annuel 2024"));

    let r = c
        .post_form(&list, &[("kind", "copil"), ("held_on", "12/03/2025"), ("title", " "), ("attendees", "Maire\nCAF")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = r.text();
    assert!(text.contains("Rien n'a été enregistré : 3 champs sont à corriger"), "{text}");
    assert!(r.body.contains("<a href=\"#held_on\">Date : Date invalide"), "linked to its field");
    assert!(text.contains("Choisissez un type de réunion dans la liste."));
    assert!(text.contains("Date invalide : utilisez le format AAAA-MM-JJ (et une date qui existe)."));
    assert!(r.body.contains("Maire\nCAF"), "input kept");

    let r = c
        .post_form(
            &list,
            &[
                ("kind", "technical_committee"),
                ("held_on", "2025-03-12"),
                ("title", "COTECH petite enfance"),
                ("attendees", "RPE\nPMI"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let meeting = r.location().to_owned();
    let action = app.a().led_action_id().to_string();
    let r = c
        .post_form(
            &format!("{meeting}/decisions"),
            &[("body", "Lancer l'enquête auprès des familles"), ("action_id", &action)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = c.get(&meeting).await.text();
    assert!(page.contains("Comité technique (COTECH) · 12/03/2025"));
    assert!(page.contains("Lancer l'enquête auprès des familles — 1.1 Mettre en place"));
    let fiche = c.get(&format!("/actions/{}", app.a().led_action_id())).await.text();
    assert!(fiche.contains("12/03/2025 — COTECH petite enfance : Lancer l'enquête auprès des familles"), "{fiche}");
    assert!(c.get(&list).await.text().contains("COTECH petite enfance Comité technique (COTECH) 1"));
}

#[tokio::test]
async fn a_decision_cannot_name_an_action_of_another_territory() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let foreign = app.b().led_action_id().to_string();
    let r = c
        .post_form(&format!("/comites/{}/decisions", app.a().meeting_id), &[("body", "x"), ("action_id", &foreign)])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains(r#"id="action_id-error">L&#39;action choisie"#)
            || r.body.contains(r#"id="action_id-error">L'action choisie"#),
        "the error sits by the action's field, as in the API: {}",
        r.text()
    );
    assert!(r.body.contains(">x</textarea>"), "the decision typed is kept");
    assert!(
        c.get(&format!("/comites/{}", app.a().meeting_id)).await.text().contains("Décisions (1)"),
        "only the fixture's"
    );
    assert_eq!(c.get(&format!("/comites/{}", app.b().meeting_id)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn read_only_roles_see_meetings_without_the_forms() {
    let app = TestApp::new().await;
    let mut elected = app.signed_in(Role::Elected).await;
    let page = elected.get(&format!("/comites/{}", app.a().meeting_id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("Ajouter la décision"));
    assert!(
        !elected
            .get(&format!("/conventions/{}/comites", app.a().convention_id))
            .await
            .text()
            .contains("Enregistrer la réunion")
    );
}

#[tokio::test]
async fn minutes_too_long_are_refused_next_to_their_field() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let notes = "x".repeat(20_001);
    let path = format!("/conventions/{}/comites", app.a().convention_id);
    let r = c
        .post_form(
            &path,
            &[("kind", "steering_committee"), ("held_on", "0000-01-01"), ("title", "COPIL"), ("minutes", &notes)],
        )
        .await;
    assert_eq!(r.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(r#"id="minutes-error">20000 caractères au maximum."#), "the error sits by the field");
    assert!(r.body.contains(r#"id="held_on-error">Une date entre 1900 et 2100."#), "{}", r.text());
    assert_eq!(c.get(&path).await.text().matches("COPIL annuel 2024").count(), 1, "nothing added");
}

#[tokio::test]
async fn a_meeting_is_corrected_and_deleted_after_a_confirmation() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let meeting = format!("/comites/{}", app.a().meeting_id);
    let page = c.get(&meeting).await;
    assert!(page.body.contains(&format!("href=\"{meeting}/modifier\"")), "an edit link");
    let form = c.get(&format!("{meeting}/modifier")).await;
    assert!(form.body.contains("value=\"COPIL annuel 2024\""), "the form holds what is stored");
    let bad = [("kind", "steering_committee"), ("held_on", "2024-02-30"), ("title", "COPIL annuel 2024")];
    let r = c.post_form(&format!("{meeting}/modifier"), &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<a href=\"#held_on\">"), "the summary links to the date");
    let good = [
        ("kind", "steering_committee"),
        ("held_on", "2024-06-21"),
        ("title", "COPIL annuel 2024"),
        ("minutes", "Le guichet unique ouvrira en 2025."),
    ];
    assert_eq!(c.post_form(&format!("{meeting}/modifier"), &good).await.status, StatusCode::SEE_OTHER);
    assert!(c.get(&meeting).await.text().contains("Le guichet unique ouvrira en 2025."));

    let decision = format!("/decisions/{}", app.a().decision_id);
    let r = c
        .post_form(&format!("{decision}/modifier"), &[("body", "Présenter le guichet en conseil"), ("action_id", "")])
        .await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, meeting.as_str()));
    assert!(c.get(&meeting).await.text().contains("Présenter le guichet en conseil"));

    let ask = c.get(&format!("{meeting}/supprimer")).await;
    assert!(ask.text().contains("Supprimer la réunion « COPIL annuel 2024 » du 21/06/2024 ?"), "{}", ask.text());
    assert!(ask.text().contains("Sa décision sera supprimée avec elle."));
    assert_eq!(c.get(&meeting).await.status, StatusCode::OK, "asking deletes nothing");
    let r = c.post_form(&format!("{meeting}/supprimer"), &[]).await;
    assert_eq!(r.location(), format!("/conventions/{}/comites", app.a().convention_id));
    assert_eq!(c.get(&meeting).await.status, StatusCode::NOT_FOUND);
    let audit = c.get("/journal-des-modifications?entity=meeting").await.text();
    assert!(audit.contains("Réunion modifiée : COPIL annuel 2024"), "{audit}");
    assert!(audit.contains("Réunion « COPIL annuel 2024 » supprimée"), "{audit}");
}
