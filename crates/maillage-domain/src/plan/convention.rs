//! Conventions: their status and their renewal into a new period.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::validation::FieldErrors;

/// A Convention Territoriale Globale, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Convention {
    pub id: i32,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: ConventionStatus,
    pub signatories: Vec<String>,
    /// The contract or convention it follows (« Contrat Enfance Jeunesse 2019-2022 »).
    pub replaces: String,
    pub diagnostic: String,
    pub purpose: String,
    /// The convention it was renewed from, if any.
    pub renewed_from_id: Option<i32>,
    pub version: i32,
}

impl Convention {
    /// Its years, first and last: budget lines must fall within them.
    pub fn period(&self) -> (i32, i32) {
        (self.starts_on.year(), self.ends_on.year())
    }

    pub fn form(&self) -> ConventionForm {
        ConventionForm {
            title: self.title.clone(),
            starts_on: self.starts_on.to_string(),
            ends_on: self.ends_on.to_string(),
            signatories: self.signatories.join("\n"),
            replaces: self.replaces.clone(),
            diagnostic: self.diagnostic.clone(),
            purpose: self.purpose.clone(),
        }
    }
}

/// A strategic axis of a convention (five in the seed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub id: i32,
    pub convention_id: i32,
    /// « 1 », « 2 »…: the actions' codes start with it, so it never changes.
    pub code: String,
    pub title: String,
    pub rationale: String,
    pub position: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConventionStatus {
    /// Being prepared (a renewal starts here); not shown first.
    Draft,
    /// Signed and running.
    Active,
    /// Over.
    Closed,
}

impl ConventionStatus {
    pub const ALL: [ConventionStatus; 3] =
        [ConventionStatus::Draft, ConventionStatus::Active, ConventionStatus::Closed];

    pub fn code(self) -> &'static str {
        match self {
            ConventionStatus::Draft => "draft",
            ConventionStatus::Active => "active",
            ConventionStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConventionStatus::Draft => "Brouillon",
            ConventionStatus::Active => "En vigueur",
            ConventionStatus::Closed => "Terminée",
        }
    }
}

/// The period that follows one ending on `previous_end`: four years, from
/// the next day (2023-2026 → 2027-2030).
pub fn next_period(previous_end: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = previous_end.succ_opt().unwrap_or(previous_end);
    let end = NaiveDate::from_ymd_opt(start.year() + 4, start.month(), start.day())
        .and_then(|d| d.pred_opt())
        .unwrap_or(start);
    (start, end)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RenewalForm {
    pub starts_on: String,
    pub ends_on: String,
}

impl RenewalForm {
    /// The new period must start after the renewed convention began and last
    /// at least a year (CTG are signed for four or five years).
    pub fn validate(&self, renewed_start: NaiveDate) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = crate::validation::required_date;
        let start = date(&mut errors, "starts_on", &self.starts_on);
        let end = date(&mut errors, "ends_on", &self.ends_on);
        if let Some(s) = start
            && s <= renewed_start
        {
            errors
                .add("starts_on", "La nouvelle convention doit commencer après le début de celle qu'elle renouvelle.");
        }
        if let (Some(s), Some(e)) = (start, end)
            && e < s + chrono::Duration::days(364)
        {
            errors.add("ends_on", "Une convention dure au moins un an : la fin doit suivre le début d'un an ou plus.");
        }
        match (start, end) {
            (Some(s), Some(e)) if errors.is_empty() => Ok((s, e)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_next_period_is_four_years_from_the_next_day() {
        assert_eq!(next_period(d(2026, 12, 31)), (d(2027, 1, 1), d(2030, 12, 31)));
        assert_eq!(next_period(d(2024, 6, 30)), (d(2024, 7, 1), d(2028, 6, 30)));
    }

    #[test]
    fn renewal_dates_are_checked() {
        let form = RenewalForm { starts_on: "2022-01-01".into(), ends_on: "2022-03-01".into() };
        let errors = form.validate(d(2023, 1, 1)).unwrap_err();
        assert!(errors.get("starts_on").unwrap().contains("après le début"));
        assert!(errors.get("ends_on").unwrap().contains("au moins un an"));
        let ok = RenewalForm { starts_on: "2027-01-01".into(), ends_on: "2030-12-31".into() };
        assert_eq!(ok.validate(d(2023, 1, 1)).unwrap(), (d(2027, 1, 1), d(2030, 12, 31)));
    }
}

/// The convention's own fields, as the coordinator's form sends them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ConventionForm {
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    /// One per line.
    pub signatories: String,
    pub replaces: String,
    pub diagnostic: String,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConventionFields {
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub signatories: Vec<String>,
    pub replaces: String,
    pub diagnostic: String,
    pub purpose: String,
}

impl ConventionForm {
    pub fn validate(&self) -> Result<ConventionFields, FieldErrors> {
        use crate::validation::{optional_text, required_text};
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 300);
        let date = crate::validation::required_date;
        let starts_on = date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = date(&mut errors, "ends_on", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e <= s
        {
            errors.add("ends_on", "La fin de la convention doit suivre son début.");
        }
        let signatories = crate::validation::lines(&optional_text(&mut errors, "signatories", &self.signatories, 2000));
        let replaces = optional_text(&mut errors, "replaces", &self.replaces, 300);
        let diagnostic = optional_text(&mut errors, "diagnostic", &self.diagnostic, 20000);
        let purpose = optional_text(&mut errors, "purpose", &self.purpose, 20000);
        match (starts_on, ends_on) {
            (Some(starts_on), Some(ends_on)) if errors.is_empty() => {
                Ok(ConventionFields { title, starts_on, ends_on, signatories, replaces, diagnostic, purpose })
            }
            _ => Err(errors),
        }
    }
}

/// A new action: the axis it belongs to (an id of the convention's axes)
/// and its title; the rest is filled in on its page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewActionForm {
    pub axis_id: String,
    pub title: String,
}

/// A strategic axis: its code (« 1 », « 2 »…), title and rationale.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AxisForm {
    pub code: String,
    pub title: String,
    pub rationale: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisFields {
    pub code: String,
    pub title: String,
    pub rationale: String,
}

impl AxisForm {
    pub fn validate(&self) -> Result<AxisFields, FieldErrors> {
        use crate::validation::{optional_text, required_text};
        let mut errors = FieldErrors::new();
        let code = required_text(&mut errors, "code", &self.code, 10);
        if !code.is_empty() && !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.add("code", "Un code court fait de chiffres ou de lettres (exemple : 6).");
        }
        let title = required_text(&mut errors, "title", &self.title, 300);
        let rationale = optional_text(&mut errors, "rationale", &self.rationale, 5000);
        errors.into_result(AxisFields { code, title, rationale })
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn a_convention_needs_a_title_and_a_period() {
        let errors =
            ConventionForm { starts_on: "2027-01-01".into(), ends_on: "2026-01-01".into(), ..Default::default() }
                .validate()
                .unwrap_err();
        assert!(errors.get("title").is_some());
        assert_eq!(errors.get("ends_on"), Some("La fin de la convention doit suivre son début."));
    }

    #[test]
    fn axis_codes_are_short() {
        let errors = AxisForm { code: "1.2".into(), title: "x".into(), ..Default::default() }.validate().unwrap_err();
        assert!(errors.get("code").is_some());
        assert!(AxisForm { code: "6".into(), title: "Seniors".into(), ..Default::default() }.validate().is_ok());
    }
}
