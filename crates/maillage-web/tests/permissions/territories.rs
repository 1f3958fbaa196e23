//! Every route that names a record, page and API, with territory B's ids,
//! for a coordinator of A: not found, and nothing of B changes. Each request
//! carries a valid body, so that what answers is the territory check and not
//! the validation of the input.

use axum::http::StatusCode;
use maillage_domain::Role;
use serde_json::{Value, json};

use super::{TABLE, concrete_in};
use crate::common::{Client, Resp, Territory, TestApp};

/// A body the route would accept for a record of the actor's territory.
fn form_for(path: &str, t: &Territory) -> Vec<(&'static str, String)> {
    let pairs: &[(&str, &str)] = if path.ends_with("/conventions/{id}/modifier") {
        &[("version", "1"), ("title", "x"), ("starts_on", "2023-01-01"), ("ends_on", "2026-12-31")]
    } else if path == "/demandes/{id}/statut" {
        &[("version", "1"), ("status", "searching")]
    } else if path == "/projets/{id}/modifier" {
        &[("version", "1"), ("name", "x"), ("holder", "x"), ("kind", "mam"), ("infant", "2")]
    } else if path == "/projets/{id}/etapes" {
        &[("version", "1"), ("stage", "feasibility"), ("on", "2024-11-15")]
    } else if path == "/projets/{id}/ouverture" {
        &[
            ("version", "1"),
            ("opened_on", "2024-11-15"),
            ("name", "x"),
            ("kind", "mam"),
            ("manager", "x"),
            ("address", "x"),
            ("mon", "on"),
            ("opens_at", "08:00"),
            ("closes_at", "18:00"),
        ]
    } else if path == "/imports/{id}" {
        &[
            ("map_last_name", "Nom"),
            ("map_first_name", "Prénom"),
            ("map_approval_number", "Agrément"),
            ("map_birth_year", "Naissance"),
            ("action", "essai"),
        ]
    } else if path == "/demandes/{id}/coordonnees" {
        &[("version", "1"), ("parent_name", "x"), ("phone", "0600000000")]
    } else if path == "/demandes/{id}/proposer" {
        return vec![("version", "1".into()), ("holder", format!("facility-{}", t.facility_id))];
    } else if path.ends_with("/statut") {
        &[("status", "active")]
    } else if path == "/actions/{id}/modifier" {
        &[("version", "1"), ("title", "x"), ("status", "in_progress"), ("progress", "10")]
    } else if path.ends_with("/renouveler") {
        &[("starts_on", "2027-01-01"), ("ends_on", "2030-12-31")]
    } else if path.ends_with("/jalons") || path.starts_with("/jalons/") {
        &[("title", "x"), ("due_on", "2024-01-01")]
    } else if path.ends_with("/budget") || path.starts_with("/budget/") {
        &[("year", "2024"), ("funder", "X"), ("planned", "1")]
    } else if path.ends_with("/indicateurs/nouveau") || path.starts_with("/indicateurs/") {
        &[("name", "x"), ("direction", "increase")]
    } else if path.ends_with("/comites") || path == "/comites/{id}/modifier" {
        &[("kind", "thematic"), ("held_on", "2024-01-01"), ("title", "x")]
    } else if path.ends_with("/conventions/{id}/axes") {
        &[("code", "9"), ("title", "x")]
    } else if path.starts_with("/axes/") {
        &[("title", "x")]
    } else if path.ends_with("/conventions/{id}/actions") {
        return vec![("axis_id", t.axis_id().to_string()), ("title", "x".into())];
    } else if path.ends_with("/indicateurs") {
        return vec![("indicator_id", t.indicator_id().to_string()), ("year", "2024".into()), ("actual", "1".into())];
    } else if path.starts_with("/utilisateurs/") {
        &[("role", "elected"), ("active", "1")]
    } else if path.ends_with("/compte") {
        return vec![("user_id", t.childminder_user_id.to_string())];
    } else if path.ends_with("/gestionnaires") {
        return vec![("user_id", t.facility_manager_user_id.to_string())];
    } else if path.ends_with("/places-disponibles") || path.starts_with("/mes-places/") {
        &[("available_from", "2030-01-01"), ("mon_infant", "1")]
    } else if path.ends_with("/capacites") {
        &[("valid_from", "2030-01-01"), ("infant", "1")]
    } else if path == "/etablissements/{id}/modifier" {
        &[
            ("version", "1"),
            ("name", "x"),
            ("kind", "multi_accueil"),
            ("manager", "x"),
            ("address", "x"),
            ("funding", "psu"),
            ("mon", "on"),
            ("opens_at", "08:00"),
            ("closes_at", "18:00"),
        ]
    } else if path == "/assistants-maternels/{id}/modifier" {
        &[("version", "1"), ("first_name", "x"), ("last_name", "x"), ("approval_number", "X1"), ("birth_year", "1970")]
    } else {
        &[("body", "x")]
    };
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

fn json_for(method: &str, path: &str) -> Value {
    match (method, path) {
        ("PUT", "/api/v1/conventions/{id}") => {
            json!({"version": 1, "title": "x", "starts_on": "2023-01-01", "ends_on": "2026-12-31"})
        }
        ("POST", "/api/v1/conventions/{id}/axes") => json!({"code": "9", "title": "x"}),
        ("PUT", "/api/v1/axes/{id}") | ("POST", "/api/v1/axes/{id}/actions") => json!({"title": "x"}),
        ("POST", "/api/v1/conventions/{id}/meetings") | ("PUT", "/api/v1/meetings/{id}") => {
            json!({"kind": "thematic", "held_on": "2024-01-01", "title": "x"})
        }
        ("PUT", "/api/v1/actions/{id}") => json!({"version": 1, "title": "x", "status": "in_progress", "progress": 10}),
        ("PUT", p) if p.ends_with("/vacancies") => {
            json!({"available_from": "2030-01-01", "free": {"mon": {"infant": 1}}})
        }
        ("PATCH", _) => json!({"version": 1, "status": "in_progress", "progress": 10}),
        (_, p) if p.contains("milestones") => json!({"title": "x", "due_on": "2024-01-01"}),
        (_, p) if p.ends_with("/budget") || p.starts_with("/api/v1/budget/") => {
            json!({"year": 2024, "funder": "X", "planned": 1})
        }
        ("PUT", "/api/v1/indicators/{id}/values/{year}") => json!({"actual": 1}),
        (_, p) if p.contains("indicators") => json!({"name": "x", "direction": "increase"}),
        _ => json!({"body": "x"}),
    }
}

async fn send(client: &mut Client<'_>, t: &Territory, method: &str, path: &str) -> Resp {
    let url = concrete_in(t, method, path);
    match method {
        "GET" => client.get(&url).await,
        "DELETE" => client.delete(&url).await,
        "POST" if !path.starts_with("/api/") => {
            let form = form_for(path, t);
            let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            client.post_form(&url, &fields).await
        }
        _ => client.json(method, &url, json_for(method, path)).await,
    }
}

#[tokio::test]
async fn the_valid_bodies_are_accepted_in_the_actors_own_territory() {
    // Proves the bodies pass validation: with A's own ids nothing answers 400
    // or 422, except a rule on what already exists (a second line for the same
    // funder and year, an axis code taken, an invitation already accepted).
    let app = TestApp::new().await;
    let mut a = app.signed_in(Role::Coordinator).await;
    let mut refused = Vec::new();
    for (method, path, public, _) in TABLE {
        if *public || !path.contains("{id}") || *method == "DELETE" || path.contains("supprimer") {
            continue;
        }
        if *path == "/demandes/{id}/proposer" {
            // A place to propose: free on the fixture request's days, for its child's age, by its start.
            let places = format!("/etablissements/{}/places-disponibles", app.a().facility_id);
            let cells = [("available_from", "2024-12-02"), ("mon_infant", "1"), ("tue_infant", "1")];
            assert_eq!(a.post_form(&places, &cells).await.status, StatusCode::SEE_OTHER);
        }
        let r = send(&mut a, app.a(), method, path).await;
        let invalid = r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::UNPROCESSABLE_ENTITY;
        if invalid && !r.text().contains("déjà") {
            refused.push(format!("{method} {path}: {} {}", r.status, r.text()));
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[tokio::test]
async fn every_route_with_another_territorys_id_answers_not_found() {
    let app = TestApp::new().await;
    let mut a = app.signed_in(Role::Coordinator).await;
    let before = app.seen_by_coordinator_of("b").await;
    let mut failures = Vec::new();
    let mut tried = 0;
    for (method, path, public, _) in TABLE {
        if *public || !path.contains("{id}") {
            continue;
        }
        tried += 1;
        let r = send(&mut a, app.b(), method, path).await;
        if r.status != StatusCode::NOT_FOUND {
            failures.push(format!("{method} {} answered {}", concrete_in(app.b(), method, path), r.status));
        } else if path.starts_with("/api/") {
            assert_eq!(r.headers["content-type"], "application/problem+json", "{path}");
        }
    }
    assert!(tried >= 55, "only {tried} routes name a record");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(app.seen_by_coordinator_of("b").await, before, "territory B is unchanged");
}
