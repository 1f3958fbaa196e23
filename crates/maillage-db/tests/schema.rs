//! The schema migrations produce must be the same on SQLite and PostgreSQL:
//! same tables, same columns, same nullability, same kind of type.

use std::collections::BTreeSet;

use maillage_test_utils::TestDb;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

type Column = (String, String, bool, &'static str);

fn kind(declared: &str) -> &'static str {
    let t = declared.to_lowercase();
    if t.contains("bool") {
        "boolean"
    } else if t.contains("timestamp") {
        "timestamp"
    } else if t.contains("date") {
        "date"
    } else if t.contains("time") {
        // SQLite declares `time_text`, PostgreSQL `time without time zone`.
        "time"
    } else if t.contains("int") || t == "serial" {
        "integer"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "float"
    } else if t.contains("char") || t.contains("text") {
        "text"
    } else {
        "other"
    }
}

async fn columns(conn: &sea_orm::DatabaseConnection) -> BTreeSet<Column> {
    let mut out = BTreeSet::new();
    match conn.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let tables = conn
                .query_all_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                ))
                .await
                .unwrap();
            for t in tables {
                let table: String = t.try_get("", "name").unwrap();
                let cols = conn
                    .query_all_raw(Statement::from_string(
                        DatabaseBackend::Sqlite,
                        format!("PRAGMA table_info(\"{table}\")"),
                    ))
                    .await
                    .unwrap();
                for c in cols {
                    let name: String = c.try_get("", "name").unwrap();
                    let ty: String = c.try_get("", "type").unwrap();
                    let notnull: i32 = c.try_get("", "notnull").unwrap();
                    let pk: i32 = c.try_get("", "pk").unwrap();
                    out.insert((table.clone(), name, notnull == 0 && pk == 0, kind(&ty)));
                }
            }
        }
        DatabaseBackend::Postgres => {
            let cols = conn
                .query_all_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT table_name::text AS t, column_name::text AS c, is_nullable::text AS n, data_type::text AS ty \
                     FROM information_schema.columns WHERE table_schema = 'public'",
                ))
                .await
                .unwrap();
            for c in cols {
                let t: String = c.try_get("", "t").unwrap();
                let name: String = c.try_get("", "c").unwrap();
                let n: String = c.try_get("", "n").unwrap();
                let ty: String = c.try_get("", "ty").unwrap();
                out.insert((t, name, n == "YES", kind(&ty)));
            }
        }
        other => panic!("unexpected backend {other:?}"),
    }
    out
}

#[tokio::test]
async fn migrations_give_the_same_schema_on_sqlite_and_postgresql() {
    let Ok(pg_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("SKIPPED: TEST_DATABASE_URL is not set; this comparison runs in the PostgreSQL leg of .ci/run");
        return;
    };
    assert!(!pg_url.is_empty());
    let pg = TestDb::new().await;
    // The PostgreSQL leg sets TEST_DATABASE_URL, so the SQLite side is built
    // here directly rather than through TestDb.
    let sqlite_path = std::env::temp_dir().join(format!("maillage-schema-{}.sqlite", std::process::id()));
    let sqlite_url = format!("sqlite://{}?mode=rwc", sqlite_path.display());
    let sqlite = maillage_db::connect(&sqlite_url).await.unwrap();
    maillage_db::migrate(&sqlite).await.unwrap();
    let left = columns(&sqlite).await;
    let right = columns(&pg.conn).await;
    let _ = std::fs::remove_file(&sqlite_path);
    assert!(left.len() > 100, "SQLite schema read: {} columns", left.len());
    let only_sqlite: Vec<_> = left.difference(&right).collect();
    let only_pg: Vec<_> = right.difference(&left).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_pg:#?}"
    );
}

/// A database made before `meetings.notes` became `minutes` keeps every
/// meeting's minutes through the migration.
#[tokio::test]
async fn minutes_written_before_the_rename_are_kept() {
    use maillage_migration::MigratorTrait;
    let db = TestDb::empty().await;
    let before_rename = maillage_migration::Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261201_000001_meeting_minutes")
        .expect("the rename migration") as u32;
    maillage_migration::Migrator::up(&db.conn, Some(before_rename)).await.unwrap();
    let t = maillage_db::territory::create(&db.conn, "a", "A", false).await.unwrap();
    let backend = db.conn.get_database_backend();
    let insert = |sql: &str| Statement::from_string(backend, sql.to_owned());
    db.conn
        .execute_raw(insert(&format!(
            "INSERT INTO conventions (territory_id, title, starts_on, ends_on, status, signatories, replaces, \
             diagnostic, purpose, version, updated_at) VALUES ({}, 'CTG', '2023-01-01', '2026-12-31', 'signed', \
             '', '', '', '', 1, '2026-01-01 00:00:00+00:00')",
            t.id
        )))
        .await
        .unwrap();
    db.conn
        .execute_raw(insert(&format!(
            "INSERT INTO meetings (territory_id, convention_id, kind, held_on, title, attendees, notes) \
             VALUES ({}, (SELECT id FROM conventions), 'steering_committee', '2025-06-12', 'COPIL', '', \
             'Relevé : le LAEP ouvre en septembre.')",
            t.id
        )))
        .await
        .unwrap();
    maillage_db::migrate(&db.conn).await.unwrap();
    let conv: i32 =
        db.conn.query_one_raw(insert("SELECT id FROM conventions")).await.unwrap().unwrap().try_get("", "id").unwrap();
    let meetings = maillage_db::plan::meetings::list(&db.conn, t.id, conv).await.unwrap();
    assert_eq!(meetings[0].minutes, "Relevé : le LAEP ouvre en septembre.");
}
