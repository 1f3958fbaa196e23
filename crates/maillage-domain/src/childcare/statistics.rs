//! Offer and demand by sector and month, for one calendar year: what the
//! statistics page shows, what the exports hold and what the plan's live
//! figures read. Each figure has one definition, here:
//!
//! - a request counts in the month of its **desired start**, in the
//!   family's **home sector** (« Sans secteur » when not given);
//! - **satisfied**: « solution trouvée », counted by the mode found;
//! - **time to a solution**: days from filing to the solution, the median
//!   over the satisfied requests;
//! - **unmet**: « sans solution », or still open once the desired start has
//!   passed; cancelled and expired requests were withdrawn by the family
//!   and count as neither satisfied nor unmet;
//! - **places**: places for children under 3 valid on the month's first day,
//!   of facilities and of active childminders (as [`super::summary`]);
//! - **free places**: places for children under 3 declared free and
//!   available that day, by the holder's latest declaration made by then;
//!   for each age band the most on any weekday, so that a childminder free
//!   on Monday and on Tuesday counts one place, not two.
//!
//! Places and free places are stocks: a year's line takes them on the day
//! the year ends (31 December, or today for the current year), where the
//! requests are flows summed over the months.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::summary::NO_SECTOR;
use super::{
    AgeBand, Capacity, CareMode, CareRequest, Childminder, Facility, Holder, RequestStatus, VacancyDeclaration,
};

/// What statistics need of a request: no name, no contact, no child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    pub home_sector: String,
    pub filed_on: NaiveDate,
    pub start_on: NaiveDate,
    pub status: RequestStatus,
    pub solved_mode: Option<CareMode>,
    pub closed_on: Option<NaiveDate>,
}

impl RequestFacts {
    pub fn of(r: &CareRequest) -> Self {
        RequestFacts {
            home_sector: r.home_sector.clone(),
            filed_on: r.filed_on,
            start_on: r.start_on,
            status: r.status,
            solved_mode: r.solved_mode,
            closed_on: r.closed_on,
        }
    }

    /// Without a solution: given up on, or still looked for after the
    /// desired start.
    pub fn is_unmet(&self, today: NaiveDate) -> bool {
        self.status == RequestStatus::NoSolution || (self.status.is_open() && self.start_on < today)
    }
}

/// What statistics need of a declaration of free places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeFacts {
    pub holder: Holder,
    pub declared_on: NaiveDate,
    pub available_from: NaiveDate,
    /// Under-3 free places: for each band, the most on any weekday.
    pub places: u32,
}

impl FreeFacts {
    pub fn of(d: &VacancyDeclaration) -> Self {
        FreeFacts {
            holder: d.holder,
            declared_on: d.declared_on,
            available_from: d.available_from,
            places: d.free.most(AgeBand::Infant) + d.free.most(AgeBand::Toddler),
        }
    }
}

/// The registers as statistics read them.
pub struct Registers<'a> {
    pub facilities: &'a [Facility],
    pub childminders: &'a [Childminder],
    pub capacities: &'a [Capacity],
    /// Every declaration, oldest first (of one day, the last given wins).
    pub free: &'a [FreeFacts],
}

/// The figures of one sector (or of all) over one month (or one year).
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub requests: u32,
    pub satisfied: u32,
    /// Satisfied requests by the mode found, in [`CareMode::ALL`]'s order.
    pub by_mode: [u32; 4],
    pub unmet: u32,
    /// Days from filing to solution of each satisfied request.
    delays: Vec<u32>,
    pub places: u32,
    pub free_places: u32,
}

/// The delays are a bag: read in another order, the same requests give
/// the same figures.
impl PartialEq for Figures {
    fn eq(&self, other: &Self) -> bool {
        let sorted = |f: &Figures| {
            let mut d = f.delays.clone();
            d.sort_unstable();
            d
        };
        (self.requests, self.satisfied, self.by_mode, self.unmet, self.places, self.free_places)
            == (other.requests, other.satisfied, other.by_mode, other.unmet, other.places, other.free_places)
            && sorted(self) == sorted(other)
    }
}

impl Eq for Figures {}

