//! /statistiques: offer and demand by sector and month for one year, and
//! the childminders' workforce, as charts with their tables beside them,
//! and the same tables in CSV and XLSX. Computed once per territory,
//! year and revision. Those who do not follow requests (partners, the
//! elected) see « masqué » for every count under 5 and every count a
//! subtraction would give back; the relais and the coordinator may ask
//! for that version too, to hand it over.

pub mod sheets;

use std::collections::BTreeMap;
use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use maillage_db::childcare::statistics::{self as facts, YearFacts};
use maillage_domain::childcare::statistics::disclosure::{Hidden, Measure, WorkLine, hidden_for_partners};
use maillage_domain::childcare::statistics::{self, Registers, Statistics};
use maillage_domain::childcare::workforce::{self, Workforce};
use maillage_domain::{FieldErrors, Permission};
use maillage_tabular::{Cell, Sheet};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::charts::{self, Columns};
use crate::extract::Path;
use crate::pages::{Layout, download, render};
use crate::{AppError, AppState};
use sheets::View;

/// What one year of a territory computes to.
pub struct Computed {
    pub statistics: Statistics,
    /// The workforce of each sector of the statistics.
    workforce_by_sector: BTreeMap<String, Workforce>,
    workforce: Workforce,
    /// What partners may not see.
    pub hidden: Hidden,
}

impl Computed {
    /// Everything the page and its exports show of a year's facts: the
    /// page computes it for its territory, `maillage statistics` for every
    /// territory of the deployment.
    pub fn of(facts: &YearFacts, year: i32, today: NaiveDate) -> Self {
        let YearFacts { facilities, childminders, capacities, requests, free } = facts;
        let reg = Registers { facilities, childminders, capacities, free };
        let statistics = statistics::compute(year, today, requests, &reg);
        let workforce_by_sector = workforce::by_sector(statistics.sectors(), childminders, capacities, today);
        let workforce = workforce::workforce(childminders, capacities, today);
        let hidden = hidden_for_partners(&statistics, &workforce_by_sector, &workforce);
        Computed { statistics, workforce_by_sector, workforce, hidden }
    }

    /// The workforce of the territory or of one of its sectors (a sector
    /// the statistics do not know has none).
    fn workforce(&self, sector: Option<&str>) -> &Workforce {
        match sector.and_then(|s| self.workforce_by_sector.get(s)) {
            Some(w) => w,
            None => &self.workforce,
        }
    }
}

async fn compute(state: &AppState, t: i32, year: i32, today: NaiveDate) -> Result<Computed, AppError> {
    let facts = facts::year_facts(&state.db, t, year, today).await?.ok_or(AppError::NotFound)?;
    Ok(Computed::of(&facts, year, today))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct StatisticsQuery {
    annee: String,
    secteur: String,
    /// `partenaires`: the version for partners, small counts hidden.
    diffusion: String,
}

/// What the query asks for, once checked; a value that means nothing is
/// said next to its field and the default is shown instead.
struct Choice {
    year: i32,
    sector: Option<String>,
    partners: bool,
    errors: FieldErrors,
}

async fn choose(
    state: &AppState,
    user: &CurrentUser,
    q: &StatisticsQuery,
) -> Result<(Arc<Computed>, Choice), AppError> {
    let today = state.today();
    let mut errors = FieldErrors::new();
    let latest = today.year() + 5;
    let year = match q.annee.trim() {
        "" => today.year(),
        raw => match raw.parse::<i32>() {
            Ok(y) if (2000..=latest).contains(&y) => y,
            _ => {
                errors.add("annee", format!("Une année de 2000 à {latest}, par exemple {}.", today.year()));
                today.year()
            }
        },
    };
    let t = user.territory_id;
    let computed =
        state.statistics.get_or_compute((t, year), user.revision, today, compute(state, t, year, today)).await?;
    let sector = match q.secteur.as_str() {
        "" => None,
        s if computed.statistics.sectors().any(|known| known == s) => Some(s.to_owned()),
        _ => {
            errors.add("secteur", "Choisissez un secteur dans la liste.");
            None
        }
    };
    let asked = match q.diffusion.as_str() {
        "" => false,
        "partenaires" => true,
        _ => {
            errors.add("diffusion", "Cochez la case ou laissez-la vide.");
            false
        }
    };
    let partners = asked || !user.can(Permission::FollowRequests);
    Ok((computed, Choice { year, sector, partners, errors }))
}

/// A sheet as the page shows it: the first cell of a row heads it.
struct Table {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    totals: Vec<String>,
}

fn shown(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => format!("{n}"),
        Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        Cell::Euros(n) => format!("{n} €"),
        Cell::Empty => "—".to_owned(),
    }
}

