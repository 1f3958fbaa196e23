//! The synthetic dataset written into a real database (one département,
//! so that it runs in seconds on both backends), and the compatible
//! offers read by sector on it.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use maillage_db::audit::{self, AuditFilter};
use maillage_db::childcare::requests::{self, RequestFilter};
use maillage_db::childcare::{candidates, childminders, facilities, statistics, synthetic, vacancies};
use maillage_db::territory;
use maillage_domain::childcare::matching::compatible;
use maillage_domain::childcare::statistics::{FreeFacts, Registers, Statistics};
use maillage_domain::childcare::synthetic::Scale;
use maillage_test_utils::TestDb;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

#[tokio::test]
async fn a_departement_is_written_whole_with_its_history_and_a_second_run_is_refused() {
    let db = TestDb::new().await;
    let plan = synthetic::plan(&Scale::Departement("2A".into())).unwrap();
    let mut heard = 0;
    let done = synthetic::generate(&db.conn, &plan, today(), |_, _| heard += 1).await.unwrap();
    assert_eq!((done.territories, heard), (plan.len() as u64, plan.len()));
    assert!(done.childminders > 300 && done.requests > 900, "{done:?}");

    let (mut stored_childminders, mut stored_facilities, mut stored_requests) = (0, 0, 0);
    for t in &plan {
        let id = territory::find_by_slug(&db.conn, &t.slug).await.unwrap().id;
        let cms = childminders::all(&db.conn, id).await.unwrap();
        let sectors: BTreeSet<&str> = t.sectors.iter().map(|s| s.name.as_str()).collect();
        assert!(cms.iter().all(|c| sectors.contains(c.sector.as_str())));
        stored_childminders += cms.len() as u64;
        stored_facilities += facilities::list(&db.conn, id).await.unwrap().len() as u64;
        let all = RequestFilter { all: true, ..Default::default() };
        stored_requests += requests::list(&db.conn, id, &all, 0, 1).await.unwrap().total;
        // Each childminder's arrival in the register and her places are in the log.
        let log = AuditFilter { entity: Some("childminder".into()), ..Default::default() };
        assert_eq!(audit::list(&db.conn, id, &log, 0, 1).await.unwrap().total, 2 * cms.len() as u64);
    }
    assert_eq!(
        (stored_childminders, stored_facilities, stored_requests),
        (done.childminders, done.facilities, done.requests)
    );

    let before = territory::list(&db.conn).await.unwrap().len();
    let again = synthetic::generate(&db.conn, &plan, today(), |_, _| {}).await;
    assert!(format!("{:?}", again.unwrap_err()).contains("existe déjà"));
    assert_eq!(territory::list(&db.conn).await.unwrap().len(), before, "nothing written the second time");
}

#[tokio::test]
async fn compatible_offers_read_by_sector_are_those_of_the_whole_territory() {
    let db = TestDb::new().await;
    let plan = synthetic::plan(&Scale::Departement("2A".into())).unwrap();
    synthetic::generate(&db.conn, &plan, today(), |_, _| {}).await.unwrap();
    // Ajaccio's EPCI: several sectors, hundreds of requests.
    let biggest = plan.iter().max_by_key(|t| t.population()).unwrap();
    let t = territory::find_by_slug(&db.conn, &biggest.slug).await.unwrap().id;
    let everywhere = candidates::in_sectors(&db.conn, t, &[]).await.unwrap();
    assert!(everywhere.len() > 20, "{}", everywhere.len());
    let open = requests::list(&db.conn, t, &RequestFilter::default(), 0, 200).await.unwrap().items;
    let mut answered = 0;
    for r in &open {
        let by_sector = candidates::in_sectors(&db.conn, t, &r.sectors).await.unwrap();
        let mut expected: Vec<_> =
            everywhere.iter().filter(|c| r.sectors.is_empty() || r.sectors.contains(&c.sector)).cloned().collect();
        let mut got = by_sector.clone();
        expected.sort_by_key(|c| format!("{:?}", c.holder));
        got.sort_by_key(|c| format!("{:?}", c.holder));
        assert_eq!(got, expected, "request {}", r.code);
        let found = compatible(r, &by_sector, today());
        assert_eq!(found, compatible(r, &everywhere, today()), "the same offers, in the same order");
        answered += usize::from(!found.is_empty());
    }
    assert!(answered > 0, "some of {} open requests find an offer", open.len());
}

/// The statistics of one year, from a territory's facts.
fn statistics_of(f: &statistics::YearFacts) -> Statistics {
    let reg = Registers {
        facilities: &f.facilities,
        childminders: &f.childminders,
        capacities: &f.capacities,
        free: &f.free,
    };
    maillage_domain::childcare::statistics::compute(2026, today(), &f.requests, &reg)
}

#[tokio::test]
async fn the_country_read_in_one_pass_gives_each_territory_its_own_statistics() {
    let db = TestDb::new().await;
    let plan = synthetic::plan(&Scale::Departement("2A".into())).unwrap();
    synthetic::generate(&db.conn, &plan, today(), |_, _| {}).await.unwrap();
    let country = statistics::country_year_facts(&db.conn, 2026, today()).await.unwrap().unwrap();
    assert_eq!(country.len(), plan.len(), "every territory, none twice");
    let mut free_declared = 0;
    for t in &plan {
        let id = territory::find_by_slug(&db.conn, &t.slug).await.unwrap().id;
        let own = statistics::year_facts(&db.conn, id, 2026, today()).await.unwrap().unwrap();
        let theirs = &country[&id];
        assert_eq!(statistics_of(theirs), statistics_of(&own), "{}", t.name);
        assert_eq!(theirs.requests.len(), own.requests.len());
        assert!(own.requests.iter().all(|r| r.start_on.year() == 2026), "only the year's desired starts count");
        // The free places summed in SQL are the declaration's own: the most
        // of each under-3 band on any weekday.
        for f in &own.free {
            let latest = vacancies::latest(&db.conn, id, f.holder).await.unwrap().expect("a declaration");
            let expected = FreeFacts::of(&latest);
            assert_eq!((f.places, f.declared_on), (expected.places, expected.declared_on), "{:?}", f.holder);
            free_declared += f.places;
        }
    }
    assert!(free_declared > 0, "some free places in the département");
}
