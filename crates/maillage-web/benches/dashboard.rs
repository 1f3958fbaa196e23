//! The dashboard of a large convention, server side, against reading the
//! same rows with raw SQL. See docs/PERFORMANCE.md.
//!
//! 40 actions, 10 indicators each, 4 years of values, 2 budget lines a year
//! and 2 milestones per action, in a SQLite file (WAL) like `maillage serve`.

use std::collections::BTreeMap;

use maillage_db::plan::import::import_plan;
use maillage_db::{Actor, DatabaseConnection, TransactionTrait};
use maillage_domain::plan::budget::BudgetLineFields;
use maillage_domain::plan::import::{ActionDef, ActionDetails, AxisDef, ConventionDef, IndicatorDef, Plan};
use maillage_domain::plan::milestone::MilestoneFields;
use maillage_domain::plan::{ActionStatus, Direction};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

fn main() {
    divan::main();
}

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn big_plan() -> Plan {
    let axes = (1..=5)
        .map(|a| AxisDef {
            code: a.to_string(),
            title: format!("Axe {a}"),
            rationale: String::new(),
            actions: (1..=8)
                .map(|i| ActionDef {
                    code: format!("{a}.{i}"),
                    title: format!("Action {a}.{i} au titre assez long pour ressembler au plan réel"),
                    details: Some(ActionDetails {
                        status: ActionStatus::ALL[(i as usize) % 5],
                        progress: if i % 5 == 2 { 100 } else { i * 10 },
                        lead: "Service".into(),
                        lead_email: None,
                        objectives: "Objectifs".into(),
                        audience: "Public".into(),
                        partners: vec!["CAF".into()],
                        sectors: vec![],
                        starts_on: Some(d(2023, 1, 1)),
                        ends_on: Some(d(2024 + i % 3, 12, 31)),
                        milestones: (0..2)
                            .map(|m| MilestoneFields {
                                title: format!("Jalon {m}"),
                                due_on: d(2024 + m, 6, 30),
                                done_on: None,
                            })
                            .collect(),
                        budget: (2023..=2026)
                            .flat_map(|y| {
                                ["CAF", "Commune"].map(|f| BudgetLineFields {
                                    year: y,
                                    funder: f.into(),
                                    planned: 10_000,
                                    spent: 7_500,
                                })
                            })
                            .collect(),
                        indicators: (0..10)
                            .map(|k| IndicatorDef {
                                name: format!("Indicateur {k}"),
                                unit: "u".into(),
                                direction: Direction::Increase,
                                baseline: Some(10.0),
                                baseline_year: Some(2022),
                                source: "Source".into(),
                                values: (2023..=2026)
                                    .map(|y| (y, (Some(20.0 + y as f64 - 2023.0), Some(15.0))))
                                    .collect::<BTreeMap<_, _>>(),
                                live_figure: None,
                            })
                            .collect(),
                    }),
                })
                .collect(),
        })
        .collect();
    Plan {
        convention: ConventionDef {
            title: "CTG de mesure".into(),
            signatories: vec![],
            starts_on: d(2023, 1, 1),
            ends_on: d(2026, 12, 31),
            replaces: String::new(),
            diagnostic: String::new(),
            purpose: String::new(),
        },
        axes,
    }
}

struct Fixture {
    rt: tokio::runtime::Runtime,
    db: DatabaseConnection,
    territory_id: i32,
    convention_id: i32,
}

fn fixture() -> &'static Fixture {
    static F: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let path = std::env::temp_dir().join(format!("maillage-bench-{}.sqlite", std::process::id()));
        let (db, territory_id, convention_id) = rt.block_on(async {
            let db = maillage_db::connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap();
            maillage_db::migrate(&db).await.unwrap();
            let t = maillage_db::territory::create(&db, "bench", "Bench", false).await.unwrap();
            let actor = Actor::command_line(t.id, "bench");
            let txn = db.begin().await.unwrap();
            let conv = import_plan(&txn, &actor, &big_plan()).await.unwrap();
            txn.commit().await.unwrap();
            (db, t.id, conv.id)
        });
        Fixture { rt, db, territory_id, convention_id }
    })
}

/// Load what the dashboard shows (every year's values, open milestones),
/// compute it, render the HTML.
#[divan::bench]
fn dashboard_render(bencher: divan::Bencher) {
    let f = fixture();
    bencher.bench(|| {
        f.rt.block_on(async {
            let snap =
                maillage_db::plan::load_dashboard_snapshot(&f.db, f.territory_id, f.convention_id, d(2025, 6, 1))
                    .await
                    .unwrap();
            let html = maillage_web::plan::pages::dashboard::render_dashboard(&snap, d(2025, 6, 1)).unwrap();
            divan::black_box(html.len())
        })
    });
}

/// The same page from a snapshot already read: the calculations (lateness,
/// attainment, charts, budget) and the HTML, without the database.
#[divan::bench]
fn dashboard_compute_and_render_only(bencher: divan::Bencher) {
    let f = fixture();
    let snap = f
        .rt
        .block_on(maillage_db::plan::load_dashboard_snapshot(&f.db, f.territory_id, f.convention_id, d(2025, 6, 1)))
        .unwrap();
    bencher.bench(|| {
        let html = maillage_web::plan::pages::dashboard::render_dashboard(&snap, d(2025, 6, 1)).unwrap();
        divan::black_box(html.len())
    });
}

/// Baseline: the same rows read by raw SQL, nothing computed or rendered.
#[divan::bench]
fn raw_sql_same_rows(bencher: divan::Bencher) {
    let f = fixture();
    let c = f.convention_id;
    let queries = [
        format!("SELECT * FROM conventions WHERE id = {c} AND territory_id = {}", f.territory_id),
        format!("SELECT * FROM axes WHERE convention_id = {c} ORDER BY position"),
        format!("SELECT * FROM actions WHERE convention_id = {c} ORDER BY axis_id, position"),
        format!(
            "SELECT m.* FROM milestones m JOIN actions a ON a.id = m.action_id WHERE a.convention_id = {c} AND m.done_on IS NULL \
             ORDER BY m.due_on"
        ),
        format!(
            "SELECT i.* FROM indicators i JOIN actions a ON a.id = i.action_id WHERE a.convention_id = {c} ORDER BY i.action_id, i.position"
        ),
        format!(
            "SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN actions a ON a.id = i.action_id \
             WHERE a.convention_id = {c} ORDER BY v.year"
        ),
        format!(
            "SELECT b.* FROM budget_lines b JOIN actions a ON a.id = b.action_id WHERE a.convention_id = {c} ORDER BY b.year, b.funder"
        ),
    ];
    bencher.bench(|| {
        f.rt.block_on(async {
            let mut rows = 0;
            for q in &queries {
                rows += f.db.query_all_raw(Statement::from_string(DbBackend::Sqlite, q.clone())).await.unwrap().len();
            }
            divan::black_box(rows)
        })
    });
}
