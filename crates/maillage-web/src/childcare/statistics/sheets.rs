//! The statistics as tables: the page shows these very sheets, the CSV and
//! XLSX exports write them, so a figure reads the same everywhere. For
//! partners every count under 5 (and a median over fewer than 5
//! solutions) reads « < 5 ».

use maillage_domain::childcare::CareMode;
use maillage_domain::childcare::statistics::{Figures, Statistics, for_partners, median_for_partners};
use maillage_domain::childcare::workforce::{Headcount, Workforce};
use maillage_domain::time::{french_date, french_month};
use maillage_tabular::{Cell, Sheet};

/// What a hidden count reads.
pub const HIDDEN: &str = "< 5";

fn count(n: u32, partners: bool) -> Cell {
    match partners {
        true => for_partners(n).map_or(Cell::Text(HIDDEN.to_owned()), |n| Cell::Number(n.into())),
        false => Cell::Number(n.into()),
    }
}

fn median(f: &Figures, partners: bool) -> Cell {
    let shown = if partners { median_for_partners(f) } else { f.median_delay() };
    match shown {
        Some(days) => Cell::Number(days.into()),
        None if partners && f.satisfied > 0 => Cell::Text(HIDDEN.to_owned()),
        None => Cell::Empty,
    }
}

const FIGURE_HEADERS: [&str; 10] = [
    "Demandes",
    "Satisfaites",
    "dont accueil collectif",
    "dont assistant·e maternel·le",
    "dont MAM",
    "dont garde à domicile",
    "Délai médian jusqu'à la solution (jours)",
    "Non satisfaites",
    "Places (moins de 3 ans)",
    "Places disponibles (moins de 3 ans)",
];

fn figure_cells(label: String, f: &Figures, partners: bool) -> Vec<Cell> {
    let mut cells = vec![Cell::Text(label), count(f.requests, partners), count(f.satisfied, partners)];
    cells.extend(CareMode::ALL.iter().map(|m| count(f.satisfied_by(*m), partners)));
    cells.extend([
        median(f, partners),
        count(f.unmet, partners),
        count(f.places, partners),
        count(f.free_places, partners),
    ]);
    cells
}

fn headers(first: &str) -> Vec<String> {
    std::iter::once(first).chain(FIGURE_HEADERS).map(str::to_owned).collect()
}

/// The year's months, of one sector or of the whole territory.
pub fn months(s: &Statistics, sector: Option<&str>, partners: bool) -> Sheet {
    let rows = s
        .months
        .iter()
        .zip(s.by_month(sector))
        .map(|(month, f)| figure_cells(french_month(*month), &f, partners))
        .collect();
    let totals = figure_cells(format!("Année {}", s.year), &s.year(sector), partners);
    Sheet { name: "Par mois".to_owned(), headers: headers("Mois de début souhaité"), rows, totals }
}

/// Each sector over the year, and the territory.
pub fn sectors(s: &Statistics, partners: bool) -> Sheet {
    let rows = s.by_sector().map(|(sector, f)| figure_cells(sector.to_owned(), f, partners)).collect();
    let totals = figure_cells("Territoire".to_owned(), &s.year(None), partners);
    Sheet { name: "Par secteur".to_owned(), headers: headers("Secteur"), rows, totals }
}

fn headcount(label: String, h: Headcount, partners: bool) -> Vec<Cell> {
    vec![Cell::Text(label), count(h.childminders, partners), count(h.places, partners)]
}

const WORKFORCE_HEADERS: [&str; 2] = ["Assistant·e·s maternel·le·s en activité", "Places agréées"];

/// The active childminders by age group.
pub fn ages(w: &Workforce, partners: bool) -> Sheet {
    let rows = w.by_age.iter().map(|(label, h)| headcount((*label).to_owned(), *h, partners)).collect();
    let mut headers = vec!["Âge dans l'année".to_owned()];
    headers.extend(WORKFORCE_HEADERS.map(str::to_owned));
    Sheet { name: "Âges des AM".to_owned(), headers, rows, totals: headcount("Total".to_owned(), w.total, partners) }
}

/// Those reaching 62 in each coming year, and those already there.
pub fn retirements(w: &Workforce, partners: bool) -> Sheet {
    let mut rows = vec![headcount("62 ans ou plus cette année".to_owned(), w.past_retirement, partners)];
    rows.extend(w.reaching_retirement.iter().map(|(year, h)| headcount(format!("62 ans en {year}"), *h, partners)));
    let mut headers = vec!["Âge de la retraite".to_owned()];
    headers.extend(WORKFORCE_HEADERS.map(str::to_owned));
    Sheet { name: "Départs en retraite".to_owned(), headers, rows, totals: vec![] }
}

/// What each figure counts, in words: on the page under the tables, and
/// as the workbook's last sheet, so a table sent on keeps its meaning.
pub fn definitions(s: &Statistics, partners: bool) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("Demandes", "Les demandes d'accueil dont le début souhaité tombe dans le mois, comptées dans le secteur où vit la famille.".to_owned()),
        ("Satisfaites", "Celles qui ont trouvé une solution, par le mode d'accueil trouvé.".to_owned()),
        ("Délai médian", "La moitié des demandes satisfaites l'ont été en moins de jours que ce nombre, comptés du dépôt à la solution.".to_owned()),
        ("Non satisfaites", "Les demandes closes sans solution, et celles encore en cours alors que le début souhaité est passé. Les demandes annulées ou expirées, retirées par la famille, ne comptent ni comme satisfaites ni comme non satisfaites.".to_owned()),
        ("Places", format!("Les places pour les enfants de moins de 3 ans autorisées ou agréées le 1er du mois, des établissements et des assistant·e·s maternel·le·s en activité ; sur l'année, celles du {}.", french_date(s.as_of))),
        ("Places disponibles", "Les places pour les moins de 3 ans déclarées libres ce jour-là par la dernière déclaration de chaque établissement ou assistant·e maternel·le ; pour chaque tranche d'âge, le plus grand nombre sur un jour de la semaine.".to_owned()),
        ("Départs en retraite", "Les assistant·e·s maternel·le·s en activité qui atteignent 62 ans dans l'année, d'après leur année de naissance, et les places agréées qu'elles et ils détiennent aujourd'hui.".to_owned()),
    ];
    if partners {
        out.push(("< 5", "Un effectif de moins de 5 (demandes, places, assistant·e·s maternel·le·s) est masqué, pour qu'aucune famille ni aucune assistante maternelle ne puisse être reconnue ; un délai médian aussi, quand moins de 5 demandes ont été satisfaites.".to_owned()));
    }
    out
}

pub fn definitions_sheet(s: &Statistics, partners: bool) -> Sheet {
    let rows =
        definitions(s, partners).into_iter().map(|(term, text)| vec![Cell::from(term), Cell::Text(text)]).collect();
    Sheet::new("Définitions", &["Chiffre", "Définition"], rows)
}
