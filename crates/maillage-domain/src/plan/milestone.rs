//! Milestones: dated steps of an action. One that is past due and not done
//! makes its action late.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::validation::{FieldErrors, optional_date, required_date, required_text};

/// A milestone as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub id: i32,
    pub action_id: i32,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MilestoneForm {
    pub title: String,
    pub due_on: String,
    pub done_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneFields {
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl MilestoneForm {
    pub fn validate(&self) -> Result<MilestoneFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 300);
        let due_on = required_date(&mut errors, "due_on", &self.due_on);
        let done_on = optional_date(&mut errors, "done_on", &self.done_on);
        match due_on {
            Some(due_on) if errors.is_empty() => Ok(MilestoneFields { title, due_on, done_on }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_need_a_title_and_a_due_date() {
        let errors = MilestoneForm::default().validate().unwrap_err();
        assert_eq!(errors.get("title"), Some("Ce champ est obligatoire."));
        assert_eq!(errors.get("due_on"), Some("Ce champ est obligatoire."));
        let ok = MilestoneForm { title: "Ouverture".into(), due_on: "2025-09-01".into(), done_on: String::new() };
        assert_eq!(ok.validate().unwrap().done_on, None);
    }
}
