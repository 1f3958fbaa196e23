//! The yearly review (« bilan annuel »): what the CAF and the commune look
//! at in committee each year. Per axis, what was done and what slipped,
//! each indicator's value of the year against its target; the year's
//! budget by funder; the committees' decisions of the year. The last year's
//! review is the convention's final evaluation.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;

use super::budget::Amounts;
use super::dashboard::PlanSnapshot;
use super::indicator::{Attainment, attainment};
use super::{Action, ActionStatus, Axis, Decision, Indicator, IndicatorValue, Meeting, Milestone};
use crate::validation::FieldErrors;

/// A stored review: open while the coordinator writes, then closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub id: i32,
    pub convention_id: i32,
    pub year: i32,
    pub closed_at: Option<DateTime<Utc>>,
    /// Who closed it, as the audit log names them.
    pub closed_by: String,
    /// The coordinator's analysis per axis id.
    pub analyses: BTreeMap<i32, String>,
}

impl Review {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }
}

/// The longest analysis of an axis.
pub const MAX_ANALYSIS_CHARS: usize = 10_000;

/// The analyses as the form sends them: `axis_<id>` → text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct ReviewForm(pub BTreeMap<String, String>);

impl ReviewForm {
    /// The analyses of the convention's `axes`, each within bounds; fields
    /// naming another axis are ignored.
    pub fn validate(&self, axes: &[Axis]) -> Result<BTreeMap<i32, String>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut out = BTreeMap::new();
        for axis in axes {
            let field = format!("axis_{}", axis.id);
            let text = self.0.get(&field).map(|t| t.trim().replace("\r\n", "\n")).unwrap_or_default();
            if text.chars().count() > MAX_ANALYSIS_CHARS {
                errors.add(
                    &field,
                    format!("Au plus {MAX_ANALYSIS_CHARS} caractères (ce texte en a {}).", text.chars().count()),
                );
            }
            out.insert(axis.id, text);
        }
        errors.into_result(out)
    }
}

/// The years a convention can be reviewed on `today`: from its first year
/// to its last, but not beyond the current one.
pub fn reviewable_years(starts_on: NaiveDate, ends_on: NaiveDate, today: NaiveDate) -> Vec<i32> {
    (starts_on.year()..=ends_on.year().min(today.year())).collect()
}

/// An action's year in figures.
#[derive(Debug, Clone)]
pub struct AxisYear<'a> {
    pub axis: &'a Axis,
    /// Actions done, and milestones reached during the year.
    pub done: Vec<&'a Action>,
    pub reached: Vec<(&'a Action, &'a Milestone)>,
    /// Milestones due in the year and not reached by its end (or by today,
    /// for the current year), and open actions whose end fell in the year.
    pub missed: Vec<(&'a Action, &'a Milestone)>,
    pub overdue: Vec<&'a Action>,
    pub indicators: Vec<IndicatorYear<'a>>,
}

#[derive(Debug, Clone)]
pub struct IndicatorYear<'a> {
    pub action: &'a Action,
    pub indicator: &'a Indicator,
    pub value: Option<&'a IndicatorValue>,
    pub attainment: Attainment,
}

#[derive(Debug, Clone)]
pub struct YearFigures<'a> {
    pub year: i32,
    /// The day the figures are read at: 31 December, or today for the current year.
    pub as_of: NaiveDate,
    pub axes: Vec<AxisYear<'a>>,
    /// The year's budget by funder, and its total.
    pub budget: Vec<(&'a str, Amounts)>,
    pub budget_total: Amounts,
    /// Decisions of the committees held during the year, oldest first.
    pub decisions: Vec<(&'a Meeting, &'a Decision)>,
}

