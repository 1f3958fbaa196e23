use proptest::prelude::*;

use super::*;
use crate::childcare::summary::summarise;
use crate::childcare::{FreePlaces, Places, test_records};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn facility(id: i32, sector: &str) -> Facility {
    Facility { sector: sector.to_owned(), ..test_records::facility(id) }
}

fn childminder(id: i32, sector: &str, active: bool) -> Childminder {
    Childminder { sector: sector.to_owned(), active, ..test_records::childminder(id) }
}

fn capacity(holder: Holder, from: &str, to: Option<&str>, infant: u32, toddler: u32, preschool: u32) -> Capacity {
    Capacity {
        id: 0,
        holder,
        valid_from: d(from),
        valid_to: to.map(d),
        places: Places { infant, toddler, preschool },
        employer_places: 0,
    }
}

fn request(sector: &str, filed: &str, start: &str, status: RequestStatus, closed: Option<&str>) -> RequestFacts {
    RequestFacts {
        home_sector: sector.to_owned(),
        filed_on: d(filed),
        start_on: d(start),
        status,
        solved_mode: (status == RequestStatus::Solved).then_some(CareMode::Childminder),
        closed_on: closed.map(d),
    }
}

#[test]
fn a_year_by_hand() {
    use RequestStatus::*;
    let today = d("2026-06-15");
    let mut solved_collective = request("Nord", "2026-01-10", "2026-03-02", Solved, Some("2026-02-09"));
    solved_collective.solved_mode = Some(CareMode::Collective);
    let requests = [
        solved_collective,                                                           // 30 days
        request("Nord", "2026-01-01", "2026-03-20", Solved, Some("2026-03-12")),     // 70 days
        request("Nord", "2026-02-01", "2026-03-25", NoSolution, Some("2026-04-01")), // unmet
        request("Nord", "2026-02-01", "2026-03-25", Searching, None),                // open, start passed: unmet
        request("Nord", "2026-02-01", "2026-03-25", Cancelled, Some("2026-03-01")),  // withdrawn
        request("Nord", "2026-02-01", "2026-03-25", Expired, Some("2026-03-01")),    // withdrawn
        request("", "2026-05-01", "2026-09-01", Filed, None),                        // open, start to come
        request("Sud", "2025-05-01", "2025-09-01", Solved, Some("2025-06-01")),      // another year
    ];
    let facilities = [facility(1, "Nord")];
    let childminders = [childminder(2, "Sud", true), childminder(3, "Sud", false)];
    let capacities = [
        capacity(Holder::Facility(1), "2020-01-01", Some("2026-04-30"), 10, 20, 5),
        capacity(Holder::Facility(1), "2026-05-01", None, 12, 24, 5),
        capacity(Holder::Childminder(2), "2020-01-01", None, 1, 2, 1),
        capacity(Holder::Childminder(3), "2020-01-01", None, 4, 0, 0),
    ];
    let free = [
        FreeFacts {
            holder: Holder::Childminder(2),
            declared_on: d("2026-01-15"),
            available_from: d("2026-03-01"),
            places: 2,
        },
        FreeFacts {
            holder: Holder::Childminder(2),
            declared_on: d("2026-04-10"),
            available_from: d("2026-04-10"),
            places: 0,
        },
        FreeFacts {
            holder: Holder::Childminder(3),
            declared_on: d("2026-01-15"),
            available_from: d("2026-01-15"),
            places: 4,
        },
    ];
    let reg = Registers { facilities: &facilities, childminders: &childminders, capacities: &capacities, free: &free };
    let s = compute(2026, today, &requests, &reg);

    assert_eq!(s.sectors().collect::<Vec<_>>(), ["Nord", "Sans secteur", "Sud"]);
    assert_eq!(s.as_of, today, "the current year's stocks are today's");
    let march = &s.by_month(Some("Nord"))[2];
    assert_eq!((march.requests, march.satisfied, march.unmet), (6, 2, 2));
    assert_eq!(march.by_mode, [1, 1, 0, 0]);
    assert_eq!(march.median_delay(), Some(50), "30 and 70 days");
    assert_eq!(march.places, 30);
    let sud = s.by_month(Some("Sud"));
    assert_eq!(
        (sud[1].free_places, sud[2].free_places, sud[4].free_places),
        (0, 2, 0),
        "available from March, none after April's declaration"
    );
    assert_eq!(sud[0].places, 3, "an inactive childminder holds no place of the offer");
    assert_eq!(sud.iter().map(|f| f.requests).sum::<u32>(), 0, "2025's request is not in 2026");
    let year = s.year(None);
    assert_eq!((year.requests, year.satisfied, year.unmet), (7, 2, 2));
    assert_eq!(year.places, 36 + 3, "places on the day the year is taken");
    let september = &s.by_month(Some("Sans secteur"))[8];
    assert_eq!((september.requests, september.unmet), (1, 0), "not unmet before its desired start");

    let past = compute(2025, today, &requests, &reg);
    assert_eq!(past.as_of, d("2025-12-31"));
    assert_eq!(past.year(Some("Sud")).median_delay(), Some(31));
}

