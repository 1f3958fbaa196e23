//! Per-test databases, and (feature `web`) the `TestApp` builder and its
//! browser-like client.
//!
//! SQLite by default: a fresh file per test (WAL, several connections, like
//! `maillage serve`). PostgreSQL when `TEST_DATABASE_URL` is set (for example
//! `postgres://postgres@127.0.0.1:5432/postgres`): a fresh database
//! `test_<uuid>` per test, dropped when the test ends.

#[cfg(feature = "web")]
pub mod app;
#[cfg(feature = "web")]
pub mod client;
pub mod ids;

use std::path::PathBuf;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use sea_orm_migration::MigratorTrait;

pub struct TestDb {
    pub conn: DatabaseConnection,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteFile(PathBuf),
    Postgres { admin_url: String, name: String },
}

/// Which backend the suite runs on, for messages.
pub fn backend() -> &'static str {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) { "postgres" } else { "sqlite" }
}

impl TestDb {
    /// A fresh, migrated database.
    pub async fn new() -> TestDb {
        let db = Self::empty().await;
        maillage_migration::Migrator::up(&db.conn, None).await.expect("migrations apply");
        db
    }

    /// A fresh database without migrations.
    pub async fn empty() -> TestDb {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(&admin_url).await.expect("TEST_DATABASE_URL answers");
                admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create test database");
                admin.close().await.ok();
                let url = replace_database(&admin_url, &name);
                let conn = maillage_db_connect(&url).await;
                TestDb { conn, url, cleanup: Cleanup::Postgres { admin_url, name } }
            }
            _ => {
                let path = std::env::temp_dir().join(format!("maillage-test-{}.sqlite", uuid::Uuid::new_v4().simple()));
                let url = format!("sqlite://{}?mode=rwc", path.display());
                let conn = maillage_db_connect(&url).await;
                TestDb { conn, url, cleanup: Cleanup::SqliteFile(path) }
            }
        }
    }
}

async fn maillage_db_connect(url: &str) -> DatabaseConnection {
    let mut options = sea_orm::ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false).max_connections(4);
    if url.starts_with("sqlite:") {
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(std::time::Duration::from_secs(10))
        });
    }
    Database::connect(options).await.expect("test database opens")
}

/// `postgres://u@h:p/postgres?x` → `postgres://u@h:p/NAME?x`
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let root = match base.rfind('/') {
        Some(i) if i > base.find("//").map_or(0, |j| j + 1) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                // Drop runs inside the test's runtime; a thread with its own
                // runtime can block on the DROP without stalling it.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(super::replace_database("postgres://p@h:5432/postgres", "t"), "postgres://p@h:5432/t");
        assert_eq!(
            super::replace_database("postgres://p@h/postgres?sslmode=disable", "t"),
            "postgres://p@h/t?sslmode=disable"
        );
    }
}
