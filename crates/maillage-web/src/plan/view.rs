//! View models: the plan as the dashboard, the report and the API show it,
//! computed from a snapshot with the domain's rules.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use maillage_db::plan::ConventionSnapshot;
use maillage_domain::plan::budget::{self, Amounts};
use maillage_domain::plan::convention::ConventionStatus;
use maillage_domain::plan::indicator::attainment;
use maillage_domain::plan::status::lateness;
use maillage_domain::plan::{ActionStatus, Direction, Lateness, Milestone};
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
        Some(n) if n.fract() == 0.0 => format!("{}", n as i64),
        Some(n) => format!("{n:.1}").replace('.', ","),
    }
}

pub fn action_lateness(a: &maillage_db::plan::actions::Action, milestones: &[Milestone], today: NaiveDate) -> Lateness {
    let status = ActionStatus::from_code(&a.status).unwrap_or(ActionStatus::NotStarted);
    lateness(status, a.ends_on, milestones, today)
}

pub fn dashboard(s: &ConventionSnapshot, today: NaiveDate) -> Dashboard {
    let year = today.year();
    let mut milestones: HashMap<i32, Vec<Milestone>> = HashMap::new();
    for m in &s.milestones {
        milestones.entry(m.action_id).or_default().push(Milestone {
            title: m.title.clone(),
            due_on: m.due_on,
            done_on: m.done_on,
        });
    }
    let mut late = Vec::new();
    let axes = s
        .axes
        .iter()
        .map(|axis| {
            let actions: Vec<_> = s.actions.iter().filter(|a| a.axis_id == axis.id).collect();
            let by_status = ActionStatus::ALL
                .iter()
                .map(|st| (st.label(), actions.iter().filter(|a| a.status == st.code()).count()))
                .collect();
            let progress = if actions.is_empty() {
                0
            } else {
                (actions.iter().map(|a| a.progress).sum::<i32>() as f64 / actions.len() as f64).round() as i32
            };
            let lines = actions
                .iter()
                .map(|a| {
                    let l = action_lateness(a, milestones.get(&a.id).map_or(&[][..], |v| v), today);
                    let status = ActionStatus::from_code(&a.status).unwrap_or(ActionStatus::NotStarted);
                    if l.is_late() {
                        late.push(LateAction {
                            id: a.id,
                            code: a.code.clone(),
                            title: a.title.clone(),
                            why: l.describe(),
                            days: l.days(),
                        });
                    }
                    ActionLine {
                        id: a.id,
                        code: a.code.clone(),
                        title: a.title.clone(),
                        status: status.label(),
                        status_code: status.code(),
                        progress: a.progress,
                        lead: a.lead_name.clone(),
                        late: l.is_late().then(|| l.describe()),
                    }
                })
                .collect();
            AxisSummary { code: axis.code.clone(), title: axis.title.clone(), by_status, progress, actions: lines }
        })
        .collect();
    late.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.code.cmp(&b.code)));

    let code_of: HashMap<i32, &str> = s.actions.iter().map(|a| (a.id, a.code.as_str())).collect();
    let indicators = s
        .indicators
        .iter()
        .map(|i| {
            let value = s.values.iter().find(|v| v.indicator_id == i.id && v.year == year);
            let (target, actual) = value.map_or((None, None), |v| (v.target, v.actual));
            let direction = Direction::from_code(&i.direction).unwrap_or(Direction::Increase);
            let a = attainment(direction, i.baseline, target, actual);
            let (percent, reached) = match a {
                maillage_domain::plan::Attainment::Measured { percent, reached } => (percent.round() as i32, reached),
                maillage_domain::plan::Attainment::Unknown => (0, false),
            };
            IndicatorLine {
                action_id: i.action_id,
                action_code: code_of.get(&i.action_id).copied().unwrap_or("").to_owned(),
                name: i.name.clone(),
                unit: i.unit.clone(),
                target: number(target),
                actual: number(actual),
                attainment: a.label(),
                percent,
                reached,
            }
        })
        .collect();

    let lines: Vec<_> = s
        .budget
        .iter()
        .map(|b| budget::BudgetLine { year: b.year, funder: b.funder.clone(), planned: b.planned, spent: b.spent })
        .collect();
    let t = budget::totals(&lines);
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

    Dashboard {
        convention_id: s.convention.id,
        title: s.convention.title.clone(),
        period: format!("{} – {}", s.convention.starts_on.format("%d/%m/%Y"), s.convention.ends_on.format("%d/%m/%Y")),
        status: ConventionStatus::from_code(&s.convention.status).map_or("?", ConventionStatus::label),
        status_code: ConventionStatus::from_code(&s.convention.status).map_or("", ConventionStatus::code),
        year,
        axes,
        late,
        indicators,
        budget: BudgetTable { years, rows, totals, total: t.total.into() },
        action_count: s.actions.len(),
    }
}
