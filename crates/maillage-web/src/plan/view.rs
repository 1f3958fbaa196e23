//! The dashboard as the pages show it: the domain's aggregates
//! ([`maillage_domain::plan::dashboard`]) put into words, numbers and euros.

use chrono::NaiveDate;
use maillage_domain::plan::budget::{self, Amounts};
use maillage_domain::plan::dashboard::{PlanSnapshot, dashboard as aggregate};
use maillage_domain::plan::{Attainment, Lateness, Meeting};
use maillage_domain::text::count;
use serde::Serialize;

use crate::charts::{self, Bar, Sparkline};

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub convention_id: i32,
    pub title: String,
    pub period: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub year: i32,
    pub summary: SummaryView,
    pub axes: Vec<AxisSummary>,
    pub late: Vec<LateAction>,
    pub indicators: Vec<IndicatorLine>,
    pub budget: BudgetTable,
    /// Planned and spent by funder, over the whole convention.
    pub budget_bars: Vec<Bar>,
    pub action_count: usize,
}

/// The first screen: the plan in a few sentences.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    /// « 26 actions », then each status with its count (only those present).
    pub actions: String,
    pub by_status: Vec<(&'static str, &'static str, usize)>,
    pub late: String,
    pub late_count: usize,
    pub indicators_reached: usize,
    pub indicators_missed: usize,
    pub indicators_unknown: usize,
    /// « 12 400 € dépensés sur 30 000 € prévus (41 %) ».
    pub budget: String,
    /// « Commune : 505 € dépensés pour 500 € prévus (101 %) ».
    pub overspent: Vec<String>,
    pub next_milestones: Vec<NextMilestone>,
    /// (meeting id, « Comité de pilotage (COPIL) du 12/12/2026 : title »).
    pub next_meeting: Option<(i32, String)>,
}

#[derive(Debug, Serialize)]
pub struct NextMilestone {
    pub action_id: i32,
    pub action_code: String,
    pub title: String,
    pub due_on: String,
}

#[derive(Debug, Serialize)]
pub struct AxisSummary {
    pub code: String,
    pub title: String,
    /// (label, count) for each status, in the statuses' order.
    pub by_status: Vec<(&'static str, usize)>,
    pub progress: i32,
    pub actions: Vec<ActionLine>,
    /// The axis's late actions, worst first.
    pub late: Vec<LateAction>,
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
    /// The year of the latest value, or « — ».
    pub year: String,
    pub target: String,
    pub actual: String,
    pub attainment: String,
    /// `reached`, `missed` or `unknown`, for the style.
    pub state: &'static str,
    pub chart: Option<Sparkline>,
    /// (year, target, value) for the table beside the chart.
    pub series: Vec<(i32, String, String)>,
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

fn late_action(a: &maillage_domain::plan::Action, l: &Lateness) -> LateAction {
    LateAction { id: a.id, code: a.code.clone(), title: a.title.clone(), why: l.describe(), days: l.days() }
}

fn amounts_sentence(a: Amounts) -> String {
    let share = a.spent_percent().map(|p| format!(" ({p} %)")).unwrap_or_default();
    format!("{} dépensés sur {} prévus{share}", budget::format_euros(a.spent), budget::format_euros(a.planned))
}

/// The dashboard of `s` on `today`; `meetings` are the convention's
/// committees, for the next one.
pub fn dashboard(s: &PlanSnapshot, today: NaiveDate, meetings: &[Meeting]) -> Dashboard {
    let board = aggregate(s, today);
    let axes = board
        .axes
        .iter()
        .map(|p| {
            let mut late: Vec<LateAction> = p.late().map(|(a, l)| late_action(a, l)).collect();
            late.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.code.cmp(&b.code)));
            AxisSummary {
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
                late,
            }
        })
        .collect();
    let late = board.late.iter().map(|(a, l)| late_action(a, l)).collect();
    let indicators = board
        .indicators
        .iter()
        .map(|i| {
            let (target, actual) = i.latest.map_or((None, None), |v| (v.target, v.actual));
            let series: Vec<(i32, Option<f64>, Option<f64>)> =
                i.series.iter().map(|v| (v.year, v.target, v.actual)).collect();
            let unit = if i.indicator.unit.is_empty() { String::new() } else { format!(" {}", i.indicator.unit) };
            let title = format!(
                "{} : {}",
                i.indicator.name,
                series
                    .iter()
                    .map(|(y, t, v)| match t {
                        Some(_) => format!("{y}, {}{unit} pour une cible de {}", number(*v), number(*t)),
                        None => format!("{y}, {}{unit}", number(*v)),
                    })
                    .collect::<Vec<_>>()
                    .join(" ; ")
            );
            IndicatorLine {
                action_id: i.indicator.action_id,
                action_code: i.action_code.to_owned(),
                name: i.indicator.name.clone(),
                unit: i.indicator.unit.clone(),
                year: i.latest.map_or("—".to_owned(), |v| v.year.to_string()),
                target: number(target),
                actual: number(actual),
                attainment: i.attainment.label(),
                state: match i.attainment {
                    Attainment::Reached => "reached",
                    Attainment::Unknown => "unknown",
                    _ => "missed",
                },
                chart: charts::sparkline(title, &series),
                series: series.iter().map(|(y, t, v)| (*y, number(*t), number(*v))).collect(),
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
    let bar_rows: Vec<(String, i64, i64, String)> =
        t.by_funder.iter().map(|(f, a)| (f.clone(), a.planned, a.spent, amounts_sentence(*a))).collect();
    let sm = &board.summary;
    let next_meeting = meetings
        .iter()
        .filter(|m| m.held_on >= today)
        .min_by_key(|m| m.held_on)
        .map(|m| (m.id, format!("{} du {} : {}", m.kind.label(), m.held_on.format("%d/%m/%Y"), m.title)));
    let summary = SummaryView {
        actions: count(sm.actions as i64, "action", "actions"),
        by_status: sm.by_status.iter().filter(|(_, n)| *n > 0).map(|(st, n)| (st.label(), st.code(), *n)).collect(),
        late: count(sm.late as i64, "action en retard", "actions en retard"),
        late_count: sm.late,
        indicators_reached: sm.indicators_reached,
        indicators_missed: sm.indicators_missed,
        indicators_unknown: sm.indicators_unknown,
        budget: amounts_sentence(t.total),
        overspent: sm.overspent.iter().map(|(f, a)| format!("{f} : {}", amounts_sentence(*a))).collect(),
        next_milestones: sm
            .next_milestones
            .iter()
            .map(|(a, m)| NextMilestone {
                action_id: a.id,
                action_code: a.code.clone(),
                title: m.title.clone(),
                due_on: m.due_on.format("%d/%m/%Y").to_string(),
            })
            .collect(),
        next_meeting,
    };
    let c = &s.convention;
    Dashboard {
        convention_id: c.id,
        title: c.title.clone(),
        period: format!("{} – {}", c.starts_on.format("%d/%m/%Y"), c.ends_on.format("%d/%m/%Y")),
        status: c.status.label(),
        status_code: c.status.code(),
        year: board.year,
        summary,
        axes,
        late,
        indicators,
        budget: BudgetTable { years, rows, totals, total: t.total.into() },
        budget_bars: charts::bars(&bar_rows),
        action_count: s.actions.len(),
    }
}
