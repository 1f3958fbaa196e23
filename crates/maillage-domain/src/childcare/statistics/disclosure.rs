//! What partners and the elected may see of the statistics: no count under
//! 5 (primary suppression), and no count that a subtraction would give
//! back (secondary suppression). Figures that add up — the months to the
//! year, the sectors to the territory, the modes to the satisfied, the age
//! groups to the workforce — form groups; a group where exactly one cell
//! is hidden could be solved, so the smallest shown cell of that group is
//! hidden too, until no group has a single hidden cell. Tables of one
//! sector and of the territory share the groups, so no page undoes
//! another.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;

use super::{SMALLEST_SHOWN, Statistics};
use crate::childcare::CareMode;
use crate::childcare::workforce::Workforce;

/// A figure of a table: a count of requests or places, or of childminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    Requests,
    Satisfied,
    /// Satisfied by one mode, in [`CareMode::ALL`]'s order.
    Mode(usize),
    Unmet,
    Places,
    FreePlaces,
}

/// Where a statistic stands: a sector (`None`: the territory), a month
/// (`None`: the year).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatKey {
    pub sector: Option<String>,
    pub month: Option<usize>,
    pub measure: Measure,
}

/// A line of the workforce tables: an age group, a year of retirement,
/// those past it, or the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkLine {
    Age(usize),
    Retiring(i32),
    PastRetirement,
    Total,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkKey {
    pub sector: Option<String>,
    pub line: WorkLine,
    /// Places rather than childminders.
    pub places: bool,
}

/// Counts and the groups they add up in; what to hide.
struct Suppression<K> {
    values: HashMap<K, u32>,
    /// (parts, total): the parts add up to the total.
    groups: Vec<(Vec<K>, K)>,
}

impl<K: Clone + Eq + Hash> Suppression<K> {
    fn hidden(&self) -> HashSet<K> {
        let mut hidden: HashSet<K> =
            self.values.iter().filter(|(_, v)| **v < SMALLEST_SHOWN).map(|(k, _)| k.clone()).collect();
        loop {
            let mut changed = false;
            for (parts, total) in self.groups.iter().filter(|(parts, _)| !parts.is_empty()) {
                let cells = parts.iter().chain(std::iter::once(total));
                if cells.clone().filter(|k| hidden.contains(*k)).count() != 1 {
                    continue;
                }
                // The smallest part still shown, else the total.
                let shown_parts = parts.iter().filter(|k| !hidden.contains(*k));
                let pick = shown_parts.min_by_key(|k| self.values.get(*k).copied().unwrap_or(0)).unwrap_or(total);
                changed |= hidden.insert(pick.clone());
            }
            if !changed {
                return hidden;
            }
        }
    }
}

/// What partners may not see of the statistics and of the workforce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    stats: HashSet<StatKey>,
    work: HashSet<WorkKey>,
}

impl Hidden {
    pub fn stat(&self, sector: Option<&str>, month: Option<usize>, measure: Measure) -> bool {
        self.stats.contains(&StatKey { sector: sector.map(str::to_owned), month, measure })
    }

    pub fn work(&self, sector: Option<&str>, line: WorkLine, places: bool) -> bool {
        self.work.contains(&WorkKey { sector: sector.map(str::to_owned), line, places })
    }
}

const MEASURES: [Measure; 9] = [
    Measure::Requests,
    Measure::Satisfied,
    Measure::Mode(0),
    Measure::Mode(1),
    Measure::Mode(2),
    Measure::Mode(3),
    Measure::Unmet,
    Measure::Places,
    Measure::FreePlaces,
];

fn value(f: &super::Figures, m: Measure) -> u32 {
    match m {
        Measure::Requests => f.requests,
        Measure::Satisfied => f.satisfied,
        Measure::Mode(i) => f.by_mode[i],
        Measure::Unmet => f.unmet,
        Measure::Places => f.places,
        Measure::FreePlaces => f.free_places,
    }
}

