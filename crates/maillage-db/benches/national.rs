//! The childcare capability at national scale, on SQLite and, when
//! `TEST_DATABASE_URL` names a PostgreSQL server, on a fresh database of
//! it. Each figure is set beside the raw SQL that fetches the same rows
//! through the same connection, in the same run. See docs/PERFORMANCE.md.
//!
//!   cargo bench -p maillage-db --bench national
//!   MAILLAGE_BENCH_SCALE=departement MAILLAGE_BENCH_DEPARTEMENT=69 cargo bench -p maillage-db --bench national
//!
//! The dataset is `maillage generate`'s (one territory per EPCI, its
//! communes as sectors), written afresh for each backend. To measure again
//! without generating again: `MAILLAGE_BENCH_SQLITE=/tmp/national.sqlite`
//! keeps the SQLite file and reuses it when it is already generated, and
//! `MAILLAGE_BENCH_PG_KEEP=1` keeps the PostgreSQL database
//! `bench_national_kept` likewise, and `MAILLAGE_BENCH_ONLY=statistics` (or `offers`, `queue`, `import`) runs
//! one measure.

#[path = "national/raw.rs"]
mod raw;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use maillage_db::childcare::requests::{self, RequestFilter};
use maillage_db::childcare::statistics::{YearFacts, country_year_facts, year_facts};
use maillage_db::childcare::{ops, synthetic};
use maillage_db::ops::Ctx;
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::Role;
use maillage_domain::childcare::statistics::disclosure::hidden_for_partners;
use maillage_domain::childcare::statistics::{self, Registers};
use maillage_domain::childcare::synthetic::{Scale, SyntheticTerritory};
use maillage_domain::childcare::workforce;
use sea_orm::ConnectionTrait;

/// Requests whose compatible offers are timed, sectors whose queue is.
const SAMPLES: usize = 300;

fn scale() -> Scale {
    match std::env::var("MAILLAGE_BENCH_SCALE").as_deref() {
        Ok("departement") => {
            Scale::Departement(std::env::var("MAILLAGE_BENCH_DEPARTEMENT").unwrap_or_else(|_| "69".to_owned()))
        }
        _ => Scale::National,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Median and 90th percentile.
fn spread(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    if samples.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    (samples[samples.len() / 2], samples[samples.len() * 9 / 10])
}

fn line(what: &str, ours: (Duration, Duration), baseline: (Duration, Duration)) {
    let ratio = ours.0.as_secs_f64() / baseline.0.as_secs_f64().max(1e-9);
    println!("| {what} | {} / {} | {} / {} | {ratio:.2}× |", ms(ours.0), ms(ours.1), ms(baseline.0), ms(baseline.1));
}

#[tokio::main]
async fn main() {
    let scale = scale();
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    let plan = synthetic::plan(&scale).expect("a known scale");
    let kept = std::env::var("MAILLAGE_BENCH_SQLITE").ok().filter(|p| !p.is_empty());
    let path = match &kept {
        Some(p) => std::path::PathBuf::from(p),
        None => std::env::temp_dir().join(format!("maillage-bench-national-{}.sqlite", std::process::id())),
    };
    run("SQLite", &format!("sqlite://{}?mode=rwc", path.display()), &plan, today).await;
    if kept.is_none() {
        for suffix in ["", "-wal", "-shm"] {
            std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
        }
    }
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let keep = std::env::var("MAILLAGE_BENCH_PG_KEEP").is_ok_and(|v| !v.is_empty());
            let name =
                if keep { "bench_national_kept".to_owned() } else { format!("bench_national_{}", std::process::id()) };
            let admin = maillage_db::connect(&admin_url).await.expect("TEST_DATABASE_URL answers");
            let created = admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await;
            assert!(keep || created.is_ok(), "create database: {created:?}");
            let url = match admin_url.rsplit_once('/') {
                Some((base, _)) => format!("{base}/{name}"),
                None => panic!("TEST_DATABASE_URL ends with a database name"),
            };
            run("PostgreSQL", &url, &plan, today).await;
            if !keep {
                admin.execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)")).await.ok();
            }
        }
        _ => println!("\nPostgreSQL : TEST_DATABASE_URL n'est pas défini, mesures non faites."),
    }
}

