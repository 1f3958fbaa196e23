//! Which declared free places answer a family's request, best first, each
//! with why it matches: a free place on every day asked for, in the age
//! band the child will be in on the start date, free by that date, in a
//! sector the family accepts and a mode it asked for.

use chrono::NaiveDate;

use super::request::CareRequest;
use super::vacancy::is_stale;
use super::{AgeBand, CareMode, FreePlaces, Holder, Weekdays};
use crate::time::french_date;

/// A holder's latest free places, as matching needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub holder: Holder,
    pub name: String,
    /// The care mode its places are: a facility's kind, a childminder
    /// (in a MAM or not).
    pub mode: CareMode,
    pub sector: String,
    pub free: FreePlaces,
    pub available_from: NaiveDate,
    pub declared_on: NaiveDate,
}

/// A candidate that answers the request, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub candidate: Candidate,
    /// In the family's own sector: the nearest.
    pub home: bool,
    /// The rank of its mode in the family's preferences (0: first choice).
    pub preference: usize,
    /// Declared more than three months ago: to check before proposing.
    pub to_confirm: bool,
    /// Each reason, in plain words.
    pub reasons: Vec<String>,
}

/// The candidates that answer `request`, nearest first, then by the
/// family's preference, then the freshest declaration, then by name. None
/// if the child's age band on the start date is unknown (over 6).
pub fn compatible(request: &CareRequest, candidates: &[Candidate], today: NaiveDate) -> Vec<Match> {
    let Some(band) = request.child.band_on(request.start_on) else { return Vec::new() };
    let days = request.schedule.days();
    let mut found: Vec<Match> = candidates
        .iter()
        .filter_map(|c| {
            let preference = request.modes.iter().position(|m| *m == c.mode)?;
            let accepted = request.sectors.is_empty() || request.sectors.contains(&c.sector);
            if !accepted || c.available_from > request.start_on || !c.free.covers(days, band) {
                return None;
            }
            let home = !request.home_sector.is_empty() && c.sector == request.home_sector;
            let to_confirm = is_stale(c.declared_on, today);
            Some(Match {
                reasons: reasons(c, band, days, home, preference),
                candidate: c.clone(),
                home,
                preference,
                to_confirm,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        (!a.home, a.preference, a.to_confirm, std::cmp::Reverse(a.candidate.declared_on), &a.candidate.name).cmp(&(
            !b.home,
            b.preference,
            b.to_confirm,
            std::cmp::Reverse(b.candidate.declared_on),
            &b.candidate.name,
        ))
    });
    found
}

fn reasons(c: &Candidate, band: AgeBand, days: Weekdays, home: bool, preference: usize) -> Vec<String> {
    let rank = match preference {
        0 => "1er choix".to_owned(),
        n => format!("{}e choix", n + 1),
    };
    let sector = if c.sector.is_empty() { "sans secteur".to_owned() } else { format!("secteur {}", c.sector) };
    vec![
        format!("Place libre : {}, pour les {}", days.label(), band.label()),
        format!("Libre dès le {}", french_date(c.available_from)),
        if home {
            format!("Dans le quartier de la famille ({sector})")
        } else {
            format!("Secteur accepté ({sector})")
        },
        format!("{} : {rank} de la famille", c.mode.short_label()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::childcare::request::{Child, RequestStatus, Schedule};
    use chrono::{NaiveTime, Weekday};
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn request(days: &[Weekday], modes: Vec<CareMode>, sectors: &[&str]) -> CareRequest {
        let (eight, five) = (NaiveTime::from_hms_opt(8, 0, 0).unwrap(), NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        CareRequest {
            id: 1,
            territory_id: 1,
            code: "AAAA-AAAA".into(),
            child: Child { first_name: String::new(), born: true, date: d("2024-06-01") },
            start_on: d("2025-01-06"),
            schedule: Schedule::new(days.iter().map(|day| (*day, eight, five)).collect()).unwrap(),
            modes,
            sectors: sectors.iter().map(|s| (*s).to_owned()).collect(),
            home_sector: "Centre".into(),
            parent_name: String::new(),
            email: String::new(),
            phone: String::new(),
            notes: String::new(),
            status: RequestStatus::Searching,
            solved_mode: None,
            filed_on: d("2024-11-15"),
            filed_by: String::new(),
            confirmed_on: d("2024-11-15"),
            reminded_on: None,
            closed_on: None,
            anonymised_on: None,
            version: 1,
        }
    }

    fn candidate(id: i32, mode: CareMode, sector: &str, cells: &[(Weekday, AgeBand)]) -> Candidate {
        let mut free = FreePlaces::default();
        for (day, band) in cells {
            free.set(*day, *band, 1);
        }
        Candidate {
            holder: Holder::Childminder(id),
            name: format!("Candidate {id}"),
            mode,
            sector: sector.into(),
            free,
            available_from: d("2024-12-01"),
            declared_on: d("2024-11-01"),
        }
    }

    use AgeBand::*;
    use Weekday::*;

    #[test]
    fn the_nearest_first_then_the_familys_preference_each_with_its_reasons() {
        let r = request(&[Mon, Tue], vec![CareMode::Collective, CareMode::Childminder], &["Centre", "Nord"]);
        let both = [(Mon, Infant), (Tue, Infant)];
        let cands = vec![
            candidate(1, CareMode::Childminder, "Nord", &both),
            candidate(2, CareMode::Childminder, "Centre", &both),
            candidate(3, CareMode::Collective, "Centre", &both),
            candidate(4, CareMode::Collective, "Centre", &[(Mon, Infant)]), // not on Tuesday
            candidate(5, CareMode::Collective, "Centre", &[(Mon, Toddler), (Tue, Toddler)]), // wrong band
            candidate(6, CareMode::Mam, "Centre", &both),                   // not asked for
            candidate(7, CareMode::Collective, "Sud", &both),               // not accepted
        ];
        let found = compatible(&r, &cands, d("2024-11-15"));
        let ids: Vec<i32> = found
            .iter()
            .map(|m| match m.candidate.holder {
                Holder::Childminder(id) | Holder::Facility(id) => id,
            })
            .collect();
        assert_eq!(ids, [3, 2, 1]);
        assert_eq!(found[0].reasons[0], "Place libre : lundi et mardi, pour les moins de 18 mois");
        assert_eq!(found[0].reasons[2], "Dans le quartier de la famille (secteur Centre)");
        assert_eq!(found[2].reasons[3], "assistant·e maternel·le : 2e choix de la famille");
    }

    #[test]
    fn a_place_free_after_the_start_or_a_child_too_old_matches_nothing() {
        let r = request(&[Mon], vec![CareMode::Childminder], &[]);
        let mut late = candidate(1, CareMode::Childminder, "Centre", &[(Mon, Infant)]);
        late.available_from = d("2025-02-01");
        assert!(compatible(&r, &[late], d("2024-11-15")).is_empty());
        let mut old = request(&[Mon], vec![CareMode::Childminder], &[]);
        old.child.date = d("2018-01-01");
        assert!(
            compatible(&old, &[candidate(1, CareMode::Childminder, "", &[(Mon, Infant)])], d("2024-11-15")).is_empty()
        );
    }

    proptest! {
        /// Never a place of the wrong age band, never a day it does not
        /// cover, never a mode or a sector the family did not accept.
        #[test]
        fn every_match_covers_the_request(
            asked in proptest::collection::btree_set(0usize..6, 1..4),
            cells in proptest::collection::vec((0usize..6, 0usize..3, 0u32..3, 0usize..3, 0usize..3), 0..30),
            months in 0u32..60,
        ) {
            let days: Vec<Weekday> = asked.iter().map(|i| crate::childcare::vacancy::DAYS[*i]).collect();
            let mut r = request(&days, vec![CareMode::Childminder, CareMode::Mam], &["Centre"]);
            r.child.date = r.start_on.checked_sub_months(chrono::Months::new(months)).unwrap();
            let sectors = ["Centre", "Nord", ""];
            let modes = [CareMode::Childminder, CareMode::Mam, CareMode::Collective];
            let cands: Vec<Candidate> = cells.iter().enumerate().map(|(i, (day, band, n, sector, mode))| {
                let mut c = candidate(i as i32, modes[*mode], sectors[*sector], &[]);
                for extra in 0..*n {
                    c.free.set(crate::childcare::vacancy::DAYS[(*day + extra as usize) % 6], AgeBand::ALL[*band], 1);
                }
                c
            }).collect();
            let band = r.child.band_on(r.start_on);
            for m in compatible(&r, &cands, d("2024-11-15")) {
                let band = band.expect("a match has a band");
                for day in &days {
                    prop_assert!(m.candidate.free.get(*day, band) > 0);
                }
                prop_assert!(r.modes.contains(&m.candidate.mode));
                prop_assert_eq!(m.candidate.sector.as_str(), "Centre");
            }
        }
    }
}
