//! Budget lines and their totals by year and by funder.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::validation::{FieldErrors, MAX_EUROS, parse_number, required_text};

/// One line of an action's budget: what a funder plans to spend on the
/// action in a year, and what was actually spent. Whole euros.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub id: i32,
    pub action_id: i32,
    pub year: i32,
    pub funder: String,
    pub planned: i64,
    pub spent: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Amounts {
    pub planned: i64,
    pub spent: i64,
}

impl Amounts {
    /// Share of the planned amount spent, in percent (none when nothing is planned).
    pub fn spent_percent(&self) -> Option<i64> {
        (self.planned > 0).then(|| (self.spent * 100 + self.planned / 2) / self.planned)
    }

    /// More spent than planned.
    pub fn is_overspent(&self) -> bool {
        self.spent > self.planned
    }

    fn add(&mut self, line: &BudgetLine) {
        self.planned += line.planned;
        self.spent += line.spent;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BudgetTotals {
    pub total: Amounts,
    pub by_year: BTreeMap<i32, Amounts>,
    pub by_funder: BTreeMap<String, Amounts>,
    /// Year × funder, for the dashboard's table.
    pub by_year_and_funder: BTreeMap<(i32, String), Amounts>,
}

pub fn totals<'a>(lines: impl IntoIterator<Item = &'a BudgetLine>) -> BudgetTotals {
    let mut t = BudgetTotals::default();
    for line in lines {
        t.total.add(line);
        t.by_year.entry(line.year).or_default().add(line);
        t.by_funder.entry(line.funder.clone()).or_default().add(line);
        t.by_year_and_funder.entry((line.year, line.funder.clone())).or_default().add(line);
    }
    t
}

/// Whether two funder names are the same funder: « CAF », « caf » and
/// « C A F » would otherwise split the totals.
pub fn same_funder(a: &str, b: &str) -> bool {
    let key = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    key(a) == key(b)
}

/// « 12 500 € » with a narrow no-break space between thousands.
pub fn format_euros(amount: i64) -> String {
    format!("{}\u{a0}€", crate::text::group_thousands(amount))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(year: i32, funder: &str, planned: i64, spent: i64) -> BudgetLine {
        BudgetLine { id: 0, action_id: 0, year, funder: funder.into(), planned, spent }
    }

    #[test]
    fn totals_by_year_and_funder() {
        let lines = [line(2023, "CAF", 1000, 800), line(2023, "Commune", 500, 500), line(2024, "CAF", 2000, 0)];
        let t = totals(&lines);
        assert_eq!(t.total, Amounts { planned: 3500, spent: 1300 });
        assert_eq!(t.by_year[&2023], Amounts { planned: 1500, spent: 1300 });
        assert_eq!(t.by_funder["CAF"], Amounts { planned: 3000, spent: 800 });
        assert_eq!(t.by_year[&2023].spent_percent(), Some(87));
        assert_eq!(Amounts::default().spent_percent(), None);
    }

    #[test]
    fn funders_are_the_same_whatever_their_case_and_spacing() {
        assert!(
            same_funder("CAF", "caf")
                && same_funder("CAF", "C A F")
                && same_funder("Conseil départemental", "conseil-départemental")
        );
        assert!(!same_funder("CAF", "Commune"));
    }

    #[test]
    fn euros_are_grouped_by_thousands() {
        assert_eq!(format_euros(0), "0\u{a0}€");
        assert_eq!(format_euros(1234567), "1\u{202f}234\u{202f}567\u{a0}€");
        assert_eq!(format_euros(-500), "-500\u{a0}€");
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

    proptest! {
        #[test]
        fn every_breakdown_sums_to_the_total(
            raw in prop::collection::vec((2020i32..2030, 0usize..4, 0i64..1_000_000, 0i64..1_000_000), 0..50)
        ) {
            let funders = ["CAF", "Commune", "Département", "État"];
            let lines: Vec<_> = raw.iter().map(|(y, f, p, s)| line(*y, funders[*f], *p, *s)).collect();
            let t = totals(&lines);
            let sum = |m: &mut dyn Iterator<Item = &Amounts>| m.fold(Amounts::default(), |a, b| Amounts { planned: a.planned + b.planned, spent: a.spent + b.spent });
            prop_assert_eq!(sum(&mut t.by_year.values()), t.total);
            prop_assert_eq!(sum(&mut t.by_funder.values()), t.total);
            prop_assert_eq!(sum(&mut t.by_year_and_funder.values()), t.total);
        }
    }
}
