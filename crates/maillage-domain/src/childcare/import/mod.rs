//! Importing a register from a spreadsheet (« import de liste »): the
//! file's columns mapped to the register's fields, each row checked with
//! the very rules of the form, every problem named by its line and its
//! column. The operation then writes every row or none, and a file
//! imported twice changes nothing the second time: a childminder is
//! recognised by her approval number, a facility by its identifier.

mod childminders;
mod facilities;
pub mod plan;

pub use childminders::{CHILDMINDER_FIELDS, ChildminderRow, childminder_rows};
pub use facilities::{FACILITY_FIELDS, FacilityRow, facility_rows};

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::{CapacityFields, CapacityForm};
use crate::FieldErrors;

/// A field of the register a column may fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportField {
    pub key: &'static str,
    pub label: &'static str,
    pub required: bool,
    /// Headers that usually mean this field, normalised (see [`normalise`]).
    aliases: &'static [&'static str],
}

pub(crate) const fn field(
    key: &'static str,
    label: &'static str,
    required: bool,
    aliases: &'static [&'static str],
) -> ImportField {
    ImportField { key, label, required, aliases }
}

/// Lower case, no accents, words separated by one space: « N° d'agrément »
/// and « n d agrement » are the same header.
pub fn normalise(s: &str) -> String {
    let plain: String = s
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'œ' | 'Œ' => 'o',
            c if c.is_alphanumeric() => c.to_ascii_lowercase(),
            _ => ' ',
        })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Field key → the header of the column that fills it.
pub type Mapping = BTreeMap<String, String>;

/// The mapping to propose for a file: the last one used where its columns
/// are in the file, then the usual names of each field.
pub fn propose(fields: &[ImportField], headers: &[String], last: Option<&Mapping>) -> Mapping {
    let mut mapping = Mapping::new();
    for f in fields {
        let remembered = last.and_then(|m| m.get(f.key)).filter(|h| headers.contains(h));
        let usual = || {
            headers.iter().find(|h| {
                let n = normalise(h);
                n == normalise(f.label) || f.aliases.contains(&n.as_str())
            })
        };
        if let Some(h) = remembered.or_else(usual) {
            mapping.insert(f.key.to_owned(), h.clone());
        }
    }
    mapping
}

/// The columns of the last mapping this file does not have: the file
/// changed, the person must look again.
pub fn missing_columns(last: &Mapping, headers: &[String]) -> Vec<String> {
    let mut missing: Vec<String> = last.values().filter(|h| !headers.contains(h)).cloned().collect();
    missing.sort();
    missing.dedup();
    missing
}

/// Checks a mapping chosen on the form: every required field has a column
/// of the file, no column fills two fields. Errors by field key.
pub fn check_mapping(fields: &[ImportField], headers: &[String], mapping: &Mapping) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let mut used: HashMap<&str, &str> = HashMap::new();
    for f in fields {
        match mapping.get(f.key).map(String::as_str).filter(|h| !h.is_empty()) {
            None if f.required => errors.add(f.key, "Choisissez la colonne qui donne ce champ."),
            None => {}
            Some(h) if !headers.iter().any(|x| x == h) => {
                errors.add(f.key, format!("La colonne « {h} » n'est pas dans ce fichier."))
            }
            Some(h) => {
                if let Some(other) = used.insert(h, f.label) {
                    errors.add(f.key, format!("La colonne « {h} » donne déjà « {other} »."));
                }
            }
        }
    }
    errors
}

/// A problem of the file, where a person finds it in their spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: usize,
    /// The column's header; empty for the whole line.
    pub column: String,
    pub message: String,
}

/// « oui », « non », and what spreadsheets write for them.
pub(crate) fn yes_no(raw: &str) -> Option<bool> {
    match normalise(raw).as_str() {
        "" | "oui" | "o" | "x" | "1" | "vrai" | "true" | "actif" | "active" | "en activite" => Some(true),
        "non" | "n" | "0" | "faux" | "false" | "inactif" | "inactive" | "cessation" => Some(false),
        _ => None,
    }
}

