//! The coverage rate a few years ahead, from what is known today: the
//! births trend (children under 3 follow births), the places of
//! childminders reaching 62 (taken as lost: most stop then, and who
//! replaces them is not known), and the under-3 places of facility
//! projects by their expected opening. Nothing else changes: with flat
//! births, nobody retiring and no project, the projection is today.

use super::coverage::Coverage;

/// What changes between `year` and the year projected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes<'a> {
    /// Births by year, any order; two years or more give a trend.
    pub births: &'a [(i32, u32)],
    /// Places held by childminders reaching 62, by the year they reach it.
    pub retiring: &'a [(i32, u32)],
    /// Under-3 places of facility projects, by expected opening year.
    pub opening: &'a [(i32, u32)],
}

/// Yearly growth of births over the known years (geometric); 0 with fewer
/// than two years or none born the first year.
pub fn births_trend(births: &[(i32, u32)]) -> f64 {
    let mut known: Vec<(i32, u32)> = births.to_vec();
    known.sort_unstable();
    known.dedup_by_key(|(y, _)| *y);
    match (known.first(), known.last()) {
        (Some((y0, b0)), Some((y1, b1))) if y1 > y0 && *b0 > 0 => {
            (f64::from(*b1) / f64::from(*b0)).powf(1.0 / f64::from(y1 - y0)) - 1.0
        }
        _ => 0.0,
    }
}

/// `today` (the coverage in `year`) projected `ahead` years.
pub fn project(today: &Coverage, year: i32, ahead: u32, changes: &Changes) -> Coverage {
    let ahead = ahead.min(50) as i32;
    let within = |y: &i32| *y > year && *y <= year + ahead;
    let sum =
        |list: &[(i32, u32)]| list.iter().filter(|(y, _)| within(y)).map(|(_, n)| *n).fold(0u32, u32::saturating_add);
    let growth = (1.0 + births_trend(changes.births)).powi(ahead);
    let children = (f64::from(today.children_under_3) * growth).round();
    let mut places = today.places;
    places.childminders = places.childminders.saturating_sub(sum(changes.retiring));
    places.facilities = places.facilities.saturating_add(sum(changes.opening));
    Coverage { places, children_under_3: if children >= f64::from(u32::MAX) { u32::MAX } else { children as u32 } }
}
