//! The relais' side of the requests: the list (the queue and its filters
//! come with the matching), a request filed for a family met in person or
//! on the phone, and a request's sheet, each opening in the audit log.

use std::collections::BTreeMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maillage_db::childcare::requests::RequestFilter;
use maillage_db::childcare::{ops, requests};
use maillage_db::ops::OpError;
use maillage_domain::FieldErrors;
use maillage_domain::Refusal;
use maillage_domain::childcare::request::{RequestForm, StatusForm, code};
use maillage_domain::childcare::{CareMode, Holder, RequestStatus};
use maillage_domain::time::{french_date, french_date_time};
use serde::Deserialize;
use tower_sessions::Session;

use super::form::RequestFormView;
use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::pages::{Layout, flash, page_number, render};
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
    let status = if errors.get("code").is_some() { StatusCode::NOT_FOUND } else { StatusCode::OK };
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

#[derive(Template)]
#[template(path = "childcare/request_new.html")]
struct NewPage {
    layout: Layout,
    view: RequestFormView,
}

async fn new_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    form: RequestForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status =
        if errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let view = RequestFormView {
        action: "/demandes/nouvelle".to_owned(),
        form,
        errors,
        sectors: ops::request_sectors(&state.db, user.territory_id).await?,
        stamp: None,
        notice: None,
        submit: "Enregistrer la demande",
    };
    let layout = Layout::new(state, session, Some(user)).await;
    Ok((status, render(&NewPage { layout, view })?).into_response())
}

pub async fn new_request(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    new_page(&state, &session, &user, RequestForm::default(), FieldErrors::new()).await
}

