//! Each role, signed in, on every route.

use axum::http::StatusCode;
use maillage_domain::Role;
use maillage_domain::Role::*;

use super::{Allowed, Forbidden, Login, TABLE, answer_of, call};
use crate::common::TestApp;

#[tokio::test]
async fn the_table_covers_every_route() {
    let app = TestApp::new().await;
    let state = maillage_web::AppState::new(app.db.conn.clone(), maillage_web::Config::default());
    let mut routes: Vec<(String, String)> =
        maillage_web::route_table(state).into_iter().map(|r| (r.method.to_string(), r.path.to_owned())).collect();
    let mut table: Vec<(String, String)> = TABLE.iter().map(|(m, p, _, _)| (m.to_string(), p.to_string())).collect();
    routes.sort();
    table.sort();
    assert_eq!(routes, table, "the route table and this test's table differ");
}

#[tokio::test]
async fn each_role_gets_exactly_its_answer_on_each_route() {
    let app = TestApp::new().await;
    let mut failures = Vec::new();
    for (method, path, public, _) in TABLE {
        let mut anonymous = app.client();
        let got = answer_of(path, &call(&mut anonymous, app.a(), method, path).await);
        let want = if *public { Allowed } else { Login };
        if got != want {
            failures.push(format!("{method} {path} anonymous: got {got:?}, want {want:?}"));
        }
    }
    // The coordinator goes last: its deletions would leave other roles
    // facing records that no longer exist.
    for role in Role::ALL.into_iter().rev() {
        let mut client = app.signed_in(role).await;
        for (method, path, _, allowed) in TABLE {
            if *path == "/deconnexion" || *path == "/connexion" && *method == "POST" {
                continue; // both end the session; checked below with fresh clients
            }
            let got = answer_of(path, &call(&mut client, app.a(), method, path).await);
            let want = if allowed.contains(&role) { Allowed } else { Forbidden };
            if got != want {
                failures.push(format!("{method} {path} as {role:?}: got {got:?}, want {want:?}"));
            }
        }
        let mut fresh = app.signed_in(role).await;
        let r = fresh.post_form("/deconnexion", &[]).await;
        assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, "/connexion"), "logout as {role:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn an_action_lead_cannot_update_an_action_they_do_not_lead() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(ActionLead).await;
    let other = app.a().other_action_id();
    assert_eq!(lead.get(&format!("/actions/{other}/modifier")).await.status, StatusCode::FORBIDDEN);
    let r = lead
        .post_form(&format!("/actions/{other}/modifier"), &[("version", "1"), ("status", "done"), ("progress", "100")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = lead.post_form(&format!("/actions/{other}/journal"), &[("body", "note")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = lead
        .json(
            "PATCH",
            &format!("/api/v1/actions/{other}"),
            serde_json::json!({"version": 1, "status": "done", "progress": 100}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = lead.get(&format!("/actions/{other}")).await;
    assert!(page.text().contains("À lancer"), "the action is unchanged");
    assert!(!page.text().contains("Modifier la fiche"));
}

#[tokio::test]
async fn territory_b_records_are_not_found_from_territory_a() {
    let app = TestApp::new().await;
    let b = app.b();
    for role in [Coordinator, Elected] {
        let mut client = app.signed_in(role).await;
        for path in [
            format!("/conventions/{}", b.convention_id),
            format!("/actions/{}", b.led_action_id()),
            format!("/api/v1/conventions/{}", b.convention_id),
            format!("/api/v1/actions/{}", b.led_action_id()),
        ] {
            let r = client.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{role:?} {path}");
            assert!(r.body.contains("ntrouvable"), "{}", r.body);
        }
        let list = client.get("/api/v1/conventions").await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["id"], app.a().convention_id.get());
    }
    let mut coordinator = app.signed_in(Coordinator).await;
    let path = format!("/actions/{}/modifier", b.led_action_id());
    let r = coordinator
        .post_form(&path, &[("version", "1"), ("title", "piraté"), ("status", "done"), ("progress", "100")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
