//! The childminders' workforce (« pyramide des âges »): active childminders
//! by age group, and those reaching 62, the age most take their pension
//! at, in each of the coming years, with the places they hold. The needs
//! map's projections read the same figures. Ages are counted in years
//! reached during the calendar year: the register keeps a year of birth.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::summary::NO_SECTOR;
use super::{Capacity, Childminder, Holder};

/// The age most childminders take their pension at.
pub const RETIREMENT_AGE: i32 = 62;

/// How many coming years the outlook covers.
pub const OUTLOOK_YEARS: i32 = 5;

/// Age groups: (label, youngest age in the group).
pub const AGE_GROUPS: [(&str, i32); 6] = [
    ("Moins de 30 ans", i32::MIN),
    ("30 à 39 ans", 30),
    ("40 à 49 ans", 40),
    ("50 à 54 ans", 50),
    ("55 à 59 ans", 55),
    ("60 ans et plus", 60),
];

/// Childminders and the places they hold (every age band).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Headcount {
    pub childminders: u32,
    pub places: u32,
}

impl Headcount {
    fn add(&mut self, places: u32) {
        self.childminders += 1;
        self.places += places;
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workforce {
    /// [`AGE_GROUPS`]' order.
    pub by_age: Vec<(&'static str, Headcount)>,
    /// Those reaching 62 in each of the next [`OUTLOOK_YEARS`] years.
    pub reaching_retirement: Vec<(i32, Headcount)>,
    /// Those already 62 or more this year: they may stop any time.
    pub past_retirement: Headcount,
    pub total: Headcount,
}

/// The workforce of `childminders` (the active ones) on `today`, with the
/// places of their capacities valid that day.
pub fn workforce<'a>(
    childminders: impl IntoIterator<Item = &'a Childminder>,
    capacities: &[Capacity],
    today: NaiveDate,
) -> Workforce {
    let mut places: HashMap<i32, u32> = HashMap::new();
    for c in capacities.iter().filter(|c| c.covers(today)) {
        if let Holder::Childminder(id) = c.holder {
            *places.entry(id).or_default() += c.places.total();
        }
    }
    let year = today.year();
    let mut by_age: Vec<(&'static str, Headcount)> =
        AGE_GROUPS.iter().map(|(l, _)| (*l, Headcount::default())).collect();
    let mut reaching_retirement: Vec<(i32, Headcount)> =
        (1..=OUTLOOK_YEARS).map(|n| (year + n, Headcount::default())).collect();
    let mut past_retirement = Headcount::default();
    let mut total = Headcount::default();
    for c in childminders.into_iter().filter(|c| c.active) {
        let held = places.get(&c.id).copied().unwrap_or(0);
        let age = year - c.birth_year;
        total.add(held);
        let group = AGE_GROUPS.iter().rposition(|(_, from)| age >= *from).unwrap_or(0);
        by_age[group].1.add(held);
        let retires = c.birth_year + RETIREMENT_AGE;
        if retires <= year {
            past_retirement.add(held);
        } else if let Some((_, h)) = reaching_retirement.iter_mut().find(|(y, _)| *y == retires) {
            h.add(held);
        }
    }
    Workforce { by_age, reaching_retirement, past_retirement, total }
}

/// The workforce of each of `sectors` (a childminder without a sector is
/// in « Sans secteur »): the capacities are shared out once, not read
/// again for each sector (an EPCI has up to 150 communes).
pub fn by_sector<'a>(
    sectors: impl IntoIterator<Item = &'a str>,
    childminders: &'a [Childminder],
    capacities: &[Capacity],
    today: NaiveDate,
) -> BTreeMap<String, Workforce> {
    let sector_of = |c: &'a Childminder| if c.sector.trim().is_empty() { NO_SECTOR } else { c.sector.as_str() };
    let mut theirs: HashMap<&str, (Vec<&Childminder>, Vec<Capacity>)> = HashMap::new();
    let mut where_is: HashMap<i32, &'a str> = HashMap::new();
    for c in childminders {
        where_is.insert(c.id, sector_of(c));
        theirs.entry(sector_of(c)).or_default().0.push(c);
    }
    for k in capacities.iter().filter(|k| k.covers(today)) {
        if let Holder::Childminder(id) = k.holder
            && let Some(sector) = where_is.get(&id)
        {
            theirs.entry(sector).or_default().1.push(k.clone());
        }
    }
    sectors
        .into_iter()
        .map(|s| {
            let w = match theirs.get(s) {
                Some((people, caps)) => workforce(people.iter().copied(), caps, today),
                None => workforce([], &[], today),
            };
            (s.to_owned(), w)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::childcare::Places;

    fn childminder(id: i32, birth_year: i32, active: bool) -> Childminder {
        Childminder { birth_year, active, ..crate::childcare::test_records::childminder(id) }
    }

    fn capacity(id: i32, total: u32, from: &str) -> Capacity {
        Capacity {
            id: 0,
            holder: Holder::Childminder(id),
            valid_from: from.parse().unwrap(),
            valid_to: None,
            places: Places { infant: 1, toddler: total - 1, preschool: 0 },
            employer_places: 0,
        }
    }

    #[test]
    fn ages_and_retirements_by_hand() {
        let today = "2026-12-01".parse().unwrap();
        let people = [
            childminder(1, 1964, true),  // 62 this year: already there
            childminder(2, 1965, true),  // 62 in 2027
            childminder(3, 1969, true),  // 62 in 2031
            childminder(4, 1970, true),  // 62 in 2032: beyond the outlook
            childminder(5, 1999, true),  // 27
            childminder(6, 1965, false), // inactive: not in the workforce
        ];
        let caps = [capacity(1, 4, "2020-01-01"), capacity(2, 3, "2020-01-01"), capacity(3, 4, "2027-01-01")];
        let w = workforce(&people, &caps, today);
        assert_eq!(w.total, Headcount { childminders: 5, places: 7 });
        assert_eq!(w.past_retirement, Headcount { childminders: 1, places: 4 });
        assert_eq!(w.reaching_retirement[0], (2027, Headcount { childminders: 1, places: 3 }));
        assert_eq!(w.reaching_retirement[4], (2031, Headcount { childminders: 1, places: 0 }), "no place yet today");
        assert_eq!(w.by_age[0].1.childminders, 1);
        assert_eq!(w.by_age[4].1, Headcount { childminders: 2, places: 0 }, "56 and 57 years old");
        assert_eq!(w.by_age[5].1, Headcount { childminders: 2, places: 7 }, "61 and 62 years old");
    }

    proptest! {
        #[test]
        fn groups_add_up_and_nobody_retires_twice(
            people in proptest::collection::vec((1940i32..2010, any::<bool>(), 1u32..6), 0..50),
        ) {
            let today: NaiveDate = "2026-06-01".parse().unwrap();
            let childminders: Vec<Childminder> = people.iter().enumerate().map(|(i, (y, a, _))| childminder(i as i32, *y, *a)).collect();
            let caps: Vec<Capacity> = people.iter().enumerate().map(|(i, (_, _, n))| capacity(i as i32, *n, "2020-01-01")).collect();
            let w = workforce(&childminders, &caps, today);
            let sum = |hs: &mut dyn Iterator<Item = Headcount>| hs.fold(Headcount::default(), |a, h| Headcount { childminders: a.childminders + h.childminders, places: a.places + h.places });
            prop_assert_eq!(sum(&mut w.by_age.iter().map(|(_, h)| *h)), w.total);
            let leaving = sum(&mut w.reaching_retirement.iter().map(|(_, h)| *h).chain([w.past_retirement]));
            prop_assert!(leaving.childminders <= w.total.childminders && leaving.places <= w.total.places);
            let expected = people.iter().filter(|(y, a, _)| *a && y + RETIREMENT_AGE <= 2026 + OUTLOOK_YEARS).count() as u32;
            prop_assert_eq!(leaving.childminders, expected);
        }

        /// Shared out by sector, the workforce is each sector's own, and
        /// the sectors add up to the territory.
        #[test]
        fn sectors_are_their_own_and_add_up(
            people in proptest::collection::vec((1950i32..2000, any::<bool>(), 1u32..6, 0usize..4), 0..40),
        ) {
            let today: NaiveDate = "2026-06-01".parse().unwrap();
            let names = ["Centre", "Nord", "", "Sud"];
            let childminders: Vec<Childminder> = people.iter().enumerate().map(|(i, (y, a, _, s))| {
                Childminder { sector: names[*s].to_owned(), ..childminder(i as i32, *y, *a) }
            }).collect();
            let caps: Vec<Capacity> = people.iter().enumerate().map(|(i, (_, _, n, _))| capacity(i as i32, *n, "2020-01-01")).collect();
            let sectors = ["Centre", "Nord", NO_SECTOR, "Sud", "Ouest"];
            let shared = by_sector(sectors, &childminders, &caps, today);
            let mut total = Headcount::default();
            for s in sectors {
                let named = if s == NO_SECTOR { "" } else { s };
                let theirs = childminders.iter().filter(|c| c.sector == named);
                prop_assert_eq!(&shared[s], &workforce(theirs, &caps, today));
                total.childminders += shared[s].total.childminders;
                total.places += shared[s].total.places;
            }
            prop_assert_eq!(total, workforce(&childminders, &caps, today).total);
        }
    }
}
