//! From longitude and latitude to metres on a flat map, with the official
//! projections of French territory: Lambert-93 (EPSG:2154) for the
//! mainland and Corsica, UTM overseas, each in its own zone, as IGN
//! publishes them: Guadeloupe and Martinique UTM 20 N (EPSG:5490),
//! Guyane UTM 22 N (EPSG:2972), La Réunion UTM 40 S (EPSG:2975), Mayotte
//! UTM 38 S (EPSG:4471). Drawn in Lambert-93, La Réunion would be 9,000
//! km from Paris and bent; in its own projection it is true to shape.
//!
//! The ellipsoid is GRS 80; the datums of these systems (RGF93, RGAF09,
//! RGFG95, RGR92, RGM04) coincide with WGS 84 to well under a metre, far
//! below what a map of communes shows. Tests compare with PROJ.

use std::f64::consts::{FRAC_PI_4, PI};

use crate::geojson::Position;

/// GRS 80.
const A: f64 = 6_378_137.0;
const F: f64 = 1.0 / 298.257_222_101;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// EPSG:2154.
    Lambert93,
    /// Universal Transverse Mercator: its zone (1 to 60), north or south.
    Utm { zone: u8, south: bool },
}

impl Projection {
    /// The projection of a commune, an EPCI or a département by its code:
    /// the overseas départements (971 to 976) have theirs, everything
    /// else is drawn in Lambert-93.
    pub fn for_code(code: &str) -> Projection {
        match code.get(..3) {
            Some("971" | "972") => Projection::Utm { zone: 20, south: false },
            Some("973") => Projection::Utm { zone: 22, south: false },
            Some("974") => Projection::Utm { zone: 40, south: true },
            Some("976") => Projection::Utm { zone: 38, south: true },
            _ => Projection::Lambert93,
        }
    }

    /// The EPSG code, for the maps' notes and exports.
    pub fn epsg(self) -> u32 {
        match self {
            Projection::Lambert93 => 2154,
            Projection::Utm { zone: 20, south: false } => 5490,
            Projection::Utm { zone: 22, south: false } => 2972,
            Projection::Utm { zone: 40, south: true } => 2975,
            Projection::Utm { zone: 38, south: true } => 4471,
            Projection::Utm { zone, south } => (if south { 32700 } else { 32600 }) + u32::from(zone),
        }
    }

    /// Easting and northing in metres.
    pub fn project(self, p: Position) -> (f64, f64) {
        let (lon, lat) = (p.lon.to_radians(), p.lat.to_radians());
        match self {
            Projection::Lambert93 => lambert93(lon, lat),
            Projection::Utm { zone, south } => {
                let central = (f64::from(zone) * 6.0 - 183.0).to_radians();
                let (x, y) = transverse_mercator(lon - central, lat);
                (500_000.0 + x, if south { 10_000_000.0 + y } else { y })
            }
        }
    }
}

fn eccentricity() -> f64 {
    (2.0 * F - F * F).sqrt()
}

/// Lambert conformal conic on two standard parallels (EPSG method 9802):
/// parallels 44° and 49°, origin 46°30' N 3° E at (700 000, 6 600 000).
fn lambert93(lon: f64, lat: f64) -> (f64, f64) {
    let e = eccentricity();
    let m = |phi: f64| phi.cos() / (1.0 - (e * phi.sin()).powi(2)).sqrt();
    let t = |phi: f64| {
        let s = e * phi.sin();
        (FRAC_PI_4 - phi / 2.0).tan() / ((1.0 - s) / (1.0 + s)).powf(e / 2.0)
    };
    let (phi1, phi2, phi0, lambda0) = (49f64.to_radians(), 44f64.to_radians(), 46.5f64.to_radians(), 3f64.to_radians());
    let n = (m(phi1).ln() - m(phi2).ln()) / (t(phi1).ln() - t(phi2).ln());
    let big_f = m(phi1) / (n * t(phi1).powf(n));
    let rho = |phi: f64| A * big_f * t(phi).powf(n);
    let theta = n * (lon - lambda0);
    (700_000.0 + rho(lat) * theta.sin(), 6_600_000.0 + rho(phi0) - rho(lat) * theta.cos())
}

