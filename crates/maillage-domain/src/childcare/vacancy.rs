//! Free places (« places disponibles »): what a childminder or a facility
//! declares, by weekday and age band, from a date on. A declaration holds
//! until the next one; one older than [`STALE_AFTER_MONTHS`] months is
//! « à confirmer » wherever it is used.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate, Weekday};

use super::{AgeBand, Places, Weekdays};
use crate::validation::{FieldErrors, required_date};

/// A declaration older than this many months is to be confirmed.
pub const STALE_AFTER_MONTHS: u32 = 3;

/// The weekdays a declaration asks about: childcare is a weekday matter;
/// Saturday is asked too for the facilities that open then.
pub const DAYS: [Weekday; 6] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat];

/// Free places by weekday and age band.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FreePlaces(BTreeMap<(u8, AgeBand), u32>);

impl FreePlaces {
    pub fn get(&self, day: Weekday, band: AgeBand) -> u32 {
        self.0.get(&(day.num_days_from_monday() as u8, band)).copied().unwrap_or(0)
    }

    pub fn set(&mut self, day: Weekday, band: AgeBand, places: u32) {
        let key = (day.num_days_from_monday() as u8, band);
        if places == 0 {
            self.0.remove(&key);
        } else {
            self.0.insert(key, places);
        }
    }

    /// (day, band, places) for every cell with a free place.
    pub fn cells(&self) -> impl Iterator<Item = (Weekday, AgeBand, u32)> + '_ {
        self.0.iter().filter_map(|((d, b), n)| Some((Weekday::try_from(*d).ok()?, *b, *n)))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A free place for `band` on every day of `days`.
    pub fn covers(&self, days: Weekdays, band: AgeBand) -> bool {
        !days.is_empty() && days.days().all(|d| self.get(d, band) > 0)
    }

    /// The most free places of a band on any day.
    pub fn most(&self, band: AgeBand) -> u32 {
        DAYS.iter().map(|d| self.get(*d, band)).max().unwrap_or(0)
    }
}

/// A declaration as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VacancyDeclaration {
    pub id: i32,
    pub holder: super::Holder,
    /// The day it was made (or last confirmed).
    pub declared_on: NaiveDate,
    /// Free from this date on.
    pub available_from: NaiveDate,
    /// Who declared: the childminder, a manager, the relais.
    pub declared_by: String,
    pub free: FreePlaces,
}

impl VacancyDeclaration {
    /// Older than three months: to be confirmed before anyone relies on it.
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        is_stale(self.declared_on, today)
    }
}

pub fn is_stale(declared_on: NaiveDate, today: NaiveDate) -> bool {
    declared_on.checked_add_months(Months::new(STALE_AFTER_MONTHS)).is_none_or(|limit| limit <= today)
}

/// The grid's input names: `mon_infant`, `tue_toddler`…
pub fn cell_name(day: Weekday, band: AgeBand) -> String {
    format!("{}_{}", Weekdays::code(day), band.code())
}

/// A declaration as the grid sends it: `available_from`, and one number
/// per cell named by [`cell_name`] (empty is none).
#[derive(Debug, Clone, Default)]
pub struct VacancyForm {
    pub available_from: String,
    pub cells: BTreeMap<String, String>,
}

impl VacancyForm {
    /// From a form's fields, whatever else they hold (the CSRF token…).
    pub fn from_fields(fields: &BTreeMap<String, String>) -> VacancyForm {
        let mut cells = BTreeMap::new();
        for day in DAYS {
            for band in AgeBand::ALL {
                let name = cell_name(day, band);
                if let Some(v) = fields.get(&name) {
                    cells.insert(name, v.clone());
                }
            }
        }
        VacancyForm { available_from: fields.get("available_from").cloned().unwrap_or_default(), cells }
    }