/// The figures of `year` for the plan `s`, read on `today`.
pub fn year_figures<'a>(
    s: &'a PlanSnapshot,
    meetings: &'a [Meeting],
    decisions: &'a [Decision],
    year: i32,
    today: NaiveDate,
) -> YearFigures<'a> {
    let year_end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists");
    let as_of = year_end.min(today);
    let in_year = |d: NaiveDate| d.year() == year && d <= as_of;
    let axes = s
        .axes
        .iter()
        .map(|axis| {
            let actions: Vec<&Action> = s.actions.iter().filter(|a| a.axis_id == axis.id).collect();
            let mut reached = Vec::new();
            let mut missed = Vec::new();
            for a in &actions {
                for m in s.milestones.iter().filter(|m| m.action_id == a.id) {
                    match m.done_on {
                        Some(done) if in_year(done) => reached.push((*a, m)),
                        done if m.due_on.year() == year && m.due_on < as_of && done.is_none_or(|d| d > as_of) => {
                            missed.push((*a, m))
                        }
                        _ => {}
                    }
                }
            }
            reached.sort_by_key(|(_, m)| m.done_on);
            missed.sort_by_key(|(_, m)| m.due_on);
            let done = actions
                .iter()
                .filter(|a| a.status == ActionStatus::Done && a.ends_on.is_none_or(|e| e.year() == year))
                .copied()
                .collect();
            let overdue = actions
                .iter()
                .filter(|a| !a.status.is_closed() && a.ends_on.is_some_and(|e| e.year() == year && e < as_of))
                .copied()
                .collect();
            let indicators = actions
                .iter()
                .flat_map(|a| s.indicators.iter().filter(move |i| i.action_id == a.id).map(move |i| (*a, i)))
                .map(|(action, indicator)| {
                    let value = s.values.iter().find(|v| v.indicator_id == indicator.id && v.year == year);
                    let attainment =
                        value.map_or(Attainment::Unknown, |v| attainment(indicator.direction, v.target, v.actual));
                    IndicatorYear { action, indicator, value, attainment }
                })
                .collect();
            AxisYear { axis, done, reached, missed, overdue, indicators }
        })
        .collect();
    let mut budget: BTreeMap<&str, Amounts> = BTreeMap::new();
    let mut budget_total = Amounts::default();
    for line in s.budget.iter().filter(|b| b.year == year) {
        let entry = budget.entry(line.funder.as_str()).or_default();
        entry.planned += line.planned;
        entry.spent += line.spent;
        budget_total.planned += line.planned;
        budget_total.spent += line.spent;
    }
    let mut held: Vec<&Meeting> = meetings.iter().filter(|m| m.held_on.year() == year).collect();
    held.sort_by_key(|m| m.held_on);
    let decisions = held
        .into_iter()
        .flat_map(|m| decisions.iter().filter(move |d| d.meeting_id == m.id).map(move |d| (m, d)))
        .collect();
    YearFigures { year, as_of, axes, budget: budget.into_iter().collect(), budget_total, decisions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::budget::BudgetLine;
    use crate::plan::{Convention, ConventionStatus, Direction, MeetingKind};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn action(id: i32, status: ActionStatus, ends_on: Option<NaiveDate>) -> Action {
        Action {
            id,
            convention_id: 1,
            axis_id: 1,
            code: format!("1.{id}"),
            title: format!("Action {id}"),
            objectives: String::new(),
            audience: String::new(),
            lead_name: String::new(),
            lead_user_id: None,
            partners: vec![],
            sectors: vec![],
            starts_on: None,
            ends_on,
            status,
            progress: 0,
            position: id,
            version: 1,
        }
    }

    fn plan(milestones: Vec<Milestone>, budget: Vec<BudgetLine>) -> PlanSnapshot {
        PlanSnapshot {
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
            axes: vec![Axis {
                id: 1,
                convention_id: 1,
                code: "1".into(),
                title: "Petite enfance".into(),
                rationale: String::new(),
                position: 1,
            }],
            actions: vec![
                action(1, ActionStatus::InProgress, Some(d(2024, 6, 30))),
                action(2, ActionStatus::Done, Some(d(2024, 3, 31))),
            ],
            milestones,
            indicators: vec![Indicator {
                id: 5,
                action_id: 1,
                name: "Délai".into(),
                unit: "jours".into(),
                direction: Direction::Decrease,
                baseline: None,
                baseline_year: None,
                position: 0,
                live_figure: None,
            }],
            values: vec![IndicatorValue {
                id: 1,
                indicator_id: 5,
                year: 2024,
                target: Some(20.0),
                actual: Some(22.0),
                source: String::new(),
                updated_at: Utc::now(),
            }],
            budget,
        }
    }

    fn milestone(id: i32, due_on: NaiveDate, done_on: Option<NaiveDate>) -> Milestone {
        Milestone { id, action_id: 1, title: format!("Jalon {id}"), due_on, done_on }
    }

    fn line(year: i32, funder: &str, planned: i64, spent: i64) -> BudgetLine {
        BudgetLine { id: 0, action_id: 1, year, funder: funder.into(), planned, spent }
    }

    #[test]
    fn a_closed_year_in_figures() {
        let s = plan(
            vec![
                milestone(1, d(2024, 2, 1), Some(d(2024, 2, 3))),
                milestone(2, d(2024, 5, 1), None),
                milestone(3, d(2024, 9, 1), Some(d(2025, 1, 10))),
                milestone(4, d(2025, 3, 1), None),
            ],
            vec![line(2024, "CAF", 1000, 400), line(2024, "Commune", 500, 600), line(2025, "CAF", 9, 9)],
        );
        let meetings = vec![Meeting {
            id: 7,
            convention_id: 1,
            kind: MeetingKind::SteeringCommittee,
            held_on: d(2024, 6, 20),
            title: "COPIL".into(),
            attendees: vec![],
            minutes: String::new(),
        }];
        let decisions = vec![Decision { id: 1, meeting_id: 7, action_id: Some(1), body: "Relancer".into() }];
        let y = year_figures(&s, &meetings, &decisions, 2024, d(2025, 3, 10));
        assert_eq!(y.as_of, d(2024, 12, 31));
        let axis = &y.axes[0];
        let ids = |v: &[(&Action, &Milestone)]| v.iter().map(|(_, m)| m.id).collect::<Vec<_>>();
        assert_eq!(ids(&axis.reached), [1]);
        assert_eq!(ids(&axis.missed), [2, 3], "reached only in 2025: it slipped in 2024");
        assert_eq!(axis.done.iter().map(|a| a.id).collect::<Vec<_>>(), [2]);
        assert_eq!(axis.overdue.iter().map(|a| a.id).collect::<Vec<_>>(), [1]);
        assert_eq!(axis.indicators[0].attainment, Attainment::Above { percent: 10 });
        assert_eq!(y.budget_total, Amounts { planned: 1500, spent: 1000 });
        assert_eq!(y.budget[1], ("Commune", Amounts { planned: 500, spent: 600 }));
        assert_eq!(y.decisions.len(), 1);
    }

    #[test]
    fn the_current_year_is_read_on_today() {
        let s = plan(vec![milestone(1, d(2025, 2, 1), None), milestone(2, d(2025, 9, 1), None)], vec![]);
        let y = year_figures(&s, &[], &[], 2025, d(2025, 3, 10));
        assert_eq!(y.as_of, d(2025, 3, 10));
        assert_eq!(y.axes[0].missed.len(), 1, "September is not missed yet");
    }

    #[test]
    fn analyses_are_bounded_and_only_for_the_conventions_axes() {
        let axes = plan(vec![], vec![]).axes;
        let mut form = ReviewForm::default();
        form.0.insert("axis_1".into(), "  Le guichet a ouvert.\r\nSuite en 2025. ".into());
        form.0.insert("axis_99".into(), "ignoré".into());
        let ok = form.validate(&axes).unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[&1], "Le guichet a ouvert.\nSuite en 2025.");
        form.0.insert("axis_1".into(), "x".repeat(MAX_ANALYSIS_CHARS + 1));
        assert!(form.validate(&axes).unwrap_err().get("axis_1").unwrap().contains("10000"));
    }

    #[test]
    fn the_years_to_review() {
        assert_eq!(reviewable_years(d(2023, 1, 1), d(2026, 12, 31), d(2025, 3, 1)), [2023, 2024, 2025]);
        assert_eq!(reviewable_years(d(2023, 1, 1), d(2026, 12, 31), d(2030, 1, 1)), [2023, 2024, 2025, 2026]);
    }

    proptest! {
        /// Whatever the lines and the year: the year's budget adds up to its
        /// lines, funder by funder and in total.
        #[test]
        fn the_years_budget_adds_up(
            lines in prop::collection::vec((2023i32..2027, 0usize..3, 0i64..1_000_000, 0i64..1_000_000), 0..30),
            year in 2023i32..2027,
        ) {
            let funders = ["CAF", "Commune", "Département"];
            let budget: Vec<BudgetLine> = lines.iter().map(|(y, f, p, s)| line(*y, funders[*f], *p, *s)).collect();
            let s = plan(vec![], budget.clone());
            let y = year_figures(&s, &[], &[], year, d(2030, 1, 1));
            let of_year: Vec<&BudgetLine> = budget.iter().filter(|b| b.year == year).collect();
            prop_assert_eq!(y.budget_total.planned, of_year.iter().map(|b| b.planned).sum::<i64>());
            prop_assert_eq!(y.budget_total.spent, of_year.iter().map(|b| b.spent).sum::<i64>());
            prop_assert_eq!(y.budget.iter().map(|(_, a)| a.planned).sum::<i64>(), y.budget_total.planned);
        }

        /// A milestone is either reached in the year, missed in the year, or
        /// neither, never both; and a missed one was due in the year.
        #[test]
        fn a_milestone_is_reached_or_missed_never_both(
            due in 0i64..1500, done in prop::option::of(0i64..1500), year in 2023i32..2027, today in 0i64..1500,
        ) {
            let day = |n: i64| d(2023, 1, 1) + chrono::Duration::days(n);
            let s = plan(vec![milestone(1, day(due), done.map(day))], vec![]);
            let y = year_figures(&s, &[], &[], year, day(today));
            let axis = &y.axes[0];
            prop_assert!(axis.reached.len() + axis.missed.len() <= 1);
            for (_, m) in &axis.missed {
                prop_assert_eq!(m.due_on.year(), year);
                prop_assert!(m.due_on < y.as_of);
            }
        }
    }
}
