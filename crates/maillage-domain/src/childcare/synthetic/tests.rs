use std::collections::HashSet;

use chrono::NaiveDate;

use super::*;
use crate::childcare::{Holder, Places, RequestStatus};
use crate::geo;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn national() -> Vec<SyntheticTerritory> {
    territories(&geo::communes(), &geo::epcis(), &Scale::National).unwrap()
}

fn within(value: u64, target: u64, percent: u64) -> bool {
    value.abs_diff(target) * 100 <= target * percent
}

#[test]
fn the_country_is_one_territory_per_epci_and_every_commune_a_sector_once() {
    let all = national();
    assert_eq!(all.len(), 1_255 + 98, "1,255 EPCI and 98 communes outside any");
    let codes: Vec<&str> = all.iter().flat_map(|t| t.sectors.iter().map(|s| s.code.as_str())).collect();
    assert_eq!(codes.len(), 34_969);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), codes.len());
    for t in &all {
        let names: HashSet<&str> = t.sectors.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.len(), t.sectors.len(), "sector names are unique within {}", t.slug);
    }
    assert!(all.iter().any(|t| t.slug == "commune-97501"), "Saint-Pierre-et-Miquelon stands alone");
}

#[test]
fn national_totals_are_those_of_the_design() {
    let all = national();
    let sum =
        |f: fn(&SyntheticSector) -> u32| -> u64 { all.iter().flat_map(|t| &t.sectors).map(|s| u64::from(f(s))).sum() };
    assert!(within(sum(|s| s.childminders), NATIONAL.childminders, 1), "{}", sum(|s| s.childminders));
    assert!(within(sum(|s| s.facilities), NATIONAL.facilities, 2), "{}", sum(|s| s.facilities));
    assert!(within(sum(|s| s.requests), NATIONAL.requests, 1), "{}", sum(|s| s.requests));
    // Paris's EPCI (Métropole du Grand Paris) holds about a tenth of the country.
    let paris = all.iter().find(|t| t.sectors.iter().any(|s| s.code == "75056")).unwrap();
    let share = paris.sectors.iter().map(|s| u64::from(s.requests)).sum::<u64>();
    assert!((50_000..90_000).contains(&share), "{share}");
}

#[test]
fn a_departement_gets_its_share_and_an_unknown_one_is_said() {
    let rhone = territories(&geo::communes(), &geo::epcis(), &Scale::Departement("69".into())).unwrap();
    let requests: u64 = rhone.iter().flat_map(|t| &t.sectors).map(|s| u64::from(s.requests)).sum();
    // 1.91 million inhabitants out of 68.95: 2.8 % of 700,000.
    assert!(within(requests, 19_400, 3), "{requests}");
    let error = territories(&geo::communes(), &geo::epcis(), &Scale::Departement("100".into())).unwrap_err();
    assert!(error.contains("« 100 »"), "{error}");
}

#[test]
fn facilities_average_about_thirty_two_places() {
    let all = territories(&geo::communes(), &geo::epcis(), &Scale::Departement("13".into())).unwrap();
    let (mut facilities, mut places) = (0_u64, 0_u64);
    for t in &all {
        for (_, c) in offer(t, today()).facilities {
            facilities += 1;
            places += u64::from(c.places.total());
        }
    }
    assert!(facilities > 100);
    assert!((29..=36).contains(&(places / facilities)), "{}", places / facilities);
}

#[test]
fn codes_never_repeat() {
    let codes: HashSet<String> = (0..700_000).map(code).collect();
    assert_eq!(codes.len(), 700_000);
    assert!(codes.iter().all(|c| crate::childcare::request::code::normalise(c).as_deref() == Some(c.as_str())));
}

#[test]
fn requests_and_declarations_are_consistent_with_the_rules() {
    let all = territories(&geo::communes(), &geo::epcis(), &Scale::Departement("2A".into())).unwrap();
    let mut first = 0;
    for t in &all {
        let names: HashSet<&str> = t.sectors.iter().map(|s| s.name.as_str()).collect();
        for s in requests(t, first, today()) {
            let r = &s.request;
            assert!(r.sectors.iter().all(|x| names.contains(x.as_str())) && names.contains(r.home_sector.as_str()));
            assert!(r.filed_on <= today() && r.filed_on > today() - chrono::Days::new(366));
            assert_eq!(r.closed_on.is_some(), !r.status.is_open(), "{}", r.code);
            assert_eq!(r.solved_mode.is_some(), r.status == RequestStatus::Solved);
            assert!(r.solved_mode.is_none_or(|m| r.modes.contains(&m)));
            assert_eq!(s.history.first().map(|h| h.1), Some(RequestStatus::Filed));
            assert_eq!(s.history.last().map(|h| h.1), Some(r.status));
            assert!(s.history.windows(2).all(|w| w[0].0 <= w[1].0), "dated in order");
            assert!(r.child.band_on(r.start_on).is_some(), "a child under 6 on the start date");
            first += 1;
        }
        let o = offer(t, today());
        let holders: Vec<(Holder, Places, bool)> = o
            .childminders
            .iter()
            .enumerate()
            .map(|(i, (f, c))| (Holder::Childminder(i as i32), c.places, f.active))
            .collect();
        for d in declarations(t, &holders, today()) {
            let Holder::Childminder(i) = d.holder else { unreachable!() };
            let (fields, capacity) = &o.childminders[i as usize];
            assert!(fields.active);
            assert!(d.free.cells().all(|(_, band, n)| n <= capacity.places.get(band)));
        }
    }
    assert!(first > 500, "Corse-du-Sud has requests: {first}");
}
