//! The statistics as tables: the page shows these very sheets, the CSV and
//! XLSX exports write them, so a figure reads the same everywhere. For
//! partners a count under 5, or one a subtraction would give back (see
//! `statistics::disclosure`), reads « masqué »; a median over fewer than 5
//! solutions too.

use maillage_domain::childcare::CareMode;
use maillage_domain::childcare::statistics::disclosure::{Hidden, Measure, WorkLine};
use maillage_domain::childcare::statistics::{Figures, Statistics, median_for_partners};
use maillage_domain::childcare::workforce::{Headcount, Workforce};
use maillage_domain::time::{french_date, french_month};
use maillage_tabular::{Cell, Sheet};

/// What a hidden figure reads.
pub const HIDDEN: &str = "masqué";

/// Who reads: everyone's figures, or the partners' version.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub partners: bool,
    pub hidden: &'a Hidden,
    /// The sector the tables are of (`None`: the territory).
    pub sector: Option<&'a str>,
}

impl View<'_> {
    /// `n`, or `None` when partners may not see it.
    pub fn stat(&self, sector: Option<&str>, month: Option<usize>, measure: Measure, n: u32) -> Option<u32> {
        (!(self.partners && self.hidden.stat(sector, month, measure))).then_some(n)
    }

    pub fn work(&self, line: WorkLine, places: bool, n: u32) -> Option<u32> {
        (!(self.partners && self.hidden.work(self.sector, line, places))).then_some(n)
    }
}

fn cell(n: Option<u32>) -> Cell {
    n.map_or(Cell::Text(HIDDEN.to_owned()), |n| Cell::Number(n.into()))
}

fn median(f: &Figures, partners: bool) -> Cell {
    let shown = if partners { median_for_partners(f) } else { f.median_delay() };
    match shown {
        Some(days) => Cell::Number(days.into()),
        None if partners && f.satisfied > 0 => Cell::Text(HIDDEN.to_owned()),
        None => Cell::Empty,
    }
}

/// The most read figures first; the modes after, for who wants them.
const FIGURE_HEADERS: [&str; 10] = [
    "Demandes",
    "Satisfaites",
    "Non satisfaites",
    "Délai médian jusqu'à la solution (jours)",
    "Places (moins de 3 ans)",
    "Places disponibles (moins de 3 ans)",
    "dont satisfaites en accueil collectif",
    "dont par un·e assistant·e maternel·le",
    "dont en MAM",
    "dont en garde à domicile",
];

fn figure_cells(label: String, f: &Figures, view: &View, sector: Option<&str>, month: Option<usize>) -> Vec<Cell> {
    let stat = |m: Measure, n: u32| cell(view.stat(sector, month, m, n));
    let mut cells = vec![
        Cell::Text(label),
        stat(Measure::Requests, f.requests),
        stat(Measure::Satisfied, f.satisfied),
        stat(Measure::Unmet, f.unmet),
        median(f, view.partners),
        stat(Measure::Places, f.places),
        stat(Measure::FreePlaces, f.free_places),
    ];
    cells.extend(CareMode::ALL.iter().enumerate().map(|(i, m)| stat(Measure::Mode(i), f.satisfied_by(*m))));
    cells
}

fn headers(first: &str) -> Vec<String> {
    std::iter::once(first).chain(FIGURE_HEADERS).map(str::to_owned).collect()
}

/// The year's months, of the view's sector or of the whole territory.
pub fn months(s: &Statistics, view: &View) -> Sheet {
    let rows = s
        .months
        .iter()
        .zip(s.by_month(view.sector))
        .enumerate()
        .map(|(i, (month, f))| figure_cells(french_month(*month), &f, view, view.sector, Some(i)))
        .collect();
    let totals = figure_cells(format!("Année {}", s.year), &s.year(view.sector), view, view.sector, None);
    Sheet { name: "Par mois".to_owned(), headers: headers("Mois de début souhaité"), rows, totals }
}

/// Each sector over the year, and the territory.
pub fn sectors(s: &Statistics, view: &View) -> Sheet {
    let rows = s.by_sector().map(|(sector, f)| figure_cells(sector.to_owned(), f, view, Some(sector), None)).collect();
    let totals = figure_cells("Territoire".to_owned(), &s.year(None), view, None, None);
    Sheet { name: "Par secteur".to_owned(), headers: headers("Secteur"), rows, totals }
}

