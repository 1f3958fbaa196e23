//! The population figures of the sectors, per year: children under 3 (the
//! rate's denominator), births (its trend) and two-year-olds at school
//! (one of its components), each line with its source (« INSEE, RP
//! 2021 »), shown beside the figures. They come from spreadsheets (CSV,
//! XLSX, ODS) mapped and checked as the registers' imports are: every
//! problem by line and column, all or nothing; a column the file lacks
//! keeps what is held.

use std::collections::{HashMap, HashSet};

use crate::childcare::import::{ImportField, ImportProblem, Mapping, field};

/// One sector's figures for one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Population {
    pub sector_id: i32,
    pub year: i32,
    pub children_under_3: Option<u32>,
    pub births: Option<u32>,
    pub at_school_at_2: Option<u32>,
    pub source: String,
}

pub const POPULATION_FIELDS: [ImportField; 6] = [
    field(
        "sector",
        "Secteur (code)",
        true,
        &["secteur", "code", "code secteur", "code commune", "code insee", "codgeo", "insee"],
    ),
    field("year", "Année", true, &["annee", "millesime", "an"]),
    field(
        "children_under_3",
        "Enfants de moins de 3 ans",
        false,
        &[
            "moins de 3 ans",
            "enfants de moins de 3 ans",
            "enfants 0 2 ans",
            "0 2 ans",
            "pop 0 2 ans",
            "nombre d enfants de moins de 3 ans",
        ],
    ),
    field("births", "Naissances", false, &["naissances", "nombre de naissances", "naiss"]),
    field(
        "at_school_at_2",
        "Enfants de 2 ans scolarisés",
        false,
        &["enfants de 2 ans scolarises", "scolarises a 2 ans", "scolarisation a 2 ans", "tps", "eleves de 2 ans"],
    ),
    field("source", "Source", false, &["source", "origine", "source des donnees"]),
];

/// A line of a file, checked: which fields it gives (`None`: the file has
/// no such column, what is held stays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationRow {
    pub line: usize,
    pub sector: String,
    pub year: i32,
    pub children_under_3: Option<Option<u32>>,
    pub births: Option<Option<u32>>,
    pub at_school_at_2: Option<Option<u32>>,
    pub source: Option<String>,
}

/// The most a sector holds: more children than France has is a typo.
const MOST: u32 = 3_000_000;

/// A count as spreadsheets write it: « 1 234 », « 1234 », « 1234,0 ».
fn count(raw: &str) -> Result<Option<u32>, String> {
    let plain: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    if plain.is_empty() {
        return Ok(None);
    }
    let whole = plain.strip_suffix(",0").or_else(|| plain.strip_suffix(".0")).unwrap_or(&plain);
    match whole.parse::<u32>() {
        Ok(n) if n <= MOST => Ok(Some(n)),
        Ok(_) => Err(format!("« {raw} » : plus que la France n'en compte, vérifiez le chiffre")),
        Err(_) => Err(format!("« {raw} » n'est pas un nombre entier positif")),
    }
}

