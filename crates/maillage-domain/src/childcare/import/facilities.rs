//! The facilities' register, from the CAF's or the département's list. A
//! facility is recognised by its identifier (FINESS or SIRET): a row
//! without one could not be found again by the next import, so it is
//! required here though the form leaves it optional.

use chrono::{NaiveDate, Weekday};

use super::{Cells, ImportField, ImportProblem, Mapping, check_rows, field, normalise, places, report};
use crate::childcare::{CapacityFields, FacilityFields, FacilityForm, FacilityKind, Weekdays};

/// The facilities' fields, in the order the mapping form shows them.
pub const FACILITY_FIELDS: [ImportField; 16] = [
    field("name", "Nom", true, &["nom", "nom de l etablissement", "raison sociale", "etablissement", "structure"]),
    field("kind", "Type", true, &["type", "type d etablissement", "categorie", "type d accueil", "mode d accueil"]),
    field(
        "identifier",
        "Identifiant (FINESS ou SIRET)",
        true,
        &["finess", "n finess", "siret", "identifiant", "numero finess"],
    ),
    field("manager", "Gestionnaire", true, &["gestionnaire", "organisme gestionnaire", "porteur"]),
    field("address", "Adresse", true, &["adresse", "adresse postale"]),
    field("sector", "Secteur", false, &["secteur", "quartier"]),
    field("funding", "Financement (PSU ou PAJE)", false, &["financement", "psu paje", "mode de financement"]),
    field("days", "Jours d'ouverture", false, &["jours d ouverture", "jours", "ouverture"]),
    field("opens_at", "Heure d'ouverture", false, &["heure d ouverture", "ouvre a", "debut"]),
    field("closes_at", "Heure de fermeture", false, &["heure de fermeture", "ferme a", "fin"]),
    field("phone", "Téléphone", false, &["telephone", "tel"]),
    field("email", "Courriel", false, &["courriel", "email", "e mail", "mail"]),
    field("infant", "Places de moins de 18 mois", false, &["places moins de 18 mois", "moins de 18 mois", "bebes"]),
    field(
        "toddler",
        "Places de 18 mois à 3 ans",
        false,
        &["places 18 mois a 3 ans", "18 mois a 3 ans", "moyens grands"],
    ),
    field("preschool", "Places de 3 à 6 ans", false, &["places 3 a 6 ans", "3 a 6 ans"]),
    field(
        "valid_from",
        "Places autorisées depuis le",
        false,
        &["date d autorisation", "autorise depuis", "depuis le", "date d ouverture"],
    ),
];

/// Opening days and hours when the file does not give them: to correct on
/// the facility's sheet afterwards (the mapping page says so).
pub const DEFAULT_DAYS: &str = "du lundi au vendredi";
pub const DEFAULT_OPENS_AT: &str = "07:30";
pub const DEFAULT_CLOSES_AT: &str = "18:30";

/// One facility of the file, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityRow {
    pub line: usize,
    pub fields: FacilityFields,
    pub capacity: Option<CapacityFields>,
}

/// A kind as lists write it: « Micro-crèche », « EAJE multi-accueil »,
/// « MAM », or the code.
fn kind_of(raw: &str) -> Option<FacilityKind> {
    let n = normalise(raw);
    let n = n.strip_prefix("eaje ").unwrap_or(&n);
    let plain = |k: FacilityKind| normalise(k.label()) == n || k.code().replace('_', " ") == n;
    FacilityKind::ALL.into_iter().find(|k| plain(*k)).or(match n {
        "creche" | "creche collective municipale" | "creche municipale" => Some(FacilityKind::CrecheCollective),
        "multiaccueil" => Some(FacilityKind::MultiAccueil),
        "microcreche" => Some(FacilityKind::MicroCreche),
        "halte garderie parentale" => Some(FacilityKind::CrecheParentale),
        "jardin d enfant" => Some(FacilityKind::JardinEnfants),
        "maison d assistants maternels" | "maison d assistantes maternelles" => Some(FacilityKind::Mam),
        _ => None,
    })
}

