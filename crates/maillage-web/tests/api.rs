//! /api: tokens, JSON, problem details, the OpenAPI document.

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::TestApp;

async fn token_for(app: &TestApp, role: Role) -> String {
    let mut c = app.signed_in(role).await;
    let page = c.post_form("/compte/jetons", &[("name", "Tableur de suivi")]).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = page.body.find("mlg_").expect("the new token is shown once");
    page.body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_token_reads_the_plan_and_a_revoked_one_does_not() {
    let app = TestApp::new().await;
    let token = token_for(&app, Role::CafPartner).await;
    let mut api = app.client();
    api.bearer = Some(token.clone());
    let me = api.get("/api/v1/me").await.json();
    assert_eq!(me["role"], "caf_partner");
    let conv = api.get(&format!("/api/v1/conventions/{}", app.a.convention_id)).await.json();
    assert_eq!(conv["axes"].as_array().unwrap().len(), 5);
    assert_eq!(conv["axes"][0]["actions"][0]["title"], "Mettre en place un outil de suivi de l'offre et de la demande");
    assert!(conv["axes"][0]["actions"][0]["late"].as_str().unwrap().starts_with("En retard"));
    // A read-only role cannot write, even with a token.
    let r = api
        .json(
            "PATCH",
            &format!("/api/v1/actions/{}", app.a.led_action_id),
            serde_json::json!({"version": 1, "status": "done", "progress": 100}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.headers["content-type"], "application/problem+json");

    let mut owner = app.signed_in(Role::CafPartner).await;
    let list = owner.get("/compte/jetons").await;
    let start = list.body.find("/compte/jetons/").unwrap() + "/compte/jetons/".len();
    let id: String = list.body[start..].chars().take_while(char::is_ascii_digit).collect();
    owner.post_form(&format!("/compte/jetons/{id}/revoquer"), &[]).await;
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn invalid_input_is_a_422_problem_listing_the_fields() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::ActionLead).await);
    let path = format!("/api/v1/actions/{}", app.a.led_action_id);
    let r = api.json("PATCH", &path, serde_json::json!({"version": 1, "status": "fini", "progress": 150})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let body = r.json();
    assert_eq!(body["status"], 422);
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["status", "progress"]);
    assert_eq!(api.get(&path).await.json()["progress"], 20, "nothing written");

    let ok = api.json("PATCH", &path, serde_json::json!({"version": 1, "status": "in_progress", "progress": 35})).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json()["version"], 2);
    let stale = api.json("PATCH", &path, serde_json::json!({"version": 1, "status": "done", "progress": 100})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(api.get(&path).await.json()["progress"], 35);
}

