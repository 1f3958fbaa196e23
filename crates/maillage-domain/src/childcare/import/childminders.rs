//! The childminders' register, from the PMI's list.

use chrono::NaiveDate;

use super::{Cells, ImportField, ImportProblem, Mapping, birth_year, check_rows, field, places, report, yes_no};
use crate::childcare::{CapacityFields, ChildminderFields, ChildminderForm};

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

/// One childminder of the file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildminderRow {
    pub line: usize,
    pub fields: ChildminderFields,
    /// Her places, when the file gives them.
    pub capacity: Option<CapacityFields>,
}

/// Checks every row of the file with `mapping`; places without a date
/// count from `today`. Returns the rows, or every problem found.
pub fn childminder_rows<'a>(
    headers: &[String],
    rows: impl IntoIterator<Item = (usize, &'a [String])>,
    mapping: &Mapping,
    today: NaiveDate,
) -> Result<Vec<ChildminderRow>, Vec<ImportProblem>> {
    let twice = "Ce numéro d'agrément est déjà";
    check_rows(headers, rows, mapping, "approval_number", twice, |cells: &Cells, problem| {
        let active = yes_no(cells.get("active"));
        if active.is_none() {
            problem("active", "Écrivez « oui » ou « non ».");
        }
        let form = ChildminderForm {
            first_name: cells.get("first_name").to_owned(),
            last_name: cells.get("last_name").to_owned(),
            approval_number: cells.get("approval_number").to_owned(),
            birth_year: birth_year(cells.get("birth_year")),
            sector: cells.get("sector").to_owned(),
            mam_id: String::new(),
            active: if active.unwrap_or(true) { "on".to_owned() } else { String::new() },
            phone: cells.get("phone").to_owned(),
            email: cells.get("email").to_owned(),
        };
        let fields = form.validate().map_err(|errors| report(&errors, problem)).ok();
        let capacity = match places(cells, today, problem) {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(())) => return None,
        };
        Some(ChildminderRow { line: cells.line, fields: fields?, capacity })
    })
}
