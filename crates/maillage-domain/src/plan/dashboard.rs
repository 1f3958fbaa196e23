//! A convention seen at a glance: per axis its actions by status and mean
//! progress, the late actions worst first, each indicator against its target
//! for a year, the budget by year and funder. Plain functions over a
//! [`PlanSnapshot`], so they are tested without a database.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::budget::{self, BudgetTotals};
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
    pub axes: Vec<AxisProgress<'a>>,
    /// The late actions, most days behind first.
    pub late: Vec<(&'a Action, Lateness)>,
    pub indicators: Vec<IndicatorState<'a>>,
    pub budget: BudgetTotals,
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

#[derive(Debug, Clone)]
pub struct IndicatorState<'a> {
    pub indicator: &'a Indicator,
    pub action_code: &'a str,
    pub value: Option<&'a IndicatorValue>,
    pub attainment: Attainment,
}

pub fn dashboard(s: &PlanSnapshot, today: NaiveDate) -> Dashboard<'_> {
    let year = today.year();
    let mut milestones: HashMap<i32, Vec<Milestone>> = HashMap::new();
    for m in &s.milestones {
        milestones.entry(m.action_id).or_default().push(m.clone());
    }
    let mut late = Vec::new();
    let axes = s
        .axes
        .iter()
        .map(|axis| {
            let actions: Vec<(&Action, Lateness)> = s
                .actions
                .iter()
                .filter(|a| a.axis_id == axis.id)
                .map(|a| (a, lateness(a.status, a.ends_on, milestones.get(&a.id).map_or(&[][..], |v| v), today)))
                .collect();
            let by_status = ActionStatus::ALL
                .iter()
                .map(|st| (*st, actions.iter().filter(|(a, _)| a.status == *st).count()))
                .collect();
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
    let indicators = s
        .indicators
        .iter()
        .map(|i| {
            let value = s.values.iter().find(|v| v.indicator_id == i.id && v.year == year);
            let (target, actual) = value.map_or((None, None), |v| (v.target, v.actual));
            IndicatorState {
                indicator: i,
                action_code: code_of.get(&i.action_id).copied().unwrap_or(""),
                value,
                attainment: attainment(i.direction, i.baseline, target, actual),
            }
        })
        .collect();
    Dashboard { year, axes, late, indicators, budget: budget::totals(&s.budget) }
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
        assert!(matches!(board.indicators[0].attainment, Attainment::Measured { reached: false, .. }));
        assert_eq!(board.budget.total.spent_percent(), Some(25));
    }
}
