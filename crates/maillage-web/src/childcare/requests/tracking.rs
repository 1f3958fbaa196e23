//! The family's private page (`/suivi/{lien}`): where the request stands
//! and what happened to it; the family changes its schedule, says it is
//! still needed, or cancels it. The link is the only key: whoever holds it
//! sees the request, so the page shows no more than the family needs
//! (contact details half masked) and is never indexed.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::Actor;
use maillage_db::childcare::ops;
use maillage_db::ops::OpError;
use maillage_domain::FieldErrors;
use maillage_domain::Refusal;
use maillage_domain::childcare::request::RequestForm;
use maillage_domain::childcare::{CareRequest, RequestEvent};
use maillage_domain::time::{french_date, french_date_time};
use tower_sessions::Session;

use super::form::RequestFormView;
use crate::extract::{Form, Path};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

pub(crate) struct EventLine {
    pub at: String,
    pub status: &'static str,
    pub who: &'static str,
    pub note: String,
}

#[derive(Template)]
#[template(path = "childcare/tracking.html")]
struct TrackingPage {
    layout: Layout,
    r: CareRequest,
    details: Vec<(&'static str, String)>,
    events: Vec<EventLine>,
    /// The schedule's form (shown while the request is open) and the
    /// refusal of the last change, if any.
    view: RequestFormView,
    base: String,
}

/// « c•••@exemple.fr »: enough for the family to recognise its address.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => format!("{}•••@{domain}", user.chars().next().unwrap_or('•')),
        None => String::new(),
    }
}

/// « •• •• •• •• 78 ».
fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let last: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
    format!("•• •• •• •• {last}")
}

fn details(r: &CareRequest) -> Vec<(&'static str, String)> {
    let mut d = vec![
        ("Enfant", r.child.label()),
        ("Entrée souhaitée", french_date(r.start_on)),
        ("Horaires", format!("{} ({})", r.schedule.label(), r.schedule.weekly_label())),
        ("Modes souhaités", r.modes.iter().map(|m| m.short_label()).collect::<Vec<_>>().join(", puis ")),
        ("Secteurs", if r.sectors.is_empty() { "Tous".to_owned() } else { r.sectors.join(", ") }),
    ];
    if !r.email.is_empty() {
        d.push(("Adresse électronique", mask_email(&r.email)));
    }
    if !r.phone.is_empty() {
        d.push(("Téléphone", mask_phone(&r.phone)));
    }
    d.push(("Déposée le", french_date(r.filed_on)));
    d.push(("Dernière confirmation", french_date(r.confirmed_on)));
    d
}

/// The history as the family reads it: « vous », « le relais », or the
/// platform's reminders and expiry.
fn lines(events: Vec<RequestEvent>) -> Vec<EventLine> {
    let (family, platform) = (Actor::family(0).name, maillage_db::PLATFORM);
    events
        .into_iter()
        .rev()
        .map(|e| EventLine {
            at: french_date_time(e.at),
            status: e.status.label(),
            who: if e.actor == family {
                "Vous"
            } else if e.actor == platform {
                "Maillage, automatiquement"
            } else {
                "Le relais petite enfance"
            },
            note: e.note,
        })
        .collect()
}

/// Tokens are 43 characters; a longer path is no link of ours.
fn plausible(token: &str) -> Result<(), AppError> {
    if token.len() > 64 { Err(AppError::NotFound) } else { Ok(()) }
}

async fn page(
    state: &AppState,
    session: &Session,
    token: &str,
    refused: Option<(RequestForm, FieldErrors)>,
) -> Result<Response, AppError> {
    plausible(token)?;
    let (r, events) = ops::family_request(&state.db, token).await?;
    let failed = refused.is_some();
    let (form, errors) = refused.unwrap_or_else(|| {
        let mut form = RequestForm::default();
        form.set_schedule(&r.schedule);
        (form, FieldErrors::new())
    });
    let view = RequestFormView {
        action: format!("/suivi/{token}/horaires"),
        form,
        errors,
        sectors: Vec::new(),
        stamp: None,
        notice: None,
        submit: "Enregistrer les horaires",
    };
    let mut layout = Layout::new(state, session, None).await;
    layout.demo = maillage_db::territory::get(&state.db, r.territory_id).await?.is_demo;
    let page =
        TrackingPage { layout, details: details(&r), events: lines(events), view, base: format!("/suivi/{token}"), r };
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    page(&state, &session, &token, None).await
}