/// The statistics' cells partners may not see.
fn hidden_stats(s: &Statistics) -> HashSet<StatKey> {
    let sectors: Vec<Option<String>> = std::iter::once(None).chain(s.sectors().map(|x| Some(x.to_owned()))).collect();
    let key = |sector: &Option<String>, month, measure| StatKey { sector: sector.clone(), month, measure };
    let mut values = HashMap::new();
    let measures = MEASURES;
    for sector in &sectors {
        let months = s.by_month(sector.as_deref());
        let year = s.year(sector.as_deref());
        for m in &measures {
            for (i, f) in months.iter().enumerate() {
                values.insert(key(sector, Some(i), *m), value(f, *m));
            }
            values.insert(key(sector, None, *m), value(&year, *m));
        }
    }
    let periods: Vec<Option<usize>> = std::iter::once(None).chain((0..s.months.len()).map(Some)).collect();
    let mut groups = Vec::new();
    for m in &measures {
        // Sectors add up to the territory, each month and over the year.
        for p in &periods {
            let parts = sectors.iter().skip(1).map(|sec| key(sec, *p, *m)).collect();
            groups.push((parts, key(&None, *p, *m)));
        }
        // Months add up to the year: requests only (places are stocks).
        if !matches!(m, Measure::Places | Measure::FreePlaces) {
            for sector in &sectors {
                let parts = (0..s.months.len()).map(|i| key(sector, Some(i), *m)).collect();
                groups.push((parts, key(sector, None, *m)));
            }
        }
    }
    // The modes add up to the satisfied.
    for sector in &sectors {
        for p in &periods {
            let parts = (0..CareMode::ALL.len()).map(|i| key(sector, *p, Measure::Mode(i))).collect();
            groups.push((parts, key(sector, *p, Measure::Satisfied)));
        }
    }
    Suppression { values, groups }.hidden()
}

/// The workforce's cells partners may not see; `by_sector` are the
/// sectors' workforces, `territory` the whole one.
fn hidden_work(by_sector: &BTreeMap<String, Workforce>, territory: &Workforce) -> HashSet<WorkKey> {
    let scopes: Vec<(Option<String>, &Workforce)> =
        std::iter::once((None, territory)).chain(by_sector.iter().map(|(s, w)| (Some(s.clone()), w))).collect();
    let key = |sector: &Option<String>, line, places| WorkKey { sector: sector.clone(), line, places };
    let mut values = HashMap::new();
    let mut lines = Vec::new();
    for (sector, w) in &scopes {
        let mut put = |line: WorkLine, h: crate::childcare::workforce::Headcount| {
            values.insert(key(sector, line, false), h.childminders);
            values.insert(key(sector, line, true), h.places);
        };
        for (i, (_, h)) in w.by_age.iter().enumerate() {
            put(WorkLine::Age(i), *h);
        }
        for (year, h) in &w.reaching_retirement {
            put(WorkLine::Retiring(*year), *h);
        }
        put(WorkLine::PastRetirement, w.past_retirement);
        put(WorkLine::Total, w.total);
        if lines.is_empty() {
            lines = (0..w.by_age.len()).map(WorkLine::Age).collect();
            lines.extend(w.reaching_retirement.iter().map(|(y, _)| WorkLine::Retiring(*y)));
            lines.extend([WorkLine::PastRetirement, WorkLine::Total]);
        }
    }
    let mut groups = Vec::new();
    for places in [false, true] {
        // Age groups add up to the total.
        for (sector, w) in &scopes {
            let parts = (0..w.by_age.len()).map(|i| key(sector, WorkLine::Age(i), places)).collect();
            groups.push((parts, key(sector, WorkLine::Total, places)));
        }
        // Sectors add up to the territory, line by line.
        for line in &lines {
            let parts = scopes.iter().skip(1).map(|(s, _)| key(s, *line, places)).collect();
            groups.push((parts, key(&None, *line, places)));
        }
    }
    Suppression { values, groups }.hidden()
}