fn table(caption: &str, sheet: Sheet) -> Table {
    Table {
        caption: caption.to_owned(),
        headers: sheet.headers,
        rows: sheet.rows.iter().map(|r| r.iter().map(shown).collect()).collect(),
        totals: sheet.totals.iter().map(shown).collect(),
    }
}

const SHORT_MONTHS: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

fn months_chart(s: &Statistics, view: &View) -> Columns {
    let groups: Vec<(String, Vec<Option<u32>>)> = s
        .by_month(view.sector)
        .iter()
        .zip(SHORT_MONTHS)
        .enumerate()
        .map(|(i, (f, m))| {
            let stat = |measure, n| view.stat(view.sector, Some(i), measure, n);
            let values = vec![
                stat(Measure::Requests, f.requests),
                stat(Measure::Satisfied, f.satisfied),
                stat(Measure::Unmet, f.unmet),
            ];
            (m.to_owned(), values)
        })
        .collect();
    let title = format!("Demandes par mois de début souhaité en {}, satisfaites et non satisfaites", s.year);
    charts::columns(
        title,
        &[("requests", "demandes"), ("satisfied", "satisfaites"), ("unmet", "non satisfaites")],
        &groups,
    )
}

fn workforce_chart(w: &Workforce, view: &View) -> Columns {
    let line =
        |l: WorkLine, h: workforce::Headcount| vec![view.work(l, false, h.childminders), view.work(l, true, h.places)];
    let mut groups = vec![("62 ans ou plus".to_owned(), line(WorkLine::PastRetirement, w.past_retirement))];
    groups.extend(
        w.reaching_retirement.iter().map(|(y, h)| (format!("62 ans en {y}"), line(WorkLine::Retiring(*y), *h))),
    );
    charts::columns(
        "Assistant·e·s maternel·le·s atteignant 62 ans, et les places qu'elles et ils détiennent".to_owned(),
        &[("childminders", "assistant·e·s maternel·le·s"), ("places", "places agréées")],
        &groups,
    )
}

#[derive(Template)]
#[template(path = "childcare/statistics.html")]
struct StatisticsPage {
    layout: Layout,
    year: String,
    sector: String,
    partners: bool,
    /// The relais and the coordinator may ask for the partners' version.
    may_see_all: bool,
    errors: FieldErrors,
    sectors: Vec<String>,
    has_requests: bool,
    months_chart: Columns,
    workforce_chart: Option<Columns>,
    months: Table,
    by_sector: Table,
    ages: Table,
    retirements: Table,
    definitions: Vec<(&'static str, String)>,
    /// The choice as a query string, for the export links.
    query: String,
}

impl StatisticsPage {
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(str::to_owned)
    }
}

