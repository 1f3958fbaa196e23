//! / and /conventions/{id}: the dashboard.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

#[tokio::test]
async fn the_dashboard_shows_late_actions_first_indicators_and_budget() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Elected).await;
    let r = c.get(&format!("/conventions/{}", app.a().convention_id)).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(text.contains("Actions en retard (1)"));
    assert!(text.contains(
        "1.1 — Mettre en place un outil de suivi de l'offre et de la demande : échéance du 31/12/2020 dépassée"
    ));
    let late_at = text.find("Actions en retard").unwrap();
    let axes_at = text.find("Avancement par axe").unwrap();
    assert!(late_at < axes_at, "late actions come first");
    assert!(text.contains("Axe 5 — Accès aux droits et inclusion numérique"));
    assert!(text.contains("Demandes enregistrées"));
    assert!(text.contains("CAF 400 € / 1 000 € 40 %"), "{text}");
    assert!(!text.contains("Modifier la fiche"), "read-only role");
}

#[tokio::test]
async fn the_dashboard_html_snapshot() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let main = c.get(&format!("/conventions/{}", app.a().convention_id)).await.main();
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r#"name="csrf_token" value="[^"]*""#, r#"name="csrf_token" value="[csrf]""#);
    settings.add_filter(r#"/(actions|conventions)/\d+"#, "/$1/[id]");
    settings.bind(|| insta::assert_snapshot!("dashboard", main));
}

#[tokio::test]
async fn the_printable_report_lists_every_action_with_its_indicators() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::CafPartner).await;
    let r = c.get(&format!("/conventions/{}/rapport", app.a().convention_id)).await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(text.contains("État du plan d'actions au"));
    assert!(text.contains("Actions en retard : 1."));
    assert!(text.contains("Budget : 400 € dépensés sur 1 000 € prévus (40 %)."), "{text}");
    assert_eq!(r.body.matches("class=\"report-action\"").count(), 26);
    assert!(text.contains("Demandes enregistrées 2024 100 80"));
    assert!(text.contains("5.5 Mettre en place un bus itinérant À lancer · 0 %"));
}