/// Everything partners may not see.
pub fn hidden_for_partners(
    s: &Statistics,
    workforce_by_sector: &BTreeMap<String, Workforce>,
    workforce: &Workforce,
) -> Hidden {
    Hidden { stats: hidden_stats(s), work: hidden_work(workforce_by_sector, workforce) }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::childcare::RequestStatus;
    use crate::childcare::statistics::{Registers, RequestFacts, compute};
    use crate::childcare::workforce::workforce;

    proptest! {
        /// Whatever the requests: no figure under 5 is shown, and no group
        /// of figures that add up has exactly one hidden: none can be
        /// subtracted back.
        #[test]
        fn nothing_under_5_shows_and_nothing_hidden_can_be_subtracted(
            reqs in proptest::collection::vec((0usize..3, 0u32..12, 0usize..8), 0..80),
        ) {
            let names = ["Centre", "Nord", "Sud"];
            let requests: Vec<RequestFacts> = reqs.iter().map(|(s, month, status)| {
                let start = NaiveDate::from_ymd_opt(2025, month + 1, 1).unwrap();
                let status = RequestStatus::ALL[*status];
                RequestFacts {
                    home_sector: names[*s].to_owned(),
                    filed_on: start - chrono::Days::new(60),
                    start_on: start,
                    status,
                    solved_mode: (status == RequestStatus::Solved).then_some(CareMode::ALL[*s % 4]),
                    closed_on: (!status.is_open()).then_some(start),
                }
            }).collect();
            let reg = Registers { facilities: &[], childminders: &[], capacities: &[], free: &[] };
            let s = compute(2025, NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(), &requests, &reg);
            let empty = workforce(&[], &[], NaiveDate::from_ymd_opt(2026, 1, 15).unwrap());
            let hidden = hidden_for_partners(&s, &BTreeMap::new(), &empty);
            let sectors: Vec<Option<&str>> = std::iter::once(None).chain(s.sectors().map(Some)).collect();
            for m in [Measure::Requests, Measure::Satisfied, Measure::Unmet, Measure::Mode(1)] {
                for sector in &sectors {
                    let months = s.by_month(*sector);
                    let year = s.year(*sector);
                    for (i, f) in months.iter().enumerate() {
                        prop_assert!(hidden.stat(*sector, Some(i), m) || value(f, m) >= 5);
                    }
                    prop_assert!(hidden.stat(*sector, None, m) || value(&year, m) >= 5);
                    let in_months = (0..12).filter(|i| hidden.stat(*sector, Some(*i), m)).count()
                        + usize::from(hidden.stat(*sector, None, m));
                    prop_assert_ne!(in_months, 1, "{:?} {:?}: months and year", sector, m);
                }
                for month in std::iter::once(None).chain((0..12).map(Some)).filter(|_| sectors.len() > 1) {
                    let in_sectors = sectors.iter().filter(|sec| hidden.stat(**sec, month, m)).count();
                    prop_assert_ne!(in_sectors, 1, "{:?} {:?}: sectors and territory", month, m);
                }
            }
        }
    }

    #[test]
    fn a_single_hidden_cell_of_a_group_takes_the_smallest_other_with_it() {
        let values: HashMap<&str, u32> = [("a", 2), ("b", 9), ("c", 7), ("t", 18)].into_iter().collect();
        let s = Suppression { values, groups: vec![(vec!["a", "b", "c"], "t")] };
        let hidden = s.hidden();
        assert_eq!(hidden, ["a", "c"].into_iter().collect(), "t − b − c would give a");
        let values: HashMap<&str, u32> = [("a", 2), ("b", 1), ("t", 3)].into_iter().collect();
        let s = Suppression { values, groups: vec![(vec!["a", "b"], "t")] };
        assert_eq!(s.hidden().len(), 3, "the total too, under 5 itself");
        let values: HashMap<&str, u32> = [("a", 6), ("b", 9), ("t", 15)].into_iter().collect();
        let s = Suppression { values, groups: vec![(vec!["a", "b"], "t")] };
        assert!(s.hidden().is_empty(), "nothing under 5, nothing hidden");
    }

    #[test]
    fn a_lone_part_takes_its_total_with_it() {
        let values: HashMap<&str, u32> = [("a", 3), ("t", 3)].into_iter().collect();
        let s = Suppression { values, groups: vec![(vec!["a"], "t")] };
        assert_eq!(s.hidden().len(), 2);
        let values: HashMap<&str, u32> = [("a", 8), ("b", 0), ("t", 8)].into_iter().collect();
        let s = Suppression { values, groups: vec![(vec!["a", "b"], "t")] };
        assert_eq!(s.hidden(), ["a", "b"].into_iter().collect(), "0 is under 5: a = t − 0 would give it back");
    }
}
