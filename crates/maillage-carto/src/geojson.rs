//! GeoJSON in (RFC 7946): a FeatureCollection whose features are Polygon
//! or MultiPolygon (a sector is an area), in longitude and latitude
//! (WGS 84). Every problem is reported with the feature's place in the
//! file, counted from 1 as QGIS's attribute table shows it, and its label
//! (the property the caller names: a commune's code); callers refuse a
//! file with any problem whole, never half of it.

use serde_json::{Map, Value};

/// A point: longitude then latitude, in degrees, as RFC 7946 orders them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub lon: f64,
    pub lat: f64,
}

/// A closed line: its last position is its first.
pub type Ring = Vec<Position>;

#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub exterior: Ring,
    pub holes: Vec<Ring>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Its place in the file, from 1.
    pub number: usize,
    pub properties: Map<String, Value>,
    /// One for a Polygon, one or more for a MultiPolygon.
    pub polygons: Vec<Polygon>,
}

impl Feature {
    /// A property as text: a string as it is, a number written out
    /// (some files give a commune's code as the number 35238).
    pub fn text(&self, property: &str) -> Option<String> {
        match self.properties.get(property)? {
            Value::String(s) => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl Feature {
    /// Its shape as a GeoJSON MultiPolygon (a Polygon becomes a
    /// MultiPolygon of one): what the sectors store.
    pub fn geometry_json(&self) -> String {
        let ring = |r: &Ring| Value::Array(r.iter().map(|p| serde_json::json!([p.lon, p.lat])).collect());
        let polygons: Vec<Value> = self
            .polygons
            .iter()
            .map(|p| Value::Array(std::iter::once(&p.exterior).chain(&p.holes).map(ring).collect()))
            .collect();
        serde_json::json!({ "type": "MultiPolygon", "coordinates": polygons }).to_string()
    }
}

/// The properties the features have, in the order they first appear, each
/// with a few of its values: what a person picks the code and the name
/// from.
pub fn properties(features: &[Feature]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for f in features {
        for name in f.properties.keys() {
            let i = match out.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    out.push((name.clone(), Vec::new()));
                    out.len() - 1
                }
            };
            if out[i].1.len() < 3
                && let Some(v) = f.text(name).filter(|v| !v.is_empty())
            {
                out[i].1.push(v);
            }
        }
    }
    out
}

/// What is wrong with one feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The feature's place in the file, from 1.
    pub number: usize,
    /// Its label (the caller's property), when it has one.
    pub label: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.label {
            Some(label) => write!(f, "Entité {} (« {label} ») : {}", self.number, self.message),
            None => write!(f, "Entité {} : {}", self.number, self.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoJsonError {
    #[error("Ce fichier n'est pas du JSON lisible, ligne {line}, colonne {column} : {what}.")]
    NotJson { line: usize, column: usize, what: &'static str },
    #[error(
        "Un fichier de secteurs est une « FeatureCollection » (une liste d'entités) ; celui-ci est {0}. Exportez la couche en GeoJSON depuis votre logiciel de cartographie."
    )]
    NotACollection(String),
    #[error("Le fichier ne contient aucune entité.")]
    Empty,
    #[error("{} entité(s) sur {total} ne peuvent pas être lues ; rien n'a été enregistré.", .problems.len())]
    Features { total: usize, problems: Vec<Problem> },
}

/// The features of a GeoJSON file, every one checked; `label` names the
/// property that identifies a feature in the messages (`code`, say).
pub fn parse(bytes: &[u8], label: Option<&str>) -> Result<Vec<Feature>, GeoJsonError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| GeoJsonError::NotJson {
        line: e.line(),
        column: e.column(),
        what: match e.classify() {
            serde_json::error::Category::Eof => "le fichier s'arrête avant la fin",
            _ => "la syntaxe est incorrecte (une virgule en trop, un nombre trop grand…), ou le fichier n'est pas en UTF-8",
        },
    })?;
    let kind = value.get("type").and_then(Value::as_str).unwrap_or_default();
    let features = match (kind, value.get("features")) {
        ("FeatureCollection", Some(Value::Array(features))) => features,
        ("FeatureCollection", _) => return Err(GeoJsonError::NotACollection("sans liste « features »".into())),
        ("", _) => return Err(GeoJsonError::NotACollection("sans « type »".into())),
        (other, _) => return Err(GeoJsonError::NotACollection(format!("de type « {other} »"))),
    };
    if features.is_empty() {
        return Err(GeoJsonError::Empty);
    }
    let mut out = Vec::with_capacity(features.len());
    let mut problems = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let properties = match f.get("properties") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        let number = i + 1;
        match feature(f) {
            Ok(polygons) => out.push(Feature { number, properties, polygons }),
            Err(message) => {
                let label = label.and_then(|l| Feature { number, properties, polygons: vec![] }.text(l));
                problems.push(Problem { number, label, message });
            }
        }
    }
    if !problems.is_empty() {
        return Err(GeoJsonError::Features { total: features.len(), problems });
    }
    Ok(out)
}

