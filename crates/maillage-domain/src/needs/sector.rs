//! Sectors: the areas a territory is cut into for the needs map (the
//! communes of an EPCI, the districts of a commune), with their shapes.
//! They arrive by import from GeoJSON; this module checks the rows read
//! from a file and says what an import would change. Shapes are stored as
//! GeoJSON geometry text and computed on in `maillage-carto`.

use std::collections::{HashMap, HashSet};

/// A sector of a territory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    pub id: i32,
    pub territory_id: i32,
    /// What files and other registers know it by: the INSEE code of a
    /// commune (`35238`, `2A004`), an IRIS code, or the territory's own.
    pub code: String,
    pub name: String,
    /// A GeoJSON MultiPolygon, in degrees (WGS 84).
    pub geometry: String,
}

/// One feature of a file, read with the properties the user chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorRow {
    /// Its place in the file, from 1.
    pub number: usize,
    pub code: String,
    pub name: String,
    pub geometry: String,
}

/// What is wrong with a row: the file is refused whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub number: usize,
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.code.is_empty() {
            write!(f, "Entité {} : {}", self.number, self.message)
        } else {
            write!(f, "Entité {} (« {} ») : {}", self.number, self.code, self.message)
        }
    }
}

pub const MAX_CODE_CHARS: usize = 20;
pub const MAX_NAME_CHARS: usize = 120;

/// Every problem of the rows: a missing or overlong code or name, a code
/// given twice.
pub fn check(rows: &[SectorRow]) -> Vec<RowProblem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        let problem = |message: String| RowProblem { number: r.number, code: r.code.clone(), message };
        if r.code.is_empty() {
            problems
                .push(problem("elle n'a pas de code : choisissez la propriété qui en donne un à chaque entité".into()));
        } else if r.code.chars().count() > MAX_CODE_CHARS || r.code.chars().any(char::is_control) {
            problems
                .push(problem(format!("le code doit tenir en {MAX_CODE_CHARS} caractères, sans retour à la ligne")));
        } else if let Some(first) = seen.insert(&r.code, r.number) {
            problems.push(problem(format!("ce code est déjà celui de l'entité {first}")));
        }
        if r.name.is_empty() {
            problems.push(problem("elle n'a pas de nom : choisissez la propriété qui en donne un".into()));
        } else if r.name.chars().count() > MAX_NAME_CHARS || r.name.chars().any(char::is_control) {
            problems.push(problem(format!("le nom doit tenir en {MAX_NAME_CHARS} caractères, sans retour à la ligne")));
        }
    }
    problems
}

/// When most codes are communes' (INSEE codes of the embedded list), the
/// file is a file of communes, and the rows whose code matches none are
/// returned: a commune merged since the file was made, or a typo. They
/// are reported, not refused: the official boundary files lag the list.
pub fn unknown_communes<'a>(rows: &'a [SectorRow], communes: &HashSet<String>) -> Vec<&'a SectorRow> {
    let known = rows.iter().filter(|r| communes.contains(&r.code.to_uppercase())).count();
    if known * 2 < rows.len() {
        return Vec::new();
    }
    rows.iter().filter(|r| !communes.contains(&r.code.to_uppercase())).collect()
}

/// What an import does to one sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    New,
    /// Known by its code; what changes (« nom », « contour »), or nothing.
    Known {
        id: i32,
        changed: Vec<&'static str>,
    },
}

/// The rows, each with what importing it changes. Sectors the file does
/// not name are left as they are: they may be in use.
pub fn plan(rows: &[SectorRow], existing: &[Sector]) -> Vec<(SectorRow, Change)> {
    let by_code: HashMap<&str, &Sector> = existing.iter().map(|s| (s.code.as_str(), s)).collect();
    rows.iter()
        .map(|r| {
            let change = match by_code.get(r.code.as_str()) {
                None => Change::New,
                Some(s) => {
                    let mut changed = Vec::new();
                    if s.name != r.name {
                        changed.push("nom");
                    }
                    if s.geometry != r.geometry {
                        changed.push("contour");
                    }
                    Change::Known { id: s.id, changed }
                }
            };
            (r.clone(), change)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: usize, code: &str, name: &str) -> SectorRow {
        SectorRow { number, code: code.into(), name: name.into(), geometry: format!("g{number}") }
    }

    #[test]
    fn rows_without_code_or_name_or_with_a_code_twice_are_named() {
        let rows =
            [row(1, "35238", "Rennes"), row(2, "", "Sans code"), row(3, "35238", "Rennes bis"), row(4, "35001", "")];
        let said: Vec<String> = check(&rows).iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "Entité 2 : elle n'a pas de code : choisissez la propriété qui en donne un à chaque entité",
                "Entité 3 (« 35238 ») : ce code est déjà celui de l'entité 1",
                "Entité 4 (« 35001 ») : elle n'a pas de nom : choisissez la propriété qui en donne un",
            ]
        );
        assert!(check(&[row(1, "A\nB", "x")])[0].message.contains("sans retour à la ligne"));
        assert!(check(&[row(1, "A", &"é".repeat(121))])[0].message.contains("120 caractères"));
    }

    #[test]
    fn a_file_of_communes_reports_the_codes_the_list_does_not_know() {
        let communes: HashSet<String> = ["35238", "2A004", "97411"].map(String::from).into_iter().collect();
        let rows = [
            row(1, "35238", "Rennes"),
            row(2, "2a004", "Ajaccio"),
            row(3, "35999", "Fusionnée"),
            row(4, "97411", "Saint-Denis"),
        ];
        let unknown: Vec<&str> = unknown_communes(&rows, &communes).iter().map(|r| r.code.as_str()).collect();
        assert_eq!(unknown, ["35999"]);
        // Districts of a commune are not communes: nothing to report.
        let districts = [row(1, "N", "Nord"), row(2, "S", "Sud"), row(3, "35238", "Rennes")];
        assert!(unknown_communes(&districts, &communes).is_empty());
    }

    #[test]
    fn an_import_says_what_it_changes_and_leaves_the_rest() {
        let existing = [
            Sector { id: 7, territory_id: 1, code: "N".into(), name: "Nord".into(), geometry: "g1".into() },
            Sector { id: 8, territory_id: 1, code: "S".into(), name: "Sud".into(), geometry: "old".into() },
            Sector { id: 9, territory_id: 1, code: "E".into(), name: "Est".into(), geometry: "g".into() },
        ];
        let planned = plan(&[row(1, "N", "Nord"), row(2, "S", "Sud-Ouest"), row(3, "O", "Ouest")], &existing);
        let changes: Vec<&Change> = planned.iter().map(|(_, c)| c).collect();
        assert_eq!(
            changes,
            [
                &Change::Known { id: 7, changed: vec![] },
                &Change::Known { id: 8, changed: vec!["nom", "contour"] },
                &Change::New
            ]
        );
    }
}
