//! Conventions: their status and their renewal into a new period.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::validation::FieldErrors;

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
        let date = |errors: &mut FieldErrors, field: &str, value: &str| match NaiveDate::parse_from_str(
            value.trim(),
            "%Y-%m-%d",
        ) {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(field, "Date obligatoire, au format AAAA-MM-JJ.");
                None
            }
        };
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