fn feature(f: &Value) -> Result<Vec<Polygon>, String> {
    if f.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err("ce n'est pas une entité (« type »: « Feature »)".into());
    }
    let Some(geometry) = f.get("geometry").filter(|g| !g.is_null()) else {
        return Err("elle n'a pas de géométrie".into());
    };
    let coordinates = geometry.get("coordinates");
    match (geometry.get("type").and_then(Value::as_str), coordinates) {
        (Some("Polygon"), Some(c)) => Ok(vec![polygon(c, None)?]),
        (Some("MultiPolygon"), Some(Value::Array(parts))) if !parts.is_empty() => {
            parts.iter().enumerate().map(|(i, p)| polygon(p, Some(i + 1))).collect()
        }
        (Some("Polygon" | "MultiPolygon"), _) => Err("ses coordonnées manquent".into()),
        (Some(other), _) => {
            Err(format!("sa géométrie est un « {other} » : un secteur est une surface (Polygon ou MultiPolygon)"))
        }
        (None, _) => Err("sa géométrie n'a pas de type".into()),
    }
}

/// `part`: the polygon's place in a MultiPolygon, for the message.
fn polygon(v: &Value, part: Option<usize>) -> Result<Polygon, String> {
    let whose = |ring: usize| {
        let ring = if ring == 1 { "le contour".to_owned() } else { format!("le trou {}", ring - 1) };
        match part {
            Some(p) => format!("{ring} de la partie {p}"),
            None => ring,
        }
    };
    let Some(rings) = v.as_array().filter(|r| !r.is_empty()) else {
        return Err(format!("{} manque", whose(1)));
    };
    let mut rings = rings.iter().enumerate().map(|(i, r)| ring(r).map_err(|e| format!("{} {e}", whose(i + 1))));
    let exterior = rings.next().unwrap_or_else(|| Ok(Vec::new()))?;
    Ok(Polygon { exterior, holes: rings.collect::<Result<_, _>>()? })
}

fn ring(v: &Value) -> Result<Ring, String> {
    let Some(points) = v.as_array() else { return Err("n'est pas une liste de positions".into()) };
    let ring: Ring = points.iter().map(position).collect::<Result<_, _>>()?;
    if ring.len() < 4 {
        return Err(format!("a {} position(s) : il en faut au moins 4, la dernière répétant la première", ring.len()));
    }
    if ring.first() != ring.last() {
        return Err("n'est pas fermé : sa dernière position doit répéter la première".into());
    }
    // RFC 7946 §3.1.9: a shape that crosses the antimeridian is cut in two.
    if ring.windows(2).any(|w| (w[1].lon - w[0].lon).abs() > 180.0) {
        return Err("traverse l'antiméridien (180°) : découpez-le en deux polygones".into());
    }
    Ok(ring)
}

fn position(v: &Value) -> Result<Position, String> {
    let numbers: Option<Vec<f64>> = v.as_array().map(|a| a.iter().map(Value::as_f64).collect()).unwrap_or(None);
    let (lon, lat) = match numbers.as_deref() {
        Some([lon, lat]) | Some([lon, lat, _]) => (*lon, *lat),
        _ => return Err(format!("a une position illisible ({v}) : il faut [longitude, latitude]")),
    };
    if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "a une position hors du globe ({lon}, {lat}) : les coordonnées doivent être des degrés WGS 84 (longitude, latitude), pas du Lambert-93 ; reprojetez la couche en EPSG:4326"
        ));
    }
    Ok(Position { lon, lat })
}

#[cfg(test)]
mod tests;
