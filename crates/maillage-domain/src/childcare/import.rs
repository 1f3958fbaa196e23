//! Importing the childminders' register from a spreadsheet (« import de
//! liste »): the file's columns mapped to the register's fields, each row
//! checked with the very rules of the form, every problem named by its
//! line and its column. The operation then writes every row or none, and
//! a file imported twice changes nothing the second time: a childminder
//! is recognised by her approval number.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::{CapacityFields, CapacityForm, ChildminderFields, ChildminderForm};
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

const fn field(
    key: &'static str,
    label: &'static str,
    required: bool,
    aliases: &'static [&'static str],
) -> ImportField {
    ImportField { key, label, required, aliases }
}

/// The childminders' fields, in the order the mapping form shows them.
pub const CHILDMINDER_FIELDS: [ImportField; 12] = [
    field("last_name", "Nom", true, &["nom", "nom de naissance", "nom d usage", "nom usuel"]),
    field("first_name", "Prénom", true, &["prenom"]),
    field(
        "approval_number",
        "N° d'agrément",
        true,
        &["agrement", "numero d agrement", "n d agrement", "no agrement", "num agrement", "n agrement"],
    ),
    field(
        "birth_year",
        "Année de naissance",
        true,
        &["annee de naissance", "naissance", "date de naissance", "ne e le"],
    ),
    field("sector", "Secteur", false, &["secteur", "quartier"]),
    field("active", "En activité (oui / non)", false, &["en activite", "actif", "active", "actif ve", "activite"]),
    field("phone", "Téléphone", false, &["telephone", "tel", "portable", "numero de telephone"]),
    field("email", "Courriel", false, &["courriel", "email", "e mail", "mail", "adresse electronique"]),
    field("infant", "Places de moins de 18 mois", false, &["places moins de 18 mois", "moins de 18 mois", "bebes"]),
    field(
        "toddler",
        "Places de 18 mois à 3 ans",
        false,
        &["places 18 mois a 3 ans", "18 mois a 3 ans", "18 mois 3 ans"],
    ),
    field("preschool", "Places de 3 à 6 ans", false, &["places 3 a 6 ans", "3 a 6 ans", "periscolaire"]),
    field(
        "valid_from",
        "Places agréées depuis le",
        false,
        &["date d agrement", "agree depuis", "depuis le", "date de debut"],
    ),
];

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

/// One childminder of the file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildminderRow {
    pub line: usize,
    pub fields: ChildminderFields,
    /// Her places, when the file gives them.
    pub capacity: Option<CapacityFields>,
}

/// « oui », « non », and what spreadsheets write for them.
fn yes_no(raw: &str) -> Option<bool> {
    match normalise(raw).as_str() {
        "" | "oui" | "o" | "x" | "1" | "vrai" | "true" | "actif" | "active" | "en activite" => Some(true),
        "non" | "n" | "0" | "faux" | "false" | "inactif" | "inactive" | "cessation" => Some(false),
        _ => None,
    }
}

/// A date as French spreadsheets write it (`12/04/1968`), or as ISO.
fn day_of(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(raw, "%Y-%m-%d")).ok()
}

/// A year of birth, or the year of a date of birth.
fn birth_year(raw: &str) -> String {
    day_of(raw).map_or_else(|| raw.trim().to_owned(), |d| d.year().to_string())
}

/// Checks every row of the file with `mapping`; places without a date
/// count from `today`. Returns the rows, or every problem found.
pub fn childminder_rows<'a>(
    headers: &[String],
    rows: impl IntoIterator<Item = (usize, &'a [String])>,
    mapping: &Mapping,
    today: NaiveDate,
) -> Result<Vec<ChildminderRow>, Vec<ImportProblem>> {
    let column: HashMap<&str, usize> = mapping
        .iter()
        .filter_map(|(key, header)| Some((key.as_str(), headers.iter().position(|h| h == header)?)))
        .collect();
    let header_of = |key: &str| mapping.get(key).cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in rows {
        let cell = |key: &str| column.get(key).and_then(|i| cells.get(*i)).map_or("", |c| c.as_str());
        if cells.iter().all(|c| c.trim().is_empty()) {
            problems.push(ImportProblem {
                line,
                column: String::new(),
                message: "Ligne vide : supprimez-la, ou complétez-la.".to_owned(),
            });
            continue;
        }
        let mut row_problems = Vec::new();
        let mut problem = |key: &str, message: &str| {
            row_problems.push(ImportProblem { line, column: header_of(key), message: message.to_owned() });
        };
        let active = yes_no(cell("active"));
        if active.is_none() {
            problem("active", "Écrivez « oui » ou « non ».");
        }
        let form = ChildminderForm {
            first_name: cell("first_name").to_owned(),
            last_name: cell("last_name").to_owned(),
            approval_number: cell("approval_number").to_owned(),
            birth_year: birth_year(cell("birth_year")),
            sector: cell("sector").to_owned(),
            mam_id: String::new(),
            active: if active.unwrap_or(true) { "on".to_owned() } else { String::new() },
            phone: cell("phone").to_owned(),
            email: cell("email").to_owned(),
        };
        let fields = form.validate().map_err(|errors| report(&errors, &mut problem)).ok();
        let approval = cell("approval_number").trim().to_uppercase();
        if !approval.is_empty()
            && let Some(first) = seen.insert(approval, line)
        {
            problem("approval_number", &format!("Ce numéro d'agrément est déjà ligne {first}."));
        }
        let places_given = ["infant", "toddler", "preschool"].iter().any(|k| !cell(k).trim().is_empty());
        let valid_from = match cell("valid_from").trim() {
            "" => Some(today),
            given => {
                let day = day_of(given);
                if day.is_none() {
                    problem("valid_from", "Une date qui existe, comme 01/09/2019 ou 2019-09-01.");
                }
                day
            }
        };
        let capacity = if places_given {
            // A wrong date is said above; the places are checked all the same.
            let form = CapacityForm {
                valid_from: valid_from.unwrap_or(today).to_string(),
                infant: cell("infant").to_owned(),
                toddler: cell("toddler").to_owned(),
                preschool: cell("preschool").to_owned(),
                ..Default::default()
            };
            form.validate().map_err(|errors| report(&errors, &mut problem)).ok()
        } else {
            None
        };
        match (fields, row_problems.is_empty()) {
            (Some(fields), true) => {
                out.push(ChildminderRow { line, fields, capacity: capacity.filter(|_| places_given) })
            }
            _ => problems.extend(row_problems),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// Each error of a form, on its column.
fn report(errors: &FieldErrors, problem: &mut impl FnMut(&str, &str)) {
    for e in errors.iter() {
        problem(&e.field, &e.message);
    }
}

#[cfg(test)]
mod tests;
