//! The offer of a territory on a date, by mode of care and by sector: what
//! `/offre` shows and, later, the coverage rate's numerator.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{Capacity, Childminder, Facility, Holder, Places};

/// Places of a mode or a sector, and how many facilities or childminders hold them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferLine {
    pub label: String,
    pub holders: usize,
    pub places: Places,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OfferSummary {
    pub by_mode: Vec<OfferLine>,
    pub by_sector: Vec<OfferLine>,
    pub total: Places,
    pub holders: usize,
}

/// The mode of care childminders are counted under.
pub const CHILDMINDERS: &str = "Assistant·e·s maternel·le·s en activité";
/// The sector of a record without one.
pub const NO_SECTOR: &str = "Sans secteur";

fn add(lines: &mut BTreeMap<String, OfferLine>, label: &str, places: Places) {
    let line = lines.entry(label.to_owned()).or_insert_with(|| OfferLine {
        label: label.to_owned(),
        holders: 0,
        places: Places::default(),
    });
    line.holders += 1;
    line.places = line.places + places;
}

/// The offer on `date`: the places of the capacities valid that day, of
/// facilities and of active childminders (the CNAF counts only those);
/// a holder without a place that day is not counted.
pub fn summarise(
    facilities: &[Facility],
    childminders: &[Childminder],
    capacities: &[Capacity],
    date: NaiveDate,
) -> OfferSummary {
    let mut places: HashMap<Holder, Places> = HashMap::new();
    for c in capacities.iter().filter(|c| c.covers(date)) {
        let p = places.entry(c.holder).or_default();
        *p = *p + c.places;
    }
    let mut by_mode = BTreeMap::new();
    let mut by_sector = BTreeMap::new();
    let sector = |s: &str| if s.is_empty() { NO_SECTOR.to_owned() } else { s.to_owned() };
    for f in facilities {
        if let Some(p) = places.get(&Holder::Facility(f.id)).filter(|p| p.total() > 0) {
            add(&mut by_mode, f.kind.label(), *p);
            add(&mut by_sector, &sector(&f.sector), *p);
        }
    }
    for c in childminders.iter().filter(|c| c.active) {
        if let Some(p) = places.get(&Holder::Childminder(c.id)).filter(|p| p.total() > 0) {
            add(&mut by_mode, CHILDMINDERS, *p);
            add(&mut by_sector, &sector(&c.sector), *p);
        }
    }
    let by_mode: Vec<OfferLine> = by_mode.into_values().collect();
    OfferSummary {
        total: by_mode.iter().map(|l| l.places).sum(),
        holders: by_mode.iter().map(|l| l.holders).sum(),
        by_mode,
        by_sector: by_sector.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::childcare::{FacilityKind, test_records};

    fn facility(id: i32, sector: &str) -> Facility {
        let kind = if id % 2 == 0 { FacilityKind::MicroCreche } else { FacilityKind::MultiAccueil };
        Facility { kind, sector: sector.to_owned(), ..test_records::facility(id) }
    }

    fn childminder(id: i32, sector: &str, active: bool) -> Childminder {
        Childminder { sector: sector.to_owned(), active, ..test_records::childminder(id) }
    }

    fn d(days: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(days)
    }

    #[test]
    fn inactive_childminders_and_capacities_of_other_days_are_not_counted() {
        let facilities = [facility(1, "Centre")];
        let childminders = [childminder(1, "Nord", true), childminder(2, "Nord", false)];
        let cap = |holder, from, to: Option<u64>, infant| Capacity {
            id: 0,
            holder,
            valid_from: d(from),
            valid_to: to.map(d),
            places: Places { infant, toddler: 0, preschool: 0 },
            employer_places: 0,
        };
        let caps = [
            cap(Holder::Facility(1), 0, Some(99), 10),
            cap(Holder::Facility(1), 100, None, 12),
            cap(Holder::Childminder(1), 0, None, 3),
            cap(Holder::Childminder(2), 0, None, 4),
        ];
        let s = summarise(&facilities, &childminders, &caps, d(100));
        assert_eq!((s.total.total(), s.holders), (15, 2));
        assert_eq!(s.by_mode[0].label, CHILDMINDERS);
        assert_eq!(summarise(&facilities, &childminders, &caps, d(99)).total.total(), 13);
    }

    proptest! {
        /// Whatever the records, the sectors add up to the territory, and
        /// so do the modes.
        #[test]
        fn sectors_and_modes_add_up_to_the_territory(
            caps in proptest::collection::vec((0i32..12, 0u64..400, proptest::option::of(0u64..400), 0u32..9, 0u32..9), 0..40),
            sectors in proptest::collection::vec(0usize..4, 12),
            active in proptest::collection::vec(any::<bool>(), 6),
            day in 0u64..500,
        ) {
            let names = ["Centre", "Nord", "", "Sud"];
            let facilities: Vec<Facility> = (0..6).map(|i| facility(i, names[sectors[i as usize]])).collect();
            let childminders: Vec<Childminder> = (6..12).map(|i| childminder(i, names[sectors[i as usize]], active[(i - 6) as usize])).collect();
            let capacities: Vec<Capacity> = caps
                .into_iter()
                .map(|(h, from, len, infant, toddler)| Capacity {
                    id: 0,
                    holder: if h < 6 { Holder::Facility(h) } else { Holder::Childminder(h) },
                    valid_from: d(from),
                    valid_to: len.map(|l| d(from + l)),
                    places: Places { infant, toddler, preschool: 0 },
                    employer_places: 0,
                })
                .collect();
            let s = summarise(&facilities, &childminders, &capacities, d(day));
            let by_sector: Places = s.by_sector.iter().map(|l| l.places).sum();
            let sector_holders: usize = s.by_sector.iter().map(|l| l.holders).sum();
            prop_assert_eq!(by_sector, s.total);
            prop_assert_eq!(sector_holders, s.holders);
            let expected: u32 = capacities.iter().filter(|c| c.covers(d(day))).filter(|c| match c.holder {
                Holder::Childminder(id) => active[(id - 6) as usize],
                Holder::Facility(_) => true,
            }).map(|c| c.places.total()).sum();
            prop_assert_eq!(s.total.total(), expected, "never a capacity outside its validity");
        }
    }
}
