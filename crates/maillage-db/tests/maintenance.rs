//! The scheduled purge removes expired sessions and old sign-in attempts, and nothing else.

use chrono::{Duration, Utc};
use maillage_db::{maintenance, sessions};
use maillage_test_utils::TestDb;

#[tokio::test]
async fn the_purge_removes_what_expired_and_keeps_the_rest() {
    let db = TestDb::new().await;
    let now = maillage_db::now();
    sessions::save(&db.conn, "ancienne", "{}", now - Duration::minutes(1), None).await.unwrap();
    sessions::save(&db.conn, "active", "{}", now + Duration::hours(1), Some(1)).await.unwrap();
    maillage_db::accounts::record_login_attempt(&db.conn, "a@b.fr", "192.0.2.1", false).await.unwrap();
    let later = Utc::now() + Duration::hours(maintenance::LOGIN_ATTEMPTS_KEPT_HOURS + 1);
    let purged = maintenance::purge(&db.conn, now).await.unwrap();
    assert_eq!(purged, maintenance::Purged { sessions: 1, login_attempts: 0, uploads: 0 });
    assert!(sessions::exists(&db.conn, "active").await.unwrap());
    assert!(!sessions::exists(&db.conn, "ancienne").await.unwrap());
    let purged = maintenance::purge(&db.conn, later).await.unwrap();
    assert_eq!(purged, maintenance::Purged { sessions: 1, login_attempts: 1, uploads: 0 });
}
