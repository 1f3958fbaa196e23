//! /demandes/{id}: a request's sheet for the relais (each opening in the
//! audit log), its compatible offers to propose, and its status to change.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::ops;
use maillage_db::ops::OpError;
use maillage_domain::FieldErrors;
use maillage_domain::Refusal;
use maillage_domain::childcare::request::{RequestForm, StatusForm};
use maillage_domain::childcare::{CareMode, Holder};
use maillage_domain::time::{french_date, french_date_time};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

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
    /// Compatible offers not listed (see [`OFFERS_SHOWN`]).
    more_offers: usize,
    /// How to reach the family, to correct (none once erased).
    contact: Option<RequestForm>,
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
            "parent_name" => "Nom du parent",
            "email" => "Adresse électronique",
            "phone" => "Téléphone",
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
    contact: Option<RequestForm>,
) -> Result<Response, AppError> {
    sheet_with(state, session, user, id, refused, contact, false).await
}

/// Offers shown at first: in a city, hundreds of childminders may answer
/// one request, and the nearest and preferred come first.
const OFFERS_SHOWN: usize = 20;

/// The sheet; `all_offers` lists every compatible offer, not the first.
async fn sheet_with(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    refused: Option<(StatusForm, FieldErrors, bool)>,
    contact: Option<RequestForm>,
    all_offers: bool,
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
    let more_offers = if all_offers { 0 } else { offers.len().saturating_sub(OFFERS_SHOWN) };
    let offers = offers
        .into_iter()
        .take(if all_offers { usize::MAX } else { OFFERS_SHOWN })
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
    let contact = match (contact, r.anonymised_on) {
        (_, Some(_)) => None,
        (Some(sent), None) => Some(sent),
        (None, None) => {
            let mut form = RequestForm::default();
            form.set("parent_name", &r.parent_name);
            form.set("email", &r.email);
            form.set("phone", &r.phone);
            Some(form)
        }
    };
    let page = SheetPage {
        contact,
        open: r.status.is_open(),
        offers,
        more_offers,
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

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SheetQuery {
    /// `toutes`: every compatible offer.
    offres: String,
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Query(q): Query<SheetQuery>,
) -> Result<Response, AppError> {
    sheet_with(&state, &session, &user, id, None, None, q.offres == "toutes").await
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
    let version = crate::pages::version(&post.version)?;
    let actor = user.actor();
    match ops::change_status(&state.ctx(&actor), &user.territory_name, id, version, &post.form).await {
        Ok(r) => {
            flash(&format!("Demande {} : {}.", r.code, r.status.label().to_lowercase()));
            Ok(Redirect::to(&format!("/demandes/{id}")).into_response())
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            sheet(&state, &session, &user, id, Some((post.form, FieldErrors::new(), true)), None).await
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            sheet(&state, &session, &user, id, Some((post.form, errors, false)), None).await
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
    let version = crate::pages::version(&post.version)?;
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
            sheet(&state, &session, &user, id, Some((StatusForm::default(), FieldErrors::new(), true)), None).await
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            sheet(&state, &session, &user, id, Some((StatusForm::default(), errors, false)), None).await
        }
    }
}

pub async fn correct_contact(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(fields): Form<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let version = crate::pages::version(fields.get("version").map_or("", String::as_str))?;
    let form = RequestForm::from_fields(fields);
    let actor = user.actor();
    match ops::correct_contact(&state.ctx(&actor), id, version, &form).await {
        Ok(r) => {
            flash(&format!("Demande {} : coordonnées corrigées.", r.code));
            Ok(Redirect::to(&format!("/demandes/{id}")).into_response())
        }
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            sheet(&state, &session, &user, id, Some((StatusForm::default(), FieldErrors::new(), true)), Some(form))
                .await
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            sheet(&state, &session, &user, id, Some((StatusForm::default(), errors, false)), Some(form)).await
        }
    }
}