    /// The form showing `free`, from `available_from`.
    pub fn of(free: &FreePlaces, available_from: NaiveDate) -> VacancyForm {
        let mut cells = BTreeMap::new();
        for day in DAYS {
            for band in AgeBand::ALL {
                let n = free.get(day, band);
                cells.insert(cell_name(day, band), if n == 0 { String::new() } else { n.to_string() });
            }
        }
        VacancyForm { available_from: available_from.to_string(), cells }
    }

    /// Checks every cell; none may exceed the places of its band in
    /// `capacity` (the approval or authorisation running on the date).
    pub fn validate(&self, capacity: Places) -> Result<(NaiveDate, FreePlaces), FieldErrors> {
        let mut errors = FieldErrors::new();
        let from = required_date(&mut errors, "available_from", &self.available_from);
        let mut free = FreePlaces::default();
        for day in DAYS {
            for band in AgeBand::ALL {
                let name = cell_name(day, band);
                let raw = self.cells.get(&name).map_or("", |v| v.trim());
                if raw.is_empty() {
                    continue;
                }
                match raw.parse::<u32>() {
                    Ok(n) if n <= capacity.get(band) => free.set(day, band, n),
                    Ok(_) => errors.add(
                        &name,
                        format!(
                            "Le {}, {} : au plus {}, le nombre de l'agrément ou de l'autorisation.",
                            Weekdays::day_label(day),
                            band.label(),
                            crate::text::count(i64::from(capacity.get(band)), "place", "places")
                        ),
                    ),
                    Err(_) => errors.add(&name, "Un nombre entier de places (exemple : 1), ou rien pour aucune."),
                }
            }
        }
        match from {
            Some(from) if errors.is_empty() => Ok((from, free)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_declaration_is_to_confirm_after_three_months() {
        assert!(!is_stale(d("2024-08-16"), d("2024-11-15")));
        assert!(is_stale(d("2024-08-15"), d("2024-11-15")));
        assert!(is_stale(d("2024-05-31"), d("2024-08-31")), "end of month");
    }

    #[test]
    fn free_places_cover_every_requested_day_or_none() {
        let mut free = FreePlaces::default();
        free.set(Weekday::Mon, AgeBand::Toddler, 1);
        free.set(Weekday::Tue, AgeBand::Toddler, 2);
        let mon_tue = Weekdays::from_codes(["mon", "tue"]);
        assert!(free.covers(mon_tue, AgeBand::Toddler));
        assert!(!free.covers(mon_tue, AgeBand::Infant), "the wrong age band");
        assert!(!free.covers(Weekdays::from_codes(["mon", "wed"]), AgeBand::Toddler), "a day not free");
        assert!(!free.covers(Weekdays::empty(), AgeBand::Toddler));
        assert_eq!(free.most(AgeBand::Toddler), 2);
    }

    #[test]
    fn a_cell_cannot_exceed_the_approval() {
        let capacity = Places { infant: 1, toddler: 2, preschool: 0 };
        let mut fields = BTreeMap::new();
        fields.insert("available_from".to_owned(), "2024-12-01".to_owned());
        fields.insert("mon_infant".to_owned(), "2".to_owned());
        fields.insert("tue_toddler".to_owned(), "deux".to_owned());
        fields.insert("wed_toddler".to_owned(), "2".to_owned());
        fields.insert("csrf_token".to_owned(), "x".to_owned());
        let e = VacancyForm::from_fields(&fields).validate(capacity).unwrap_err();
        assert_eq!(
            e.get("mon_infant"),
            Some("Le lundi, moins de 18 mois : au plus 1 place, le nombre de l'agrément ou de l'autorisation.")
        );
        assert!(e.get("tue_toddler").unwrap().contains("nombre entier"));
        assert!(e.get("wed_toddler").is_none());
        fields.remove("mon_infant");
        fields.remove("tue_toddler");
        let (from, free) = VacancyForm::from_fields(&fields).validate(capacity).unwrap();
        assert_eq!(from, d("2024-12-01"));
        assert_eq!(free.get(Weekday::Wed, AgeBand::Toddler), 2);
        assert_eq!(VacancyForm::of(&free, from).cells["wed_toddler"], "2");
    }
}