fn query_of(c: &Choice) -> String {
    serde_urlencoded::to_string([
        ("annee", c.year.to_string()),
        ("secteur", c.sector.clone().unwrap_or_default()),
        ("diffusion", if c.partners { "partenaires".to_owned() } else { String::new() }),
    ])
    .unwrap_or_default()
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, AppError> {
    let (computed, choice) = choose(&state, &user, &q).await?;
    let s = &computed.statistics;
    let sector = choice.sector.as_deref();
    let partners = choice.partners;
    let workforce = computed.workforce(sector);
    let view = View { partners, hidden: &computed.hidden, sector };
    let status = if choice.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = StatisticsPage {
        layout: Layout::new(&state, &session, Some(&user)).await,
        year: if choice.errors.get("annee").is_some() {
            q.annee.chars().take(20).collect()
        } else {
            choice.year.to_string()
        },
        sector: choice.sector.clone().unwrap_or_default(),
        partners,
        may_see_all: user.can(Permission::FollowRequests),
        sectors: s.sectors().map(str::to_owned).collect(),
        has_requests: s.year(None).requests > 0,
        months_chart: months_chart(s, &view),
        workforce_chart: (workforce.total.childminders > 0).then(|| workforce_chart(workforce, &view)),
        months: table(
            &match sector {
                Some(name) => format!("Secteur {name}, mois par mois"),
                None => "Le territoire, mois par mois".to_owned(),
            },
            sheets::months(s, &view),
        ),
        by_sector: table("Chaque secteur sur l'année", sheets::sectors(s, &view)),
        ages: table("Par âge", sheets::ages(workforce, &view)),
        retirements: table("Départs en retraite à venir", sheets::retirements(workforce, &view)),
        definitions: sheets::definitions(s, &view),
        query: query_of(&choice),
        errors: choice.errors,
    };
    Ok((status, render(&page)?).into_response())
}

/// Every table, in the workbook's order.
fn all_sheets(c: &Computed, choice: &Choice) -> Vec<Sheet> {
    let sector = choice.sector.as_deref();
    let w = c.workforce(sector);
    let view = View { partners: choice.partners, hidden: &c.hidden, sector };
    vec![
        sheets::months(&c.statistics, &view),
        sheets::sectors(&c.statistics, &view),
        sheets::ages(w, &view),
        sheets::retirements(w, &view),
        sheets::definitions_sheet(&c.statistics, &view),
    ]
}

fn file_stem(choice: &Choice) -> String {
    // The sector in the name, in letters and digits only: a header value.
    let sector: String = match &choice.sector {
        Some(s) => {
            let plain = maillage_domain::childcare::import::normalise(s).replace(' ', "-");
            format!(
                "-{}",
                plain.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect::<String>()
            )
        }
        None => String::new(),
    };
    format!("statistiques-accueil-{}{sector}{}", choice.year, if choice.partners { "-diffusion" } else { "" })
}

/// Exports answer a bad choice with its message, not with another year's
/// figures under the asked name.
fn refuse_bad_choice(choice: &Choice) -> Result<(), AppError> {
    match choice.errors.iter().next() {
        Some(e) => Err(AppError::BadRequest(e.message.clone())),
        None => Ok(()),
    }
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, AppError> {
    let (computed, choice) = choose(&state, &user, &q).await?;
    refuse_bad_choice(&choice)?;
    let bytes =
        maillage_tabular::to_xlsx(&all_sheets(&computed, &choice)).map_err(|e| AppError::Internal(e.to_string()))?;
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(download(content_type, format!("{}.xlsx", file_stem(&choice)), bytes))
}

/// The CSV files, one per table, by the name in their address.
pub const CSV_TABLES: [&str; 4] = ["mois", "secteurs", "ages", "retraites"];

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(table): Path<String>,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, AppError> {
    let name = table.strip_suffix(".csv").filter(|n| CSV_TABLES.contains(n)).ok_or(AppError::NotFound)?;
    let (computed, choice) = choose(&state, &user, &q).await?;
    refuse_bad_choice(&choice)?;
    let sheet = all_sheets(&computed, &choice)
        .into_iter()
        .nth(CSV_TABLES.iter().position(|t| *t == name).unwrap_or(0))
        .ok_or(AppError::NotFound)?;
    let bytes = maillage_tabular::to_csv(&sheet).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download("text/csv; charset=utf-8", format!("{}-{name}.csv", file_stem(&choice)), bytes))
}
