//! Reading never writes: no session row for a visitor who is not signed in,
//! and no change to the database when a signed-in user or a token reads
//! every page and every API resource (the session's idle expiry is pushed
//! back at most every few minutes, a token's « dernier usage » once an hour).
//! One exception, by rule: opening a family's request writes its line in
//! the audit log, and nothing else.

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
        "facilities",
        "childminders",
        "capacities",
        "vacancy_declarations",
        "vacancies",
        "care_requests",
        "care_request_events",
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
        "SELECT CAST(id AS TEXT) || ' ' || CAST(version AS TEXT) AS v FROM care_requests ORDER BY id",
    ] {
        for row in db.query_all_raw(Statement::from_string(backend, sql)).await.unwrap() {
            out.push(row.try_get::<String>("", "v").unwrap());
        }
    }
    out
}

/// The reads that the issue wants audited: a family's data read by staff.
const AUDITED_READS: &[&str] = &["/demandes/{id}"];

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
            if *method != "GET" || AUDITED_READS.contains(path) {
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

#[tokio::test]
async fn opening_a_request_writes_its_audit_line_and_nothing_else() {
    let app = TestApp::new().await;
    let mut relais = app.signed_in(Role::Relais).await;
    let mut family = app.client();
    let tracking = format!("/suivi/{}", app.a().request_token);
    let before = fingerprint(&app).await;
    for _ in 0..3 {
        assert_eq!(family.get(&tracking).await.status, StatusCode::OK);
        assert_eq!(family.get(&format!("{tracking}/annuler")).await.status, StatusCode::OK);
        assert_eq!(family.get("/demande/a").await.status, StatusCode::OK);
    }
    assert_eq!(fingerprint(&app).await, before, "the family's reads write nothing");
    for path in AUDITED_READS {
        let path = concrete(&app, "GET", path);
        assert_eq!(relais.get(&path).await.status, StatusCode::OK);
    }
    let after = fingerprint(&app).await;
    let changed: Vec<(&String, &String)> = before.iter().zip(&after).filter(|(b, a)| b != a).collect();
    let audit_before = before.iter().find(|l| l.starts_with("audit_log: ")).unwrap();
    let n: usize = audit_before["audit_log: ".len()..].parse().unwrap();
    assert_eq!(
        changed,
        vec![(audit_before, &format!("audit_log: {}", n + AUDITED_READS.len()))],
        "only the audit log grew"
    );
}
