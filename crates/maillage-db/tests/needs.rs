//! The needs capability's storage: sectors imported all or nothing, known
//! by code, in the audit log, the coordinator's alone, each territory's own.

use maillage_db::audit::{self, AuditFilter};
use maillage_db::needs::{population, sectors};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, territory};
use maillage_domain::needs::population::PopulationRow;
use maillage_domain::needs::sector::SectorRow;
use maillage_domain::{Refusal, Role};
use maillage_test_utils::TestDb;

fn row(number: usize, code: &str, name: &str, shape: &str) -> SectorRow {
    SectorRow { number, code: code.into(), name: name.into(), geometry: shape.into() }
}

#[tokio::test]
async fn sectors_are_imported_whole_changed_by_code_and_logged() {
    let db = TestDb::new().await;
    let a = territory::create(&db.conn, "a", "A", false).await.unwrap();
    let b = territory::create(&db.conn, "b", "B", false).await.unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let coordinator = Actor::command_line(a.id, "Coordinatrice");
    let cx = Ctx { db: &db.conn, actor: &coordinator, today };
    let first = [row(1, "N", "Nord", "g1"), row(2, "S", "Sud", "g2")];
    let dry = sectors::import(&cx, &first, true).await.unwrap();
    assert_eq!((dry.created, sectors::list(&db.conn, a.id).await.unwrap().len()), (2, 0), "a dry run writes nothing");
    let done = sectors::import(&cx, &first, false).await.unwrap();
    assert_eq!((done.created, done.updated, done.unchanged), (2, 0, 0));
    let second = [row(1, "N", "Nord", "g1"), row(2, "S", "Sud-Ouest", "g2b"), row(3, "E", "Est", "g3")];
    let done = sectors::import(&cx, &second, false).await.unwrap();
    assert_eq!((done.created, done.updated, done.unchanged), (1, 1, 1));
    assert_eq!(done.changes, ["Entité 2 (« S », Sud-Ouest) : nom, contour", "Entité 3 (« E », Est) : nouveau secteur"]);
    let names: Vec<String> = sectors::list(&db.conn, a.id).await.unwrap().into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["Est", "Nord", "Sud-Ouest"]);
    let log = AuditFilter { entity: Some("sector".into()), ..Default::default() };
    assert_eq!(audit::list(&db.conn, a.id, &log, 0, 10).await.unwrap().total, 4, "three created, one changed");

    // A file with a problem writes nothing.
    let bad = [row(1, "N", "Nord", "g9"), row(2, "N", "Nord bis", "g9")];
    let refused = sectors::import(&cx, &bad, false).await.unwrap();
    assert_eq!(refused.problems.len(), 1);
    assert_eq!(sectors::by_code(&db.conn, a.id, "N").await.unwrap().unwrap().geometry, "g1");

    // Another territory has none of them; only the coordinator imports.
    assert!(sectors::list(&db.conn, b.id).await.unwrap().is_empty());
    assert!(sectors::by_code(&db.conn, b.id, "N").await.unwrap().is_none());
    for role in
        [Role::Relais, Role::Elected, Role::CafPartner, Role::ActionLead, Role::Childminder, Role::FacilityManager]
    {
        let actor = Actor { territory_id: a.id, user_id: None, name: "x".into(), role };
        let cx = Ctx { db: &db.conn, actor: &actor, today };
        let err = sectors::import(&cx, &first, true).await.unwrap_err();
        assert!(matches!(err, OpError::Refused(Refusal::Forbidden)), "{role:?}");
    }
}

#[tokio::test]
async fn population_figures_keep_what_a_file_does_not_give_and_only_the_coordinator_imports() {
    let db = TestDb::new().await;
    let a = territory::create(&db.conn, "a", "A", false).await.unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let coordinator = Actor::command_line(a.id, "Coordinatrice");
    let cx = Ctx { db: &db.conn, actor: &coordinator, today };
    sectors::import(&cx, &[row(1, "N", "Nord", "g1")], false).await.unwrap();
    let line = |children: Option<Option<u32>>, births: Option<Option<u32>>, source: Option<&str>| PopulationRow {
        line: 2,
        sector: "N".into(),
        year: 2021,
        children_under_3: children,
        births,
        at_school_at_2: None,
        source: source.map(str::to_owned),
    };
    let done =
        population::import(&cx, &[line(Some(Some(412)), Some(Some(150)), Some("INSEE RP 2021"))], false).await.unwrap();
    assert_eq!((done.created, done.updated), (1, 0));
    // Births alone: the children under 3 and the source stay; an empty cell empties.
    population::import(&cx, &[line(None, Some(Some(155)), None)], false).await.unwrap();
    population::import(&cx, &[line(None, Some(Some(155)), None)], true).await.unwrap();
    let held = population::list(&db.conn, a.id).await.unwrap();
    assert_eq!(
        (held[0].children_under_3, held[0].births, held[0].source.as_str()),
        (Some(412), Some(155), "INSEE RP 2021")
    );
    population::import(&cx, &[line(Some(None), None, None)], false).await.unwrap();
    assert_eq!(population::list(&db.conn, a.id).await.unwrap()[0].children_under_3, None);
    let log = AuditFilter { entity: Some("sector_population".into()), ..Default::default() };
    assert_eq!(audit::list(&db.conn, a.id, &log, 0, 10).await.unwrap().total, 3);
    for role in [Role::Relais, Role::Elected, Role::CafPartner, Role::ActionLead] {
        let actor = Actor { territory_id: a.id, user_id: None, name: "x".into(), role };
        let cx = Ctx { db: &db.conn, actor: &actor, today };
        let err = population::import(&cx, &[line(None, None, None)], true).await.unwrap_err();
        assert!(matches!(err, OpError::Refused(Refusal::Forbidden)), "{role:?}");
    }
}
