//! The action's journal: dated entries its lead writes as the plan runs
//! (never the audit log, which records changes).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::validation::{FieldErrors, optional_date, required_text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: i32,
    pub action_id: i32,
    pub author_id: Option<i32>,
    pub author_name: String,
    pub written_on: NaiveDate,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JournalForm {
    /// Empty: today.
    pub written_on: String,
    pub body: String,
}

impl JournalForm {
    pub fn validate(&self, today: NaiveDate) -> Result<(NaiveDate, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let body = required_text(&mut errors, "body", &self.body, 5000);
        let written_on = optional_date(&mut errors, "written_on", &self.written_on).unwrap_or(today);
        if written_on > today {
            errors.add("written_on", "Le journal relate ce qui a eu lieu : la date ne peut pas être dans le futur.");
        }
        errors.into_result((written_on, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_notes_are_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
        let (date, _) = JournalForm { written_on: String::new(), body: "note".into() }.validate(today).unwrap();
        assert_eq!(date, today);
        let errors = JournalForm { written_on: "2025-06-01".into(), body: " ".into() }.validate(today).unwrap_err();
        assert!(errors.get("written_on").is_some() && errors.get("body").is_some());
    }
}
