//! /conventions/{id}/bilans: the yearly reviews and the final evaluation.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_coordinator_writes_the_2024_review_then_closes_it() {
    let app = TestApp::init().territory("a").today("2025-01-20").build().await;
    let (conv, axis) = (app.a().convention_id, app.a().axis_id());
    let mut c = app.signed_in(Role::Coordinator).await;
    let list = c.get(&format!("/conventions/{conv}/bilans")).await.text();
    assert!(list.contains("Bilan annuel 2025 — À rédiger"), "{list}");
    assert!(list.contains("Bilan annuel 2024 — À rédiger") && list.contains("Bilan annuel 2023"), "{list}");
    assert!(!list.contains("Évaluation finale 2026"), "not a year still to come: {list}");

    let path = format!("/conventions/{conv}/bilans/2024");
    let page = c.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Bilan annuel 2024"), "{text}");
    assert!(text.contains("Chiffres arrêtés au 31/12/2024"), "{text}");
    assert!(text.contains("1.1 — jalon « Guichet unique ouvert » prévu le 15/01/2024"), "what slipped: {text}");
    assert!(text.contains("Demandes enregistrées 100 80 80 % de la cible"), "the year's value: {text}");
    assert!(text.contains("CAF 1 000 € 400 € 40 %"), "the year's budget: {text}");
    assert!(text.contains("20/06/2024, COPIL annuel 2024 : Présenter le guichet unique"), "decisions: {text}");

    let field = format!("axis_{axis}");
    let long = "x".repeat(10_001);
    let r = c.post_form(&path, &[(field.as_str(), long.as_str())]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&format!("<a href=\"#{field}\">Au plus 10000 caractères")), "{}", r.body);
    let analysis = "Le guichet unique a pris du retard : le recrutement est lancé.";
    let r = c.post_form(&path, &[(field.as_str(), analysis)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(c.get(&path).await.body.contains(analysis));

    let mut elected = app.signed_in(Role::Elected).await;
    let read = elected.get(&path).await;
    assert!(read.text().contains(analysis) && !read.body.contains("<textarea"), "the elected reads the analysis");
    assert_eq!(elected.post_form(&path, &[(field.as_str(), "x")]).await.status, StatusCode::FORBIDDEN);

    let ask = c.get(&format!("{path}/cloture")).await;
    assert!(ask.text().contains("Clore « Bilan annuel 2024 » ?"));
    assert!(c.get(&path).await.body.contains("<textarea"), "asking closes nothing");
    assert_eq!(c.post_form(&format!("{path}/cloture"), &[]).await.status, StatusCode::SEE_OTHER);
    let closed = c.get(&path).await;
    // Closed at the real time of the click (like the audit log), not the test's day.
    assert!(
        closed.text().contains("Bilan annuel 2024 Convention Territoriale Globale 2023-2026 · Clos le "),
        "{}",
        closed.text()
    );
    assert!(!closed.body.contains("<textarea"), "a closed review is read-only");
    let r = c.post_form(&path, &[(field.as_str(), "Réécrit après coup")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a closed review refuses a change");
    assert!(c.get(&path).await.body.contains(analysis));
    let list = c.get(&format!("/conventions/{conv}/bilans")).await.text();
    assert!(list.contains("Bilan annuel 2024 — Clos le"), "{list}");
    let audit = c.get("/journal-des-modifications?entity=review").await.text();
    assert!(audit.contains("Bilan 2024 clos") && audit.contains("Bilan 2024 : analyses enregistrées"), "{audit}");
}

#[tokio::test]
async fn the_last_years_review_is_the_final_evaluation_and_no_year_outside_is_found() {
    let app = TestApp::init().territory("a").territory("b").today("2026-11-30").build().await;
    let conv = app.a().convention_id;
    let mut c = app.signed_in(Role::Coordinator).await;
    let page = c.get(&format!("/conventions/{conv}/bilans/2026")).await;
    assert!(page.text().contains("Évaluation finale 2026"), "{}", page.text());
    assert!(page.text().contains("Chiffres arrêtés au 30/11/2026"));
    let renewal = c.get(&format!("/conventions/{conv}/renouveler")).await;
    assert!(renewal.body.contains(&format!("href=\"/conventions/{conv}/bilans/2026\">évaluation finale 2026</a>")));
    for year in ["2022", "2027", "deux-mille"] {
        assert_eq!(c.get(&format!("/conventions/{conv}/bilans/{year}")).await.status, StatusCode::NOT_FOUND, "{year}");
    }
    let other = format!("/conventions/{}/bilans/2025", app.b().convention_id);
    assert_eq!(c.get(&other).await.status, StatusCode::NOT_FOUND, "another territory's review");
    assert_eq!(c.post_form(&format!("{other}/cloture"), &[]).await.status, StatusCode::NOT_FOUND);
}
