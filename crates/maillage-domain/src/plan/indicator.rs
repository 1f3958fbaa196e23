//! Indicator attainment: where the actual value stands against the target.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, optional_number, optional_text, required_text};

/// Whether a higher value is better (places created) or a lower one
/// (waiting time, unmet requests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "increase" => Some(Direction::Increase),
            "decrease" => Some(Direction::Decrease),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Direction::Increase => "à la hausse",
            Direction::Decrease => "à la baisse",
        }
    }
}

/// What measures an action, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: i32,
    pub action_id: i32,
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    pub position: i32,
}

/// One year of an indicator: its target and what was achieved.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorValue {
    pub id: i32,
    pub indicator_id: i32,
    pub year: i32,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub source: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attainment {
    /// No target or no actual value for the year.
    Unknown,
    /// Share of the way from the baseline to the target, in percent,
    /// clamped to 0..=100 for display; `reached` says whether the target is met.
    Measured { percent: f64, reached: bool },
}

impl Attainment {
    pub fn label(&self) -> String {
        match self {
            Attainment::Unknown => "Non renseigné".to_owned(),
            Attainment::Measured { reached: true, .. } => "Cible atteinte".to_owned(),
            Attainment::Measured { percent, .. } => format!("{} % de la cible", percent.round()),
        }
    }
}

/// How far `actual` has gone from `baseline` towards `target`.
///
/// Without a baseline the way is measured from zero. When the target equals
/// the baseline, being at or beyond it counts as reached.
pub fn attainment(direction: Direction, baseline: Option<f64>, target: Option<f64>, actual: Option<f64>) -> Attainment {
    let (Some(target), Some(actual)) = (target, actual) else {
        return Attainment::Unknown;
    };
    let start = baseline.unwrap_or(0.0);
    let (gained, needed) = match direction {
        Direction::Increase => (actual - start, target - start),
        Direction::Decrease => (start - actual, start - target),
    };
    let reached = match direction {
        Direction::Increase => actual >= target,
        Direction::Decrease => actual <= target,
    };
    let percent =
        if needed <= 0.0 { if reached { 100.0 } else { 0.0 } } else { (gained / needed * 100.0).clamp(0.0, 100.0) };
    Attainment::Measured { percent, reached }
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ValueForm {
    pub year: String,
    /// Empty: the actual value stays as it is.
    pub actual: String,
    /// Empty: the target stays as it is. Only coordinators may set it.
    pub target: String,
    /// Empty: the source stays as it is.
    pub source: String,
}

/// What changes in a year's value: a field left empty keeps what is stored,
/// so that setting a target never erases the actual value, nor the reverse.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueFields {
    pub year: i32,
    /// `None`: keep the actual value.
    pub actual: Option<f64>,
    /// `None`: keep the target.
    pub target: Option<f64>,
    /// `None`: keep the source.
    pub source: Option<String>,
}

impl ValueForm {
    pub fn validate(&self) -> Result<ValueFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let year = crate::validation::year(&mut errors, "year", &self.year).unwrap_or(0);
        let actual = optional_number(&mut errors, "actual", &self.actual);
        let target = optional_number(&mut errors, "target", &self.target);
        let source = Some(optional_text(&mut errors, "source", &self.source, 300)).filter(|s| !s.is_empty());
        errors.into_result(ValueFields { year, actual, target, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn increase_from_baseline() {
        let a = attainment(Direction::Increase, Some(10.0), Some(30.0), Some(20.0));
        assert_eq!(a, Attainment::Measured { percent: 50.0, reached: false });
        assert_eq!(a.label(), "50 % de la cible");
    }

    #[test]
    fn decrease_reached() {
        let a = attainment(Direction::Decrease, Some(120.0), Some(90.0), Some(80.0));
        assert_eq!(a, Attainment::Measured { percent: 100.0, reached: true });
    }

    #[test]
    fn missing_values_are_unknown() {
        assert_eq!(attainment(Direction::Increase, None, None, Some(1.0)), Attainment::Unknown);
        assert_eq!(attainment(Direction::Increase, None, Some(1.0), None), Attainment::Unknown);
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

    #[test]
    fn values_accept_french_numbers_and_refuse_bad_years() {
        let ok = ValueForm { year: "2025".into(), actual: "131,5".into(), ..Default::default() }.validate().unwrap();
        assert_eq!((ok.year, ok.actual, ok.target), (2025, Some(131.5), None));
        let errors =
            ValueForm { year: "vingt".into(), actual: "x".into(), ..Default::default() }.validate().unwrap_err();
        assert_eq!(errors.get("year"), Some("Année invalide : de 1900 à 2100 (exemple : 2025)."));
        assert_eq!(errors.get("actual"), Some("Nombre invalide (exemple : 12,5)."));
    }

    proptest! {
        #[test]
        fn percent_is_bounded_and_consistent(
            base in -1e6f64..1e6, target in -1e6f64..1e6, actual in -1e6f64..1e6, up in prop::bool::ANY,
        ) {
            let dir = if up { Direction::Increase } else { Direction::Decrease };
            match attainment(dir, Some(base), Some(target), Some(actual)) {
                Attainment::Measured { percent, reached } => {
                    prop_assert!((0.0..=100.0).contains(&percent));
                    let met = if up { actual >= target } else { actual <= target };
                    prop_assert_eq!(reached, met);
                    if reached { prop_assert!(percent == 100.0 || (target - base).abs() > 0.0); }
                }
                Attainment::Unknown => prop_assert!(false),
            }
        }
    }
}