async fn run(backend: &str, url: &str, plan: &[SyntheticTerritory], today: NaiveDate) {
    let db = maillage_db::connect(url).await.expect("database answers");
    maillage_db::migrate(&db).await.expect("migrations apply");
    if raw::territory_ids(&db, &plan[..1]).await.is_empty() {
        let started = Instant::now();
        let done = synthetic::generate(&db, plan, today, |_, _| {}).await.expect("generation");
        println!(
            "\n## {backend}\n\nGenerated in {:.0} s: {} territories, {} childminders, {} facilities ({} places), {} requests.\n",
            started.elapsed().as_secs_f64(),
            done.territories,
            done.childminders,
            done.facilities,
            done.facility_places,
            done.requests
        );
    } else {
        println!("\n## {backend}\n\nDataset already generated in this database: reused.\n");
    }
    println!("| measure | Maillage median / p90 | raw SQL, same rows, median / p90 | ratio |\n|---|---|---|---|");
    let only = std::env::var("MAILLAGE_BENCH_ONLY").unwrap_or_default();
    let wanted = |what: &str| only.is_empty() || only == what;
    if wanted("offers") {
        matching(&db, today).await;
    }
    if wanted("queue") {
        queue(&db).await;
    }
    if wanted("statistics") {
        national_statistics(&db, plan, today).await;
    }
    if wanted("import") {
        import(&db, plan, today).await;
    }
}

/// Compatible offers of open requests taken across the country.
async fn matching(db: &DatabaseConnection, today: NaiveDate) {
    let open = raw::open_requests(db).await;
    let step = (open.len() / SAMPLES).max(1);
    let (mut ours, mut baseline, mut found) = (Vec::new(), Vec::new(), 0);
    for (t, id) in open.iter().step_by(step).take(SAMPLES) {
        let r = requests::get(db, *t, *id).await.expect("request");
        let actor = Actor { territory_id: *t, user_id: None, name: "bench".into(), role: Role::Relais };
        let cx = Ctx { db, actor: &actor, today };
        let started = Instant::now();
        let offers = ops::compatible_offers(&cx, &r).await.expect("offers");
        ours.push(started.elapsed());
        found += usize::from(!offers.is_empty());
        let started = Instant::now();
        raw::candidates(db, *t, &r.sectors).await;
        baseline.push(started.elapsed());
    }
    let label = format!("compatible offers of one request ({} requests, {found} with offers)", ours.len());
    line(&label, spread(ours), spread(baseline));
}

/// The relais' queue: the first 50 open requests of one sector.
async fn queue(db: &DatabaseConnection) {
    let sectors = raw::busy_sectors(db, 50).await;
    let step = (sectors.len() / SAMPLES).max(1);
    let (mut ours, mut baseline) = (Vec::new(), Vec::new());
    for (t, sector) in sectors.iter().step_by(step).take(SAMPLES) {
        let filter = RequestFilter { home_sector: sector.clone(), ..Default::default() };
        let started = Instant::now();
        let page = requests::list(db, *t, &filter, 0, 50).await.expect("queue");
        ours.push(started.elapsed());
        assert_eq!(page.items.len(), 50);
        let started = Instant::now();
        raw::queue(db, *t, sector).await;
        baseline.push(started.elapsed());
    }
    line(&format!("relais' queue, 50 requests of one sector ({} sectors)", ours.len()), spread(ours), spread(baseline));
}

/// What `/statistiques` computes from a territory's facts: the figures by
/// sector and month, the workforce of each sector and of the territory,
/// what partners may not see. Returns how many requests they count.
fn figures_of(f: &YearFacts, year: i32, today: NaiveDate) -> usize {
    let reg = Registers {
        facilities: &f.facilities,
        childminders: &f.childminders,
        capacities: &f.capacities,
        free: &f.free,
    };
    let s = statistics::compute(year, today, &f.requests, &reg);
    let by_sector = workforce::by_sector(s.sectors(), &f.childminders, &f.capacities, today);
    let all = workforce::workforce(&f.childminders, &f.capacities, today);
    std::hint::black_box(hidden_for_partners(&s, &by_sector, &all));
    f.requests.len()
}

/// This year's statistics of territory `t`, read as the page reads them.
async fn statistics_of(db: &DatabaseConnection, t: i32, today: NaiveDate) -> usize {
    let year = chrono::Datelike::year(&today);
    let f = year_facts(db, t, year, today).await.expect("facts").expect("a year");
    figures_of(&f, year, today)
}

