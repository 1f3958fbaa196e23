//! Plan repositories: import, territory scoping, optimistic locking, audit.

use maillage_db::audit::{self, AuditFilter};
use maillage_db::plan::{actions, conventions, import, load_snapshot};
use maillage_db::{Actor, DbError, TransactionTrait, territory};
use maillage_domain::plan::import::parse_plan;
use maillage_domain::plan::{ActionStatus, LeadUpdate};
use maillage_test_utils::TestDb;

/// The seed plan, as shipped with the demo (a copy of shared/data's file).
const SEED_PLAN: &str = include_str!("../../maillage/demo/ctg-plan-2023-2026.toml");

/// A day within the seed plan's years.
fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

async fn territory_with_plan(db: &TestDb, slug: &str) -> (Actor, conventions::Convention) {
    let t = territory::create(&db.conn, slug, slug, false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let plan = parse_plan(SEED_PLAN).unwrap();
    let txn = db.conn.begin().await.unwrap();
    let conv = import::import_plan(&txn, &actor, &plan).await.unwrap();
    txn.commit().await.unwrap();
    (actor, conv)
}

#[tokio::test]
async fn the_seed_plan_imports_word_for_word() {
    let db = TestDb::new().await;
    let (actor, conv) = territory_with_plan(&db, "a").await;
    let snap = load_snapshot(&db.conn, actor.territory_id, conv.id, today()).await.unwrap();
    assert_eq!(snap.axes.len(), 5);
    assert_eq!(snap.actions.len(), 26);
    assert_eq!(snap.actions[0].title, "Mettre en place un outil de suivi de l'offre et de la demande");
    assert_eq!(snap.actions.last().unwrap().title, "Mettre en place un bus itinérant");
    let page = audit::list(&db.conn, actor.territory_id, &AuditFilter::default(), 0, 10).await.unwrap();
    assert_eq!(page.total, 1, "the import is one audit entry");
}

#[tokio::test]
async fn another_territory_cannot_reach_a_record() {
    let db = TestDb::new().await;
    let (a, conv_a) = territory_with_plan(&db, "a").await;
    let (b, _) = territory_with_plan(&db, "b").await;
    let snap = load_snapshot(&db.conn, a.territory_id, conv_a.id, today()).await.unwrap();
    let action_of_a = snap.actions[0].id;
    assert!(matches!(actions::get(&db.conn, b.territory_id, action_of_a).await, Err(DbError::NotFound)));
    assert!(matches!(load_snapshot(&db.conn, b.territory_id, conv_a.id, today()).await, Err(DbError::NotFound)));
    let update = LeadUpdate { status: ActionStatus::InProgress, progress: 10 };
    assert!(matches!(actions::update_progress(&db.conn, &b, action_of_a, 1, &update).await, Err(DbError::NotFound)));
    assert_eq!(actions::get(&db.conn, a.territory_id, action_of_a).await.unwrap().progress, 0);
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let db = TestDb::new().await;
    let (actor, conv) = territory_with_plan(&db, "a").await;
    let snap = load_snapshot(&db.conn, actor.territory_id, conv.id, today()).await.unwrap();
    let id = snap.actions[3].id;
    let first = LeadUpdate { status: ActionStatus::InProgress, progress: 30 };
    let saved = actions::update_progress(&db.conn, &actor, id, 1, &first).await.unwrap();
    assert_eq!(saved.version, 2);
    let stale = LeadUpdate { status: ActionStatus::Postponed, progress: 5 };
    assert!(matches!(actions::update_progress(&db.conn, &actor, id, 1, &stale).await, Err(DbError::Conflict)));
    let now = actions::get(&db.conn, actor.territory_id, id).await.unwrap();
    assert_eq!((now.status, now.progress), (ActionStatus::InProgress, 30));
    let page = audit::list(
        &db.conn,
        actor.territory_id,
        &AuditFilter { entity: Some("action".into()), ..Default::default() },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(page.total, 1);
    let changes = &page.entries[0].changes;
    assert!(changes.iter().any(|c| c.field == "Avancement" && c.before == "0 %" && c.after == "30 %"), "{changes:?}");
}

#[tokio::test]
async fn renewal_copies_the_plan_as_a_draft() {
    let db = TestDb::new().await;
    let (actor, conv) = territory_with_plan(&db, "a").await;
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let new = conventions::renew(&db.conn, &actor, conv.id, d(2027, 1, 1), d(2030, 12, 31)).await.unwrap();
    assert_eq!(new.status, maillage_domain::plan::ConventionStatus::Draft);
    assert_eq!(new.title, "Convention Territoriale Globale 2027-2030");
    let snap = load_snapshot(&db.conn, actor.territory_id, new.id, today()).await.unwrap();
    assert_eq!((snap.axes.len(), snap.actions.len()), (5, 26));
    assert!(snap.actions.iter().all(|a| a.status == ActionStatus::NotStarted && a.progress == 0));
}

#[tokio::test]
async fn an_unknown_status_in_storage_is_an_error_not_a_guess() {
    use sea_orm::{ConnectionTrait, Statement};
    let db = TestDb::new().await;
    let (actor, conv) = territory_with_plan(&db, "a").await;
    let snap = load_snapshot(&db.conn, actor.territory_id, conv.id, today()).await.unwrap();
    let id = snap.actions[0].id;
    let backend = db.conn.get_database_backend();
    let sql = format!("UPDATE actions SET status = 'en_cours_peut_etre' WHERE id = {id}");
    db.conn.execute_raw(Statement::from_string(backend, sql)).await.unwrap();
    match actions::get(&db.conn, actor.territory_id, id).await {
        Err(DbError::Decode(what)) => assert!(what.contains("en_cours_peut_etre"), "{what}"),
        other => panic!("expected a decoding error, got {other:?}"),
    }
    assert!(matches!(load_snapshot(&db.conn, actor.territory_id, conv.id, today()).await, Err(DbError::Decode(_))));
}
