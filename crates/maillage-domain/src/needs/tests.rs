use proptest::prelude::*;

use super::coverage::{Component, Coverage, Places, french, per_hundred, tension};
use super::projection::{Changes, births_trend, project};

fn coverage(facilities: u32, childminders: u32, home_care: u32, school: u32, children: u32) -> Coverage {
    Coverage { places: Places { facilities, childminders, home_care, school }, children_under_3: children }
}

#[test]
fn the_rate_by_hand() {
    // 120 facility places, 300 with childminders, 12 at home, 40 at school for 800 children.
    let c = coverage(120, 300, 12, 40, 800);
    assert_eq!(c.rate(), Some(59.0));
    assert_eq!(c.component(Component::Facilities), Some(15.0));
    assert_eq!(c.component(Component::Childminders), Some(37.5));
    assert_eq!(french(c.rate()), "59,0");
    assert_eq!(french(c.component(Component::HomeCare)), "1,5");
    // 70 for 100: 560 places, 88 to create; a rate already reached needs none.
    assert_eq!(c.places_to_reach(70.0), Some(88));
    assert_eq!(c.places_to_reach(50.0), Some(0));
    assert_eq!(tension(30, 12), Some(2.5));
    assert_eq!(tension(30, 0), None, "no free place: not a number");
}

#[test]
fn a_sector_without_children_is_not_computable() {
    let empty = coverage(20, 5, 0, 0, 0);
    assert_eq!((empty.rate(), empty.component(Component::School)), (None, None));
    assert_eq!(french(empty.rate()), "non calculable");
    assert_eq!(empty.places_to_reach(60.0), None);
    assert_eq!(per_hundred(3, 0), None);
}

#[test]
fn a_projection_by_hand() {
    let today = coverage(100, 200, 0, 20, 500);
    // Births from 160 to 144 over two years: -5.13 % a year; in 3 years 500 → 426.9.
    let births = [(2024, 160), (2026, 144)];
    let retiring = [(2026, 9), (2027, 12), (2029, 8), (2030, 50)];
    let opening = [(2028, 24), (2031, 10)];
    let later = project(&today, 2026, 3, &Changes { births: &births, retiring: &retiring, opening: &opening });
    assert_eq!(later.children_under_3, 427);
    assert_eq!(later.places, Places { facilities: 124, childminders: 180, home_care: 0, school: 20 });
    assert!((births_trend(&births) - (-0.05132)).abs() < 1e-4);
}

proptest! {
    /// One more place of any kind never lowers the rate nor any component.
    #[test]
    fn a_place_more_never_lowers_a_rate(
        p in (0u32..5_000, 0u32..5_000, 0u32..500, 0u32..500), children in 0u32..20_000, which in 0usize..4,
    ) {
        let before = coverage(p.0, p.1, p.2, p.3, children);
        let mut after = before;
        match Component::ALL[which] {
            Component::Facilities => after.places.facilities += 1,
            Component::Childminders => after.places.childminders += 1,
            Component::HomeCare => after.places.home_care += 1,
            Component::School => after.places.school += 1,
        }
        prop_assert!(after.rate() >= before.rate());
        for c in Component::ALL {
            prop_assert!(after.component(c) >= before.component(c));
        }
        let sum: f64 = Component::ALL.iter().filter_map(|c| after.component(*c)).sum();
        if let Some(rate) = after.rate() {
            prop_assert!((sum - rate).abs() < 1e-9, "the components add up to the rate");
        }
    }

    /// Sectors add up: the territory's places and children are theirs,
    /// and its rate lies between its sectors' lowest and highest.
    #[test]
    fn sectors_add_up_to_the_territory(
        sectors in proptest::collection::vec((0u32..900, 0u32..900, 0u32..90, 0u32..90, 0u32..2_000), 1..12),
    ) {
        let sectors: Vec<Coverage> = sectors.iter().map(|s| coverage(s.0, s.1, s.2, s.3, s.4)).collect();
        let territory = Coverage::sum(&sectors);
        prop_assert_eq!(territory.places.total(), sectors.iter().map(|s| s.places.total()).sum::<u32>());
        prop_assert_eq!(territory.children_under_3, sectors.iter().map(|s| s.children_under_3).sum::<u32>());
        let rates: Vec<f64> = sectors.iter().filter_map(Coverage::rate).collect();
        if let (Some(rate), true) = (territory.rate(), sectors.iter().all(|s| s.children_under_3 > 0)) {
            let lowest = rates.iter().copied().fold(f64::MAX, f64::min);
            let highest = rates.iter().copied().fold(f64::MIN, f64::max);
            prop_assert!(lowest - 1e-9 <= rate && rate <= highest + 1e-9);
        }
    }

    /// With flat births, nobody retiring and no project, the projection
    /// is today, whatever the horizon.
    #[test]
    fn nothing_changing_projects_today(
        p in (0u32..5_000, 0u32..5_000, 0u32..500, 0u32..500), children in 0u32..20_000,
        born in 0u32..3_000, years in 1usize..6, ahead in 0u32..10,
    ) {
        let today = coverage(p.0, p.1, p.2, p.3, children);
        let births: Vec<(i32, u32)> = (0..years).map(|i| (2020 + i as i32, born)).collect();
        let later = project(&today, 2026, ahead, &Changes { births: &births, retiring: &[], opening: &[] });
        prop_assert_eq!(later, today);
    }

    /// The places to create reach the target, and one fewer would not.
    #[test]
    fn the_places_to_create_are_just_enough(
        p in (0u32..5_000, 0u32..5_000), children in 1u32..20_000, target in 0.0f64..120.0,
    ) {
        let today = coverage(p.0, p.1, 0, 0, children);
        let needed = today.places_to_reach(target).unwrap();
        let mut reached = today;
        reached.places.facilities += needed;
        prop_assert!(reached.rate().unwrap() >= target - 1e-9);
        if needed > 0 {
            reached.places.facilities -= 1;
            prop_assert!(reached.rate().unwrap() < target);
        }
    }
}
