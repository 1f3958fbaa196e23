use super::*;

macro_rules! data {
    ($file:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/", $file))
    };
}

/// A collection of `geometries`, each a feature coded `c1`, `c2`…
fn collection(geometries: &[&str]) -> Vec<u8> {
    let features: Vec<String> = geometries
        .iter()
        .enumerate()
        .map(|(i, g)| format!(r#"{{"type":"Feature","properties":{{"code":"c{}"}},"geometry":{g}}}"#, i + 1))
        .collect();
    format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(",")).into_bytes()
}

const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[2,48],[2.1,48],[2.1,48.1],[2,48.1],[2,48]]]}"#;

fn problems(bytes: &[u8]) -> Vec<String> {
    match parse(bytes, Some("code")) {
        Err(GeoJsonError::Features { problems, .. }) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems by feature, got {other:?}"),
    }
}

#[test]
fn the_real_boundaries_read_whole_with_their_codes() {
    for (bytes, count, code) in [
        (&data!("communes-35-ille-et-vilaine.geojson")[..], 345, "35238"),
        (&data!("communes-69-rhone.geojson")[..], 278, "69123"),
        (&data!("communes-93-seine-saint-denis.geojson")[..], 40, "93066"),
        (&data!("communes-974-la-reunion.geojson")[..], 24, "97411"),
        (&data!("communes-2A-corse-du-sud.geojson")[..], 124, "2A004"),
        (&data!("departements-version-simplifiee.geojson")[..], 96, "2B"),
    ] {
        let features = parse(bytes, Some("code")).unwrap();
        assert_eq!(features.len(), count);
        assert!(features.iter().any(|f| f.text("code").as_deref() == Some(code)), "{code}");
        assert!(features.iter().all(|f| !f.polygons.is_empty() && f.text("nom").is_some()));
    }
    // Rennes is one polygon; some communes are several (islands) or have holes.
    let ille = parse(data!("communes-35-ille-et-vilaine.geojson"), None).unwrap();
    let rennes = ille.iter().find(|f| f.text("code").as_deref() == Some("35238")).unwrap();
    assert_eq!(rennes.text("nom").as_deref(), Some("Rennes"));
    assert!(rennes.polygons[0].exterior.iter().all(|p| (-2.0..-1.5).contains(&p.lon) && (48.0..48.2).contains(&p.lat)));
}

