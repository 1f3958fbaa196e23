//! What partners and the elected may see of the statistics: no count under
//! 5 (primary suppression), and no count that a subtraction would give
//! back (secondary suppression). Figures that add up — the months to the
//! year, the sectors to the territory, the modes to the satisfied, the age
//! groups to the workforce — form groups; a group where exactly one cell
//! is hidden could be solved, so the smallest shown cell of that group is
//! hidden too, until no group has a single hidden cell. Tables of one
//! sector and of the territory share the groups, so no page undoes
//! another.

use std::collections::{BTreeMap, HashMap};
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

/// A line of the workforce tables: an age group, a year of retirement,
/// those past it, or the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkLine {
    Age(usize),
    Retiring(i32),
    PastRetirement,
    Total,
}

/// Counts and the groups they add up in; what to hide. Cells are numbered
/// by their callers (a sector, a period, a measure make a number), so that
/// nothing is hashed: a national recomputation runs this for 1,353
/// territories, some of hundreds of sectors.
struct Suppression {
    /// `None`: a cell a group names but no table fills.
    values: Vec<Option<u32>>,
    /// (parts, total): the parts add up to the total.
    groups: Vec<(Vec<usize>, usize)>,
}

impl Suppression {
    fn new(cells: usize) -> Self {
        Suppression { values: vec![None; cells], groups: Vec::new() }
    }

    fn set(&mut self, cell: usize, value: u32) {
        self.values[cell] = Some(value);
    }

    fn group(&mut self, parts: impl IntoIterator<Item = usize>, total: usize) {
        self.groups.push((parts.into_iter().collect(), total));
    }

    /// Every cell under 5, then, group by group, the smallest shown part
    /// (else the total) of any group with exactly one hidden cell; a cell
    /// newly hidden sends the groups it belongs to back to be looked at,
    /// until none has a single hidden cell.
    fn hidden(&self) -> Vec<bool> {
        fn cells_of((parts, total): &(Vec<usize>, usize)) -> impl Iterator<Item = usize> + '_ {
            parts.iter().chain(std::iter::once(total)).copied()
        }
        let mut hidden: Vec<bool> = self.values.iter().map(|v| v.is_some_and(|v| v < SMALLEST_SHOWN)).collect();
        // The groups of each cell, laid end to end: those of cell c are
        // `member[start[c]..start[c + 1]]`.
        let mut start = vec![0usize; self.values.len() + 1];
        for cell in self.groups.iter().flat_map(cells_of) {
            start[cell + 1] += 1;
        }
        for c in 0..self.values.len() {
            start[c + 1] += start[c];
        }
        let mut member = vec![0usize; start[self.values.len()]];
        let mut next = start.clone();
        for (g, group) in self.groups.iter().enumerate() {
            for cell in cells_of(group) {
                member[next[cell]] = g;
                next[cell] += 1;
            }
        }
        let mut waiting: std::collections::VecDeque<usize> = (0..self.groups.len()).collect();
        let mut queued = vec![true; self.groups.len()];
        while let Some(g) = waiting.pop_front() {
            queued[g] = false;
            let (parts, total) = &self.groups[g];
            if parts.is_empty() || cells_of(&self.groups[g]).filter(|c| hidden[*c]).count() != 1 {
                continue;
            }
            let shown_parts = parts.iter().filter(|c| !hidden[**c]);
            let pick = *shown_parts.min_by_key(|c| self.values[**c].unwrap_or(0)).unwrap_or(total);
            hidden[pick] = true;
            for other in &member[start[pick]..start[pick + 1]] {
                if !queued[*other] {
                    queued[*other] = true;
                    waiting.push_back(*other);
                }
            }
        }
        hidden
    }
}

/// Which cells of a sector (or of the territory) are hidden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cells {
    territory: Vec<bool>,
    sectors: HashMap<String, Vec<bool>>,
}

impl Cells {
    fn of(&self, sector: Option<&str>) -> Option<&Vec<bool>> {
        match sector {
            None => Some(&self.territory),
            Some(s) => self.sectors.get(s),
        }
    }

    /// `cells(scope)` of each scope, the territory first.
    fn from_scopes<'a>(
        scopes: impl Iterator<Item = Option<&'a str>>,
        mut cells: impl FnMut(usize) -> Vec<bool>,
    ) -> Self {
        let mut out = Cells::default();
        for (i, scope) in scopes.enumerate() {
            match scope {
                None => out.territory = cells(i),
                Some(s) => {
                    out.sectors.insert(s.to_owned(), cells(i));
                }
            }
        }
        out
    }
}