fn weekday(word: &str) -> Option<Weekday> {
    let days = [
        (Weekday::Mon, ["lundi", "lun", "l"]),
        (Weekday::Tue, ["mardi", "mar", "ma"]),
        (Weekday::Wed, ["mercredi", "mer", "me"]),
        (Weekday::Thu, ["jeudi", "jeu", "j"]),
        (Weekday::Fri, ["vendredi", "ven", "v"]),
        (Weekday::Sat, ["samedi", "sam", "s"]),
        (Weekday::Sun, ["dimanche", "dim", "d"]),
    ];
    days.iter().find(|(_, names)| names.contains(&word)).map(|(d, _)| *d)
}

/// « du lundi au vendredi », « lun-ven », « lundi, mardi, jeudi », « L-S ».
pub fn days_of(raw: &str) -> Option<Weekdays> {
    let lower = raw.to_lowercase().replace(" au ", "-").replace(" à ", "-").replace(" a ", "-");
    let lower = lower.trim().trim_start_matches("du ").trim();
    let mut days = Weekdays::empty();
    for part in lower.split([',', ';', '/', '+']).flat_map(|p| p.split(" et ")) {
        let words: Vec<String> = part.split('-').map(normalise).collect();
        match words.as_slice() {
            [one] if one.is_empty() => {}
            [one] => {
                for w in one.split(' ') {
                    days = days.with(weekday(w)?);
                }
            }
            [from, to] => {
                let (from, to) = (weekday(from)?, weekday(to)?);
                let (a, b) = (from.num_days_from_monday(), to.num_days_from_monday());
                if b < a {
                    return None;
                }
                for n in a..=b {
                    days = days.with(Weekday::try_from(n as u8).ok()?);
                }
            }
            _ => return None,
        }
    }
    (!days.is_empty()).then_some(days)
}

/// « PSU », « paje », or nothing.
fn funding_code(raw: &str) -> String {
    match normalise(raw).as_str() {
        "psu" | "prestation de service unique" => "psu".to_owned(),
        "paje" | "cmg" | "paje cmg" => "paje".to_owned(),
        "" | "sans objet" | "aucun" => String::new(),
        other => other.to_owned(),
    }
}