fn headcount(label: String, h: Headcount, view: &View, line: WorkLine) -> Vec<Cell> {
    vec![Cell::Text(label), cell(view.work(line, false, h.childminders)), cell(view.work(line, true, h.places))]
}

const WORKFORCE_HEADERS: [&str; 2] = ["Assistant·e·s maternel·le·s en activité", "Places agréées"];

/// The active childminders by age group.
pub fn ages(w: &Workforce, view: &View) -> Sheet {
    let rows = w
        .by_age
        .iter()
        .enumerate()
        .map(|(i, (label, h))| headcount((*label).to_owned(), *h, view, WorkLine::Age(i)))
        .collect();
    let mut headers = vec!["Âge dans l'année".to_owned()];
    headers.extend(WORKFORCE_HEADERS.map(str::to_owned));
    let totals = headcount("Total".to_owned(), w.total, view, WorkLine::Total);
    Sheet { name: "Âges des AM".to_owned(), headers, rows, totals }
}

/// Those reaching 62 in each coming year, and those already there.
pub fn retirements(w: &Workforce, view: &View) -> Sheet {
    let mut rows =
        vec![headcount("62 ans ou plus cette année".to_owned(), w.past_retirement, view, WorkLine::PastRetirement)];
    rows.extend(
        w.reaching_retirement
            .iter()
            .map(|(year, h)| headcount(format!("62 ans en {year}"), *h, view, WorkLine::Retiring(*year))),
    );
    let mut headers = vec!["Âge de la retraite".to_owned()];
    headers.extend(WORKFORCE_HEADERS.map(str::to_owned));
    Sheet { name: "Départs en retraite".to_owned(), headers, rows, totals: vec![] }
}

/// What each figure counts, in words: on the page under the tables, and
/// as the workbook's last sheet, so a table sent on keeps its meaning.
pub fn definitions(s: &Statistics, view: &View) -> Vec<(&'static str, String)> {
    let scope = match view.sector {
        Some(sector) => format!("Secteur « {sector} », année {}.", s.year),
        None => format!("Tout le territoire, année {}.", s.year),
    };
    let mut out = vec![
        ("Tableaux", scope),
        ("Demandes", "Les demandes d'accueil dont le début souhaité tombe dans le mois, comptées dans le secteur où vit la famille.".to_owned()),
        ("Satisfaites", "Celles qui ont trouvé une solution, par le mode d'accueil trouvé.".to_owned()),
        ("Délai médian", "La moitié des demandes satisfaites l'ont été en moins de jours que ce nombre, comptés du dépôt à la solution.".to_owned()),
        ("Non satisfaites", "Les demandes closes sans solution, et celles encore en cours alors que le début souhaité est passé. Les demandes annulées ou expirées, retirées par la famille, ne comptent ni comme satisfaites ni comme non satisfaites.".to_owned()),
        ("Places", format!("Les places pour les enfants de moins de 3 ans autorisées ou agréées le 1er du mois, des établissements et des assistant·e·s maternel·le·s en activité ; sur l'année, celles du {}.", french_date(s.as_of))),
        ("Places disponibles", "Les places pour les moins de 3 ans déclarées libres ce jour-là par la dernière déclaration de chaque établissement ou assistant·e maternel·le ; pour chaque tranche d'âge, le plus grand nombre sur un jour de la semaine.".to_owned()),
        ("Départs en retraite", "Les assistant·e·s maternel·le·s en activité qui atteignent 62 ans dans l'année, d'après leur année de naissance, et les places agréées qu'elles et ils détiennent aujourd'hui.".to_owned()),
    ];
    if view.partners {
        out.push(("masqué", "Un effectif de moins de 5 (demandes, places, assistant·e·s maternel·le·s), ou un effectif qu'on retrouverait par soustraction à partir des autres chiffres publiés, pour qu'aucune famille ni aucune assistante maternelle ne puisse être reconnue ; un délai médian aussi, quand moins de 5 demandes ont été satisfaites.".to_owned()));
    }
    out
}

pub fn definitions_sheet(s: &Statistics, view: &View) -> Sheet {
    let rows = definitions(s, view).into_iter().map(|(term, text)| vec![Cell::from(term), Cell::Text(text)]).collect();
    Sheet::new("Définitions", &["Chiffre", "Définition"], rows)
}
