//! Live figures (« chiffres calculés »): what a capability computes that an
//! indicator of the plan may follow instead of typed values. The indicator
//! stores the figure's code; each year's actual value is then computed on
//! 31 December of that year (today for the current year), and the fiche
//! names where it comes from. The needs map and the directory add their
//! figures to this list.

use chrono::{Datelike, NaiveDate};

use crate::childcare::statistics::{self, RequestFacts};
use crate::childcare::{Capacity, Childminder, Facility, FacilityKind, Holder};

/// A figure an indicator may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LiveFigure {
    /// Places of every facility and active childminder.
    Places,
    PlacesOfKind(FacilityKind),
    PlacesOfChildminders,
    ChildmindersActive,
    RequestsReceived,
    RequestsSatisfied,
    RequestsUnmet,
    MedianDaysToSolution,
}

impl LiveFigure {
    /// Every figure, in the order a list offers them.
    pub fn all() -> Vec<LiveFigure> {
        let mut all = vec![LiveFigure::Places];
        all.extend(FacilityKind::ALL.map(LiveFigure::PlacesOfKind));
        all.extend([
            LiveFigure::PlacesOfChildminders,
            LiveFigure::ChildmindersActive,
            LiveFigure::RequestsReceived,
            LiveFigure::RequestsSatisfied,
            LiveFigure::RequestsUnmet,
            LiveFigure::MedianDaysToSolution,
        ]);
        all
    }

    pub fn code(self) -> String {
        match self {
            LiveFigure::Places => "childcare.places".to_owned(),
            LiveFigure::PlacesOfKind(kind) => format!("childcare.places.{}", kind.code()),
            LiveFigure::PlacesOfChildminders => "childcare.places.childminders".to_owned(),
            LiveFigure::ChildmindersActive => "childcare.childminders.active".to_owned(),
            LiveFigure::RequestsReceived => "childcare.requests.received".to_owned(),
            LiveFigure::RequestsSatisfied => "childcare.requests.satisfied".to_owned(),
            LiveFigure::RequestsUnmet => "childcare.requests.unmet".to_owned(),
            LiveFigure::MedianDaysToSolution => "childcare.requests.median_days".to_owned(),
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::all().into_iter().find(|f| f.code() == code)
    }

    /// What the figure counts, as a list offers it.
    pub fn label(self) -> String {
        match self {
            LiveFigure::Places => "Places d'accueil du jeune enfant au 31 décembre, tous modes".to_owned(),
            LiveFigure::PlacesOfKind(kind) => format!("Places au 31 décembre : {}", kind.label()),
            LiveFigure::PlacesOfChildminders => {
                "Places des assistant·e·s maternel·le·s en activité au 31 décembre".to_owned()
            }
            LiveFigure::ChildmindersActive => {
                "Assistant·e·s maternel·le·s en activité avec des places au 31 décembre".to_owned()
            }
            LiveFigure::RequestsReceived => "Demandes d'accueil reçues dans l'année".to_owned(),
            LiveFigure::RequestsSatisfied => "Demandes d'accueil satisfaites (début souhaité dans l'année)".to_owned(),
            LiveFigure::RequestsUnmet => "Demandes d'accueil non satisfaites (début souhaité dans l'année)".to_owned(),
            LiveFigure::MedianDaysToSolution => {
                "Délai médian jusqu'à une solution, en jours (début souhaité dans l'année)".to_owned()
            }
        }
    }

    /// Where the figure comes from, as the fiche names it.
    pub fn source(self) -> &'static str {
        match self {
            LiveFigure::Places
            | LiveFigure::PlacesOfKind(_)
            | LiveFigure::PlacesOfChildminders
            | LiveFigure::ChildmindersActive => "Maillage, registres de l'offre d'accueil",
            _ => "Maillage, demandes d'accueil du guichet unique",
        }
    }
}

/// What the childcare figures are computed from.
pub struct ChildcareRecords<'a> {
    pub facilities: &'a [Facility],
    pub childminders: &'a [Childminder],
    pub capacities: &'a [Capacity],
    pub requests: &'a [RequestFacts],
}

/// The day a year's figure is taken: 31 December, or `today` in the
/// current year; `None` for a year to come.
pub fn day_of(year: i32, today: NaiveDate) -> Option<NaiveDate> {
    match year.cmp(&today.year()) {
        std::cmp::Ordering::Less => NaiveDate::from_ymd_opt(year, 12, 31),
        std::cmp::Ordering::Equal => Some(today),
        std::cmp::Ordering::Greater => None,
    }
}

/// `figure` for `year`, as known on `today`; `None` for a year to come or
/// a median without any solution.
pub fn value(figure: LiveFigure, year: i32, today: NaiveDate, r: &ChildcareRecords) -> Option<f64> {
    let day = day_of(year, today)?;
    let places_of = |wanted: &dyn Fn(Holder) -> bool| -> u32 {
        r.capacities.iter().filter(|c| c.covers(day) && wanted(c.holder)).map(|c| c.places.total()).sum()
    };
    let facility_of = |kind: Option<FacilityKind>| {
        move |h: Holder| match h {
            Holder::Facility(id) => r.facilities.iter().any(|f| f.id == id && kind.is_none_or(|k| f.kind == k)),
            Holder::Childminder(_) => false,
        }
    };
    let active_childminder =
        |h: Holder| matches!(h, Holder::Childminder(id) if r.childminders.iter().any(|c| c.id == id && c.active));
    let demand = || statistics::demand_of_year(r.requests, year, today);
    let n = match figure {
        LiveFigure::Places => places_of(&|h| facility_of(None)(h) || active_childminder(h)),
        LiveFigure::PlacesOfKind(kind) => places_of(&facility_of(Some(kind))),
        LiveFigure::PlacesOfChildminders => places_of(&active_childminder),
        LiveFigure::ChildmindersActive => r
            .childminders
            .iter()
            .filter(|c| c.active)
            .filter(|c| {
                r.capacities
                    .iter()
                    .any(|cap| cap.holder == Holder::Childminder(c.id) && cap.covers(day) && cap.places.total() > 0)
            })
            .count() as u32,
        LiveFigure::RequestsReceived => {
            r.requests.iter().filter(|q| q.filed_on.year() == year && q.filed_on <= day).count() as u32
        }
        LiveFigure::RequestsSatisfied => demand().satisfied,
        LiveFigure::RequestsUnmet => demand().unmet,
        LiveFigure::MedianDaysToSolution => return demand().median_delay().map(f64::from),
    };
    Some(f64::from(n))
}

#[cfg(test)]
mod tests;