/// The statistics of the largest territory (Paris's EPCI at national
/// scale); of every territory one after the other, as their pages read
/// them; then of the whole country, read in one pass.
async fn national_statistics(db: &DatabaseConnection, plan: &[SyntheticTerritory], today: NaiveDate) {
    let ids = raw::territory_ids(db, plan).await;
    let year = chrono::Datelike::year(&today);
    let largest = plan.iter().max_by_key(|t| t.population()).expect("a territory");
    let largest_id = raw::territory_ids(db, std::slice::from_ref(largest)).await[0];
    let (mut ours, mut baseline, mut requests) = (Vec::new(), Vec::new(), 0);
    for _ in 0..5 {
        let started = Instant::now();
        requests = statistics_of(db, largest_id, today).await;
        ours.push(started.elapsed());
        let started = Instant::now();
        raw::year_rows(db, Some(largest_id), year, today).await;
        baseline.push(started.elapsed());
    }
    let label = format!("statistics of the year, largest territory ({}, {requests} requests, 5 runs)", largest.name);
    line(&label, spread(ours), spread(baseline));
    let started = Instant::now();
    let mut requests = 0;
    for t in &ids {
        requests += statistics_of(db, *t, today).await;
    }
    let ours = started.elapsed();
    let started = Instant::now();
    for t in &ids {
        raw::year_rows(db, Some(*t), year, today).await;
    }
    let baseline = started.elapsed();
    let label = format!(
        "statistics of the year, every territory one after the other ({} territories, {requests} requests)",
        ids.len()
    );
    line(&label, (ours, ours), (baseline, baseline));
    let (mut ours, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let started = Instant::now();
        let country = country_year_facts(db, year, today).await.expect("facts").expect("a year");
        requests = country.values().map(|f| figures_of(f, year, today)).sum();
        ours.push(started.elapsed());
        let started = Instant::now();
        raw::year_rows(db, None, year, today).await;
        baseline.push(started.elapsed());
    }
    let label = format!("national statistics of the year, read in one pass ({requests} requests, 3 runs)");
    line(&label, spread(ours), spread(baseline));
}

/// The country's childminders from one CSV (`;`, Windows-1252) into one
/// territory: dry run, then the import.
async fn import(db: &DatabaseConnection, plan: &[SyntheticTerritory], today: NaiveDate) {
    let (bytes, rows) = raw::childminders_file(plan, today);
    let t = maillage_db::territory::create(db, "import-national", "Import national", true).await.expect("territory");
    let actor = Actor::command_line(t.id, "bench");
    let cx = Ctx { db, actor: &actor, today };
    let run = |dry_run: bool| {
        let bytes = bytes.clone();
        let cx = &cx;
        async move {
            let table = maillage_tabular::read(&bytes).expect("file reads");
            let fields = &maillage_domain::childcare::import::CHILDMINDER_FIELDS;
            let mapping = maillage_domain::childcare::import::propose(fields, &table.headers, None);
            assert!(maillage_domain::childcare::import::check_mapping(fields, &table.headers, &mapping).is_empty());
            let cells = table.rows.iter().map(|r| (r.line, r.cells.as_slice()));
            let rows = maillage_domain::childcare::import::childminder_rows(&table.headers, cells, &mapping, today)
                .expect("rows check");
            let report = ops::import_childminders(cx, &rows, &mapping, dry_run).await.expect("import");
            assert!(report.problems.is_empty(), "{:?}", &report.problems[..1]);
            report.created
        }
    };
    let started = Instant::now();
    let would = run(true).await;
    let dry = started.elapsed();
    let started = Instant::now();
    let created = run(false).await;
    let real = started.elapsed();
    assert_eq!((would, created), (rows, rows));
    let raw_territory =
        maillage_db::territory::create(db, "import-brut", "Import brut", true).await.expect("territory");
    let started = Instant::now();
    raw::insert_childminders(db, raw_territory.id, plan, today).await;
    let baseline = started.elapsed();
    let kb = bytes.len() / 1024;
    line(&format!("import dry run, {rows} childminders ({kb} KiB CSV)"), (dry, dry), (baseline, baseline));
    line(&format!("import, {rows} childminders with places and audit lines"), (real, real), (baseline, baseline));
}
