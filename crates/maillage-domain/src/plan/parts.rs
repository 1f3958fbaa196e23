//! The parts of a fiche the coordinator maintains besides its fields:
//! milestones, budget lines and indicator definitions.

use chrono::NaiveDate;
use serde::Deserialize;

use super::indicator::Direction;
use crate::validation::{
    FieldErrors, MAX_EUROS, optional_date, optional_number, optional_text, parse_number, required_date, required_text,
};

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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BudgetLineForm {
    pub year: String,
    pub funder: String,
    pub planned: String,
    pub spent: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLineFields {
    pub year: i32,
    pub funder: String,
    pub planned: i64,
    pub spent: i64,
}

/// Whole euros: « 12 500 », « 12500 € », « 12 500,00 ».
fn euros(errors: &mut FieldErrors, field: &str, value: &str) -> i64 {
    let cleaned = value.trim().trim_end_matches('€').trim();
    if cleaned.is_empty() {
        return 0;
    }
    match parse_number(cleaned) {
        Some(n) if (0.0..=MAX_EUROS as f64).contains(&n) && n.fract() == 0.0 => n as i64,
        Some(n) if (0.0..=MAX_EUROS as f64).contains(&n) => {
            errors.add(field, "En euros entiers, sans centimes (exemple : 12 500).");
            0
        }
        _ => {
            errors.add(field, "Un montant positif en euros (exemple : 12 500).");
            0
        }
    }
}

impl BudgetLineForm {
    /// `period` is the convention's years: a line outside it is a typo.
    pub fn validate(&self, period: (i32, i32)) -> Result<BudgetLineFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (period.0..=period.1).contains(&y) => y,
            _ => {
                errors.add("year", format!("Une année de la convention, de {} à {}.", period.0, period.1));
                0
            }
        };
        let funder = required_text(&mut errors, "funder", &self.funder, 120);
        let planned = euros(&mut errors, "planned", &self.planned);
        let spent = euros(&mut errors, "spent", &self.spent);
        errors.into_result(BudgetLineFields { year, funder, planned, spent })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IndicatorForm {
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub baseline: String,
    pub baseline_year: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFields {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
}

impl IndicatorForm {
    pub fn validate(&self) -> Result<IndicatorFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 300);
        let unit = optional_text(&mut errors, "unit", &self.unit, 40);
        let direction = Direction::from_code(self.direction.trim()).unwrap_or_else(|| {
            errors.add("direction", "Choisissez « à la hausse » ou « à la baisse ».");
            Direction::Increase
        });
        let baseline = optional_number(&mut errors, "baseline", &self.baseline);
        let baseline_year = match self.baseline_year.trim() {
            "" => None,
            raw => crate::validation::year(&mut errors, "baseline_year", raw),
        };
        errors.into_result(IndicatorFields { name, unit, direction, baseline, baseline_year })
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

    #[test]
    fn budget_lines_are_whole_euros_within_the_convention() {
        let form =
            BudgetLineForm {
                year: "2024".into(), funder: "CAF".into(), planned: "12 500 €".into(), spent: "".into()
            };
        assert_eq!(
            form.validate((2023, 2026)).unwrap(),
            BudgetLineFields { year: 2024, funder: "CAF".into(), planned: 12500, spent: 0 }
        );
        let bad =
            BudgetLineForm { year: "2031".into(), funder: " ".into(), planned: "-3".into(), spent: "10,50".into() };
        let errors = bad.validate((2023, 2026)).unwrap_err();
        assert_eq!(errors.get("year"), Some("Une année de la convention, de 2023 à 2026."));
        assert!(errors.get("funder").is_some());
        assert_eq!(errors.get("planned"), Some("Un montant positif en euros (exemple : 12 500)."));
        assert_eq!(errors.get("spent"), Some("En euros entiers, sans centimes (exemple : 12 500)."));
    }

    #[test]
    fn indicators_need_a_name_and_a_direction() {
        let errors = IndicatorForm { baseline: "beaucoup".into(), ..Default::default() }.validate().unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("direction").is_some() && errors.get("baseline").is_some());
        let ok = IndicatorForm {
            name: "Places".into(),
            direction: "increase".into(),
            baseline: "48,5".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().baseline, Some(48.5));
    }
}
