//! Action statuses and what makes an action late.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::milestone::Milestone;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    NotStarted,
    InProgress,
    Done,
    Postponed,
    Abandoned,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 5] = [
        ActionStatus::NotStarted,
        ActionStatus::InProgress,
        ActionStatus::Done,
        ActionStatus::Postponed,
        ActionStatus::Abandoned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "not_started",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Postponed => "postponed",
            ActionStatus::Abandoned => "abandoned",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::NotStarted => "À lancer",
            ActionStatus::InProgress => "En cours",
            ActionStatus::Done => "Réalisée",
            ActionStatus::Postponed => "Reportée",
            ActionStatus::Abandoned => "Abandonnée",
        }
    }

    /// Closed actions are never late.
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Abandoned)
    }
}

/// Why an action is late, the worst reason first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lateness {
    OnTime,
    /// An open milestone is past its date (the oldest one).
    MilestoneMissed {
        title: String,
        due_on: NaiveDate,
        days: i64,
    },
    /// The action is still open after its end date.
    PastEnd {
        ends_on: NaiveDate,
        days: i64,
    },
}

impl Lateness {
    pub fn is_late(&self) -> bool {
        !matches!(self, Lateness::OnTime)
    }

    /// Days behind, used to sort the late actions first, worst first.
    pub fn days(&self) -> i64 {
        match self {
            Lateness::OnTime => 0,
            Lateness::MilestoneMissed { days, .. } | Lateness::PastEnd { days, .. } => *days,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Lateness::OnTime => "Dans les temps".to_owned(),
            Lateness::PastEnd { ends_on, days } => format!(
                "échéance du {} dépassée de {}",
                ends_on.format("%d/%m/%Y"),
                crate::text::count(*days, "jour", "jours")
            ),
            Lateness::MilestoneMissed { title, due_on, days } => format!(
                "jalon « {title} » prévu le {}, {} de retard",
                due_on.format("%d/%m/%Y"),
                crate::text::count(*days, "jour", "jours")
            ),
        }
    }
}

/// An open action is late when its end date has passed or one of its
/// milestones is past due and not done. Passing the end date is reported in
/// preference to a milestone, since it is what a committee asks about first.
pub fn lateness(
    status: ActionStatus,
    ends_on: Option<NaiveDate>,
    milestones: &[Milestone],
    today: NaiveDate,
) -> Lateness {
    if status.is_closed() {
        return Lateness::OnTime;
    }
    if let Some(ends_on) = ends_on.filter(|d| *d < today) {
        return Lateness::PastEnd { ends_on, days: (today - ends_on).num_days() };
    }
    milestones
        .iter()
        .filter(|m| m.done_on.is_none() && m.due_on < today)
        .min_by_key(|m| m.due_on)
        .map(|m| Lateness::MilestoneMissed {
            title: m.title.clone(),
            due_on: m.due_on,
            days: (today - m.due_on).num_days(),
        })
        .unwrap_or(Lateness::OnTime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn past_end_is_late_unless_closed() {
        let today = d(2025, 6, 1);
        let late = lateness(ActionStatus::InProgress, Some(d(2025, 5, 1)), &[], today);
        assert_eq!(late, Lateness::PastEnd { ends_on: d(2025, 5, 1), days: 31 });
        assert!(!lateness(ActionStatus::Done, Some(d(2025, 5, 1)), &[], today).is_late());
        assert!(!lateness(ActionStatus::Abandoned, Some(d(2025, 5, 1)), &[], today).is_late());
        assert!(lateness(ActionStatus::Postponed, Some(d(2025, 5, 1)), &[], today).is_late());
    }

    #[test]
    fn oldest_open_milestone_is_reported() {
        let milestones = vec![
            Milestone { id: 0, action_id: 0, title: "B".into(), due_on: d(2025, 3, 1), done_on: None },
            Milestone { id: 0, action_id: 0, title: "A".into(), due_on: d(2025, 2, 1), done_on: None },
            Milestone { id: 0, action_id: 0, title: "Z".into(), due_on: d(2025, 1, 1), done_on: Some(d(2025, 1, 2)) },
        ];
        let late = lateness(ActionStatus::InProgress, Some(d(2026, 12, 31)), &milestones, d(2025, 4, 1));
        assert!(matches!(late, Lateness::MilestoneMissed { ref title, .. } if title == "A"));
        assert!(late.describe().contains("« A »"));
    }

    #[test]
    fn due_today_is_not_late() {
        let today = d(2025, 6, 1);
        let m = [Milestone { id: 0, action_id: 0, title: "x".into(), due_on: today, done_on: None }];
        assert!(!lateness(ActionStatus::InProgress, Some(today), &m, today).is_late());
    }

    proptest! {
        #[test]
        fn closed_actions_are_never_late(offset in -2000i64..2000, closed in prop::bool::ANY) {
            let today = d(2025, 1, 1);
            let end = today + chrono::Duration::days(offset);
            let status = if closed { ActionStatus::Done } else { ActionStatus::Abandoned };
            prop_assert!(!lateness(status, Some(end), &[], today).is_late());
        }

        #[test]
        fn open_action_late_iff_end_passed(offset in -2000i64..2000) {
            let today = d(2025, 1, 1);
            let end = today + chrono::Duration::days(offset);
            let late = lateness(ActionStatus::InProgress, Some(end), &[], today);
            prop_assert_eq!(late.is_late(), offset < 0);
            prop_assert_eq!(late.days(), (-offset).max(0));
        }
    }
}