/// Transverse Mercator, scale 0.9996 on the central meridian, `dlon` from
/// it (Snyder, « Map Projections: A Working Manual », 1987, eq. 8-9 and
/// 8-10: millimetres within a zone).
fn transverse_mercator(dlon: f64, lat: f64) -> (f64, f64) {
    const K0: f64 = 0.9996;
    let e2 = 2.0 * F - F * F;
    let ep2 = e2 / (1.0 - e2);
    let (sin, cos, tan) = (lat.sin(), lat.cos(), lat.tan());
    let n = A / (1.0 - e2 * sin * sin).sqrt();
    let t = tan * tan;
    let c = ep2 * cos * cos;
    let a = dlon * cos;
    let (e4, e6) = (e2 * e2, e2 * e2 * e2);
    let m = A
        * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * lat
            - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * lat).sin()
            + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * lat).sin()
            - (35.0 * e6 / 3072.0) * (6.0 * lat).sin());
    let x = K0
        * n
        * (a + (1.0 - t + c) * a.powi(3) / 6.0 + (5.0 - 18.0 * t + t * t + 72.0 * c - 58.0 * ep2) * a.powi(5) / 120.0);
    let y = K0
        * (m + n
            * tan
            * (a * a / 2.0
                + (5.0 - t + 9.0 * c + 4.0 * c * c) * a.powi(4) / 24.0
                + (61.0 - 58.0 * t + t * t + 600.0 * c - 330.0 * ep2) * a.powi(6) / 720.0));
    debug_assert!(dlon.abs() < PI);
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values computed with PROJ 9.5.1 (pyproj 3.7.2),
    /// `Transformer.from_crs("EPSG:4326", "EPSG:…", always_xy=True)`.
    const PROJ: [(&str, f64, f64, f64, f64); 13] = [
        ("75056", 2.3522219, 48.856614, 652_470.642, 6_862_036.803),
        ("35238", -1.6777926, 48.117266, 352_107.706, 6_789_962.738),
        ("2A004", 8.7386, 41.9192, 1_176_667.561, 6_108_273.283),
        ("29019", -4.4861, 48.3904, 146_632.979, 6_836_262.327),
        ("06088", 7.2620, 43.7102, 1_043_410.160, 6_299_400.043),
        ("97411", 55.4504, -20.8823, 338_811.239, 7_690_101.360),
        ("97416", 55.7, -21.3, 365_155.780, 7_644_094.200),
        ("97105", -61.5331, 16.2411, 656_770.897, 1_796_166.176),
        ("97209", -61.0588, 14.6161, 709_096.316, 1_616_759.733),
        ("97302", -52.3135, 4.9224, 354_363.155, 544_229.782),
        ("97611", 45.2279, -12.7806, 524_735.375, 8_587_115.812),
        ("97411", 57.0, 0.0, 500_000.0, 10_000_000.0),
        ("75056", 3.0, 46.5, 700_000.0, 6_600_000.0),
    ];

    #[test]
    fn french_places_land_where_proj_puts_them() {
        for (code, lon, lat, x, y) in PROJ {
            let (px, py) = Projection::for_code(code).project(Position { lon, lat });
            assert!((px - x).abs() < 0.01 && (py - y).abs() < 0.01, "{code}: ({px:.3}, {py:.3}) for ({x}, {y})");
        }
    }

    #[test]
    fn each_territory_has_its_official_system() {
        let epsg = |code: &str| Projection::for_code(code).epsg();
        assert_eq!((epsg("35238"), epsg("2A004"), epsg("2B033"), epsg("69")), (2154, 2154, 2154, 2154));
        assert_eq!(
            (epsg("97105"), epsg("97209"), epsg("973"), epsg("97411"), epsg("97611")),
            (5490, 5490, 2972, 2975, 4471)
        );
    }
}
