//! Every route × every role (and nobody): the exact answer. A route added
//! without a line here fails `the_table_covers_every_route`.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{Client, Resp, TestApp};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Allowed,
    Forbidden,
    /// Anonymous: the login page (pages) or 401 (API).
    Login,
}

use Answer::*;
use Role::*;

const EVERYONE: &[Role] = &Role::ALL;
const PLAN_READERS: &[Role] = &[Coordinator, ActionLead, Elected, CafPartner];
const UPDATERS: &[Role] = &[Coordinator, ActionLead];
const COORDINATOR: &[Role] = &[Coordinator];

/// (method, path pattern, public?, roles allowed)
pub const TABLE: &[(&str, &str, bool, &[Role])] = &[
    ("GET", "/healthz", true, EVERYONE),
    ("GET", "/static/maillage.css", true, EVERYONE),
    ("GET", "/connexion", true, EVERYONE),
    ("POST", "/connexion", true, EVERYONE),
    ("POST", "/deconnexion", false, EVERYONE),
    ("GET", "/", false, EVERYONE),
    ("GET", "/conventions/{id}", false, PLAN_READERS),
    ("GET", "/conventions/{id}/modifier", false, COORDINATOR),
    ("POST", "/conventions/{id}/modifier", false, COORDINATOR),
    ("POST", "/conventions/{id}/axes", false, COORDINATOR),
    ("POST", "/axes/{id}", false, COORDINATOR),
    ("POST", "/conventions/{id}/actions", false, COORDINATOR),
    ("GET", "/conventions/{id}/renouveler", false, COORDINATOR),
    ("POST", "/conventions/{id}/renouveler", false, COORDINATOR),
    ("POST", "/conventions/{id}/statut", false, COORDINATOR),
    ("GET", "/conventions/{id}/rapport", false, PLAN_READERS),
    ("GET", "/conventions/{id}/export.xlsx", false, PLAN_READERS),
    ("GET", "/conventions/{id}/export/{table}", false, PLAN_READERS),
    ("GET", "/conventions/{id}/comites", false, PLAN_READERS),
    ("POST", "/conventions/{id}/comites", false, COORDINATOR),
    ("GET", "/comites/{id}", false, PLAN_READERS),
    ("POST", "/comites/{id}/decisions", false, COORDINATOR),
    ("GET", "/actions/{id}", false, PLAN_READERS),
    ("GET", "/actions/{id}/modifier", false, UPDATERS),
    ("POST", "/actions/{id}/modifier", false, UPDATERS),
    ("POST", "/actions/{id}/indicateurs", false, UPDATERS),
    ("POST", "/actions/{id}/journal", false, UPDATERS),
    ("GET", "/actions/{id}/composantes", false, COORDINATOR),
    ("POST", "/actions/{id}/jalons", false, COORDINATOR),
    ("POST", "/jalons/{id}", false, COORDINATOR),
    ("GET", "/jalons/{id}/supprimer", false, COORDINATOR),
    ("POST", "/actions/{id}/budget", false, COORDINATOR),
    ("POST", "/budget/{id}", false, COORDINATOR),
    ("GET", "/budget/{id}/supprimer", false, COORDINATOR),
    ("POST", "/actions/{id}/indicateurs/nouveau", false, COORDINATOR),
    ("POST", "/indicateurs/{id}", false, COORDINATOR),
    ("GET", "/indicateurs/{id}/supprimer", false, COORDINATOR),
    ("GET", "/journal-des-modifications", false, COORDINATOR),
    ("GET", "/utilisateurs", false, COORDINATOR),
    ("POST", "/utilisateurs", false, COORDINATOR),
    ("POST", "/utilisateurs/{id}", false, COORDINATOR),
    ("POST", "/utilisateurs/{id}/invitation", false, COORDINATOR),
    ("GET", "/invitation/{token}", true, EVERYONE),
    ("POST", "/invitation/{token}", true, EVERYONE),
    ("GET", "/compte/jetons", false, EVERYONE),
    ("POST", "/compte/jetons", false, EVERYONE),
    ("POST", "/compte/jetons/{id}/revoquer", false, EVERYONE),
    ("GET", "/api/openapi.json", true, EVERYONE),
    ("GET", "/api/v1/me", false, EVERYONE),
    ("GET", "/api/v1/conventions", false, PLAN_READERS),
    ("GET", "/api/v1/conventions/{id}", false, PLAN_READERS),
    ("PUT", "/api/v1/conventions/{id}", false, COORDINATOR),
    ("POST", "/api/v1/conventions/{id}/axes", false, COORDINATOR),
    ("PUT", "/api/v1/axes/{id}", false, COORDINATOR),
    ("POST", "/api/v1/axes/{id}/actions", false, COORDINATOR),
    ("POST", "/api/v1/meetings/{id}/decisions", false, COORDINATOR),
    ("GET", "/api/v1/conventions/{id}/meetings", false, PLAN_READERS),
    ("POST", "/api/v1/conventions/{id}/meetings", false, COORDINATOR),
    ("PUT", "/api/v1/actions/{id}", false, COORDINATOR),
    ("GET", "/api/v1/actions/{id}", false, PLAN_READERS),
    ("POST", "/api/v1/actions/{id}/journal", false, UPDATERS),
    ("POST", "/api/v1/actions/{id}/milestones", false, COORDINATOR),
    ("PUT", "/api/v1/milestones/{id}", false, COORDINATOR),
    ("POST", "/api/v1/actions/{id}/budget", false, COORDINATOR),
    ("PUT", "/api/v1/budget/{id}", false, COORDINATOR),
    ("POST", "/api/v1/actions/{id}/indicators", false, COORDINATOR),
    ("PUT", "/api/v1/indicators/{id}", false, COORDINATOR),
    ("PUT", "/api/v1/indicators/{id}/values/{year}", false, UPDATERS),
    ("PATCH", "/api/v1/actions/{id}", false, UPDATERS),
    // Deletions last: they remove the records the routes above use.
    ("POST", "/jalons/{id}/supprimer", false, COORDINATOR),
    ("POST", "/budget/{id}/supprimer", false, COORDINATOR),
    ("POST", "/indicateurs/{id}/supprimer", false, COORDINATOR),
    ("DELETE", "/api/v1/milestones/{id}", false, COORDINATOR),
    ("DELETE", "/api/v1/budget/{id}", false, COORDINATOR),
    ("DELETE", "/api/v1/indicators/{id}", false, COORDINATOR),
];

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

