//! What an action's lead has to do now: the « Mes actions » page lists it
//! for each action they lead, so that a lead who signs in once a month sees
//! at once what the committee will ask them about.

use chrono::{Datelike, NaiveDate};

use super::{Action, ActionStatus, Indicator, IndicatorValue, Milestone};
use crate::text::count;

/// A journal silent for longer than this, on an action under way, is due.
pub const QUIET_DAYS: i64 = 90;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// The action is still open after its end date.
    PastEnd { ends_on: NaiveDate, days: i64 },
    /// An open milestone is past its date.
    MilestoneMissed { title: String, due_on: NaiveDate, days: i64 },
    /// No value recorded for last year (a year the convention covered).
    ValueMissing { indicator: String, year: i32 },
    /// An action under way without a journal entry for [`QUIET_DAYS`] days.
    JournalQuiet { last: Option<NaiveDate> },
}

impl Due {
    pub fn describe(&self) -> String {
        let date = |d: &NaiveDate| d.format("%d/%m/%Y").to_string();
        match self {
            Due::PastEnd { ends_on, days } => {
                format!(
                    "Échéance du {} dépassée de {} : clôturez l'action ou changez sa date de fin.",
                    date(ends_on),
                    count(*days, "jour", "jours")
                )
            }
            Due::MilestoneMissed { title, due_on, days } => format!(
                "Jalon « {title} » prévu le {}, {} de retard : indiquez s'il est atteint.",
                date(due_on),
                count(*days, "jour", "jours")
            ),
            Due::ValueMissing { indicator, year } => format!("Valeur {year} de « {indicator} » à saisir."),
            Due::JournalQuiet { last: Some(last) } => {
                format!("Dernière note du journal le {} : racontez où en est l'action.", date(last))
            }
            Due::JournalQuiet { last: None } => "Aucune note au journal : racontez où en est l'action.".to_owned(),
        }
    }
}

/// What is due on `action` on `today`, the most urgent first. A closed
/// action owes nothing. `last_entry` is the date of its latest journal note;
/// `covered_from` the first day of its convention (a value is only owed for
/// a year the convention covered).
pub fn due(
    action: &Action,
    milestones: &[Milestone],
    indicators: &[Indicator],
    values: &[IndicatorValue],
    last_entry: Option<NaiveDate>,
    covered_from: NaiveDate,
    today: NaiveDate,
) -> Vec<Due> {
    if action.status.is_closed() {
        return Vec::new();
    }
    let mut due = Vec::new();
    if let Some(ends_on) = action.ends_on.filter(|d| *d < today) {
        due.push(Due::PastEnd { ends_on, days: (today - ends_on).num_days() });
    }
    let mut missed: Vec<&Milestone> =
        milestones.iter().filter(|m| m.action_id == action.id && m.done_on.is_none() && m.due_on < today).collect();
    missed.sort_by_key(|m| m.due_on);
    due.extend(missed.into_iter().map(|m| Due::MilestoneMissed {
        title: m.title.clone(),
        due_on: m.due_on,
        days: (today - m.due_on).num_days(),
    }));
    let last_year = today.year() - 1;
    if covered_from.year() <= last_year {
        for i in indicators.iter().filter(|i| i.action_id == action.id) {
            let recorded = values.iter().any(|v| v.indicator_id == i.id && v.year == last_year && v.actual.is_some());
            if !recorded {
                due.push(Due::ValueMissing { indicator: i.name.clone(), year: last_year });
            }
        }
    }
    let quiet = last_entry.is_none_or(|d| (today - d).num_days() > QUIET_DAYS);
    if action.status == ActionStatus::InProgress && quiet {
        due.push(Due::JournalQuiet { last: last_entry });
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Direction;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn action(status: ActionStatus, ends_on: Option<NaiveDate>) -> Action {
        Action {
            id: 1,
            convention_id: 1,
            axis_id: 1,
            code: "1.1".into(),
            title: "Guichet unique".into(),
            objectives: String::new(),
            audience: String::new(),
            lead_name: String::new(),
            lead_user_id: Some(7),
            partners: vec![],
            sectors: vec![],
            starts_on: None,
            ends_on,
            status,
            progress: 30,
            position: 1,
            version: 1,
        }
    }

    fn milestone(title: &str, due_on: NaiveDate, done_on: Option<NaiveDate>) -> Milestone {
        Milestone { id: 1, action_id: 1, title: title.into(), due_on, done_on }
    }

    fn indicator(id: i32, name: &str) -> Indicator {
        Indicator {
            id,
            action_id: 1,
            name: name.into(),
            unit: String::new(),
            direction: Direction::Increase,
            baseline: None,
            baseline_year: None,
            position: id,
            live_figure: None,
        }
    }

    fn value(indicator_id: i32, year: i32, actual: Option<f64>) -> IndicatorValue {
        IndicatorValue {
            id: indicator_id * 10,
            indicator_id,
            year,
            target: Some(10.0),
            actual,
            source: String::new(),
            updated_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_lead_in_march_owes_a_missed_milestone_last_years_value_and_a_journal_note() {
        let today = d(2025, 3, 10);
        let a = action(ActionStatus::InProgress, Some(d(2026, 12, 31)));
        let milestones = [
            milestone("Comité de lancement", d(2025, 1, 15), None),
            milestone("Cahier des charges", d(2024, 11, 30), None),
            milestone("Étude", d(2024, 6, 1), Some(d(2024, 6, 3))),
            milestone("Ouverture", d(2025, 9, 1), None),
        ];
        let indicators = [indicator(1, "Demandes enregistrées"), indicator(2, "Délai de réponse")];
        let values = [value(1, 2024, Some(80.0)), value(2, 2024, None)];
        let due = due(&a, &milestones, &indicators, &values, Some(d(2024, 11, 20)), d(2023, 1, 1), today);
        let described: Vec<String> = due.iter().map(Due::describe).collect();
        assert_eq!(
            described,
            [
                "Jalon « Cahier des charges » prévu le 30/11/2024, 100 jours de retard : indiquez s'il est atteint.",
                "Jalon « Comité de lancement » prévu le 15/01/2025, 54 jours de retard : indiquez s'il est atteint.",
                "Valeur 2024 de « Délai de réponse » à saisir.",
                "Dernière note du journal le 20/11/2024 : racontez où en est l'action.",
            ]
        );
    }

    #[test]
    fn nothing_is_owed_on_a_closed_action_nor_for_a_year_before_the_convention() {
        let today = d(2025, 3, 10);
        let done = action(ActionStatus::Done, Some(d(2024, 12, 31)));
        let old = [milestone("x", d(2024, 1, 1), None)];
        assert!(due(&done, &old, &[], &[], None, d(2023, 1, 1), today).is_empty());
        let fresh = action(ActionStatus::NotStarted, None);
        let indicators = [indicator(1, "Demandes")];
        assert!(due(&fresh, &[], &indicators, &[], None, d(2025, 1, 1), today).is_empty(), "2024 was not covered");
    }

    #[test]
    fn an_action_past_its_end_says_so_first_and_a_recent_note_is_enough() {
        let today = d(2025, 3, 10);
        let a = action(ActionStatus::InProgress, Some(d(2025, 3, 9)));
        let due = due(&a, &[], &[], &[], Some(d(2025, 1, 1)), d(2025, 1, 1), today);
        assert_eq!(due, [Due::PastEnd { ends_on: d(2025, 3, 9), days: 1 }]);
        assert!(due[0].describe().contains("dépassée de 1 jour :"));
    }
}
