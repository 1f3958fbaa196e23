//! A convention seen at a glance: per axis its actions by status and mean
//! progress, the late actions worst first, each indicator against its target
//! for a year, the budget by year and funder. Plain functions over a
//! [`PlanSnapshot`], so they are tested without a database.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::budget::{self, Amounts, BudgetTotals};
use super::indicator::{Attainment, attainment};
use super::status::lateness;
use super::{Action, ActionStatus, Axis, BudgetLine, Convention, Indicator, IndicatorValue, Lateness, Milestone};

/// A convention with everything its dashboard, report and exports show.
#[derive(Debug, Clone)]
pub struct PlanSnapshot {
    pub convention: Convention,
    pub axes: Vec<Axis>,
    /// In plan order (axis, then rank).
    pub actions: Vec<Action>,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Indicator>,
    /// All years, or only some (the dashboard reads one).
    pub values: Vec<IndicatorValue>,
    pub budget: Vec<BudgetLine>,
}

impl PlanSnapshot {
    pub fn milestones_of(&self, action_id: i32) -> impl Iterator<Item = &Milestone> {
        self.milestones.iter().filter(move |m| m.action_id == action_id)
    }

    pub fn lateness_of(&self, action: &Action, today: NaiveDate) -> Lateness {
        let milestones: Vec<Milestone> = self.milestones_of(action.id).cloned().collect();
        lateness(action.status, action.ends_on, &milestones, today)
    }

    pub fn action_code(&self, action_id: i32) -> &str {
        self.actions.iter().find(|a| a.id == action_id).map_or("", |a| a.code.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Dashboard<'a> {
    pub year: i32,
    pub summary: Summary<'a>,
    pub axes: Vec<AxisProgress<'a>>,
    /// The late actions, most days behind first.
    pub late: Vec<(&'a Action, Lateness)>,
    pub indicators: Vec<IndicatorState<'a>>,
    pub budget: BudgetTotals,
}

/// The plan in a few figures: what a committee asks first.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    pub actions: usize,
    /// Each status with its count, in the statuses' order.
    pub by_status: Vec<(ActionStatus, usize)>,
    pub late: usize,
    pub indicators_reached: usize,
    pub indicators_missed: usize,
    pub indicators_unknown: usize,
    /// The funders who spent more than planned, over the whole convention.
    pub overspent: Vec<(&'a str, Amounts)>,
    /// Open milestones due from today on, soonest first (five at most).
    pub next_milestones: Vec<(&'a Action, &'a Milestone)>,
}

#[derive(Debug, Clone)]
pub struct AxisProgress<'a> {
    pub axis: &'a Axis,
    /// Each status with its count, in the statuses' order.
    pub by_status: Vec<(ActionStatus, usize)>,
    /// Mean progress of the axis's actions, rounded (0 without actions).
    pub progress: i32,
    pub actions: Vec<(&'a Action, Lateness)>,
}

impl AxisProgress<'_> {
    pub fn late(&self) -> impl Iterator<Item = &(&Action, Lateness)> {
        self.actions.iter().filter(|(_, l)| l.is_late())
    }
}

#[derive(Debug, Clone)]
pub struct IndicatorState<'a> {
    pub indicator: &'a Indicator,
    pub action_code: &'a str,
    /// The latest year with a recorded value (whatever the year), with its target.
    pub latest: Option<&'a IndicatorValue>,
    /// Every year with a target or a value, oldest first.
    pub series: Vec<&'a IndicatorValue>,
    /// The latest value against its year's target.
    pub attainment: Attainment,
}

/// How many milestones the summary lists.
pub const NEXT_MILESTONES: usize = 5;

pub fn dashboard(s: &PlanSnapshot, today: NaiveDate) -> Dashboard<'_> {
    let year = today.year();
    let mut milestones: HashMap<i32, Vec<Milestone>> = HashMap::new();
    for m in &s.milestones {
        milestones.entry(m.action_id).or_default().push(m.clone());
    }
    let mut late = Vec::new();
    let axes: Vec<AxisProgress> = s
        .axes
        .iter()
        .map(|axis| {
            let actions: Vec<(&Action, Lateness)> = s
                .actions
                .iter()
                .filter(|a| a.axis_id == axis.id)
                .map(|a| (a, lateness(a.status, a.ends_on, milestones.get(&a.id).map_or(&[][..], |v| v), today)))
                .collect();
            let by_status = count_by_status(actions.iter().map(|(a, _)| *a));
            let progress = if actions.is_empty() {
                0
            } else {
                (actions.iter().map(|(a, _)| a.progress).sum::<i32>() as f64 / actions.len() as f64).round() as i32
            };
            late.extend(actions.iter().filter(|(_, l)| l.is_late()).cloned());
            AxisProgress { axis, by_status, progress, actions }
        })
        .collect();
    late.sort_by(|(a, la), (b, lb)| lb.days().cmp(&la.days()).then_with(|| a.code.cmp(&b.code)));
    let code_of: HashMap<i32, &str> = s.actions.iter().map(|a| (a.id, a.code.as_str())).collect();
    let indicators: Vec<IndicatorState> = s.indicators.iter().map(|i| indicator_state(s, i, &code_of)).collect();
    let budget = budget::totals(&s.budget);
    let summary = Summary {
        actions: s.actions.len(),
        by_status: count_by_status(s.actions.iter()),
        late: late.len(),
        indicators_reached: indicators.iter().filter(|i| i.attainment.is_reached()).count(),
        indicators_missed: indicators.iter().filter(|i| i.attainment.is_missed()).count(),
        indicators_unknown: indicators.iter().filter(|i| i.attainment == Attainment::Unknown).count(),
        overspent: overspent_funders(s),
        next_milestones: next_milestones(s, today),
    };
    Dashboard { year, summary, axes, late, indicators, budget }
}

