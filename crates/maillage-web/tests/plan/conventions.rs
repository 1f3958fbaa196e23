//! /conventions/{id}/modifier: the convention's fields, its axes, new actions.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

fn convention_form(title: &str, version: &str) -> Vec<(&'static str, String)> {
    vec![
        ("version", version.to_owned()),
        ("title", title.to_owned()),
        ("starts_on", "2023-01-01".into()),
        ("ends_on", "2026-12-31".into()),
        ("signatories", "Commune\nCAF".into()),
        ("diagnostic", "ABS 2021".into()),
    ]
}

async fn post(c: &mut crate::common::Client<'_>, path: &str, fields: &[(&'static str, String)]) -> crate::common::Resp {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post_form(path, &pairs).await
}

#[tokio::test]
async fn the_coordinator_edits_the_convention_and_a_stale_form_is_refused() {
    let app = TestApp::new().await;
    let path = format!("/conventions/{}/modifier", app.a().convention_id);
    let mut first = app.signed_in(Role::Coordinator).await;
    let mut second = app.signed_in(Role::Coordinator).await;
    assert!(first.get(&path).await.body.contains("name=\"version\" value=\"1\""));

    let r = post(&mut first, &path, &convention_form("CTG de Ville-Test 2023-2026", "1")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = post(&mut second, &path, &convention_form("Autre titre", "1")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Cette convention a été modifiée par quelqu'un d'autre"));
    assert!(r.body.contains("value=\"Autre titre\""), "input kept");
    let dashboard = second.get(&format!("/conventions/{}", app.a().convention_id)).await.text();
    assert!(dashboard.contains("CTG de Ville-Test 2023-2026") && !dashboard.contains("Autre titre"));

    let r = post(
        &mut first,
        &path,
        &[
            ("version", "2".into()),
            ("title", "".into()),
            ("starts_on", "2023-01-01".into()),
            ("ends_on", "2022-01-01".into()),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("La fin de la convention doit suivre son début."));
}

#[tokio::test]
async fn axes_and_new_actions() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let conv = app.a().convention_id;
    let r = c.post_form(&format!("/conventions/{conv}/axes"), &[("code", "1"), ("title", "Doublon")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Un axe de cette convention porte déjà ce code."));
    let r = c.post_form(&format!("/conventions/{conv}/axes"), &[("code", "6"), ("title", "Seniors et aidants")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = c
        .post_form(
            &format!("/axes/{}", app.a().axis_id()),
            &[("title", "Petite enfance 0-3 ans"), ("rationale", "Pénurie de places")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let axis = app.a().axis_id().to_string();
    let r = c
        .post_form(
            &format!("/conventions/{conv}/actions"),
            &[("axis_id", &axis), ("title", "Créer une MAM municipale")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().ends_with("/modifier"));
    let edit = c.get(r.location()).await.text();
    assert!(edit.contains("Modifier l'action 1.9"), "{edit}");
    let dashboard = c.get(&format!("/conventions/{conv}")).await.text();
    assert!(dashboard.contains("Axe 1 — Petite enfance 0-3 ans"));
    assert!(dashboard.contains("1.9 Créer une MAM municipale"));
    assert!(dashboard.contains("Axe 6 — Seniors et aidants"));

    let foreign = app.b().axis_id().to_string();
    let r = c.post_form(&format!("/conventions/{conv}/actions"), &[("axis_id", &foreign), ("title", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Choisissez un axe de cette convention."));
    assert_eq!(c.post_form(&format!("/axes/{foreign}"), &[("title", "x")]).await.status, StatusCode::NOT_FOUND);
}