pub async fn create_request(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let form = RequestForm::from_fields(fields);
    let actor = user.actor();
    let public_url = &state.config.public_url;
    match ops::file_request(&state.ctx(&actor), &user.territory_name, &form, public_url).await {
        Ok((r, token)) => {
            let link = ops::tracking_link(public_url, &token);
            flash(&format!(
                "Demande {} enregistrée. Donnez à la famille son lien de suivi personnel (il ne sera plus affiché) : {link}",
                r.code
            ));
            Ok(Redirect::to(&format!("/demandes/{}", r.id)).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            new_page(&state, &session, &user, form, errors).await
        }
    }
}

struct EventLine {
    at: String,
    status: &'static str,
    actor: String,
    note: String,
}

#[derive(Template)]
#[template(path = "childcare/request.html")]
struct SheetPage {
    layout: Layout,
    id: i32,
    version: i32,
    code: String,
    status: &'static str,
    details: Vec<(&'static str, String)>,
    events: Vec<EventLine>,
    /// The statuses the relais may choose now, and the modes of a solution.
    choices: Vec<(&'static str, &'static str)>,
    modes: Vec<(&'static str, &'static str)>,
    form: StatusForm,
    errors: FieldErrors,
    /// The request changed since the page was opened.
    conflict: bool,
    /// The free places that answer it, while it is open.
    open: bool,
    offers: Vec<OfferView>,
}

struct OfferView {
    /// `facility-3`, `childminder-12`: what « Proposer » sends.
    holder: String,
    name: String,
    url: String,
    reasons: Vec<String>,
    to_confirm: bool,
}

fn holder_code(h: Holder) -> String {
    match h {
        Holder::Facility(id) => format!("facility-{id}"),
        Holder::Childminder(id) => format!("childminder-{id}"),
    }
}

fn holder_of(code: &str) -> Option<Holder> {
    let (kind, id) = code.split_once('-')?;
    let id = id.parse().ok()?;
    match kind {
        "facility" => Some(Holder::Facility(id)),
        "childminder" => Some(Holder::Childminder(id)),
        _ => None,
    }
}

impl SheetPage {
    fn err(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(str::to_owned)
    }

    fn summary(&self) -> crate::pages::ErrorSummary {
        let label = |f: &str| match f {
            "status" => "Nouveau statut",
            "solved_mode" => "Mode d'accueil trouvé",
            "holder" => "Proposition",
            _ => "Message à la famille",
        };
        crate::pages::ErrorSummary {
            items: self
                .errors
                .iter()
                .map(|e| (e.field.clone(), format!("{} : {}", label(&e.field), e.message)))
                .collect(),
        }
    }
}

/// The sheet, after a refused change of status or not: reading it is audited.
async fn sheet(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    refused: Option<(StatusForm, FieldErrors, bool)>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let (r, events) = ops::read_request(&state.ctx(&actor), id).await?;
    let band = r.child.band_on(r.start_on).map_or("—", |b| b.label());
    let none = || "—".to_owned();
    let mut details = vec![
        ("Enfant", r.child.label()),
        ("Âge à l'entrée", band.to_owned()),
        ("Entrée souhaitée", french_date(r.start_on)),
        ("Horaires", format!("{} ({})", r.schedule.label(), r.schedule.weekly_label())),
        ("Modes, par préférence", r.modes.iter().map(|m| m.short_label()).collect::<Vec<_>>().join(", puis ")),
        ("Secteurs acceptés", if r.sectors.is_empty() { "Tous".to_owned() } else { r.sectors.join(", ") }),
        ("Secteur de la famille", if r.home_sector.is_empty() { none() } else { r.home_sector.clone() }),
        ("Parent", r.parent_name.clone()),
        ("Adresse électronique", if r.email.is_empty() { none() } else { r.email.clone() }),
        ("Téléphone", if r.phone.is_empty() { none() } else { r.phone.clone() }),
        ("Précisions", if r.notes.is_empty() { none() } else { r.notes.clone() }),
        ("Déposée le", format!("{} par {}", french_date(r.filed_on), r.filed_by)),
        ("Dernière confirmation", french_date(r.confirmed_on)),
    ];
    if let Some(mode) = r.solved_mode {
        details.push(("Solution trouvée", mode.label().to_owned()));
    }
    let events = events
        .into_iter()
        .rev()
        .map(|e| EventLine { at: french_date_time(e.at), status: e.status.label(), actor: e.actor, note: e.note })
        .collect();
    let status_code = match &refused {
        Some((_, _, true)) => StatusCode::CONFLICT,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let (form, errors, conflict) = refused.unwrap_or_default();
    let offers = if r.status.is_open() { ops::compatible_offers(&state.ctx(&actor), &r).await? } else { Vec::new() };
    let offers = offers
        .into_iter()
        .map(|m| OfferView {
            holder: holder_code(m.candidate.holder),
            url: match m.candidate.holder {
                Holder::Facility(id) => format!("/etablissements/{id}"),
                Holder::Childminder(id) => format!("/assistants-maternels/{id}"),
            },
            name: m.candidate.name,
            reasons: m.reasons,
            to_confirm: m.to_confirm,
        })
        .collect();
    let page = SheetPage {
        open: r.status.is_open(),
        offers,
        layout: Layout::new(state, session, Some(user)).await,
        id: r.id,
        version: r.version,
        code: r.code,
        status: r.status.label(),
        details,
        events,
        choices: r.status.relais_choices().into_iter().map(|s| (s.code(), s.label())).collect(),
        modes: CareMode::ALL.iter().map(|m| (m.code(), m.label())).collect(),
        form,
        errors,
        conflict,
    };
    Ok((status_code, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    sheet(&state, &session, &user, id, None).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct StatusPost {
    version: String,
    #[serde(flatten)]
    form: StatusForm,
}

pub async fn change_status(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(post): Form<StatusPost>,
) -> Result<Response, AppError> {
    let Ok(version) = post.version.parse::<i32>() else {
        return Err(AppError::BadRequest(crate::pages::BAD_VERSION.to_owned()));
    };
    let actor = user.actor();
    match ops::change_status(&state.ctx(&actor), &user.territory_name, id, version, &post.form).await {
        Ok(r) => {
            flash(&format!("Demande {} : {}.", r.code, r.status.label().to_lowercase()));
            Ok(Redirect::to(&format!("/demandes/{id}")).into_response())
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            sheet(&state, &session, &user, id, Some((post.form, FieldErrors::new(), true))).await
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            sheet(&state, &session, &user, id, Some((post.form, errors, false))).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ProposePost {
    version: String,
    holder: String,
}

pub async fn propose(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(post): Form<ProposePost>,
) -> Result<Response, AppError> {
    let Ok(version) = post.version.parse::<i32>() else {
        return Err(AppError::BadRequest(crate::pages::BAD_VERSION.to_owned()));
    };
    let Some(holder) = holder_of(&post.holder) else {
        return Err(AppError::BadRequest("Choisissez une offre dans la liste des offres compatibles.".to_owned()));
    };
    let actor = user.actor();
    match ops::propose(&state.ctx(&actor), &user.territory_name, id, version, holder).await {
        Ok(r) => {
            flash(&format!("Demande {} : proposition enregistrée, la famille la lit sur sa page de suivi.", r.code));
            Ok(Redirect::to(&format!("/demandes/{id}")).into_response())
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            sheet(&state, &session, &user, id, Some((StatusForm::default(), FieldErrors::new(), true))).await
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            sheet(&state, &session, &user, id, Some((StatusForm::default(), errors, false))).await
        }
    }
}