/// After a family's change: back to the page, with `done` said, or with
/// the refusal next to its field.
async fn answer(
    state: &AppState,
    session: &Session,
    token: &str,
    form: RequestForm,
    result: Result<CareRequest, maillage_db::ops::OpError>,
    done: &str,
) -> Result<Response, AppError> {
    match result {
        Ok(_) => {
            flash(done);
            Ok(Redirect::to(&format!("/suivi/{token}")).into_response())
        }
        // Changed meanwhile (the relais, or the same button tapped twice):
        // the family sees its request as it is now.
        Err(OpError::Refused(Refusal::Conflict(_))) => {
            flash("Votre demande venait de changer : la voici à jour. Refaites votre modification si besoin.");
            Ok(Redirect::to(&format!("/suivi/{token}")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            page(state, session, token, Some((form, errors))).await
        }
    }
}

pub async fn update_schedule(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    plausible(&token)?;
    let form = RequestForm::from_fields(fields);
    let result = ops::family_update_schedule(&state.db, &token, &form, state.today()).await;
    answer(&state, &session, &token, form, result, "Vos horaires sont enregistrés.").await
}

pub async fn confirm(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    plausible(&token)?;
    let result = ops::family_confirm(&state.db, &token, state.today()).await;
    let done = "Merci : votre demande reste active.";
    answer(&state, &session, &token, RequestForm::default(), result, done).await
}

#[derive(Template)]
#[template(path = "childcare/tracking_cancel.html")]
struct CancelPage {
    layout: Layout,
    code: String,
    base: String,
}

pub async fn confirm_cancel(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    plausible(&token)?;
    let (r, _) = ops::family_request(&state.db, &token).await?;
    if !r.status.is_open() {
        return Ok(Redirect::to(&format!("/suivi/{token}")).into_response());
    }
    let layout = Layout::new(&state, &session, None).await;
    Ok(render(&CancelPage { layout, code: r.code, base: format!("/suivi/{token}") })?.into_response())
}

pub async fn cancel(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    plausible(&token)?;
    let result = ops::family_cancel(&state.db, &token, state.today()).await;
    answer(&state, &session, &token, RequestForm::default(), result, "Votre demande est annulée.").await
}

/// Everything held about the request, for the family to keep (a public
/// GET: nothing is written).
pub async fn download(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    plausible(&token)?;
    let (r, events) = ops::family_request(&state.db, &token).await?;
    let family = Actor::family(0).name;
    let body = serde_json::json!({
        "code": r.code,
        "statut": r.status.label(),
        "solution": r.solved_mode.map(|m| m.label()),
        "enfant": {
            "prenom": r.child.first_name,
            "ne": r.child.born,
            "date": r.child.date,
        },
        "entree_souhaitee": r.start_on,
        "horaires": r.schedule.label(),
        "modes_par_preference": r.modes.iter().map(|m| m.label()).collect::<Vec<_>>(),
        "secteurs_acceptes": r.sectors,
        "secteur_de_la_famille": r.home_sector,
        "parent": r.parent_name,
        "adresse_electronique": r.email,
        "telephone": r.phone,
        "precisions": r.notes,
        "deposee_le": r.filed_on,
        "deposee_par": r.filed_by,
        "derniere_confirmation": r.confirmed_on,
        "close_le": r.closed_on,
        "accord": maillage_domain::childcare::request::CONSENT_TEXT,
        "historique": events.iter().map(|e| serde_json::json!({
            "le": e.at,
            "statut": e.status.label(),
            "par": if e.actor == family { "vous" } else { "le relais petite enfance" },
            "note": e.note,
        })).collect::<Vec<_>>(),
    });
    let disposition = format!("attachment; filename=\"demande-{}.json\"", r.code);
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/json; charset=utf-8".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "childcare/tracking_erase.html")]
struct ErasePage {
    layout: Layout,
    code: String,
    base: String,
    /// Done: the request is erased, the link no longer works.
    erased: bool,
}

pub async fn confirm_erase(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    plausible(&token)?;
    let (r, _) = ops::family_request(&state.db, &token).await?;
    let layout = Layout::new(&state, &session, None).await;
    Ok(render(&ErasePage { layout, code: r.code, base: format!("/suivi/{token}"), erased: false })?.into_response())
}

pub async fn erase(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    plausible(&token)?;
    let code = ops::family_erase(&state.db, &token, state.today()).await?;
    let layout = Layout::new(&state, &session, None).await;
    Ok(render(&ErasePage { layout, code, base: String::new(), erased: true })?.into_response())
}
