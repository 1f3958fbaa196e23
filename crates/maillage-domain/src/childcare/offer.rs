//! Dated capacities and the offer on a date. A capacity (a facility's
//! authorisation, a childminder's approval) holds from one date to another;
//! a change adds a capacity and closes the previous one the day before, so
//! that the offer on any past date can still be computed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::AgeBand;
use crate::validation::{FieldErrors, optional_date, required_date};

/// Places by age band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Places {
    pub infant: u32,
    pub toddler: u32,
    pub preschool: u32,
}

impl Places {
    pub fn get(self, band: AgeBand) -> u32 {
        match band {
            AgeBand::Infant => self.infant,
            AgeBand::Toddler => self.toddler,
            AgeBand::Preschool => self.preschool,
        }
    }

    pub fn total(self) -> u32 {
        self.infant + self.toddler + self.preschool
    }

    /// Places for children under 3: what the CNAF coverage rate counts.
    pub fn under_three(self) -> u32 {
        self.infant + self.toddler
    }
}

impl std::ops::Add for Places {
    type Output = Places;
    fn add(self, o: Places) -> Places {
        Places {
            infant: self.infant + o.infant,
            toddler: self.toddler + o.toddler,
            preschool: self.preschool + o.preschool,
        }
    }
}

impl std::iter::Sum for Places {
    fn sum<I: Iterator<Item = Places>>(iter: I) -> Places {
        iter.fold(Places::default(), |a, b| a + b)
    }
}

/// Whose capacity it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holder {
    Facility(i32),
    Childminder(i32),
}

/// Places authorised or approved from `valid_from` to `valid_to` (both
/// included; open-ended when `valid_to` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capacity {
    pub id: i32,
    pub holder: Holder,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub places: Places,
    /// Of those, places reserved for employers (« places réservées
    /// entreprises »): a facility's only.
    pub employer_places: u32,
}

impl Capacity {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date <= end)
    }
}

/// The places of the capacities valid on `date`.
pub fn offer_on<'a>(capacities: impl IntoIterator<Item = &'a Capacity>, date: NaiveDate) -> Places {
    capacities.into_iter().filter(|c| c.covers(date)).map(|c| c.places).sum()
}

/// The capacity valid on `date` among one holder's.
pub fn current(capacities: &[Capacity], date: NaiveDate) -> Option<&Capacity> {
    capacities.iter().find(|c| c.covers(date))
}

/// The most places a band may have: more than any French facility holds.
pub const MAX_PLACES: u32 = 999;

/// A capacity as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CapacityForm {
    pub valid_from: String,
    pub valid_to: String,
    pub infant: String,
    pub toddler: String,
    pub preschool: String,
    pub employer_places: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapacityFields {
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub places: Places,
    pub employer_places: u32,
}

pub(crate) fn places(errors: &mut FieldErrors, field: &str, value: &str) -> u32 {
    let value = value.trim();
    if value.is_empty() {
        return 0;
    }
    match value.parse::<u32>() {
        Ok(n) if n <= MAX_PLACES => n,
        Ok(_) => {
            errors.add(field, format!("{MAX_PLACES} places au plus."));
            0
        }
        Err(_) => {
            errors.add(field, "Un nombre entier de places (exemple : 4), ou rien pour aucune.");
            0
        }
    }
}

impl CapacityForm {
    pub fn validate(&self) -> Result<CapacityFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let valid_from = required_date(&mut errors, "valid_from", &self.valid_from);
        let valid_to = optional_date(&mut errors, "valid_to", &self.valid_to);
        let p = Places {
            infant: places(&mut errors, "infant", &self.infant),
            toddler: places(&mut errors, "toddler", &self.toddler),
            preschool: places(&mut errors, "preschool", &self.preschool),
        };
        let employer_places = places(&mut errors, "employer_places", &self.employer_places);
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to < from
        {
            errors.add("valid_to", "La fin doit suivre le début.");
        }
        if errors.get("infant").is_none() && errors.get("toddler").is_none() && errors.get("preschool").is_none() {
            if p.total() == 0 {
                errors.add("infant", "Indiquez au moins une place (pour une fermeture, indiquez la date de fin).");
            } else if employer_places > p.total() {
                errors.add("employer_places", "Pas plus de places réservées que de places.");
            }
        }
        match valid_from {
            Some(valid_from) if errors.is_empty() => {
                Ok(CapacityFields { valid_from, valid_to, places: p, employer_places })
            }
            _ => Err(errors),
        }
    }
}