#[test]
fn medians_and_what_partners_see() {
    let f = |delays: &[u32]| Figures { delays: delays.to_vec(), ..Figures::default() };
    assert_eq!(f(&[]).median_delay(), None);
    assert_eq!(f(&[9, 1, 5]).median_delay(), Some(5));
    assert_eq!(f(&[10, 1]).median_delay(), Some(6), "5.5 days rounds up");
    assert_eq!((for_partners(4), for_partners(0), for_partners(5)), (None, None, Some(5)));
    let few = Figures { satisfied: 4, delays: vec![3, 3, 3, 3], ..Figures::default() };
    assert_eq!((few.median_delay(), median_for_partners(&few)), (Some(3), None));
}

fn statuses() -> impl Strategy<Value = RequestStatus> {
    proptest::sample::select(RequestStatus::ALL.to_vec())
}

proptest! {
    /// Sectors add up to the territory, months to the year, modes to the
    /// satisfied; the places of a month are the offer's on that day.
    #[test]
    fn everything_adds_up(
        reqs in proptest::collection::vec((0usize..4, 0u64..900, 0u64..200, statuses(), 0usize..4), 0..60),
        caps in proptest::collection::vec((0i32..8, 0u64..900, proptest::option::of(0u64..600), 0u32..9, 0u32..9, 0u32..4), 0..30),
        frees in proptest::collection::vec((0i32..8, 0u64..900, 0u64..60, 0u32..4), 0..30),
        active in proptest::collection::vec(any::<bool>(), 4),
        today in 0u64..1100,
    ) {
        let names = ["Centre", "Nord", "", "Sud"];
        let day = |n: u64| d("2025-01-01") + chrono::Days::new(n);
        let facilities: Vec<Facility> = (0..4).map(|i| facility(i, names[i as usize])).collect();
        let childminders: Vec<Childminder> = (4..8).map(|i| childminder(i, names[(i - 4) as usize], active[(i - 4) as usize])).collect();
        let holder = |h: i32| if h < 4 { Holder::Facility(h) } else { Holder::Childminder(h) };
        let capacities: Vec<Capacity> = caps.iter().map(|(h, from, len, a, b, c)| Capacity {
            id: 0, holder: holder(*h), valid_from: day(*from), valid_to: len.map(|l| day(from + l)),
            places: Places { infant: *a, toddler: *b, preschool: *c }, employer_places: 0,
        }).collect();
        let free: Vec<FreeFacts> = frees.iter().map(|(h, on, wait, n)| FreeFacts {
            holder: holder(*h), declared_on: day(*on), available_from: day(on + wait), places: *n,
        }).collect();
        let requests: Vec<RequestFacts> = reqs.iter().map(|(s, filed, wait, status, mode)| RequestFacts {
            home_sector: names[*s].to_owned(),
            filed_on: day(*filed),
            start_on: day(filed + wait),
            status: *status,
            solved_mode: (*status == RequestStatus::Solved).then_some(CareMode::ALL[*mode]),
            closed_on: (!status.is_open()).then(|| day(filed + wait / 2)),
        }).collect();
        let reg = Registers { facilities: &facilities, childminders: &childminders, capacities: &capacities, free: &free };
        let s = compute(2026, day(today), &requests, &reg);
        let territory = s.year(None);
        let mut sum = Figures::default();
        for (_, f) in s.by_sector() { sum.add(f); }
        prop_assert_eq!(sum.requests, territory.requests);
        prop_assert_eq!(sum.places, territory.places);
        prop_assert_eq!(sum.free_places, territory.free_places);
        prop_assert_eq!(territory.by_mode.iter().sum::<u32>(), territory.satisfied);
        prop_assert!(territory.satisfied + territory.unmet <= territory.requests);
        let months = s.by_month(None);
        let mut flows = Figures::default();
        for m in &months { flows.add_flows(m); }
        prop_assert_eq!((flows.requests, flows.satisfied, flows.unmet), (territory.requests, territory.satisfied, territory.unmet));
        prop_assert_eq!(flows.median_delay(), territory.median_delay());
        prop_assert_eq!(territory.requests as usize, requests.iter().filter(|r| r.start_on.year() == 2026).count());
        for (m, first) in months.iter().zip(&s.months) {
            let offer = summarise(&facilities, &childminders, &capacities, *first);
            prop_assert_eq!(m.places, offer.total.under_three(), "the offer's places on {}", first);
        }
        // Read in another order (a database owes none), the same figures.
        let reversed: Vec<RequestFacts> = requests.iter().rev().cloned().collect();
        prop_assert_eq!(compute(2026, day(today), &reversed, &reg), s);
    }
}

#[test]
fn free_places_of_a_declaration_take_each_band_once() {
    let mut free = FreePlaces::default();
    for day in [chrono::Weekday::Mon, chrono::Weekday::Tue] {
        free.set(day, AgeBand::Infant, 1);
    }
    free.set(chrono::Weekday::Wed, AgeBand::Toddler, 2);
    free.set(chrono::Weekday::Wed, AgeBand::Preschool, 3);
    let declaration = VacancyDeclaration {
        id: 1,
        holder: Holder::Childminder(1),
        declared_on: d("2026-01-01"),
        available_from: d("2026-01-01"),
        declared_by: String::new(),
        free,
    };
    assert_eq!(FreeFacts::of(&declaration).places, 3, "1 baby place on two days, 2 toddler places; over-3s apart");
}
