use proptest::prelude::*;

use super::*;
use crate::childcare::{CareMode, Places, RequestStatus, test_records};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn facility(id: i32, kind: FacilityKind) -> Facility {
    Facility { kind, ..test_records::facility(id) }
}

fn childminder(id: i32, active: bool) -> Childminder {
    Childminder { active, ..test_records::childminder(id) }
}

fn capacity(holder: Holder, from: &str, to: Option<&str>, total: u32) -> Capacity {
    Capacity {
        id: 0,
        holder,
        valid_from: d(from),
        valid_to: to.map(d),
        places: Places { infant: 0, toddler: total, preschool: 0 },
        employer_places: 0,
    }
}

fn request(filed: &str, start: &str, status: RequestStatus, closed: Option<&str>) -> RequestFacts {
    RequestFacts {
        home_sector: String::new(),
        filed_on: d(filed),
        start_on: d(start),
        status,
        solved_mode: (status == RequestStatus::Solved).then_some(CareMode::Collective),
        closed_on: closed.map(d),
    }
}

#[test]
fn codes_read_back_and_labels_are_distinct() {
    let all = LiveFigure::all();
    assert_eq!(all.len(), 15);
    for (i, f) in all.iter().enumerate() {
        assert_eq!(LiveFigure::from_code(&f.code()), Some(*f));
        assert!(all[i + 1..].iter().all(|g| g.label() != f.label() && g.code() != f.code()));
    }
    assert_eq!(
        LiveFigure::from_code("childcare.places.micro_creche"),
        Some(LiveFigure::PlacesOfKind(FacilityKind::MicroCreche))
    );
    assert_eq!(LiveFigure::from_code("childcare.places.\n"), None);
}

#[test]
fn each_year_is_taken_on_31_december_and_the_current_one_today() {
    use RequestStatus::*;
    let today = d("2026-06-15");
    let facilities = [facility(1, FacilityKind::MicroCreche), facility(2, FacilityKind::MultiAccueil)];
    let childminders = [childminder(3, true), childminder(4, false)];
    let capacities = [
        capacity(Holder::Facility(1), "2020-01-01", Some("2025-12-31"), 10),
        capacity(Holder::Facility(1), "2026-01-01", None, 12),
        capacity(Holder::Facility(2), "2025-06-01", None, 30),
        capacity(Holder::Childminder(3), "2024-03-01", None, 4),
        capacity(Holder::Childminder(4), "2020-01-01", None, 3),
    ];
    let requests = [
        request("2024-11-02", "2025-01-06", Solved, Some("2024-12-02")),
        request("2025-02-01", "2025-09-01", Solved, Some("2025-04-02")),
        request("2025-03-01", "2025-09-01", NoSolution, Some("2025-10-01")),
        request("2025-04-01", "2025-09-01", Cancelled, Some("2025-05-01")),
        request("2026-01-10", "2026-09-01", Searching, None),
    ];
    let r = ChildcareRecords {
        facilities: &facilities,
        childminders: &childminders,
        capacities: &capacities,
        requests: &requests,
    };
    let v = |f, year| value(f, year, today, &r);
    assert_eq!(v(LiveFigure::Places, 2023), Some(10.0), "the childminder's approval starts in 2024");
    assert_eq!(v(LiveFigure::Places, 2025), Some(44.0));
    assert_eq!(v(LiveFigure::Places, 2026), Some(46.0), "today's places in the current year");
    assert_eq!(v(LiveFigure::Places, 2027), None, "a year to come has no value yet");
    assert_eq!(v(LiveFigure::PlacesOfKind(FacilityKind::MicroCreche), 2025), Some(10.0));
    assert_eq!(v(LiveFigure::PlacesOfKind(FacilityKind::Mam), 2025), Some(0.0));
    assert_eq!(v(LiveFigure::PlacesOfChildminders, 2025), Some(4.0), "an inactive childminder does not count");
    assert_eq!(v(LiveFigure::ChildmindersActive, 2023), Some(0.0));
    assert_eq!(v(LiveFigure::ChildmindersActive, 2025), Some(1.0));
    assert_eq!(v(LiveFigure::RequestsReceived, 2024), Some(1.0), "by the day it was filed");
    assert_eq!(v(LiveFigure::RequestsReceived, 2025), Some(3.0));
    assert_eq!(v(LiveFigure::RequestsSatisfied, 2025), Some(2.0), "by the desired start");
    assert_eq!(v(LiveFigure::RequestsUnmet, 2025), Some(1.0));
    assert_eq!(v(LiveFigure::RequestsUnmet, 2026), Some(0.0), "not unmet before its start");
    assert_eq!(v(LiveFigure::MedianDaysToSolution, 2025), Some(45.0), "30 and 60 days");
    assert_eq!(v(LiveFigure::MedianDaysToSolution, 2026), None, "no solution yet");
}

proptest! {
    /// The places of each kind and of the childminders add up to all places.
    #[test]
    fn places_by_kind_add_up(
        caps in proptest::collection::vec((0i32..12, 0u64..1500, proptest::option::of(0u64..800), 0u32..20), 0..40),
        kinds in proptest::collection::vec(0usize..8, 8),
        active in proptest::collection::vec(any::<bool>(), 4),
        year in 2020i32..2026,
    ) {
        let facilities: Vec<Facility> = (0..8).map(|i| facility(i, FacilityKind::ALL[kinds[i as usize]])).collect();
        let childminders: Vec<Childminder> = (8..12).map(|i| childminder(i, active[(i - 8) as usize])).collect();
        let start = d("2020-01-01");
        let capacities: Vec<Capacity> = caps.iter().map(|(h, from, len, n)| Capacity {
            id: 0,
            holder: if *h < 8 { Holder::Facility(*h) } else { Holder::Childminder(*h) },
            valid_from: start + chrono::Days::new(*from),
            valid_to: len.map(|l| start + chrono::Days::new(from + l)),
            places: Places { infant: *n, toddler: 0, preschool: 1 },
            employer_places: 0,
        }).collect();
        let r = ChildcareRecords { facilities: &facilities, childminders: &childminders, capacities: &capacities, requests: &[] };
        let today = d("2026-03-01");
        let all = value(LiveFigure::Places, year, today, &r).unwrap();
        let parts: f64 = FacilityKind::ALL.iter().map(|k| value(LiveFigure::PlacesOfKind(*k), year, today, &r).unwrap()).sum::<f64>()
            + value(LiveFigure::PlacesOfChildminders, year, today, &r).unwrap();
        prop_assert_eq!(all, parts);
    }
}
