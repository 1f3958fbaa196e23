use super::*;
use crate::geojson::parse;
use crate::projection::Projection;
use crate::topology::simplify;

#[test]
fn ille_et_vilaine_is_drawn_under_300_kb_with_a_title_per_commune() {
    let features = parse(
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/communes-35-ille-et-vilaine.geojson")),
        Some("code"),
    )
    .unwrap();
    // 800 px for about 130 km: half a pixel is about 80 m.
    let shapes = simplify(&features, Projection::Lambert93, 80.0);
    let areas: Vec<Area> = features
        .iter()
        .zip(&shapes)
        .map(|(f, shape)| Area {
            shape,
            title: f.text("nom").unwrap_or_default(),
            href: Some(format!("/besoins/secteurs/{}", f.text("code").unwrap_or_default())),
            fill: "#c6dbef".into(),
        })
        .collect();
    let frame = Frame { width: 800.0, title: "Ille-et-Vilaine", description: "Les 345 communes." };
    let svg = draw(&areas, &frame);
    assert!(svg.len() < 300_000, "{} bytes", svg.len());
    assert_eq!(svg.matches("<path ").count(), 345);
    assert_eq!(svg.matches("<a href=\"/besoins/secteurs/").count(), 345);
    assert!(svg.contains("<title>Rennes</title>") && svg.contains("<title>Saint-Malo</title>"));
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 800 "));
    // Taller than wide? No: Ille-et-Vilaine is about as tall as wide.
    let height: f64 = svg.split("viewBox=\"0 0 800 ").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!((700.0..1100.0).contains(&height), "{height}");
}

#[test]
fn titles_and_links_are_escaped() {
    let shape = Shape { polygons: vec![vec![vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 0.0)]]] };
    let area = Area {
        shape: &shape,
        title: "<script>alert(1)</script> & \"Nord\"".into(),
        href: Some("/secteurs?a=1&b=\"2\"".into()),
        fill: "red\" onload=\"x".into(),
    };
    let svg = draw(&[area], &Frame { width: 100.0, title: "a < b", description: "\u{0}" });
    assert!(!svg.contains("<script>") && !svg.contains("onload=\"x"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Nord&quot;"));
    assert!(svg.contains("<title id=\"carte-titre\">a &lt; b</title><desc id=\"carte-description\"></desc>"));
    assert!(svg.contains("<a href=\"/secteurs?a=1&amp;b=&quot;2&quot;\">"));
}
