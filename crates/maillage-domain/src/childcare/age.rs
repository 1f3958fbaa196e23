//! A child's age on a date, and the age bands places are counted in.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The age bands of approvals, authorisations and vacancies: what a PMI
/// approval and a facility's authorisation distinguish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    /// Under 18 months (« bébés »).
    Infant,
    /// From 18 months to 3 years.
    Toddler,
    /// From 3 to 6 years.
    Preschool,
}

impl AgeBand {
    pub const ALL: [AgeBand; 3] = [AgeBand::Infant, AgeBand::Toddler, AgeBand::Preschool];

    pub fn code(self) -> &'static str {
        match self {
            AgeBand::Infant => "infant",
            AgeBand::Toddler => "toddler",
            AgeBand::Preschool => "preschool",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::Infant => "moins de 18 mois",
            AgeBand::Toddler => "18 mois à 3 ans",
            AgeBand::Preschool => "3 à 6 ans",
        }
    }

    /// The band of a child of `months` full months, if under 6.
    pub fn of_months(months: u32) -> Option<AgeBand> {
        match months {
            0..18 => Some(AgeBand::Infant),
            18..36 => Some(AgeBand::Toddler),
            36..72 => Some(AgeBand::Preschool),
            _ => None,
        }
    }
}

/// Full months from `birth` to `on` (a child born on 31 January is one
/// month old on the last day of February); `None` before the birth.
pub fn age_in_months(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut months = (on.year() - birth.year()) * 12 + on.month() as i32 - birth.month() as i32;
    let last_day_of_month = on.succ_opt().is_none_or(|next| next.month() != on.month());
    if on.day() < birth.day() && !last_day_of_month {
        months -= 1;
    }
    u32::try_from(months).ok()
}

/// The age band of a child born on `birth`, on `on`; `None` before the
/// birth and from 6 years on.
pub fn band_on(birth: NaiveDate, on: NaiveDate) -> Option<AgeBand> {
    age_in_months(birth, on).and_then(AgeBand::of_months)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_are_full_months() {
        assert_eq!(age_in_months(d("2024-03-15"), d("2024-03-15")), Some(0));
        assert_eq!(age_in_months(d("2024-03-15"), d("2024-04-14")), Some(0));
        assert_eq!(age_in_months(d("2024-03-15"), d("2024-04-15")), Some(1));
        assert_eq!(age_in_months(d("2024-01-31"), d("2024-02-29")), Some(1), "end of a short month");
        assert_eq!(age_in_months(d("2024-01-31"), d("2024-02-28")), Some(0));
        assert_eq!(age_in_months(d("2024-03-15"), d("2024-03-14")), None, "not born yet");
    }

    #[test]
    fn bands_change_at_18_months_3_years_and_6_years() {
        let birth = d("2023-05-10");
        assert_eq!(band_on(birth, d("2024-11-09")), Some(AgeBand::Infant));
        assert_eq!(band_on(birth, d("2024-11-10")), Some(AgeBand::Toddler));
        assert_eq!(band_on(birth, d("2026-05-09")), Some(AgeBand::Toddler));
        assert_eq!(band_on(birth, d("2026-05-10")), Some(AgeBand::Preschool));
        assert_eq!(band_on(birth, d("2029-05-10")), None);
    }

    proptest! {
        #[test]
        fn age_never_decreases(birth in 0i64..20_000, a in 0i64..3_000, b in 0i64..3_000) {
            let birth = d("1990-01-01") + chrono::Days::new(birth as u64);
            let (early, late) = (a.min(b) as u64, a.max(b) as u64);
            let m1 = age_in_months(birth, birth + chrono::Days::new(early)).unwrap();
            let m2 = age_in_months(birth, birth + chrono::Days::new(late)).unwrap();
            prop_assert!(m1 <= m2);
            // About 30.44 days a month: full months are never far from it.
            prop_assert!((m2 as f64 - late as f64 / 30.4375).abs() <= 1.5);
        }
    }
}
