//! The registers' operations under concurrency: writes that race on one
//! holder (its capacities, a MAM's kind) end as if made one after the other.

use maillage_db::childcare::{capacities, childminders, ops};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, territory};
use maillage_domain::Refusal;
use maillage_domain::childcare::{CapacityForm, ChildminderForm, FacilityForm, Holder};
use maillage_test_utils::TestDb;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap()
}

fn mam(kind: &str) -> FacilityForm {
    FacilityForm {
        name: "MAM Les Petits Pas".into(),
        kind: kind.into(),
        manager: "Association".into(),
        address: "12 allée des Tilleuls".into(),
        funding: if kind == "mam" { String::new() } else { "paje".into() },
        mon: "on".into(),
        opens_at: "08:00".into(),
        closes_at: "18:00".into(),
        ..Default::default()
    }
}

fn places(from: &str, infant: u32) -> CapacityForm {
    CapacityForm { valid_from: from.into(), infant: infant.to_string(), ..Default::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_capacities_never_run_on_the_same_day() {
    let db = TestDb::new().await;
    let t = territory::create(&db.conn, "a", "A", false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let cx = Ctx { db: &db.conn, actor: &actor, today: today() };
    let f = ops::create_facility(&cx, &mam("mam")).await.unwrap();
    let holder = Holder::Facility(f.id);
    // Eight requests at once, each on its own task and connection.
    let tasks: Vec<_> = (1..=8u32)
        .map(|m| {
            let (conn, actor) = (db.conn.clone(), actor.clone());
            tokio::spawn(async move {
                let cx = Ctx { db: &conn, actor: &actor, today: today() };
                ops::add_capacity(&cx, holder, &places(&format!("2026-{m:02}-01"), m)).await
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    for r in &results {
        match r {
            Ok(_) => {}
            Err(OpError::Refused(Refusal::Invalid(e))) => assert!(e.get("valid_from").is_some(), "{e:?}"),
            Err(other) => panic!("no storage error under concurrency: {other:?}"),
        }
    }
    assert!(results.iter().any(Result::is_ok));
    let caps = capacities::of(&db.conn, t.id, holder).await.unwrap();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    while day < chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() {
        let running = caps.iter().filter(|c| c.covers(day)).count();
        assert!(running <= 1, "{running} capacities on {day}: {caps:?}");
        day = day.succ_opt().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mam_cannot_change_kind_while_a_childminder_joins_it() {
    let db = TestDb::new().await;
    let t = territory::create(&db.conn, "a", "A", false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let cx = Ctx { db: &db.conn, actor: &actor, today: today() };
    for round in 0..6 {
        let f = ops::create_facility(&cx, &FacilityForm { name: format!("MAM {round}"), ..mam("mam") }).await.unwrap();
        let joining = ChildminderForm {
            first_name: "Awa".into(),
            last_name: "Diallo".into(),
            approval_number: format!("AM-{round}"),
            birth_year: "1970".into(),
            mam_id: f.id.to_string(),
            active: "on".into(),
            ..Default::default()
        };
        let change = FacilityForm { name: format!("MAM {round}"), ..mam("micro_creche") };
        let (conn, a) = (db.conn.clone(), actor.clone());
        let join = tokio::spawn(async move {
            let cx = Ctx { db: &conn, actor: &a, today: today() };
            ops::create_childminder(&cx, &joining).await
        });
        let (conn, a) = (db.conn.clone(), actor.clone());
        let id = f.id;
        let change = tokio::spawn(async move {
            let cx = Ctx { db: &conn, actor: &a, today: today() };
            ops::update_facility(&cx, id, 1, &change).await
        });
        let (joined, changed) = (join.await.unwrap(), change.await.unwrap());
        let now = maillage_db::childcare::facilities::get(&db.conn, t.id, f.id).await.unwrap();
        if let Ok(c) = joined {
            let c = childminders::get(&db.conn, t.id, c.id).await.unwrap();
            assert_eq!(now.kind.code(), "mam", "round {round}: {c:?} joined, so it stays a MAM ({changed:?})");
        } else {
            assert!(changed.is_ok(), "round {round}: one of the two succeeds");
        }
    }
}

#[tokio::test]
async fn free_places_to_confirm_are_reminded_once_to_the_linked_account() {
    use maillage_db::childcare::reminders::remind_stale;
    use maillage_domain::Role;
    use maillage_domain::childcare::VacancyForm;

    let db = TestDb::new().await;
    let t = territory::create(&db.conn, "a", "A", false).await.unwrap();
    let actor = Actor::command_line(t.id, "test");
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let cx = Ctx { db: &db.conn, actor: &actor, today: day("2024-01-08") };
    let account = maillage_db::accounts::ops::create_user(
        &cx,
        "awa@a.fr",
        "Awa Diallo",
        Role::Childminder,
        "un mot de passe sûr",
    )
    .await
    .unwrap();
    let form = ChildminderForm {
        first_name: "Awa".into(),
        last_name: "Diallo".into(),
        approval_number: "AM-1".into(),
        birth_year: "1970".into(),
        active: "on".into(),
        ..Default::default()
    };
    let awa = ops::create_childminder(&cx, &form).await.unwrap();
    ops::add_capacity(&cx, Holder::Childminder(awa.id), &places("2020-01-01", 2)).await.unwrap();
    let mut grid = VacancyForm { available_from: "2024-01-08".into(), ..Default::default() };
    grid.cells.insert("mon_infant".into(), "1".into());
    ops::declare_vacancies(&cx, Holder::Childminder(awa.id), &grid).await.unwrap();
    let link = "https://ctg.a.fr/mes-places";

    // Not linked to an account yet: nobody to tell.
    assert_eq!(remind_stale(&db.conn, day("2024-04-09"), link).await.unwrap(), 0);
    ops::link_childminder_account(&cx, awa.id, &account.id.to_string()).await.unwrap();
    assert_eq!(remind_stale(&db.conn, day("2024-04-07"), link).await.unwrap(), 0, "not three months yet");
    assert_eq!(remind_stale(&db.conn, day("2024-04-09"), link).await.unwrap(), 1);
    assert_eq!(remind_stale(&db.conn, day("2024-04-10"), link).await.unwrap(), 0, "once per declaration");
    let outbox = maillage_db::outbox::list(&db.conn, t.id, 0, 10).await.unwrap();
    let m = &outbox.messages[0];
    assert_eq!(m.recipient, "awa@a.fr");
    assert!(m.body.contains("déclarées le 08/01/2024") && m.body.contains(link), "{}", m.body);

    // A new declaration starts the clock again.
    let cx = Ctx { db: &db.conn, actor: &actor, today: day("2024-04-10") };
    ops::declare_vacancies(
        &cx,
        Holder::Childminder(awa.id),
        &VacancyForm { available_from: "2024-04-10".into(), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(remind_stale(&db.conn, day("2024-06-01"), link).await.unwrap(), 0);
    assert_eq!(remind_stale(&db.conn, day("2024-07-11"), link).await.unwrap(), 1);
}
