//! Indicator attainment: where the actual value stands against the target.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::figures::LiveFigure;
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
    /// The figure Maillage computes its actual values from, instead of
    /// typed ones.
    pub live_figure: Option<LiveFigure>,
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

/// Where a value stands against its target, in the indicator's direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attainment {
    /// No target or no value to compare.
    Unknown,
    /// At the target or beyond it in the right direction.
    Reached,
    /// An upward indicator below its target: the value is `percent` % of it
    /// (rounded down, so 99,6 % never reads as 100 %).
    Below { percent: i64 },
    /// A downward indicator above its target, by `percent` % of the target
    /// (rounded up, so any excess shows).
    Above { percent: i64 },
    /// Off target where a share means nothing (a target of zero or less).
    Missed,
}

impl Attainment {
    pub fn is_reached(&self) -> bool {
        matches!(self, Attainment::Reached)
    }

    /// Off target, as opposed to reached or unknown.
    pub fn is_missed(&self) -> bool {
        matches!(self, Attainment::Below { .. } | Attainment::Above { .. } | Attainment::Missed)
    }

    pub fn label(&self) -> String {
        match self {
            Attainment::Unknown => "Non renseigné".to_owned(),
            Attainment::Reached => "Cible atteinte".to_owned(),
            Attainment::Below { percent } => format!("{percent} % de la cible"),
            Attainment::Above { percent } => format!("{percent} % au-dessus de la cible"),
            Attainment::Missed => "Cible non atteinte".to_owned(),
        }
    }
}

/// `actual` against `target` for an indicator going in `direction`: 49,1
/// for a target of 50 upward is 98 % of the target; 22 days for a target of
/// 20 downward is 10 % above it.
pub fn attainment(direction: Direction, target: Option<f64>, actual: Option<f64>) -> Attainment {
    let (Some(target), Some(actual)) = (target, actual) else {
        return Attainment::Unknown;
    };
    if !target.is_finite() || !actual.is_finite() {
        return Attainment::Unknown;
    }
    let reached = match direction {
        Direction::Increase => actual >= target,
        Direction::Decrease => actual <= target,
    };
    if reached {
        return Attainment::Reached;
    }
    if target <= 0.0 {
        return Attainment::Missed;
    }
    // A hair of tolerance, so that 22 / 20 (110.00000000000001 in floating
    // point) reads 10 % above, not 11.
    const HAIR: f64 = 1e-9;
    let gap = (actual - target) / target * 100.0;
    match direction {
        Direction::Increase => Attainment::Below { percent: (100.0 + gap + HAIR).floor().clamp(0.0, 99.0) as i64 },
        Direction::Decrease => Attainment::Above { percent: (gap - HAIR).ceil().clamp(1.0, 1e12) as i64 },
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
    /// A [`LiveFigure`] code, or empty for typed values.
    pub live_figure: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFields {
    pub name: String,
    pub unit: String,
    pub direction: Direction,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    pub live_figure: Option<LiveFigure>,
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
        let live_figure = match self.live_figure.trim() {
            "" => None,
            code => LiveFigure::from_code(code).or_else(|| {
                errors.add("live_figure", "Choisissez un chiffre dans la liste, ou « Valeurs saisies ».");
                None
            }),
        };
        errors.into_result(IndicatorFields { name, unit, direction, baseline, baseline_year, live_figure })
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

/// The message for an actual value typed on an indicator Maillage computes.
pub const COMPUTED_ACTUAL: &str =
    "Cet indicateur suit un chiffre calculé par Maillage : sa valeur réalisée ne se saisit pas.";

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
    fn the_review_cases() {
        let coverage = attainment(Direction::Increase, Some(50.0), Some(49.1));
        assert_eq!(coverage, Attainment::Below { percent: 98 });
        assert_eq!(coverage.label(), "98 % de la cible");
        let delay = attainment(Direction::Decrease, Some(20.0), Some(22.0));
        assert_eq!(delay, Attainment::Above { percent: 10 });
        assert_eq!(delay.label(), "10 % au-dessus de la cible");
        assert!(delay.is_missed());
    }

    #[test]
    fn at_or_beyond_the_target_is_reached() {
        assert_eq!(attainment(Direction::Increase, Some(50.0), Some(50.0)), Attainment::Reached);
        assert_eq!(attainment(Direction::Increase, Some(50.0), Some(61.0)), Attainment::Reached);
        assert_eq!(attainment(Direction::Decrease, Some(20.0), Some(12.0)), Attainment::Reached);
        assert_eq!(attainment(Direction::Increase, Some(50.0), Some(49.8)), Attainment::Below { percent: 99 });
        assert_eq!(attainment(Direction::Decrease, Some(20.0), Some(20.01)), Attainment::Above { percent: 1 });
    }

    #[test]
    fn a_target_of_zero_or_less_has_no_share() {
        assert_eq!(attainment(Direction::Decrease, Some(0.0), Some(3.0)), Attainment::Missed);
        assert_eq!(attainment(Direction::Increase, Some(0.0), Some(-1.0)), Attainment::Missed);
        assert_eq!(attainment(Direction::Increase, Some(10.0), Some(-5.0)), Attainment::Below { percent: 0 });
    }

    #[test]
    fn missing_values_are_unknown() {
        assert_eq!(attainment(Direction::Increase, None, Some(1.0)), Attainment::Unknown);
        assert_eq!(attainment(Direction::Increase, Some(1.0), None), Attainment::Unknown);
        assert_eq!(attainment(Direction::Increase, Some(f64::NAN), Some(1.0)), Attainment::Unknown);
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
        fn reached_means_the_right_side_of_the_target(
            target in -1e6f64..1e6, actual in -1e6f64..1e6, up in prop::bool::ANY,
        ) {
            let dir = if up { Direction::Increase } else { Direction::Decrease };
            let a = attainment(dir, Some(target), Some(actual));
            let met = if up { actual >= target } else { actual <= target };
            prop_assert_eq!(a.is_reached(), met);
            prop_assert_eq!(a.is_missed(), !met);
            match a {
                Attainment::Below { percent } => prop_assert!(up && (0..100).contains(&percent)),
                Attainment::Above { percent } => prop_assert!(!up && percent >= 1),
                Attainment::Missed => prop_assert!(target <= 0.0),
                Attainment::Reached => {}
                Attainment::Unknown => prop_assert!(false, "both values are known"),
            }
        }
    }
}
