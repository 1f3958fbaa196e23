//! Reading never writes: no session row for a visitor who is not signed in,
//! and no change to the database when a signed-in user or a token reads
//! every page and every API resource (the session's idle expiry is pushed
//! back at most every few minutes, a token's « dernier usage » once an hour).

use axum::http::StatusCode;
use maillage_domain::Role;
use sea_orm::{ConnectionTrait, Statement};

use crate::api::token_for;
use crate::common::TestApp;
use crate::permissions::{TABLE, concrete};

/// Everything a read could change: row counts of every table, the sessions'
/// data and expiry, the tokens' last use, the users' last sign-in.
async fn fingerprint(app: &TestApp) -> Vec<String> {
    let db = &app.db.conn;
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    let tables = [
        "territories",
        "users",
        "sessions",
        "login_attempts",
        "api_tokens",
        "audit_log",
        "conventions",
        "axes",
        "actions",
        "milestones",
        "budget_lines",
        "indicators",
        "indicator_values",
        "journal_entries",
        "meetings",
        "decisions",
        "invitations",
        "messages",
    ];
    for table in tables {
        let row = db.query_one_raw(Statement::from_string(backend, format!("SELECT COUNT(*) AS n FROM {table}"))).await;
        let n: i64 = row.unwrap().unwrap().try_get("", "n").unwrap();
        out.push(format!("{table}: {n}"));
    }
    for sql in [
        "SELECT id || ' ' || data || ' ' || CAST(expires_at AS TEXT) AS v FROM sessions ORDER BY id",
        "SELECT CAST(id AS TEXT) || ' ' || COALESCE(CAST(last_used_at AS TEXT), '-') AS v FROM api_tokens ORDER BY id",
        "SELECT CAST(id AS TEXT) || ' ' || COALESCE(CAST(last_login_at AS TEXT), '-') AS v FROM users ORDER BY id",
        "SELECT CAST(id AS TEXT) || ' ' || CAST(version AS TEXT) AS v FROM actions ORDER BY id",
        "SELECT CAST(id AS TEXT) || ' ' || CAST(revision AS TEXT) AS v FROM territories ORDER BY id",
    ] {
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap() {
            out.push(row.try_get::<String>("", "v").unwrap());
        }
    }
    out
}

async fn count_sessions(app: &TestApp) -> i64 {
    let db = &app.db.conn;
    let stmt = Statement::from_string(db.get_database_backend(), "SELECT COUNT(*) AS n FROM sessions");
    db.query_one_raw(stmt).await.unwrap().unwrap().try_get("", "n").unwrap()
}

#[tokio::test]
async fn a_visitor_who_is_not_signed_in_costs_no_session_row() {
    let app = TestApp::new().await;
    for _ in 0..20 {
        let mut visitor = app.client();
        assert_eq!(visitor.get("/connexion").await.status, StatusCode::OK);
        assert_eq!(visitor.get("/").await.status, StatusCode::SEE_OTHER);
        visitor.get("/invitation/inconnue").await;
    }
    assert_eq!(count_sessions(&app).await, 0);
    // A failed sign-in is a write (the attempt is counted), but still no session.
    let mut visitor = app.client();
    visitor.get("/connexion").await;
    let r = visitor.post_form("/connexion", &[("email", "x@y.fr"), ("password", "mauvais mot de passe")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count_sessions(&app).await, 0);
}

#[tokio::test]
async fn reading_every_page_and_resource_writes_nothing() {
    let app = TestApp::new().await;
    let token = token_for(&app, Role::Coordinator).await;
    let mut api = app.client();
    api.bearer = Some(token);
    api.get("/api/v1/me").await; // the token's first use is recorded
    let mut coordinator = app.signed_in(Role::Coordinator).await;
    let mut elected = app.signed_in(Role::Elected).await;
    let before = fingerprint(&app).await;
    for _ in 0..2 {
        for (method, path, _, _) in TABLE {
            if *method != "GET" {
                continue;
            }
            let path = concrete(&app, method, path);
            for client in [&mut coordinator, &mut elected] {
                let r = client.get(&path).await;
                assert!(!r.status.is_server_error(), "{path}: {}", r.status);
            }
            if path.starts_with("/api/") {
                assert!(!api.get(&path).await.status.is_server_error());
            }
        }
    }
    assert_eq!(fingerprint(&app).await, before, "a GET wrote to the database");
}
