//! The dashboard as the pages show it: the domain's aggregates
//! ([`maillage_domain::plan::dashboard`]) put into words, numbers and euros.

use chrono::NaiveDate;
use maillage_domain::plan::Attainment;
use maillage_domain::plan::budget::{self, Amounts};
use maillage_domain::plan::dashboard::{PlanSnapshot, dashboard as aggregate};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub convention_id: i32,
    pub title: String,
    pub period: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub year: i32,
    pub axes: Vec<AxisSummary>,
    pub late: Vec<LateAction>,
    pub indicators: Vec<IndicatorLine>,
    pub budget: BudgetTable,
    pub action_count: usize,
}

#[derive(Debug, Serialize)]
pub struct AxisSummary {
    pub code: String,
    pub title: String,
    /// (label, count) for each status, in the statuses' order.
    pub by_status: Vec<(&'static str, usize)>,
    pub progress: i32,
    pub actions: Vec<ActionLine>,
}

#[derive(Debug, Serialize)]
pub struct ActionLine {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub progress: i32,
    pub lead: String,
    pub late: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LateAction {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub why: String,
    pub days: i64,
}

#[derive(Debug, Serialize)]
pub struct IndicatorLine {
    pub action_id: i32,
    pub action_code: String,
    pub name: String,
    pub unit: String,
    pub target: String,
    pub actual: String,
    pub attainment: String,
    pub percent: i32,
    pub reached: bool,
}

#[derive(Debug, Serialize)]
pub struct BudgetTable {
    pub years: Vec<i32>,
    /// One row a funder: (funder, per-year cells, total).
    pub rows: Vec<(String, Vec<Cell>, Cell)>,
    pub totals: Vec<Cell>,
    pub total: Cell,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub planned: String,
    pub spent: String,
    pub percent: String,
}

impl From<Amounts> for Cell {
    fn from(a: Amounts) -> Self {
        Cell {
            planned: budget::format_euros(a.planned),
            spent: budget::format_euros(a.spent),
            percent: a.spent_percent().map(|p| format!("{p} %")).unwrap_or_else(|| "—".into()),
        }
    }
}

pub fn number(v: Option<f64>) -> String {
    match v {
        None => "—".to_owned(),
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
        Some(n) => format!("{n:.1}").replace('.', ","),
    }
}

pub fn dashboard(s: &PlanSnapshot, today: NaiveDate) -> Dashboard {
    let board = aggregate(s, today);
    let axes = board
        .axes
        .iter()
        .map(|p| AxisSummary {
            code: p.axis.code.clone(),
            title: p.axis.title.clone(),
            by_status: p.by_status.iter().map(|(st, n)| (st.label(), *n)).collect(),
            progress: p.progress,
            actions: p
                .actions
                .iter()
                .map(|(a, late)| ActionLine {
                    id: a.id,
                    code: a.code.clone(),
                    title: a.title.clone(),
                    status: a.status.label(),
                    status_code: a.status.code(),
                    progress: a.progress,
                    lead: a.lead_name.clone(),
                    late: late.is_late().then(|| late.describe()),
                })
                .collect(),
        })
        .collect();
    let late = board
        .late
        .iter()
        .map(|(a, l)| LateAction {
            id: a.id,
            code: a.code.clone(),
            title: a.title.clone(),
            why: l.describe(),
            days: l.days(),
        })
        .collect();
    let indicators = board
        .indicators
        .iter()
        .map(|i| {
            let (target, actual) = i.value.map_or((None, None), |v| (v.target, v.actual));
            let (percent, reached) = match i.attainment {
                Attainment::Measured { percent, reached } => (percent.round() as i32, reached),
                Attainment::Unknown => (0, false),
            };
            IndicatorLine {
                action_id: i.indicator.action_id,
                action_code: i.action_code.to_owned(),
                name: i.indicator.name.clone(),
                unit: i.indicator.unit.clone(),
                target: number(target),
                actual: number(actual),
                attainment: i.attainment.label(),
                percent,
                reached,
            }
        })
        .collect();
    let t = &board.budget;
    let years: Vec<i32> = t.by_year.keys().copied().collect();
    let rows = t
        .by_funder
        .iter()
        .map(|(funder, total)| {
            let cells = years
                .iter()
                .map(|y| t.by_year_and_funder.get(&(*y, funder.clone())).copied().unwrap_or_default().into())
                .collect();
            (funder.clone(), cells, (*total).into())
        })
        .collect();
    let totals = years.iter().map(|y| t.by_year[y].into()).collect();
    let c = &s.convention;
    Dashboard {
        convention_id: c.id,
        title: c.title.clone(),
        period: format!("{} – {}", c.starts_on.format("%d/%m/%Y"), c.ends_on.format("%d/%m/%Y")),
        status: c.status.label(),
        status_code: c.status.code(),
        year: board.year,
        axes,
        late,
        indicators,
        budget: BudgetTable { years, rows, totals, total: t.total.into() },
        action_count: s.actions.len(),
    }
}
