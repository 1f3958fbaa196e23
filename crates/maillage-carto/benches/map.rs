//! The map of Ille-et-Vilaine's 345 communes, from the GeoJSON bytes to
//! the SVG text, against its baseline in the same run: parsing the GeoJSON
//! alone (what any map must do first). See docs/PERFORMANCE.md.
//!
//!   cargo bench -p maillage-carto --bench map

use maillage_carto::geojson::parse;
use maillage_carto::projection::Projection;
use maillage_carto::svg::{Area, Frame, draw};
use maillage_carto::topology::simplify;

const ILLE_ET_VILAINE: &[u8] = include_bytes!("../data/communes-35-ille-et-vilaine.geojson");

fn main() {
    divan::main();
}

/// Baseline: the bytes to checked features.
#[divan::bench]
fn parse_alone() -> usize {
    parse(divan::black_box(ILLE_ET_VILAINE), Some("code")).unwrap().len()
}

/// The whole map: parse, project, simplify with shared borders, draw.
#[divan::bench]
fn parse_simplify_draw() -> usize {
    let features = parse(divan::black_box(ILLE_ET_VILAINE), Some("code")).unwrap();
    let shapes = simplify(&features, Projection::Lambert93, 80.0);
    let areas: Vec<Area> = features
        .iter()
        .zip(&shapes)
        .map(|(f, shape)| Area {
            shape,
            title: f.text("nom").unwrap_or_default(),
            href: Some(format!("/besoins/secteurs/{}", f.text("code").unwrap_or_default())),
            fill: "#c6dbef".to_owned(),
        })
        .collect();
    draw(&areas, &Frame { width: 800.0, title: "Ille-et-Vilaine", description: "345 communes" }).len()
}