#[tokio::test]
async fn the_coordinator_renews_the_convention_into_a_draft_then_activates_it() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let path = format!("/conventions/{}/renouveler", app.a().convention_id);
    let form = c.get(&path).await;
    assert!(
        form.body.contains("value=\"2027-01-01\"") && form.body.contains("value=\"2030-12-31\""),
        "next period suggested"
    );
    let r = c.post_form(&path, &[("starts_on", "2022-01-01"), ("ends_on", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Rien n'a été créé."));
    assert!(r.text().contains("Ce champ est obligatoire."));
    assert_eq!(c.get("/api/v1/conventions").await.json().as_array().unwrap().len(), 1, "nothing created");

    let r = c.post_form(&path, &[("starts_on", "2027-01-01"), ("ends_on", "2030-12-31")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let new = r.location().to_owned();
    let twice = c.post_form(&path, &[("starts_on", "2027-01-01"), ("ends_on", "2030-12-31")]).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY, "a double click makes one draft");
    assert!(twice.text().contains("Une convention couvre déjà exactement cette période"));
    assert_eq!(c.get("/api/v1/conventions").await.json().as_array().unwrap().len(), 2);
    let page = c.get(&new).await.text();
    assert!(page.contains("Convention Territoriale Globale 2027-2030"));
    assert!(page.contains("Brouillon · 01/01/2027 – 31/12/2030"), "{page}");
    assert!(page.contains("26 actions : 26 à lancer"), "{page}");
    assert!(page.contains("Actions en retard (0)"));
    let editor = c.get(&format!("{new}/modifier")).await.text();
    assert!(editor.contains("Changer le statut…"), "the status changes from the editor");
    let ask = c.post_form(&format!("{new}/statut"), &[("status", "active")]).await;
    assert_eq!(ask.status, StatusCode::OK, "a first step asks");
    assert!(ask.text().contains("Passer la convention « En vigueur » ?"), "{}", ask.text());
    assert!(c.get(&new).await.text().contains("Brouillon ·"), "nothing changed before the confirmation");
    let r = c.post_form(&format!("{new}/statut"), &[("status", "active"), ("confirm", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(c.get(&new).await.text().contains("En vigueur ·"));
    let audit = c.get("/journal-des-modifications?entity=convention").await.text();
    assert!(audit.contains("Statut : « Brouillon » → « En vigueur »"));
}

#[tokio::test]
async fn the_dashboard_shows_a_change_at_once_even_from_another_process() {
    let app = TestApp::new().await;
    let mut elected = app.signed_in(Role::Elected).await;
    let path = format!("/conventions/{}", app.a().convention_id);
    assert!(elected.get(&path).await.text().contains("3 % en moyenne"), "axis 1: 20 % over 8 actions");
    // A second server process on the same database, with its own memory.
    let other = maillage_web::app(maillage_web::AppState::new(app.db.conn.clone(), maillage_web::Config::default()));
    let coordinator = app.signed_in(Role::Coordinator).await;
    let csrf = coordinator.csrf.clone().unwrap();
    let body = serde_json::json!({"version": 1, "status": "in_progress", "progress": 100}).to_string();
    let request = coordinator.prepare(
        axum::http::Request::patch(format!("/api/v1/actions/{}", app.a().led_action_id()))
            .header("content-type", "application/json")
            .header("x-csrf-token", csrf)
            .body(axum::body::Body::from(body))
            .unwrap(),
    );
    let response = tower::ServiceExt::oneshot(other, request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = elected.get(&path).await.text();
    assert!(text.contains("13 % en moyenne"), "the first process sees the write of the second: {text}");
}

#[tokio::test]
async fn the_latest_value_and_lateness_follow_the_day_the_application_believes() {
    let app = TestApp::init().territory("a").today("2025-03-01").build().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let text = c.get(&format!("/conventions/{}", app.a().convention_id)).await.text();
    assert!(text.contains("80 en 2024, cible 100 · 80 % de la cible"), "last year's value, in 2025: {text}");
    assert!(
        text.contains("échéance du 31/12/2020 dépassée de 1 521 jours"),
        "text() reads the narrow space as a space: {text}"
    );
}

/// A territory with its own two-action plan: only what it holds is shown,
/// and a milestone missed on the day the application believes it is counts
/// as late.
#[tokio::test]
async fn a_plan_of_two_actions_shows_its_one_late_action() {
    let plan = r#"
[convention]
title = "CTG 2025-2028 de Petite-Ville"
signatories = ["Commune", "CAF"]
starts_on = "2025-01-01"
ends_on = "2028-12-31"

[[axis]]
code = "1"
title = "Petite enfance"
actions = ["Ouvrir un relais petite enfance", "Créer une micro-crèche"]

[[fiche]]
action = "1.2"
status = "in_progress"
progress = 10
lead_email = "action_lead@p.test"
[[fiche.milestone]]
title = "Permis de construire déposé"
due_on = "2025-09-30"
"#;
    let app = TestApp::init().territory("p").plan(plan).today("2025-10-15").build().await;
    let p = app.territory("p");
    assert_eq!(p.actions.len(), 2);
    let mut c = app.signed_in_at(Role::Coordinator, "p").await;
    let text = c.get(&format!("/conventions/{}", p.convention_id)).await.text();
    assert!(text.contains("CTG 2025-2028 de Petite-Ville"), "{text}");
    assert!(text.contains("Actions en retard (1)"), "{text}");
    assert!(text.contains("1.2 — Créer une micro-crèche"), "{text}");
    assert!(!text.contains("Axe 2"), "only the plan's own axis: {text}");
    let mut lead = app.signed_in_at(Role::ActionLead, "p").await;
    let form = lead.get(&format!("/actions/{}/modifier", p.action("1.2"))).await;
    assert_eq!(form.status, StatusCode::OK, "the lead named in the fiche updates it");
    let other = lead.get(&format!("/actions/{}/modifier", p.action("1.1"))).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "not the other one");
}

/// The first screen's summary flags what a committee must hear: a delay
/// above its target (downward indicator), a funder over budget, the next
/// milestone and the next committee.
#[tokio::test]
async fn the_summary_flags_an_indicator_off_target_an_overspend_and_what_comes_next() {
    let plan = r#"
[convention]
title = "CTG de Petite-Ville"
signatories = ["Commune", "CAF"]
starts_on = "2025-01-01"
ends_on = "2028-12-31"

[[axis]]
code = "1"
title = "Petite enfance"
actions = ["Guichet unique", "Relais petite enfance"]

[[fiche]]
action = "1.1"
status = "in_progress"
progress = 40
[[fiche.milestone]]
title = "Guichet ouvert au public"
due_on = "2026-02-01"
[[fiche.indicator]]
name = "Délai de réponse"
unit = "jours"
direction = "decrease"
targets = { 2025 = 20 }
actuals = { 2025 = 22 }
[[fiche.indicator]]
name = "Taux de couverture"
unit = "%"
targets = { 2024 = 50, 2025 = 50 }
actuals = { 2024 = 45, 2025 = 49.1 }
[[fiche.budget]]
year = 2025
funder = "Commune"
planned = 10000
spent = 10100
[[fiche.budget]]
year = 2025
funder = "CAF"
planned = 20000
spent = 5000
"#;
    let app = TestApp::init().territory("p").plan(plan).today("2025-11-20").build().await;
    let p = app.territory("p");
    let mut c = app.signed_in_at(Role::Coordinator, "p").await;
    let meetings = format!("/conventions/{}/comites", p.convention_id);
    let form = [("kind", "steering_committee"), ("held_on", "2025-12-11"), ("title", "COPIL de fin d'année")];
    assert_eq!(c.post_form(&meetings, &form).await.status, StatusCode::SEE_OTHER);
    let mut elected = app.signed_in_at(Role::Elected, "p").await;
    let main = elected.get(&format!("/conventions/{}", p.convention_id)).await.main();
    let text = main.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Délai de réponse (jours)"), "{text}");
    assert!(
        text.contains("22</strong> en 2025, cible 20 · <span class=\"attainment\">10 % au-dessus de la cible"),
        "{text}"
    );
    assert!(text.contains("49,1</strong> en 2025, cible 50 · <span class=\"attainment\">98 % de la cible"), "{text}");
    assert!(text.contains("<strong class=\"off-target\">2</strong> hors cible"), "{text}");
    assert!(
        text.contains("Dépassement : Commune : 10\u{202f}100\u{a0}€ dépensés sur 10\u{202f}000\u{a0}€ prévus (101 %)"),
        "{text}"
    );
    assert!(text.contains("Comité de pilotage (COPIL) du 11/12/2025 : COPIL de fin d&#39;année"), "{text}");
    assert!(text.contains("<span class=\"date\">01/02/2026</span>"), "the next milestone: {text}");
    assert!(text.contains("<title id=\"spark-2\">Taux de couverture : 2024, 45 % pour une cible de 50 ; 2025, 49,1 % pour une cible de 50</title>"), "{text}");
    assert!(!text.contains("/modifier"), "an elected reads, without editing links: {text}");
}
