//! /demandes: the relais' queue (open requests by desired start, with
//! their filters) and the search by tracking code.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maillage_db::childcare::requests::RequestFilter;
use maillage_db::childcare::{ops, requests};
use maillage_domain::FieldErrors;
use maillage_domain::childcare::request::code;
use maillage_domain::childcare::{CareMode, RequestStatus};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, page_number, render};
use crate::{AppError, AppState};

const PER_PAGE: u64 = 50;

struct Row {
    id: i32,
    code: String,
    filed_on: String,
    start_on: String,
    band: &'static str,
    modes: String,
    sector: String,
    status: &'static str,
}

#[derive(Template)]
#[template(path = "childcare/requests.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    total: u64,
    page: u64,
    pages: u64,
    q: ListQuery,
    errors: FieldErrors,
    statuses: Vec<(&'static str, &'static str)>,
    sectors: Vec<String>,
    modes: Vec<(&'static str, &'static str)>,
    /// The filters as a query string, for the pagination links.
    query: String,
    public_path: String,
}

impl ListPage {
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(str::to_owned)
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ListQuery {
    code: String,
    page: String,
    /// Empty for the open requests, `toutes`, or a status code.
    statut: String,
    secteur: String,
    /// `AAAA-MM`: the desired start's month.
    mois: String,
    mode: String,
}

/// The filter the query asks for; a value that means nothing is said next
/// to its field and not applied.
fn filter_of(q: &ListQuery, errors: &mut FieldErrors) -> RequestFilter {
    let mut filter = RequestFilter { home_sector: q.secteur.trim().to_owned(), ..Default::default() };
    match q.statut.as_str() {
        "" => {}
        "toutes" => filter.all = true,
        code => match RequestStatus::from_code(code) {
            Some(s) => filter.status = Some(s),
            None => errors.add("statut", "Choisissez un statut dans la liste."),
        },
    }
    if !q.mois.trim().is_empty() {
        let first = NaiveDate::parse_from_str(&format!("{}-01", q.mois.trim()), "%Y-%m-%d").ok();
        match first.and_then(|f| Some((f, f.checked_add_months(chrono::Months::new(1))?))) {
            Some(range) => filter.start_between = Some(range),
            None => errors.add("mois", "Un mois au format AAAA-MM, par exemple 2025-09."),
        }
    }
    if !q.mode.is_empty() {
        match CareMode::from_code(&q.mode) {
            Some(m) => filter.mode = Some(m),
            None => errors.add("mode", "Choisissez un mode d'accueil dans la liste."),
        }
    }
    filter
}

pub async fn list(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = user.territory_id;
    let mut errors = FieldErrors::new();
    if !q.code.trim().is_empty() {
        match code::normalise(&q.code) {
            Some(c) => match requests::by_code(&state.db, t, &c).await {
                Ok(r) => return Ok(Redirect::to(&format!("/demandes/{}", r.id)).into_response()),
                Err(maillage_db::DbError::NotFound) => {
                    errors.add("code", format!("Aucune demande de ce territoire n'a le code {c}."));
                }
                Err(e) => return Err(e.into()),
            },
            None => errors.add("code", "Un code de suivi a huit caractères, comme K7M2-Q9XD."),
        }
    }
    let filter = filter_of(&q, &mut errors);
    let found = requests::list(&state.db, t, &filter, page_number(&q.page), PER_PAGE).await?;
    let rows = found
        .items
        .into_iter()
        .map(|r| Row {
            id: r.id,
            band: r.child.band_on(r.start_on).map_or("—", |b| b.label()),
            code: r.code,
            filed_on: r.filed_on.format("%d/%m/%Y").to_string(),
            start_on: r.start_on.format("%d/%m/%Y").to_string(),
            modes: r.modes.iter().map(|m| m.short_label()).collect::<Vec<_>>().join(", "),
            sector: if r.home_sector.is_empty() { "—".to_owned() } else { r.home_sector },
            status: r.status.label(),
        })
        .collect();
    let slug = maillage_db::territory::get(&state.db, t).await?.slug;
    let query = serde_urlencoded::to_string([
        ("statut", q.statut.as_str()),
        ("secteur", q.secteur.as_str()),
        ("mois", q.mois.as_str()),
        ("mode", q.mode.as_str()),
    ])
    .unwrap_or_default();
    let mut statuses = vec![("", "En cours (à traiter)"), ("toutes", "Toutes")];
    statuses.extend(RequestStatus::ALL.iter().map(|s| (s.code(), s.label())));
    // A well-formed code of no request is « not found »; a malformed one is bad input.
    let status = match errors.get("code") {
        Some(e) if e.starts_with("Aucune demande") => StatusCode::NOT_FOUND,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = ListPage {
        layout: Layout::new(&state, &session, Some(&user)).await,
        rows,
        total: found.total,
        page: found.page,
        pages: found.pages,
        q: ListQuery { code: q.code.chars().take(40).collect(), mois: q.mois.chars().take(20).collect(), ..q },
        errors,
        statuses,
        sectors: ops::request_sectors(&state.db, t).await?,
        modes: CareMode::ALL.iter().map(|m| (m.code(), m.short_label())).collect(),
        query,
        public_path: format!("/demande/{slug}"),
    };
    Ok((status, render(&page)?).into_response())
}
