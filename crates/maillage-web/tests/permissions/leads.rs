//! « An action lead updates only the actions they lead », on every route
//! that lets a lead write: forbidden on another action, and nothing changes.

use axum::http::StatusCode;
use maillage_domain::Role;

use super::TABLE;
use crate::common::TestApp;

/// The routes open to action leads that write (their permission is
/// `UpdateLedAction`): the rule must hold on each.
const LEAD_WRITES: &[(&str, &str)] = &[
    ("GET", "/actions/{id}/modifier"),
    ("POST", "/actions/{id}/modifier"),
    ("POST", "/actions/{id}/indicateurs"),
    ("POST", "/actions/{id}/journal"),
    ("PATCH", "/api/v1/actions/{id}"),
    ("POST", "/api/v1/actions/{id}/journal"),
    ("PUT", "/api/v1/indicators/{id}/values/{year}"),
];

#[tokio::test]
async fn the_list_is_every_route_a_lead_may_write_through() {
    let lead_routes: Vec<(&str, &str)> = TABLE
        .iter()
        // A route without an id (« Mes actions ») reads only the lead's own.
        .filter(|(method, path, _, roles)| {
            roles.contains(&Role::ActionLead)
                && !roles.contains(&Role::Elected)
                && *method != "DELETE"
                && path.contains("{id}")
        })
        .map(|(m, p, _, _)| (*m, *p))
        .collect();
    let mut listed = LEAD_WRITES.to_vec();
    let mut found = lead_routes.clone();
    listed.sort();
    found.sort();
    assert_eq!(listed, found, "a route open to leads and not to readers must be in LEAD_WRITES");
}

#[tokio::test]
async fn a_lead_is_refused_on_an_action_they_do_not_lead_everywhere() {
    let app = TestApp::new().await;
    let other = app.a().other_action_id();
    // An indicator on the action the lead does not lead.
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let r = coordinator
        .post_form(&format!("/actions/{other}/indicateurs/nouveau"), &[("name", "Places"), ("direction", "increase")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = coordinator.get(&format!("/actions/{other}/composantes")).await.body;
    let start = page.find("action=\"/indicateurs/").unwrap() + "action=\"/indicateurs/".len();
    let indicator: String = page[start..].chars().take_while(char::is_ascii_digit).collect();

    let mut lead = app.signed_in(Role::ActionLead).await;
    let before = lead.get(&format!("/api/v1/actions/{other}")).await.body;
    let mut answers = Vec::new();
    for (method, path) in LEAD_WRITES {
        let path = path
            .replace("{id}", &if path.contains("indicators") { indicator.clone() } else { other.to_string() })
            .replace("{year}", "2024");
        let r = match *method {
            "GET" => lead.get(&path).await,
            "POST" if path.ends_with("/indicateurs") => {
                lead.post_form(&path, &[("indicator_id", &indicator), ("year", "2024"), ("actual", "1")]).await
            }
            "POST" if path.ends_with("/modifier") => {
                lead.post_form(&path, &[("version", "1"), ("status", "done"), ("progress", "100")]).await
            }
            "POST" if path.starts_with("/api/") => lead.json("POST", &path, serde_json::json!({"body": "x"})).await,
            "POST" => lead.post_form(&path, &[("body", "x")]).await,
            "PATCH" => {
                lead.json("PATCH", &path, serde_json::json!({"version": 1, "status": "done", "progress": 100})).await
            }
            "PUT" => lead.json("PUT", &path, serde_json::json!({"actual": 1})).await,
            m => panic!("{m}"),
        };
        answers.push(format!("{method} {path}: {}", r.status));
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{method} {path}: {}", r.body);
    }
    assert_eq!(lead.get(&format!("/api/v1/actions/{other}")).await.body, before, "nothing changed: {answers:?}");
}