/// What partners may not see of the statistics and of the workforce.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hidden {
    /// By period (the year, then each month) and measure.
    stats: Cells,
    /// By workforce line and whether it counts places.
    work: Cells,
    work_lines: Vec<WorkLine>,
}

impl Hidden {
    pub fn stat(&self, sector: Option<&str>, month: Option<usize>, measure: Measure) -> bool {
        let Some(m) = MEASURES.iter().position(|x| *x == measure) else { return false };
        let cell = month.map_or(0, |i| i + 1) * MEASURES.len() + m;
        self.stats.of(sector).and_then(|c| c.get(cell).copied()).unwrap_or(false)
    }

    pub fn work(&self, sector: Option<&str>, line: WorkLine, places: bool) -> bool {
        let Some(l) = self.work_lines.iter().position(|x| *x == line) else { return false };
        self.work.of(sector).and_then(|c| c.get(l * 2 + usize::from(places)).copied()).unwrap_or(false)
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
fn hidden_stats(s: &Statistics) -> Cells {
    let sectors: Vec<Option<&str>> = std::iter::once(None).chain(s.sectors().map(Some)).collect();
    // A cell is a sector (0: the territory), a period (0: the year, then the
    // months) and a measure.
    let periods = s.months.len() + 1;
    let cell = |sector: usize, month: Option<usize>, m: usize| {
        (sector * periods + month.map_or(0, |i| i + 1)) * MEASURES.len() + m
    };
    let mut cells = Suppression::new(sectors.len() * periods * MEASURES.len());
    for (i, sector) in sectors.iter().enumerate() {
        let months = s.by_month(*sector);
        let year = s.year(*sector);
        for (m, measure) in MEASURES.iter().enumerate() {
            for (month, f) in months.iter().enumerate() {
                cells.set(cell(i, Some(month), m), value(f, *measure));
            }
            cells.set(cell(i, None, m), value(&year, *measure));
        }
    }
    let all_periods: Vec<Option<usize>> = std::iter::once(None).chain((0..s.months.len()).map(Some)).collect();
    for (m, measure) in MEASURES.iter().enumerate() {
        // Sectors add up to the territory, each month and over the year.
        for p in &all_periods {
            cells.group((1..sectors.len()).map(|i| cell(i, *p, m)), cell(0, *p, m));
        }
        // Months add up to the year: requests only (places are stocks).
        if !matches!(measure, Measure::Places | Measure::FreePlaces) {
            for i in 0..sectors.len() {
                cells.group((0..s.months.len()).map(|month| cell(i, Some(month), m)), cell(i, None, m));
            }
        }
    }
    // The modes add up to the satisfied.
    let position = |measure: Measure| MEASURES.iter().position(|x| *x == measure).unwrap_or(0);
    for i in 0..sectors.len() {
        for p in &all_periods {
            let modes = (0..CareMode::ALL.len()).map(|mode| cell(i, *p, position(Measure::Mode(mode))));
            cells.group(modes, cell(i, *p, position(Measure::Satisfied)));
        }
    }
    let hidden = cells.hidden();
    let per_sector = periods * MEASURES.len();
    Cells::from_scopes(sectors.iter().copied(), |i| hidden[i * per_sector..(i + 1) * per_sector].to_vec())
}

/// The workforce's cells partners may not see; `by_sector` are the
/// sectors' workforces, `territory` the whole one.
fn hidden_work(by_sector: &BTreeMap<String, Workforce>, territory: &Workforce) -> (Cells, Vec<WorkLine>) {
    let scopes: Vec<(Option<&str>, &Workforce)> =
        std::iter::once((None, territory)).chain(by_sector.iter().map(|(s, w)| (Some(s.as_str()), w))).collect();
    // Every workforce has the same lines (its age groups and the same five
    // years), so a cell is a scope (0: the territory), a line's place and
    // whether it counts places.
    let mut lines: Vec<WorkLine> = (0..territory.by_age.len()).map(WorkLine::Age).collect();
    lines.extend(territory.reaching_retirement.iter().map(|(y, _)| WorkLine::Retiring(*y)));
    lines.extend([WorkLine::PastRetirement, WorkLine::Total]);
    let line_at: HashMap<WorkLine, usize> = lines.iter().enumerate().map(|(i, l)| (*l, i)).collect();
    let cell = |scope: usize, line: usize, places: bool| (scope * lines.len() + line) * 2 + usize::from(places);
    let mut cells = Suppression::new(scopes.len() * lines.len() * 2);
    for (i, (_, w)) in scopes.iter().enumerate() {
        let mut put = |line: WorkLine, h: crate::childcare::workforce::Headcount| {
            if let Some(l) = line_at.get(&line) {
                cells.set(cell(i, *l, false), h.childminders);
                cells.set(cell(i, *l, true), h.places);
            }
        };
        for (age, (_, h)) in w.by_age.iter().enumerate() {
            put(WorkLine::Age(age), *h);
        }
        for (year, h) in &w.reaching_retirement {
            put(WorkLine::Retiring(*year), *h);
        }
        put(WorkLine::PastRetirement, w.past_retirement);
        put(WorkLine::Total, w.total);
    }
    let total = line_at[&WorkLine::Total];
    for places in [false, true] {
        // Age groups add up to the total.
        for i in 0..scopes.len() {
            cells.group((0..territory.by_age.len()).map(|age| cell(i, age, places)), cell(i, total, places));
        }
        // Sectors add up to the territory, line by line.
        for l in 0..lines.len() {
            cells.group((1..scopes.len()).map(|i| cell(i, l, places)), cell(0, l, places));
        }
    }
    let hidden = cells.hidden();
    let per_scope = lines.len() * 2;
    let cells =
        Cells::from_scopes(scopes.iter().map(|(s, _)| *s), |i| hidden[i * per_scope..(i + 1) * per_scope].to_vec());
    (cells, lines)
}

/// Everything partners may not see.
pub fn hidden_for_partners(
    s: &Statistics,
    workforce_by_sector: &BTreeMap<String, Workforce>,
    workforce: &Workforce,
) -> Hidden {
    let (work, work_lines) = hidden_work(workforce_by_sector, workforce);
    Hidden { stats: hidden_stats(s), work, work_lines }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use std::collections::HashSet;

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

    /// What `values` and `groups` hide.
    fn suppress(values: &[(&'static str, u32)], groups: &[(&[&'static str], &'static str)]) -> HashSet<&'static str> {
        let id = |name: &str| values.iter().position(|(n, _)| *n == name).expect("a named cell");
        let mut s = Suppression::new(values.len());
        for (i, (_, v)) in values.iter().enumerate() {
            s.set(i, *v);
        }
        for (parts, total) in groups {
            s.group(parts.iter().map(|p| id(p)), id(total));
        }
        s.hidden().iter().zip(values).filter(|(h, _)| **h).map(|(_, (n, _))| *n).collect()
    }

    #[test]
    fn a_single_hidden_cell_of_a_group_takes_the_smallest_other_with_it() {
        let hidden = suppress(&[("a", 2), ("b", 9), ("c", 7), ("t", 18)], &[(&["a", "b", "c"], "t")]);
        assert_eq!(hidden, ["a", "c"].into_iter().collect(), "t − b − c would give a");
        let hidden = suppress(&[("a", 2), ("b", 1), ("t", 3)], &[(&["a", "b"], "t")]);
        assert_eq!(hidden.len(), 3, "the total too, under 5 itself");
        let hidden = suppress(&[("a", 6), ("b", 9), ("t", 15)], &[(&["a", "b"], "t")]);
        assert!(hidden.is_empty(), "nothing under 5, nothing hidden");
    }

    #[test]
    fn a_lone_part_takes_its_total_with_it() {
        assert_eq!(suppress(&[("a", 3), ("t", 3)], &[(&["a"], "t")]).len(), 2);
        let hidden = suppress(&[("a", 8), ("b", 0), ("t", 8)], &[(&["a", "b"], "t")]);
        assert_eq!(hidden, ["a", "b"].into_iter().collect(), "0 is under 5: a = t − 0 would give it back");
    }

    #[test]
    fn hiding_spreads_from_group_to_group() {
        // b is hidden with a (row 1); then row 2 has b alone hidden, so d goes too.
        let values = [("a", 2), ("b", 6), ("c", 9), ("t1", 17), ("d", 7), ("e", 8), ("t2", 21)];
        let hidden = suppress(&values, &[(&["a", "b", "c"], "t1"), (&["b", "d", "e"], "t2")]);
        assert_eq!(hidden, ["a", "b", "d"].into_iter().collect());
    }
}