impl Figures {
    /// The median time to a solution in days (the mean of the two middle
    /// values, rounded up, for an even count); `None` without a solution.
    pub fn median_delay(&self) -> Option<u32> {
        let mut d = self.delays.clone();
        d.sort_unstable();
        let n = d.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(d[n / 2]),
            _ => Some((d[n / 2 - 1] + d[n / 2]).div_ceil(2)),
        }
    }

    pub fn satisfied_by(&self, mode: CareMode) -> u32 {
        CareMode::ALL.iter().position(|m| *m == mode).map_or(0, |i| self.by_mode[i])
    }

    fn count(&mut self, r: &RequestFacts, today: NaiveDate) {
        self.requests += 1;
        if r.status == RequestStatus::Solved {
            self.satisfied += 1;
            if let Some(i) = r.solved_mode.and_then(|m| CareMode::ALL.iter().position(|x| *x == m)) {
                self.by_mode[i] += 1;
            }
            if let Some(closed) = r.closed_on {
                self.delays.push((closed - r.filed_on).num_days().max(0) as u32);
            }
        } else if r.is_unmet(today) {
            self.unmet += 1;
        }
    }

    /// Adds `other`'s requests; places are left alone (stocks do not add
    /// up over months).
    fn add_flows(&mut self, other: &Figures) {
        self.requests += other.requests;
        self.satisfied += other.satisfied;
        for (a, b) in self.by_mode.iter_mut().zip(other.by_mode) {
            *a += b;
        }
        self.unmet += other.unmet;
        self.delays.extend_from_slice(&other.delays);
    }

    fn add(&mut self, other: &Figures) {
        self.add_flows(other);
        self.places += other.places;
        self.free_places += other.free_places;
    }
}

/// One year of a territory, by sector and month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statistics {
    pub year: i32,
    /// The first day of each month of the year.
    pub months: Vec<NaiveDate>,
    /// The day the year's stocks are taken: 31 December, or today.
    pub as_of: NaiveDate,
    /// Sector → its figures for each month, in `months`' order.
    monthly: BTreeMap<String, Vec<Figures>>,
    /// Sector → its figures over the year (stocks on `as_of`).
    yearly: BTreeMap<String, Figures>,
}

impl Statistics {
    pub fn sectors(&self) -> impl Iterator<Item = &str> {
        self.yearly.keys().map(String::as_str)
    }

    /// Each month's figures, of one sector or of the whole territory.
    pub fn by_month(&self, sector: Option<&str>) -> Vec<Figures> {
        if let Some(s) = sector {
            return self.monthly.get(s).cloned().unwrap_or_else(|| vec![Figures::default(); self.months.len()]);
        }
        let mut months = vec![Figures::default(); self.months.len()];
        for figures in self.monthly.values() {
            for (m, f) in months.iter_mut().zip(figures) {
                m.add(f);
            }
        }
        months
    }

    /// Each sector's figures over the year.
    pub fn by_sector(&self) -> impl Iterator<Item = (&str, &Figures)> {
        self.yearly.iter().map(|(s, f)| (s.as_str(), f))
    }

    /// The territory over the year, or one sector.
    pub fn year(&self, sector: Option<&str>) -> Figures {
        if let Some(s) = sector {
            return self.yearly.get(s).cloned().unwrap_or_default();
        }
        let mut total = Figures::default();
        for f in self.yearly.values() {
            total.add(f);
        }
        total
    }
}

fn sector_name(s: &str) -> &str {
    if s.trim().is_empty() { NO_SECTOR } else { s }
}

/// The sectors met so far, numbered: the figures are summed by number, and
/// each name is written once (a national recomputation meets 35,000
/// sectors and 270,000 capacities for each of 13 days).
#[derive(Default)]
struct Sectors<'a> {
    names: Vec<&'a str>,
    numbers: HashMap<&'a str, usize>,
}

impl<'a> Sectors<'a> {
    fn number(&mut self, name: &'a str) -> usize {
        let name = sector_name(name);
        *self.numbers.entry(name).or_insert_with(|| {
            self.names.push(name);
            self.names.len() - 1
        })
    }
}

