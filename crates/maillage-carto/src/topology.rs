//! Simplification that keeps shared borders shared. Neighbouring
//! communes carry the same border twice, once in each polygon; simplified
//! apart, the two copies would drift and leave slivers and gaps. So the
//! rings are first cut into arcs at their junctions (a vertex where three
//! or more edges meet, where one border ends and another begins), each
//! arc is simplified once (Douglas–Peucker, in projected metres), and the
//! rings are put back together from the simplified arcs: both neighbours
//! get the very same points.

use std::collections::HashMap;

use crate::geojson::{Feature, Position};
use crate::projection::Projection;

/// A point on the map, in projected metres.
pub type Point = (f64, f64);

/// A feature's shape, projected and simplified: its polygons, each as its
/// outer ring then its holes.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub polygons: Vec<Vec<Vec<Point>>>,
}

/// A vertex, as the files write it: shared borders repeat the same
/// coordinates exactly (to the 5th decimal the files are rounded to).
type Key = (i64, i64);

fn key(p: Position) -> Key {
    ((p.lon * 1e6).round() as i64, (p.lat * 1e6).round() as i64)
}

/// The shapes of `features`, projected with `projection` and simplified
/// so that no point moves more than `tolerance` metres from the border.
pub fn simplify(features: &[Feature], projection: Projection, tolerance: f64) -> Vec<Shape> {
    // Each undirected edge once: a vertex with three neighbours or more
    // is a junction.
    let mut neighbours: HashMap<Key, Vec<Key>> = HashMap::new();
    let rings = || features.iter().flat_map(|f| &f.polygons).flat_map(|p| std::iter::once(&p.exterior).chain(&p.holes));
    for ring in rings() {
        for w in ring.windows(2) {
            let (a, b) = (key(w[0]), key(w[1]));
            if a == b {
                continue;
            }
            for (from, to) in [(a, b), (b, a)] {
                let list = neighbours.entry(from).or_default();
                if !list.contains(&to) {
                    list.push(to);
                }
            }
        }
    }
    let is_junction = |k: &Key| neighbours.get(k).is_some_and(|n| n.len() != 2);
    // Every arc simplified once, whichever ring meets it first and in
    // whichever direction.
    let mut simplified: HashMap<(Key, Key, Key), Vec<Point>> = HashMap::new();
    let mut arc_points = |arc: &[Position]| -> Vec<Point> {
        let keys: Vec<Key> = arc.iter().map(|p| key(*p)).collect();
        let forward = (keys[0], keys[1], keys[keys.len() - 1]);
        let backward = (keys[keys.len() - 1], keys[keys.len() - 2], keys[0]);
        if let Some(points) = simplified.get(&forward) {
            return points.clone();
        }
        if let Some(points) = simplified.get(&backward) {
            return points.iter().rev().copied().collect();
        }
        let projected: Vec<Point> = arc.iter().map(|p| projection.project(*p)).collect();
        let points = douglas_peucker(&projected, tolerance);
        simplified.insert(forward, points.clone());
        points
    };
    features
        .iter()
        .map(|f| Shape {
            polygons: f
                .polygons
                .iter()
                .map(|p| {
                    std::iter::once(&p.exterior)
                        .chain(&p.holes)
                        .map(|ring| simplify_ring(ring, &is_junction, &mut arc_points, projection))
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// A ring cut at its junctions, each arc simplified, put back together.
fn simplify_ring(
    ring: &[Position],
    is_junction: &impl Fn(&Key) -> bool,
    arc_points: &mut impl FnMut(&[Position]) -> Vec<Point>,
    projection: Projection,
) -> Vec<Point> {
    // Without its closing repeat, and without repeated vertices.
    let mut open: Vec<Position> = Vec::with_capacity(ring.len());
    for p in &ring[..ring.len().saturating_sub(1)] {
        if open.last().is_none_or(|q| key(*q) != key(*p)) {
            open.push(*p);
        }
    }
    if open.len() < 3 {
        return ring.iter().map(|p| projection.project(*p)).collect();
    }
    // Start at a junction. A ring without one (an island, or an enclave
    // and the hole it fills) starts at its smallest vertex, so that the
    // enclave and the hole cut it at the same place and share it.
    let start = open
        .iter()
        .position(|p| is_junction(&key(*p)))
        .unwrap_or_else(|| (0..open.len()).min_by_key(|i| key(open[*i])).unwrap_or(0));
    open.rotate_left(start);
    open.push(open[0]);
    let mut out: Vec<Point> = Vec::new();
    let mut from = 0;
    for i in 1..open.len() {
        if i == open.len() - 1 || is_junction(&key(open[i])) {
            let points = arc_points(&open[from..=i]);
            out.extend_from_slice(if out.is_empty() { &points } else { &points[1..] });
            from = i;
        }
    }
    // A ring simplified to a line is drawn as it was.
    if out.len() < 4 {
        return open.iter().map(|p| projection.project(*p)).collect();
    }
    out
}

/// Douglas–Peucker: the arc's ends, and recursively the point farthest
/// from the chord while it is farther than `tolerance`.
fn douglas_peucker(points: &[Point], tolerance: f64) -> Vec<Point> {
    if points.len() <= 2 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (mut far, mut distance) = (a, 0.0);
        for i in a + 1..b {
            let d = distance_to_segment(points[i], points[a], points[b]);
            if d > distance {
                (far, distance) = (i, d);
            }
        }
        if distance > tolerance {
            keep[far] = true;
            stack.push((a, far));
            stack.push((far, b));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length2 = dx * dx + dy * dy;
    if length2 == 0.0 {
        return ((p.0 - a.0).powi(2) + (p.1 - a.1).powi(2)).sqrt();
    }
    let t = (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2).clamp(0.0, 1.0);
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests;
