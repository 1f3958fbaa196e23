//! Families' requests over time: a reminder when not confirmed for a
//! while, expiry when the reminder goes unanswered, once each.

use chrono::NaiveDate;
use maillage_db::childcare::{ops, requests};
use maillage_db::ops::Ctx;
use maillage_db::{Actor, territory};
use maillage_domain::childcare::FacilityForm;
use maillage_domain::childcare::RequestStatus;
use maillage_domain::childcare::request::RequestForm;
use maillage_domain::childcare::request::confirmation::ConfirmationPolicy;
use maillage_test_utils::TestDb;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn form(email: &str) -> RequestForm {
    let mut f = RequestForm::default();
    for (k, v) in [
        ("child_born", "born"),
        ("child_date", "2024-10-17"),
        ("start_on", "2025-09-01"),
        ("mon_from", "08:00"),
        ("mon_to", "17:00"),
        ("mode_1", "collective"),
        ("parent_name", "Famille Test"),
        ("phone", "06 00 00 00 00"),
        ("email", email),
        ("consent", "on"),
    ] {
        f.set(k, v);
    }
    f
}

async fn outbox(db: &TestDb, t: i32) -> Vec<String> {
    let page = maillage_db::outbox::list(&db.conn, t, 0, 50).await.unwrap();
    page.messages.into_iter().map(|m| format!("{} {}", m.recipient, m.subject)).collect()
}

#[tokio::test]
async fn an_unconfirmed_request_is_reminded_once_then_expires() {
    let db = TestDb::new().await;
    let t = territory::create(&db.conn, "a", "Commune A", false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let cx = Ctx { db: &db.conn, actor: &actor, today: day("2025-01-10") };
    let facility = FacilityForm {
        name: "Crèche".into(),
        kind: "multi_accueil".into(),
        manager: "Commune".into(),
        address: "1 rue".into(),
        sector: "Centre".into(),
        funding: "psu".into(),
        mon: "on".into(),
        opens_at: "08:00".into(),
        closes_at: "18:00".into(),
        ..Default::default()
    };
    ops::create_facility(&cx, &facility).await.unwrap();
    let (quiet, _) = ops::file_request(&cx, &t.name, &form("quiet@exemple.fr"), "http://x").await.unwrap();
    let (busy, token) = ops::file_request(&cx, &t.name, &form(""), "http://x").await.unwrap();
    let policy = ConfirmationPolicy::default();
    let follow = |on: &str| ops::follow_up_requests(&db.conn, day(on), policy);

    assert_eq!(follow("2025-04-09").await.unwrap(), ops::FollowedUp { reminded: 0, expired: 0 });
    assert_eq!(follow("2025-04-10").await.unwrap(), ops::FollowedUp { reminded: 2, expired: 0 });
    assert_eq!(follow("2025-04-10").await.unwrap(), ops::FollowedUp::default(), "once");
    let sent = outbox(&db, t.id).await;
    assert_eq!(
        sent.iter().filter(|m| m.contains("toujours d'actualité")).count(),
        1,
        "by mail when there is an address: {sent:?}"
    );
    assert!(sent.iter().any(|m| m.starts_with("quiet@exemple.fr")));

    // One family answers the reminder; the other does not.
    ops::family_confirm(&db.conn, &token, day("2025-04-20")).await.unwrap();
    assert_eq!(follow("2025-05-09").await.unwrap(), ops::FollowedUp::default());
    assert_eq!(follow("2025-05-10").await.unwrap(), ops::FollowedUp { reminded: 0, expired: 1 });
    assert_eq!(requests::get(&db.conn, t.id, quiet.id).await.unwrap().status, RequestStatus::Expired);
    let still = requests::get(&db.conn, t.id, busy.id).await.unwrap();
    assert_eq!((still.status, still.confirmed_on), (RequestStatus::Filed, day("2025-04-20")));
    let history = requests::events(&db.conn, t.id, quiet.id).await.unwrap();
    let notes: Vec<&str> = history.iter().map(|e| e.note.as_str()).collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes[1].starts_with("Rappel : confirmez la demande avant le 10 mai 2025"), "{notes:?}");
    assert_eq!(history[2].actor, "Maillage");
    // Three months after its confirmation, the other one is reminded in turn.
    assert_eq!(follow("2025-07-20").await.unwrap(), ops::FollowedUp { reminded: 1, expired: 0 });
}

#[tokio::test]
async fn closed_requests_lose_their_personal_data_after_the_retention_period() {
    let db = TestDb::new().await;
    let t = territory::create(&db.conn, "a", "Commune A", false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let cx = Ctx { db: &db.conn, actor: &actor, today: day("2025-01-10") };
    let (closed, _) = ops::file_request(&cx, &t.name, &form("a@exemple.fr"), "http://x").await.unwrap();
    let (open, _) = ops::file_request(&cx, &t.name, &form("b@exemple.fr"), "http://x").await.unwrap();
    let solved = maillage_domain::childcare::request::StatusForm {
        status: "solved".into(),
        solved_mode: "collective".into(),
        note: "Place à la crèche des Lilas pour Famille Test".into(),
    };
    let cx = Ctx { db: &db.conn, actor: &actor, today: day("2025-06-02") };
    ops::change_status(&cx, &t.name, closed.id, closed.version, &solved).await.unwrap();

    assert_eq!(ops::purge_closed_requests(&db.conn, day("2027-06-01"), 24).await.unwrap(), 0, "not yet");
    assert_eq!(ops::purge_closed_requests(&db.conn, day("2027-06-02"), 24).await.unwrap(), 1);
    assert_eq!(ops::purge_closed_requests(&db.conn, day("2027-06-02"), 24).await.unwrap(), 0, "once");
    let erased = requests::get(&db.conn, t.id, closed.id).await.unwrap();
    assert_eq!((erased.parent_name.as_str(), erased.email.as_str(), erased.phone.as_str()), ("", "", ""));
    assert_eq!(erased.child.date, day("2024-10-01"), "the month of birth stays, for the age bands");
    assert_eq!((erased.status, erased.start_on), (RequestStatus::Solved, day("2025-09-01")), "the figures stay");
    let notes: Vec<String> =
        requests::events(&db.conn, t.id, closed.id).await.unwrap().into_iter().map(|e| e.note).collect();
    assert!(notes.iter().all(|n| !n.contains("Famille Test")), "{notes:?}");
    let kept = requests::get(&db.conn, t.id, open.id).await.unwrap();
    assert_eq!(kept.parent_name, "Famille Test", "an open request keeps what the relais needs");
}