#[tokio::test]
async fn a_session_cookie_cannot_write_through_the_api_without_the_csrf_header() {
    let app = TestApp::new().await;
    let mut c = app.signed_in(Role::Coordinator).await;
    let path = format!("/api/v1/actions/{}", app.a.led_action_id);
    let body = serde_json::json!({"version": 1, "status": "done", "progress": 100}).to_string();
    let request = axum::http::Request::patch(&path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(c.send(request).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.get(&path).await.json()["status"], "in_progress", "nothing written");
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::new().await;
    let doc = app.client().get("/api/openapi.json").await.json();
    let state = maillage_web::AppState::new(
        app.db.conn.clone(),
        maillage_web::Config { secure_cookies: false, demo_banner: false },
    );
    for route in maillage_web::route_table(state) {
        if route.path.starts_with("/api/v1/") {
            let method = route.method.as_str().to_lowercase();
            assert!(
                doc["paths"][route.path][&method].is_object(),
                "{} {} missing from the OpenAPI document",
                route.method,
                route.path
            );
        }
    }
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn an_action_reads_in_full_and_its_lead_records_values_and_notes() {
    let app = TestApp::new().await;
    let mut lead = app.client();
    lead.bearer = Some(token_for(&app, Role::ActionLead).await);
    let action = format!("/api/v1/actions/{}", app.a.led_action_id);
    let fiche = lead.get(&action).await.json();
    assert_eq!(fiche["indicators"][0]["name"], "Demandes enregistrées");
    assert_eq!(fiche["indicators"][0]["values"][0]["actual"], 80.0);
    assert_eq!(fiche["budget"][0]["planned"], 1000);
    assert!(fiche["late"].as_str().unwrap().contains("31/12/2020"));

    let value = format!("/api/v1/indicators/{}/values/2025", app.a.indicator_id);
    let r = lead.json("PUT", &value, serde_json::json!({"actual": 131.5, "source": "Registre"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json(), serde_json::json!({"year": 2025, "target": null, "actual": 131.5, "source": "Registre"}));
    let r = lead.json("PUT", &value, serde_json::json!({"actual": 1, "target": 500})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only coordinators set targets");
    let r = lead
        .json(
            "PUT",
            &format!("/api/v1/indicators/{}/values/1850", app.a.indicator_id),
            serde_json::json!({"actual": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "year");

    let r = lead
        .json(
            "POST",
            &format!("{action}/journal"),
            serde_json::json!({"body": "Rencontre avec la PMI", "written_on": "2025-02-03"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = lead
        .json("POST", &format!("{action}/journal"), serde_json::json!({"body": "", "written_on": "2999-01-01"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fiche = lead.get(&action).await.json();
    assert_eq!(fiche["journal"].as_array().unwrap().len(), 1);
    assert_eq!(fiche["journal"][0]["author"], "Pilote d'action a");
    assert_eq!(fiche["indicators"][0]["values"][1]["actual"], 131.5);

    let mut coordinator = app.client();
    coordinator.bearer = Some(token_for(&app, Role::Coordinator).await);
    let r = coordinator
        .json("PUT", &value, serde_json::json!({"actual": 131.5, "target": 150, "source": "Registre"}))
        .await;
    assert_eq!(r.json()["target"], 150.0);
    let fiche_b = coordinator.get(&format!("/api/v1/actions/{}", app.b.led_action_id)).await;
    assert_eq!(fiche_b.status, StatusCode::NOT_FOUND);
    let other = format!("/api/v1/indicators/{}/values/2025", app.b.indicator_id);
    assert_eq!(coordinator.json("PUT", &other, serde_json::json!({"actual": 1})).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn meetings_and_decisions_are_listed() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Elected).await);
    let list = api.get(&format!("/api/v1/conventions/{}/meetings", app.a.convention_id)).await.json();
    assert_eq!(list[0]["title"], "COPIL annuel 2024");
    assert_eq!(list[0]["kind"], "steering_committee");
    assert_eq!(
        api.get(&format!("/api/v1/conventions/{}/meetings", app.b.convention_id)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_coordinator_writes_a_whole_fiche_and_a_meeting() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let path = format!("/api/v1/actions/{}", app.a.other_action_id);
    let body = |version: i32, lead: Option<i32>| {
        serde_json::json!({
            "version": version, "title": "Cartographie des besoins", "lead_name": "DAS", "lead_user_id": lead,
            "partners": ["CAF", "INSEE"], "starts_on": "2024-01-01", "ends_on": "2025-12-31",
            "status": "in_progress", "progress": 40
        })
    };
    let r = api.json("PUT", &path, body(1, Some(app.b.elected_user_id))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "lead_user_id", "a lead from another territory is refused");
    let r = api.json("PUT", &path, body(1, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["version"], 2);
    let fiche = api.get(&path).await.json();
    assert_eq!(fiche["partners"], serde_json::json!(["CAF", "INSEE"]));
    assert_eq!(fiche["title"], "Cartographie des besoins");
    assert_eq!(api.json("PUT", &path, body(1, None)).await.status, StatusCode::CONFLICT);

    let meetings = format!("/api/v1/conventions/{}/meetings", app.a.convention_id);
    let r =
        api.json("POST", &meetings, serde_json::json!({"kind": "copil", "held_on": "2025-06-01", "title": ""})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = r.json();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["kind", "title"]);
    let r = api
        .json("POST", &meetings, serde_json::json!({"kind": "steering_committee", "held_on": "2025-06-01", "title": "COPIL 2025", "attendees": ["Maire", "CAF"]}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(api.get(&meetings).await.json().as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_coordinator_maintains_milestones_budget_and_indicators() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let action = format!("/api/v1/actions/{}", app.a.other_action_id);

    let r = api
        .json(
            "POST",
            &format!("{action}/milestones"),
            serde_json::json!({"title": "Carte présentée", "due_on": "2024-09-30"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let milestone = r.json()["id"].as_i64().unwrap();
    assert!(api.get(&action).await.json()["late"].as_str().unwrap().contains("Carte présentée"));
    let r = api
        .json(
            "PUT",
            &format!("/api/v1/milestones/{milestone}"),
            serde_json::json!({"title": "Carte présentée", "due_on": "2024-09-30", "done_on": "2024-10-01"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(api.get(&action).await.json()["late"].is_null());

    let r = api
        .json("POST", &format!("{action}/budget"), serde_json::json!({"year": 2031, "funder": "", "planned": -5}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = r.json();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["year", "funder", "planned"]);
    let r = api
        .json("POST", &format!("{action}/budget"), serde_json::json!({"year": 2025, "funder": "CAF", "planned": 5000}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = api
        .json("POST", &format!("{action}/budget"), serde_json::json!({"year": 2025, "funder": "CAF", "planned": 1}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "one line per year and funder");

    let r = api
        .json("POST", &format!("{action}/indicators"), serde_json::json!({"name": "Places", "direction": "sideways"}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .json(
            "POST",
            &format!("{action}/indicators"),
            serde_json::json!({"name": "Places", "unit": "places", "direction": "increase", "baseline": 12}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let indicator = r.json()["id"].as_i64().unwrap();
    let fiche = api.get(&action).await.json();
    assert_eq!(fiche["indicators"][0]["baseline"], 12.0);
    assert_eq!(fiche["budget"][0]["planned"], 5000);

    assert_eq!(api.delete(&format!("/api/v1/indicators/{indicator}")).await.status, StatusCode::NO_CONTENT);
    assert_eq!(api.delete(&format!("/api/v1/milestones/{milestone}")).await.status, StatusCode::NO_CONTENT);
    let fiche = api.get(&action).await.json();
    assert!(fiche["indicators"].as_array().unwrap().is_empty() && fiche["milestones"].as_array().unwrap().is_empty());
    assert_eq!(api.delete(&format!("/api/v1/budget/{}", app.b.budget_line_id)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_coordinator_reshapes_the_convention_through_the_api() {
    let app = TestApp::new().await;
    let mut api = app.client();
    api.bearer = Some(token_for(&app, Role::Coordinator).await);
    let conv = format!("/api/v1/conventions/{}", app.a.convention_id);
    let version = api.get(&conv).await.json()["version"].as_i64().unwrap();
    let body = |v: i64| serde_json::json!({"version": v, "title": "CTG 2023-2026 de Ville-Test", "starts_on": "2023-01-01", "ends_on": "2026-12-31", "signatories": ["Commune", "CAF"]});
    assert_eq!(api.json("PUT", &conv, body(version)).await.status, StatusCode::OK);
    assert_eq!(api.json("PUT", &conv, body(version)).await.status, StatusCode::CONFLICT, "stale version");

    let r = api.json("POST", &format!("{conv}/axes"), serde_json::json!({"code": "1", "title": "Doublon"})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api.json("POST", &format!("{conv}/axes"), serde_json::json!({"code": "6", "title": "Seniors"})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let axis = r.json()["id"].as_i64().unwrap();
    let r = api
        .json("POST", &format!("/api/v1/axes/{axis}/actions"), serde_json::json!({"title": "Visites à domicile"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["code"], "6.1");
    let r = api.json("PUT", &format!("/api/v1/axes/{axis}"), serde_json::json!({"title": "Seniors et aidants"})).await;
    assert_eq!(r.json()["code"], "6");
    let detail = api.get(&conv).await.json();
    assert_eq!(detail["title"], "CTG 2023-2026 de Ville-Test");
    assert_eq!(detail["axes"][5]["title"], "Seniors et aidants");
    assert_eq!(detail["axes"][5]["actions"][0]["title"], "Visites à domicile");

    let decisions = format!("/api/v1/meetings/{}/decisions", app.a.meeting_id);
    let r = api
        .json("POST", &decisions, serde_json::json!({"body": "Relancer la PMI", "action_id": app.b.led_action_id}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .json("POST", &decisions, serde_json::json!({"body": "Relancer la PMI", "action_id": app.a.led_action_id}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let meetings = api.get(&format!("{conv}/meetings")).await.json();
    assert_eq!(meetings[0]["decisions"][0]["body"], "Relancer la PMI");
    assert_eq!(
        api.json("PUT", &format!("/api/v1/axes/{}", app.b.axis_id), serde_json::json!({"title": "x"})).await.status,
        StatusCode::NOT_FOUND
    );
}