/// What adding `new` to a holder's `existing` capacities does: the
/// capacity running on `new.valid_from` ends the day before (its id is
/// returned). History is never rewritten: a new capacity starts after the
/// start of every one already recorded, and ends before the next.
pub fn succession(existing: &[Capacity], new: &CapacityFields) -> Result<Option<(i32, NaiveDate)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    if let Some(latest) = existing.iter().map(|c| c.valid_from).max()
        && new.valid_from <= latest
    {
        errors.add(
            "valid_from",
            format!(
                "Une capacité commence déjà le {} : la nouvelle doit commencer après, l'historique est conservé.",
                latest.format("%d/%m/%Y")
            ),
        );
        return Err(errors);
    }
    let running = existing.iter().find(|c| c.covers(new.valid_from));
    Ok(running.map(|c| (c.id, new.valid_from.pred_opt().unwrap_or(new.valid_from))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cap(id: i32, from: &str, to: Option<&str>, infant: u32) -> Capacity {
        Capacity {
            id,
            holder: Holder::Facility(1),
            valid_from: d(from),
            valid_to: to.map(d),
            places: Places { infant, toddler: 0, preschool: 0 },
            employer_places: 0,
        }
    }

    fn fields(from: &str, infant: u32) -> CapacityFields {
        CapacityFields {
            valid_from: d(from),
            valid_to: None,
            places: Places { infant, ..Places::default() },
            employer_places: 0,
        }
    }

    #[test]
    fn the_offer_on_a_date_counts_the_capacities_valid_that_day() {
        let caps = [
            cap(1, "2020-01-01", Some("2023-08-31"), 10),
            cap(2, "2023-09-01", None, 12),
            cap(3, "2024-01-01", Some("2024-06-30"), 3),
        ];
        assert_eq!(offer_on(&caps, d("2019-12-31")).total(), 0);
        assert_eq!(offer_on(&caps, d("2023-08-31")).total(), 10);
        assert_eq!(offer_on(&caps, d("2023-09-01")).total(), 12);
        assert_eq!(offer_on(&caps, d("2024-06-30")).total(), 15);
        assert_eq!(offer_on(&caps, d("2024-07-01")).total(), 12);
    }

    #[test]
    fn a_change_closes_the_running_capacity_the_day_before() {
        let caps = [cap(7, "2020-01-01", None, 10)];
        assert_eq!(succession(&caps, &fields("2025-09-01", 12)).unwrap(), Some((7, d("2025-08-31"))));
        assert_eq!(succession(&[], &fields("2025-09-01", 12)).unwrap(), None);
        let refused = succession(&caps, &fields("2020-01-01", 12)).unwrap_err();
        assert!(refused.get("valid_from").unwrap().contains("01/01/2020"));
    }

    #[test]
    fn a_capacity_form_says_what_is_wrong() {
        let e = CapacityForm {
            valid_from: "2025-13-01".into(),
            infant: "-2".into(),
            toddler: "5000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert!(e.get("valid_from").is_some());
        assert!(e.get("infant").unwrap().contains("nombre entier"));
        assert_eq!(e.get("toddler"), Some("999 places au plus."));
        let e = CapacityForm { valid_from: "2025-01-01".into(), ..Default::default() }.validate().unwrap_err();
        assert!(e.get("infant").unwrap().contains("au moins une place"));
        let ok = CapacityForm {
            valid_from: "2025-01-01".into(),
            infant: "3".into(),
            toddler: "".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().places.total(), 3);
    }

    proptest! {
        /// Adding capacities one after another, as the register does, never
        /// changes the offer on a date before the change, and never counts
        /// two capacities of one holder on the same day.
        #[test]
        fn history_is_kept_and_never_overlaps(steps in proptest::collection::vec((1u64..900, 0u32..20), 1..8), probe in 0u64..6000) {
            let start = d("2015-01-01");
            let mut caps: Vec<Capacity> = Vec::new();
            let mut from = start;
            for (i, (gap, places)) in steps.into_iter().enumerate() {
                from = from + chrono::Days::new(gap);
                let new = fields(&from.to_string(), places);
                let before: Vec<Places> = (0..6000).step_by(97).map(|k| offer_on(&caps, start + chrono::Days::new(k))).collect();
                if let Some((id, end)) = succession(&caps, &new).unwrap() {
                    caps.iter_mut().find(|c| c.id == id).unwrap().valid_to = Some(end);
                }
                caps.push(Capacity { id: i as i32, holder: Holder::Facility(1), valid_from: new.valid_from, valid_to: None, places: new.places, employer_places: 0 });
                for (n, k) in (0..6000).step_by(97).enumerate() {
                    let day = start + chrono::Days::new(k);
                    if day < new.valid_from {
                        prop_assert_eq!(offer_on(&caps, day), before[n]);
                    }
                }
            }
            let day = start + chrono::Days::new(probe);
            prop_assert!(caps.iter().filter(|c| c.covers(day)).count() <= 1);
        }
    }
}
