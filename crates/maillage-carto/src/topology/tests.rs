use std::collections::{HashMap, HashSet};

use super::*;
use crate::geojson::{Polygon, parse};

fn feature(number: usize, ring: &[(f64, f64)]) -> Feature {
    let exterior = ring.iter().map(|(lon, lat)| Position { lon: *lon, lat: *lat }).collect();
    Feature { number, properties: Default::default(), polygons: vec![Polygon { exterior, holes: vec![] }] }
}

/// Every point of a shape, as bits (simplified points come from one
/// computation: equal means the same `f64`s).
fn points(s: &Shape) -> HashSet<(u64, u64)> {
    s.polygons.iter().flatten().flatten().map(|(x, y)| (x.to_bits(), y.to_bits())).collect()
}

#[test]
fn a_shared_border_is_simplified_once_for_both_neighbours() {
    // Two squares side by side; their common border wiggles by a few
    // metres (simplified away) and once by a kilometre (kept).
    let border: Vec<(f64, f64)> = (0..=20)
        .map(|i| (2.0 + if i == 10 { 0.01 } else { f64::from(i % 2) * 0.00002 }, 48.0 + f64::from(i) * 0.005))
        .collect();
    let mut west = vec![(1.9, 48.0)];
    west.extend(border.iter().copied());
    west.extend([(1.9, 48.1), (1.9, 48.0)]);
    let mut east: Vec<(f64, f64)> = border.iter().rev().copied().collect();
    east.extend([(2.1, 48.0), (2.1, 48.1)]);
    east.rotate_left(3);
    east.push(east[0]);
    let shapes = simplify(&[feature(1, &west), feature(2, &east)], Projection::Lambert93, 50.0);
    let (w, e) = (points(&shapes[0]), points(&shapes[1]));
    let shared: HashSet<_> = w.intersection(&e).collect();
    // Each side has the border's points and its own two corners, no more.
    assert_eq!((w.len() - shared.len(), e.len() - shared.len()), (2, 2), "{w:?} {e:?}");
    assert!((3..21).contains(&shared.len()), "the wiggles are gone, the bump stays: {}", shared.len());
}

#[test]
fn ille_et_vilaine_keeps_its_borders_shared_and_loses_points() {
    let features =
        parse(include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/communes-35-ille-et-vilaine.geojson")), None)
            .unwrap();
    let shapes = simplify(&features, Projection::Lambert93, 100.0);
    let before: usize = features
        .iter()
        .flat_map(|f| &f.polygons)
        .map(|p| p.exterior.len() + p.holes.iter().map(Vec::len).sum::<usize>())
        .sum();
    let after: usize = shapes.iter().flat_map(|s| s.polygons.iter().flatten()).map(Vec::len).sum();
    // The file is already simplified (Mapshaper, 25 %): 100 m drops about half.
    assert!(after * 10 < before * 6, "{before} points, {after} kept");
    // Where two communes had the same vertices, they keep the same ones.
    let original: Vec<HashSet<(u64, u64)>> = features
        .iter()
        .map(|f| {
            f.polygons
                .iter()
                .flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes))
                .flatten()
                .map(|p| {
                    let (x, y) = Projection::Lambert93.project(*p);
                    (x.to_bits(), y.to_bits())
                })
                .collect()
        })
        .collect();
    let kept: Vec<HashSet<(u64, u64)>> = shapes.iter().map(points).collect();
    let mut owners: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, o) in original.iter().enumerate() {
        for p in o {
            owners.entry(*p).or_default().push(i);
        }
    }
    let mut neighbours = 0;
    for (a, b) in owners.values().filter(|o| o.len() == 2).map(|o| (o[0], o[1])).collect::<HashSet<_>>() {
        neighbours += 1;
        let from_a: HashSet<_> = kept[a].intersection(&original[b]).collect();
        let from_b: HashSet<_> = kept[b].intersection(&original[a]).collect();
        assert_eq!(from_a, from_b, "communes {} and {}", features[a].number, features[b].number);
    }
    assert!(neighbours > 800, "{neighbours} pairs of neighbours");
}

#[test]
fn a_tiny_island_is_kept_as_it_was() {
    let islet = [(-1.0, 47.0), (-1.0001, 47.0), (-1.0001, 47.0001), (-1.0, 47.0)];
    let shapes = simplify(&[feature(1, &islet)], Projection::Lambert93, 500.0);
    assert_eq!(shapes[0].polygons[0][0].len(), 4);
}

#[test]
fn an_enclave_and_the_hole_it_fills_stay_the_same_line() {
    // A wiggly enclave inside a square, its ring and the square's hole
    // written from different starting points and in opposite directions.
    let enclave: Vec<(f64, f64)> = (0..40)
        .map(|i| {
            let a = f64::from(i) / 40.0 * std::f64::consts::TAU;
            let r = 0.02 + if i % 2 == 0 { 0.0 } else { 0.00003 };
            (2.05 + r * a.cos(), 48.05 + r * a.sin())
        })
        .collect();
    let mut ring = enclave.clone();
    ring.push(ring[0]);
    let mut hole: Vec<(f64, f64)> = enclave.iter().rev().copied().collect();
    hole.rotate_left(7);
    hole.push(hole[0]);
    let to_ring = |r: &[(f64, f64)]| r.iter().map(|(lon, lat)| Position { lon: *lon, lat: *lat }).collect::<Vec<_>>();
    let outer = Feature {
        number: 1,
        properties: Default::default(),
        polygons: vec![Polygon {
            exterior: to_ring(&[(2.0, 48.0), (2.1, 48.0), (2.1, 48.1), (2.0, 48.1), (2.0, 48.0)]),
            holes: vec![to_ring(&hole)],
        }],
    };
    let shapes = simplify(&[outer, feature(2, &ring)], Projection::Lambert93, 30.0);
    let bits = |r: &Vec<Point>| r.iter().map(|(x, y)| (x.to_bits(), y.to_bits())).collect::<HashSet<_>>();
    let (hole, island) = (bits(&shapes[0].polygons[0][1]), bits(&shapes[1].polygons[0][0]));
    assert_eq!(hole, island);
    assert!(island.len() < 30, "the wiggles are gone: {}", island.len());
}

proptest::proptest! {
    /// Simplified, a line keeps its ends, and no point of the original is
    /// farther than the tolerance from it.
    #[test]
    fn no_point_moves_more_than_the_tolerance(
        ys in proptest::collection::vec(-500.0f64..500.0, 2..60),
        tolerance in 1.0f64..200.0,
    ) {
        let line: Vec<Point> = ys.iter().enumerate().map(|(i, y)| (i as f64 * 100.0, *y)).collect();
        let kept = douglas_peucker(&line, tolerance);
        proptest::prop_assert_eq!(kept.first(), line.first());
        proptest::prop_assert_eq!(kept.last(), line.last());
        for p in &line {
            let nearest = kept.windows(2).map(|w| distance_to_segment(*p, w[0], w[1])).fold(f64::MAX, f64::min);
            proptest::prop_assert!(nearest <= tolerance + 1e-9, "{p:?} is {nearest} m away");
        }
    }
}