/// Checks every row of the file with `mapping`. Returns the rows, or every
/// problem found.
pub fn facility_rows<'a>(
    headers: &[String],
    rows: impl IntoIterator<Item = (usize, &'a [String])>,
    mapping: &Mapping,
    today: NaiveDate,
) -> Result<Vec<FacilityRow>, Vec<ImportProblem>> {
    let twice = "Cet identifiant est déjà";
    check_rows(headers, rows, mapping, "identifier", twice, |cells: &Cells, problem| {
        let or = |key: &str, default: &str| match cells.get(key).trim() {
            "" => default.to_owned(),
            given => given.to_owned(),
        };
        let kind = kind_of(cells.get("kind"));
        if kind.is_none() && !cells.get("kind").trim().is_empty() {
            problem("kind", "Un type comme « Multi-accueil », « Micro-crèche », « Crèche familiale » ou « MAM ».");
        }
        if cells.get("identifier").trim().is_empty() {
            problem(
                "identifier",
                "L'identifiant (FINESS ou SIRET) est obligatoire : c'est à lui que le prochain import reconnaît l'établissement.",
            );
        }
        let days = days_of(&or("days", DEFAULT_DAYS));
        if days.is_none() {
            problem("days", "Des jours comme « du lundi au vendredi », « lun-ven » ou « lundi, mardi, jeudi ».");
        }
        let day = |d: Weekday| {
            if days.unwrap_or(Weekdays::WORKING_WEEK).contains(d) { "on".to_owned() } else { String::new() }
        };
        let form = FacilityForm {
            name: cells.get("name").to_owned(),
            kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
            identifier: cells.get("identifier").replace(' ', ""),
            manager: cells.get("manager").to_owned(),
            address: cells.get("address").to_owned(),
            sector: cells.get("sector").to_owned(),
            funding: funding_code(cells.get("funding")),
            mon: day(Weekday::Mon),
            tue: day(Weekday::Tue),
            wed: day(Weekday::Wed),
            thu: day(Weekday::Thu),
            fri: day(Weekday::Fri),
            sat: day(Weekday::Sat),
            sun: day(Weekday::Sun),
            opens_at: or("opens_at", DEFAULT_OPENS_AT),
            closes_at: or("closes_at", DEFAULT_CLOSES_AT),
            phone: cells.get("phone").to_owned(),
            email: cells.get("email").to_owned(),
        };
        let fields = form.validate().map_err(|errors| report(&errors, problem)).ok();
        let capacity = match places(cells, today, problem) {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(())) => return None,
        };
        Some(FacilityRow { line: cells.line, fields: fields?, capacity })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_days_as_lists_write_them() {
        assert_eq!(kind_of("EAJE Multi-accueil"), Some(FacilityKind::MultiAccueil));
        assert_eq!(kind_of("Micro-crèche"), Some(FacilityKind::MicroCreche));
        assert_eq!(kind_of("MAM"), Some(FacilityKind::Mam));
        assert_eq!(kind_of("crèche"), Some(FacilityKind::CrecheCollective));
        assert_eq!(kind_of("garderie"), None);
        assert_eq!(days_of("du lundi au vendredi"), Some(Weekdays::WORKING_WEEK));
        assert_eq!(days_of("lun-ven"), Some(Weekdays::WORKING_WEEK));
        assert_eq!(days_of("L-V"), Some(Weekdays::WORKING_WEEK));
        let some = Weekdays::empty().with(Weekday::Mon).with(Weekday::Tue).with(Weekday::Thu);
        assert_eq!(days_of("lundi, mardi et jeudi"), Some(some));
        assert_eq!(days_of("vendredi-lundi"), None, "a range backwards");
        assert_eq!(days_of("tous les jours"), None);
        assert_eq!(days_of(""), None);
    }

    #[test]
    fn a_facility_row_is_checked_by_line_and_column() {
        let headers: Vec<String> =
            ["Nom", "Type", "FINESS", "Gestionnaire", "Adresse", "Financement", "Jours", "Bébés", "Moyens-grands"]
                .map(str::to_owned)
                .to_vec();
        let mapping: Mapping = [
            ("name", "Nom"),
            ("kind", "Type"),
            ("identifier", "FINESS"),
            ("manager", "Gestionnaire"),
            ("address", "Adresse"),
            ("funding", "Financement"),
            ("days", "Jours"),
            ("infant", "Bébés"),
            ("toddler", "Moyens-grands"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let today = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let row = |cells: [&str; 9]| cells.map(str::to_owned).to_vec();
        let good = [
            row([
                "Les Lucioles",
                "Multi-accueil",
                "750 000 001",
                "Commune",
                "3 rue des Écoles",
                "PSU",
                "lun-ven",
                "8",
                "16",
            ]),
            row(["MAM Les Petits Pas", "MAM", "750000002", "Association", "12 allée des Tilleuls", "", "", "", ""]),
        ];
        let rows =
            facility_rows(&headers, good.iter().enumerate().map(|(i, r)| (i + 2, r.as_slice())), &mapping, today)
                .unwrap();
        assert_eq!(rows[0].fields.identifier, "750000001", "spaces dropped");
        assert_eq!(rows[0].capacity.unwrap().places.toddler, 16);
        assert_eq!(rows[1].fields.opening_days, Weekdays::WORKING_WEEK, "days by default");
        assert!(rows[1].capacity.is_none());
        let bad = [
            row(["Crèche", "garderie", "", "Commune", "1 rue", "PSU", "tous les jours", "", ""]),
            row(["Crèche 2", "Crèche", "750000001", "", "1 rue", "", "", "", ""]),
            row(["Crèche 3", "Crèche", "750000001", "Commune", "1 rue", "PSU", "", "x", ""]),
        ];
        let problems =
            facility_rows(&headers, bad.iter().enumerate().map(|(i, r)| (i + 2, r.as_slice())), &mapping, today)
                .unwrap_err();
        let found: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.column.as_str())).collect();
        for expected in [
            (2, "Type"),
            (2, "FINESS"),
            (2, "Jours"),
            (3, "Gestionnaire"),
            (3, "Financement"),
            (4, "Bébés"),
            (4, "FINESS"),
        ] {
            assert!(found.contains(&expected), "{expected:?} in {problems:?}");
        }
    }
}