/// Under-3 places and free places of each sector (by number) on `day`.
fn stocks(
    sectors: usize,
    holders: &HashMap<Holder, usize>,
    reg: &Registers,
    free: &HashMap<Holder, Vec<&FreeFacts>>,
    day: NaiveDate,
) -> Vec<(u32, u32)> {
    let mut out = vec![(0, 0); sectors];
    for c in reg.capacities.iter().filter(|c| c.covers(day)) {
        if let Some(sector) = holders.get(&c.holder) {
            out[*sector].0 += c.places.under_three();
        }
    }
    for (holder, declarations) in free {
        let Some(sector) = holders.get(holder) else { continue };
        // The latest declaration made by `day` (declarations are by date).
        let made = declarations.partition_point(|d| d.declared_on <= day);
        if let Some(d) = made.checked_sub(1).map(|i| declarations[i])
            && d.available_from <= day
        {
            out[*sector].1 += d.places;
        }
    }
    out
}

/// The statistics of `year`, as known on `today`.
pub fn compute(year: i32, today: NaiveDate, requests: &[RequestFacts], reg: &Registers) -> Statistics {
    // Years the calendar cannot hold are refused by the page; here they
    // fall back on today's year rather than panic.
    let year = if NaiveDate::from_ymd_opt(year, 12, 31).is_some() { year } else { today.year() };
    let months: Vec<NaiveDate> = (1..=12).filter_map(|m| NaiveDate::from_ymd_opt(year, m, 1)).collect();
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let as_of = if today.year() == year { today } else { end };
    // Who counts in the offer, and in which sector.
    let mut sectors = Sectors::default();
    let mut holders: HashMap<Holder, usize> = HashMap::new();
    for f in reg.facilities {
        holders.insert(Holder::Facility(f.id), sectors.number(&f.sector));
    }
    for c in reg.childminders.iter().filter(|c| c.active) {
        holders.insert(Holder::Childminder(c.id), sectors.number(&c.sector));
    }
    let mut free: HashMap<Holder, Vec<&FreeFacts>> = HashMap::new();
    for d in reg.free {
        free.entry(d.holder).or_default().push(d);
    }
    for declarations in free.values_mut() {
        declarations.sort_by_key(|d| d.declared_on); // stable: of one day, the last given stays last
    }

    let mut monthly: Vec<Vec<Figures>> = Vec::new();
    for r in requests.iter().filter(|r| r.start_on.year() == year) {
        let sector = sectors.number(&r.home_sector);
        if monthly.len() <= sector {
            monthly.resize(sector + 1, vec![Figures::default(); 12]);
        }
        monthly[sector][r.start_on.month0() as usize].count(r, today);
    }
    monthly.resize(sectors.names.len(), vec![Figures::default(); 12]);
    for (i, day) in months.iter().enumerate() {
        for (sector, (places, free_places)) in
            stocks(sectors.names.len(), &holders, reg, &free, *day).into_iter().enumerate()
        {
            monthly[sector][i].places = places;
            monthly[sector][i].free_places = free_places;
        }
    }
    let year_stocks = stocks(sectors.names.len(), &holders, reg, &free, as_of);
    let yearly = monthly
        .iter()
        .zip(&year_stocks)
        .zip(&sectors.names)
        .map(|((figures, stock), sector)| {
            let mut y = Figures::default();
            for f in figures {
                y.add_flows(f);
            }
            (y.places, y.free_places) = *stock;
            (sector.to_string(), y)
        })
        .collect();
    let monthly = sectors.names.iter().map(|s| s.to_string()).zip(monthly).collect();
    Statistics { year, months, as_of, monthly, yearly }
}

/// The requests whose desired start falls in `year`, as known on `today`:
/// [`compute`]'s requests for the whole territory, without the registers.
pub fn demand_of_year(requests: &[RequestFacts], year: i32, today: NaiveDate) -> Figures {
    let mut f = Figures::default();
    for r in requests.iter().filter(|r| r.start_on.year() == year) {
        f.count(r, today);
    }
    f
}

/// The smallest count shown to a partner: below it, a count could point
/// to a family or a childminder.
pub const SMALLEST_SHOWN: u32 = 5;

/// A count as a partner sees it: `None` (« moins de 5 ») under the threshold.
pub fn for_partners(n: u32) -> Option<u32> {
    (n >= SMALLEST_SHOWN).then_some(n)
}

/// The median time to a solution as a partner sees it: hidden when fewer
/// than [`SMALLEST_SHOWN`] requests were satisfied.
pub fn median_for_partners(f: &Figures) -> Option<u32> {
    for_partners(f.satisfied).and(f.median_delay())
}

pub mod disclosure;

#[cfg(test)]
mod tests;