/// A date as French spreadsheets write it (`12/04/1968`), or as ISO.
pub(crate) fn day_of(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(raw, "%Y-%m-%d")).ok()
}

/// A year of birth, or the year of a date of birth.
pub(crate) fn birth_year(raw: &str) -> String {
    day_of(raw).map_or_else(|| raw.trim().to_owned(), |d| d.year().to_string())
}

/// Each error of a form, on its column.
pub(crate) fn report(errors: &FieldErrors, problem: &mut dyn FnMut(&str, &str)) {
    for e in errors.iter() {
        problem(&e.field, &e.message);
    }
}

/// The cells of one row, by the key of the field their column fills.
pub(crate) struct Cells<'a> {
    /// The row's line in the file.
    pub(crate) line: usize,
    column: &'a HashMap<&'a str, usize>,
    cells: &'a [String],
}

impl Cells<'_> {
    pub(crate) fn get(&self, key: &str) -> &str {
        self.column.get(key).and_then(|i| self.cells.get(*i)).map_or("", |c| c.as_str())
    }
}

/// Walks the rows of a file: a blank row is a problem; every other row
/// goes to `check`, which returns what it read or says what is wrong
/// through `problem(field key, message)`; a `key` (approval number,
/// identifier) seen twice is a problem too, said as `« {twice} ligne N. »`. Returns every row, or every
/// problem, named by line and by the column's header.
pub(crate) fn check_rows<'a, T>(
    headers: &[String],
    rows: impl IntoIterator<Item = (usize, &'a [String])>,
    mapping: &Mapping,
    key: &str,
    twice: &str,
    mut check: impl FnMut(&Cells, &mut dyn FnMut(&str, &str)) -> Option<T>,
) -> Result<Vec<T>, Vec<ImportProblem>> {
    let column: HashMap<&str, usize> = mapping
        .iter()
        .filter_map(|(key, header)| Some((key.as_str(), headers.iter().position(|h| h == header)?)))
        .collect();
    let header_of = |key: &str| mapping.get(key).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            problems.push(ImportProblem {
                line,
                column: String::new(),
                message: "Ligne vide : supprimez-la, ou complétez-la.".to_owned(),
            });
            continue;
        }
        let cells = Cells { line, column: &column, cells };
        let mut row_problems = Vec::new();
        let mut problem = |field: &str, message: &str| {
            row_problems.push(ImportProblem { line, column: header_of(field), message: message.to_owned() });
        };
        let value = check(&cells, &mut problem);
        let id = cells.get(key).trim().to_uppercase();
        if !id.is_empty()
            && let Some(first) = seen.insert(id, line)
        {
            problem(key, &format!("{twice} ligne {first}."));
        }
        match value {
            Some(v) if row_problems.is_empty() => out.push(v),
            _ => problems.extend(row_problems),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// The places a row gives (`infant`, `toddler`, `preschool` from
/// `valid_from`, today when no date): `None` without any place column
/// filled; a wrong value is said through `problem`.
pub(crate) fn places(
    cells: &Cells,
    today: NaiveDate,
    problem: &mut dyn FnMut(&str, &str),
) -> Option<Result<CapacityFields, ()>> {
    if ["infant", "toddler", "preschool"].iter().all(|k| cells.get(k).trim().is_empty()) {
        return None;
    }
    let valid_from = match cells.get("valid_from").trim() {
        "" => Some(today),
        given => {
            let day = day_of(given);
            if day.is_none() {
                problem("valid_from", "Une date qui existe, comme 01/09/2019 ou 2019-09-01.");
            }
            day
        }
    };
    // A wrong date is said above; the places are checked all the same.
    let form = CapacityForm {
        valid_from: valid_from.unwrap_or(today).to_string(),
        infant: cells.get("infant").to_owned(),
        toddler: cells.get("toddler").to_owned(),
        preschool: cells.get("preschool").to_owned(),
        ..Default::default()
    };
    Some(match (form.validate(), valid_from) {
        (Ok(c), Some(_)) => Ok(c),
        (Ok(_), None) => Err(()),
        (Err(errors), _) => {
            report(&errors, problem);
            Err(())
        }
    })
}

#[cfg(test)]
mod tests;