/// The lines of a file, each checked; `sectors` are the codes of the
/// territory's sectors, `latest` the last year a figure may be of.
pub fn population_rows<'a>(
    headers: &[String],
    lines: impl Iterator<Item = (usize, &'a [String])>,
    mapping: &Mapping,
    sectors: &HashSet<String>,
    latest: i32,
) -> Result<Vec<PopulationRow>, Vec<ImportProblem>> {
    let column = |key: &str| mapping.get(key).and_then(|h| headers.iter().position(|x| x == h));
    let (sector_at, year_at) = (column("sector"), column("year"));
    let figure_columns = [column("children_under_3"), column("births"), column("at_school_at_2")];
    let source_at = column("source");
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<(String, i32), usize> = HashMap::new();
    for (line, cells) in lines {
        let cell = |at: Option<usize>| at.and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        if cells.iter().all(|c| c.trim().is_empty()) {
            problems.push(ImportProblem { line, column: String::new(), message: "Ligne vide : supprimez-la.".into() });
            continue;
        }
        let mut problem = |at: Option<usize>, message: String| {
            let column = at.and_then(|i| headers.get(i)).cloned().unwrap_or_default();
            problems.push(ImportProblem { line, column, message });
        };
        let sector = cell(sector_at).to_owned();
        if sector.is_empty() {
            problem(sector_at, "Le code du secteur manque.".into());
        } else if !sectors.contains(&sector) {
            problem(
                sector_at,
                format!(
                    "Aucun secteur du territoire n'a le code « {sector} » : importez d'abord les secteurs, ou corrigez le code."
                ),
            );
        }
        let year = match cell(year_at).parse::<i32>() {
            Ok(y) if (1990..=latest).contains(&y) => Some(y),
            _ => {
                problem(year_at, format!("« {} » : une année de 1990 à {latest}.", cell(year_at)));
                None
            }
        };
        let mut figures = [None, None, None];
        for (i, at) in figure_columns.iter().enumerate() {
            if at.is_some() {
                match count(cell(*at)) {
                    Ok(n) => figures[i] = Some(n),
                    Err(message) => problem(*at, message),
                }
            }
        }
        if figure_columns.iter().all(|at| count(cell(*at)).ok().flatten().is_none()) {
            problem(None, "Aucun chiffre sur cette ligne : donnez au moins les enfants de moins de 3 ans, les naissances ou les enfants de 2 ans scolarisés.".into());
        }
        if let (Some(year), false) = (year, sector.is_empty())
            && let Some(first) = seen.insert((sector.clone(), year), line)
        {
            problem(sector_at, format!("Le secteur « {sector} » a déjà ses chiffres de {year} à la ligne {first}."));
        }
        let source = source_at.map(|_| cell(source_at).chars().take(200).collect::<String>());
        if let Some(year) = year {
            let [children_under_3, births, at_school_at_2] = figures;
            rows.push(PopulationRow { line, sector, year, children_under_3, births, at_school_at_2, source });
        }
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::childcare::import::{check_mapping, propose};

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn a_file_of_the_usual_columns_reads_with_its_counts() {
        let headers = strings(&["CODGEO", "Année", "Enfants 0-2 ans", "Naissances", "Source"]);
        let mapping = propose(&POPULATION_FIELDS, &headers, None);
        assert!(check_mapping(&POPULATION_FIELDS, &headers, &mapping).is_empty(), "{mapping:?}");
        let sectors: HashSet<String> = ["35238", "35001"].map(String::from).into_iter().collect();
        let lines = [
            strings(&["35238", "2021", "7 412", "2 310,0", "INSEE RP 2021"]),
            strings(&["35001", "2021", "", "31", ""]),
        ];
        let rows = population_rows(
            &headers,
            lines.iter().enumerate().map(|(i, c)| (i + 2, c.as_slice())),
            &mapping,
            &sectors,
            2026,
        )
        .unwrap();
        assert_eq!(rows[0].children_under_3, Some(Some(7412)));
        assert_eq!(rows[0].births, Some(Some(2310)));
        assert_eq!(rows[0].at_school_at_2, None, "no such column: what is held stays");
        assert_eq!((rows[1].children_under_3, rows[1].source.as_deref()), (Some(None), Some("")));
    }

    #[test]
    fn every_problem_is_named_by_line_and_column() {
        let headers = strings(&["Secteur", "Année", "Moins de 3 ans"]);
        let mapping = propose(&POPULATION_FIELDS, &headers, None);
        let sectors: HashSet<String> = ["N"].map(String::from).into_iter().collect();
        let lines = [
            strings(&["N", "2021", "120"]),
            strings(&["Z", "2021", "-4"]),
            strings(&["N", "3021", "99999999"]),
            strings(&["N", "2021", "=1+1"]),
            strings(&["", "", ""]),
            strings(&["N", "2020", ""]),
        ];
        let problems = population_rows(
            &headers,
            lines.iter().enumerate().map(|(i, c)| (i + 2, c.as_slice())),
            &mapping,
            &sectors,
            2026,
        )
        .unwrap_err();
        let said: Vec<String> = problems.iter().map(|p| format!("{} {}: {}", p.line, p.column, p.message)).collect();
        assert_eq!(
            said,
            [
                "3 Secteur: Aucun secteur du territoire n'a le code « Z » : importez d'abord les secteurs, ou corrigez le code.",
                "3 Moins de 3 ans: « -4 » n'est pas un nombre entier positif",
                "3 : Aucun chiffre sur cette ligne : donnez au moins les enfants de moins de 3 ans, les naissances ou les enfants de 2 ans scolarisés.",
                "4 Année: « 3021 » : une année de 1990 à 2026.",
                "4 Moins de 3 ans: « 99999999 » : plus que la France n'en compte, vérifiez le chiffre",
                "4 : Aucun chiffre sur cette ligne : donnez au moins les enfants de moins de 3 ans, les naissances ou les enfants de 2 ans scolarisés.",
                "5 Moins de 3 ans: « =1+1 » n'est pas un nombre entier positif",
                "5 : Aucun chiffre sur cette ligne : donnez au moins les enfants de moins de 3 ans, les naissances ou les enfants de 2 ans scolarisés.",
                "5 Secteur: Le secteur « N » a déjà ses chiffres de 2021 à la ligne 2.",
                "6 : Ligne vide : supprimez-la.",
                "7 : Aucun chiffre sur cette ligne : donnez au moins les enfants de moins de 3 ans, les naissances ou les enfants de 2 ans scolarisés.",
            ]
        );
    }
}