fn count_by_status<'a>(actions: impl Iterator<Item = &'a Action> + Clone) -> Vec<(ActionStatus, usize)> {
    ActionStatus::ALL.iter().map(|st| (*st, actions.clone().filter(|a| a.status == *st).count())).collect()
}

fn overspent_funders(s: &PlanSnapshot) -> Vec<(&str, Amounts)> {
    let mut by_funder: Vec<(&str, Amounts)> = Vec::new();
    for line in &s.budget {
        let entry = match by_funder.iter_mut().find(|(f, _)| *f == line.funder) {
            Some(entry) => entry,
            None => {
                by_funder.push((line.funder.as_str(), Amounts::default()));
                by_funder.last_mut().expect("just pushed")
            }
        };
        entry.1.planned += line.planned;
        entry.1.spent += line.spent;
    }
    by_funder.retain(|(_, a)| a.is_overspent());
    by_funder.sort_by(|a, b| a.0.cmp(b.0));
    by_funder
}

fn next_milestones(s: &PlanSnapshot, today: NaiveDate) -> Vec<(&Action, &Milestone)> {
    let actions: HashMap<i32, &Action> = s.actions.iter().map(|a| (a.id, a)).collect();
    let mut next: Vec<(&Action, &Milestone)> = s
        .milestones
        .iter()
        .filter(|m| m.done_on.is_none() && m.due_on >= today)
        .filter_map(|m| actions.get(&m.action_id).map(|a| (*a, m)))
        .filter(|(a, _)| !a.status.is_closed())
        .collect();
    next.sort_by(|(a, m), (b, n)| m.due_on.cmp(&n.due_on).then_with(|| a.code.cmp(&b.code)));
    next.truncate(NEXT_MILESTONES);
    next
}

fn indicator_state<'a>(s: &'a PlanSnapshot, i: &'a Indicator, code_of: &HashMap<i32, &'a str>) -> IndicatorState<'a> {
    let mut series: Vec<&IndicatorValue> =
        s.values.iter().filter(|v| v.indicator_id == i.id && (v.actual.is_some() || v.target.is_some())).collect();
    series.sort_by_key(|v| v.year);
    let latest = series.iter().rev().find(|v| v.actual.is_some()).copied();
    let attainment = latest.map_or(Attainment::Unknown, |v| attainment(i.direction, v.target, v.actual));
    IndicatorState {
        indicator: i,
        action_code: code_of.get(&i.action_id).copied().unwrap_or(""),
        latest,
        series,
        attainment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{ConventionStatus, Direction};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn action(id: i32, axis_id: i32, code: &str, status: ActionStatus, progress: i32, ends_on: NaiveDate) -> Action {
        Action {
            id,
            convention_id: 1,
            axis_id,
            code: code.into(),
            title: format!("Action {code}"),
            objectives: String::new(),
            audience: String::new(),
            lead_name: String::new(),
            lead_user_id: None,
            partners: vec![],
            sectors: vec![],
            starts_on: None,
            ends_on: Some(ends_on),
            status,
            progress,
            position: id,
            version: 1,
        }
    }

    #[test]
    fn a_small_plan_at_a_glance() {
        let axis = |id: i32| Axis {
            id,
            convention_id: 1,
            code: id.to_string(),
            title: format!("Axe {id}"),
            rationale: String::new(),
            position: id,
        };
        let snapshot = PlanSnapshot {
            convention: Convention {
                id: 1,
                title: "CTG".into(),
                starts_on: d(2023, 1, 1),
                ends_on: d(2026, 12, 31),
                status: ConventionStatus::Active,
                signatories: vec![],
                replaces: String::new(),
                diagnostic: String::new(),
                purpose: String::new(),
                renewed_from_id: None,
                version: 1,
            },
            axes: vec![axis(1), axis(2)],
            actions: vec![
                action(1, 1, "1.1", ActionStatus::InProgress, 20, d(2024, 1, 31)),
                action(2, 1, "1.2", ActionStatus::Done, 100, d(2023, 6, 30)),
                action(3, 2, "2.1", ActionStatus::NotStarted, 0, d(2024, 5, 31)),
            ],
            milestones: vec![],
            indicators: vec![Indicator {
                id: 7,
                action_id: 1,
                name: "Taux de couverture".into(),
                unit: "%".into(),
                direction: Direction::Increase,
                baseline: Some(45.0),
                baseline_year: Some(2022),
                position: 0,
                live_figure: None,
            }],
            values: vec![IndicatorValue {
                id: 1,
                indicator_id: 7,
                year: 2024,
                target: Some(50.0),
                actual: Some(49.1),
                source: String::new(),
                updated_at: chrono::Utc::now(),
            }],
            budget: vec![BudgetLine {
                id: 1,
                action_id: 1,
                year: 2024,
                funder: "CAF".into(),
                planned: 1000,
                spent: 250,
            }],
        };
        let board = dashboard(&snapshot, d(2024, 6, 1));
        assert_eq!(board.axes[0].progress, 60);
        assert_eq!(board.axes[0].by_status[1], (ActionStatus::InProgress, 1));
        let late: Vec<(&str, i64)> = board.late.iter().map(|(a, l)| (a.code.as_str(), l.days())).collect();
        assert_eq!(late, [("1.1", 122), ("2.1", 1)], "worst first; the done action is never late");
        assert_eq!(board.indicators[0].action_code, "1.1");
        assert_eq!(board.indicators[0].attainment, Attainment::Below { percent: 98 });
        assert_eq!(board.indicators[0].latest.map(|v| v.year), Some(2024));
        assert_eq!(board.budget.total.spent_percent(), Some(25));
    }
}
