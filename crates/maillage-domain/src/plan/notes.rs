//! What an action's lead records as the plan runs: yearly indicator values
//! and dated journal notes. Shared by the pages and the API.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::validation::{FieldErrors, optional_date, optional_number, optional_text, required_text};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ValueForm {
    pub year: String,
    pub actual: String,
    /// Empty: the target stays as it is. Only coordinators may set it.
    pub target: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValueFields {
    pub year: i32,
    pub actual: Option<f64>,
    /// `None`: keep the target.
    pub target: Option<f64>,
    pub source: String,
}

impl ValueForm {
    pub fn validate(&self) -> Result<ValueFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = crate::validation::year(&mut errors, "year", &self.year).unwrap_or(0);
        let actual = optional_number(&mut errors, "actual", &self.actual);
        let target = optional_number(&mut errors, "target", &self.target);
        let source = optional_text(&mut errors, "source", &self.source, 300);
        errors.into_result(ValueFields { year, actual, target, source })
    }
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
    fn values_accept_french_numbers_and_refuse_bad_years() {
        let ok = ValueForm { year: "2025".into(), actual: "131,5".into(), ..Default::default() }.validate().unwrap();
        assert_eq!((ok.year, ok.actual, ok.target), (2025, Some(131.5), None));
        let errors =
            ValueForm { year: "vingt".into(), actual: "x".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(errors.get("year"), Some("Année invalide : de 1900 à 2100 (exemple : 2025)."));
        assert_eq!(errors.get("actual"), Some("Nombre invalide (exemple : 12,5)."));
    }

    #[test]
    fn journal_notes_are_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2025, 5, 1).unwrap();
        let (date, _) = JournalForm { written_on: String::new(), body: "note".into() }.validate(today).unwrap();
        assert_eq!(date, today);
        let errors = JournalForm { written_on: "2025-06-01".into(), body: " ".into() }.validate(today).unwrap_err();
        assert!(errors.get("written_on").is_some() && errors.get("body").is_some());
    }
}