#[test]
fn each_bad_feature_is_named_by_its_place_and_code() {
    let file = collection(&[
        SQUARE,
        r#"{"type":"Polygon","coordinates":[[[2,48],[2.1,48],[2.1,48.1],[2,48.1]]]}"#,
        r#"{"type":"Polygon","coordinates":[[[351000,6789000],[352000,6789000],[352000,6790000],[351000,6789000]]]}"#,
        r#"{"type":"Point","coordinates":[2,48]}"#,
        r#"null"#,
        r#"{"type":"Polygon","coordinates":[[[179.5,-16],[-179.5,-16],[-179.5,-17],[179.5,-16]]]}"#,
        r#"{"type":"MultiPolygon","coordinates":[[[[2,48],[2.1,48],[2.1,48.1],[2,48]]],[[[3,48],[3.1,48],[3,48]]]]}"#,
        r#"{"type":"Polygon","coordinates":[[[2,48],[2.1,48],[2.1,48.1],[2,48]],[[2.01,48.01],[2.02,48.01],[2.01,48.01]]]}"#,
        r#"{"type":"Polygon","coordinates":[[["2","48"],[2.1,48],[2.1,48.1],[2,48]]]}"#,
    ]);
    assert_eq!(
        problems(&file),
        [
            "Entité 2 (« c2 ») : le contour n'est pas fermé : sa dernière position doit répéter la première",
            "Entité 3 (« c3 ») : le contour a une position hors du globe (351000, 6789000) : les coordonnées doivent être des degrés WGS 84 (longitude, latitude), pas du Lambert-93 ; reprojetez la couche en EPSG:4326",
            "Entité 4 (« c4 ») : sa géométrie est un « Point » : un secteur est une surface (Polygon ou MultiPolygon)",
            "Entité 5 (« c5 ») : elle n'a pas de géométrie",
            "Entité 6 (« c6 ») : le contour traverse l'antiméridien (180°) : découpez-le en deux polygones",
            "Entité 7 (« c7 ») : le contour de la partie 2 a 3 position(s) : il en faut au moins 4, la dernière répétant la première",
            "Entité 8 (« c8 ») : le trou 1 a 3 position(s) : il en faut au moins 4, la dernière répétant la première",
            "Entité 9 (« c9 ») : le contour a une position illisible ([\"2\",\"48\"]) : il faut [longitude, latitude]",
        ]
    );
    match parse(&file, Some("code")) {
        Err(e @ GeoJsonError::Features { .. }) => {
            assert_eq!(e.to_string(), "8 entité(s) sur 9 ne peuvent pas être lues ; rien n'a été enregistré.")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn holes_and_multipolygons_and_altitudes_are_kept() {
    let file = collection(&[
        r#"{"type":"Polygon","coordinates":[[[2,48],[2.1,48],[2.1,48.1],[2,48.1],[2,48]],[[2.02,48.02],[2.03,48.02],[2.03,48.03],[2.02,48.02]]]}"#,
        r#"{"type":"MultiPolygon","coordinates":[[[[2,48,35],[2.1,48,36],[2.1,48.1,37],[2,48,35]]],[[[3,48],[3.1,48],[3.1,48.1],[3,48]]]]}"#,
    ]);
    let features = parse(&file, None).unwrap();
    assert_eq!(features[0].polygons[0].holes.len(), 1);
    assert_eq!(features[1].polygons.len(), 2);
    assert_eq!(features[1].polygons[0].exterior[1], Position { lon: 2.1, lat: 48.0 });
}

#[test]
fn a_file_that_is_not_a_collection_says_what_it_is() {
    let err = |bytes: &[u8]| parse(bytes, None).unwrap_err().to_string();
    assert!(err(b"{\"type\":\"Feature\"}").contains("celui-ci est de type « Feature »"));
    assert!(err(b"[1, 2]").contains("celui-ci est sans « type »"));
    assert_eq!(err(br#"{"type":"FeatureCollection","features":[]}"#), "Le fichier ne contient aucune entité.");
    let cut = err(b"{\"type\": \"FeatureCollection\", \"features\": [");
    assert!(
        cut.starts_with("Ce fichier n'est pas du JSON lisible, ligne 1, colonne ")
            && cut.ends_with("le fichier s'arrête avant la fin."),
        "{cut}"
    );
    assert!(err(b"{\"type\": 1e999}").contains("un nombre trop grand"), "{}", err(b"{\"type\": 1e999}"));
    assert!(err(b"{\"nom\": \"\xff\"}").contains("pas en UTF-8"));
    let deep = "[".repeat(100_000);
    assert!(err(deep.as_bytes()).contains("pas du JSON lisible"), "deep nesting is refused, not a stack overflow");
}

#[test]
fn a_shape_is_stored_as_a_multipolygon_that_reads_back_the_same() {
    let features = parse(&collection(&[SQUARE]), None).unwrap();
    let json = features[0].geometry_json();
    assert!(
        json.starts_with(r#"{"coordinates":[[[[2.0,48.0],[2.1,48.0]"#) && json.ends_with(r#""type":"MultiPolygon"}"#),
        "{json}"
    );
    let again = parse(&collection(&[&json]), None).unwrap();
    assert_eq!(again[0].polygons, features[0].polygons);
}

#[test]
fn the_properties_are_offered_with_examples() {
    let features = parse(data!("communes-35-ille-et-vilaine.geojson"), None).unwrap();
    let found = properties(&features);
    let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["code", "nom"]);
    assert_eq!(found[0].1.len(), 3);
}