pub fn concrete(app: &TestApp, method: &str, path: &str) -> String {
    let (spare_milestone, spare_line, spare_indicator) = app.a.spare_ids;
    let id = if method == "DELETE" && path.starts_with("/api/v1/milestones") {
        spare_milestone
    } else if method == "DELETE" && path.starts_with("/api/v1/budget") {
        spare_line
    } else if method == "DELETE" && path.starts_with("/api/v1/indicators") {
        spare_indicator
    } else if path.starts_with("/api/v1/milestones") {
        app.a.milestone_id
    } else if path.starts_with("/api/v1/budget") {
        app.a.budget_line_id
    } else if path.starts_with("/conventions") || path.starts_with("/api/v1/conventions") {
        app.a.convention_id
    } else if path.starts_with("/compte/jetons") {
        999_999
    } else if path.starts_with("/api/v1/meetings") {
        app.a.meeting_id
    } else if path.starts_with("/axes") || path.starts_with("/api/v1/axes") {
        app.a.axis_id
    } else if path.starts_with("/jalons") {
        app.a.milestone_id
    } else if path.starts_with("/budget") {
        app.a.budget_line_id
    } else if path.starts_with("/api/v1/indicators") || path.starts_with("/indicateurs") {
        app.a.indicator_id
    } else if path.starts_with("/comites") {
        app.a.meeting_id
    } else if path.starts_with("/utilisateurs") {
        app.a.elected_user_id
    } else {
        app.a.led_action_id
    };
    path.replace("{id}", &id.to_string())
        .replace("{token}", "lien-inconnu")
        .replace("{table}", "budget.csv")
        .replace("{year}", "2025")
}

async fn call(client: &mut Client<'_>, app: &TestApp, method: &str, path: &str) -> Resp {
    let path = concrete(app, method, path);
    match method {
        "GET" => client.get(&path).await,
        "POST" if path.ends_with("/indicateurs") => {
            let id = app.a.indicator_id.to_string();
            client
                .post_form(&path, &[("indicator_id", &id), ("year", "2025"), ("actual", "12"), ("source", "test")])
                .await
        }
        "POST" if path.starts_with("/api/") => client.json("POST", &path, serde_json::json!({"body": "note"})).await,
        "POST" => client.post_form(&path, &[]).await,
        "PUT" => client.json("PUT", &path, serde_json::json!({"actual": 12, "source": "test"})).await,
        "DELETE" => client.delete(&path).await,
        "PATCH" => {
            client
                .json("PATCH", &path, serde_json::json!({"version": 1, "status": "in_progress", "progress": 50}))
                .await
        }
        other => panic!("method {other}"),
    }
}

fn answer_of(path: &str, r: &Resp) -> Answer {
    if r.status == StatusCode::FORBIDDEN {
        Forbidden
    } else if r.status == StatusCode::UNAUTHORIZED || r.location().starts_with("/connexion") {
        Login
    } else {
        // Revoking a token or opening an invitation that does not exist is a legitimate 404.
        if !path.starts_with("/compte/jetons/") && !path.starts_with("/invitation/") {
            assert_ne!(r.status, StatusCode::NOT_FOUND, "{path} answered 404: {}", r.body);
        }
        assert!(!r.status.is_server_error(), "server error: {}", r.body);
        Allowed
    }
}

#[tokio::test]
async fn each_role_gets_exactly_its_answer_on_each_route() {
    let app = TestApp::new().await;
    let mut failures = Vec::new();
    for (method, path, public, _) in TABLE {
        let mut anonymous = app.client();
        let got = answer_of(path, &call(&mut anonymous, &app, method, path).await);
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
            let got = answer_of(path, &call(&mut client, &app, method, path).await);
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
    let other = app.a.other_action_id;
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
    let b = &app.b;
    for role in [Coordinator, Elected] {
        let mut client = app.signed_in(role).await;
        for path in [
            format!("/conventions/{}", b.convention_id),
            format!("/actions/{}", b.led_action_id),
            format!("/api/v1/conventions/{}", b.convention_id),
            format!("/api/v1/actions/{}", b.led_action_id),
        ] {
            let r = client.get(&path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{role:?} {path}");
            assert!(r.body.contains("ntrouvable"), "{}", r.body);
        }
        let list = client.get("/api/v1/conventions").await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["id"], app.a.convention_id);
    }
    let mut coordinator = app.signed_in(Coordinator).await;
    let path = format!("/actions/{}/modifier", b.led_action_id);
    let r = coordinator
        .post_form(&path, &[("version", "1"), ("title", "piraté"), ("status", "done"), ("progress", "100")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
