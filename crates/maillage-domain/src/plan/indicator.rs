//! Indicator attainment: where the actual value stands against the target.

use serde::{Deserialize, Serialize};

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
