//! Committee meetings (COPIL, COTECH, thematic) and their decisions.

use crate::extract::Form;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{actions, conventions, meetings};
use maillage_domain::plan::meeting::{MeetingForm, MeetingKind};
use maillage_domain::validation::required_text;
use maillage_domain::{FieldErrors, Permission};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::form::{FieldKind, FormField, field};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

struct MeetingRow {
    id: i32,
    date: String,
    title: String,
    kind: &'static str,
    decisions: usize,
}

#[derive(Template)]
#[template(path = "plan/meetings.html")]
struct MeetingsPage {
    layout: Layout,
    convention_id: i32,
    convention_title: String,
    meetings: Vec<MeetingRow>,
    can_edit: bool,
    fields: Vec<FormField>,
    has_errors: bool,
}

fn meeting_fields(form: &MeetingForm, errors: &FieldErrors) -> Vec<FormField> {
    let kinds = MeetingKind::ALL.iter().map(|k| (k.code().to_owned(), k.label().to_owned())).collect();
    vec![
        field("kind", "Type", &form.kind, errors, FieldKind::Select(kinds)),
        field("held_on", "Date", &form.held_on, errors, FieldKind::Date),
        field("title", "Titre", &form.title, errors, FieldKind::Text),
        field("attendees", "Participants (un par ligne)", &form.attendees, errors, FieldKind::Area),
        field("notes", "Compte rendu", &form.notes, errors, FieldKind::Area),
    ]
}

fn kind_label(code: &str) -> &'static str {
    MeetingKind::from_code(code).map_or("Réunion", MeetingKind::label)
}

async fn list_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    convention_id: i32,
    form: MeetingForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let convention = conventions::get(&state.db, user.territory_id, convention_id).await?;
    let counts = meetings::decision_counts(&state.db, user.territory_id, convention_id).await?;
    let rows = meetings::list(&state.db, user.territory_id, convention_id)
        .await?
        .into_iter()
        .map(|m| MeetingRow {
            id: m.id,
            date: m.held_on.format("%d/%m/%Y").to_string(),
            kind: kind_label(&m.kind),
            decisions: counts.get(&m.id).copied().unwrap_or(0),
            title: m.title,
        })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(state, session, Some(user)).await;
    let page = MeetingsPage {
        layout,
        convention_id,
        convention_title: convention.title,
        meetings: rows,
        can_edit: user.can(Permission::EditPlan),
        fields: meeting_fields(&form, &errors),
        has_errors: !errors.is_empty(),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn list_meetings(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(convention_id): Path<i32>,
) -> Result<Response, AppError> {
    list_page(&state, &session, &user, convention_id, MeetingForm::default(), FieldErrors::new()).await
}

pub async fn create_meeting(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(convention_id): Path<i32>,
    Form(form): Form<MeetingForm>,
) -> Result<Response, AppError> {
    conventions::get(&state.db, user.territory_id, convention_id).await?;
    match form.validate() {
        Ok(fields) => {
            let m = meetings::create(&state.db, &user.actor(), convention_id, &fields).await?;
            flash("Réunion enregistrée. Ajoutez-y les décisions prises.");
            Ok(Redirect::to(&format!("/comites/{}", m.id)).into_response())
        }
        Err(errors) => list_page(&state, &session, &user, convention_id, form, errors).await,
    }
}

#[derive(Template)]
#[template(path = "plan/meeting.html")]
struct MeetingPage {
    layout: Layout,
    m: meetings::Meeting,
    kind: &'static str,
    date: String,
    decisions: Vec<(String, Option<(i32, String)>)>,
    actions: Vec<(i32, String)>,
    can_edit: bool,
    error: Option<String>,
    body: String,
}

async fn meeting_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    error: Option<String>,
    body: String,
) -> Result<Response, AppError> {
    let (m, decisions) = meetings::get(&state.db, user.territory_id, id).await?;
    let actions: Vec<(i32, String)> = actions::list_for_convention(&state.db, user.territory_id, m.convention_id)
        .await?
        .into_iter()
        .map(|a| (a.id, format!("{} {}", a.code, a.title)))
        .collect();
    let decisions = decisions
        .into_iter()
        .map(|d| {
            let action = d.action_id.and_then(|id| actions.iter().find(|(a, _)| *a == id).cloned());
            (d.body, action)
        })
        .collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let layout = Layout::new(state, session, Some(user)).await;
    let page = MeetingPage {
        layout,
        kind: kind_label(&m.kind),
        date: m.held_on.format("%d/%m/%Y").to_string(),
        m,
        decisions,
        actions,
        can_edit: user.can(Permission::EditPlan),
        error,
        body,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show_meeting(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    meeting_page(&state, &session, &user, id, None, String::new()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    body: String,
    action_id: String,
}

pub async fn add_decision(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let (m, _) = meetings::get(&state.db, user.territory_id, id).await?;
    let mut errors = FieldErrors::new();
    let body = required_text(&mut errors, "body", &form.body, 5000);
    let action_id = match form.action_id.trim() {
        "" => None,
        raw => {
            let in_convention = actions::list_for_convention(&state.db, user.territory_id, m.convention_id).await?;
            match raw.parse::<i32>().ok().filter(|id| in_convention.iter().any(|a| a.id == *id)) {
                Some(id) => Some(id),
                None => {
                    errors.add("body", "L'action choisie n'appartient pas à cette convention.");
                    None
                }
            }
        }
    };
    if let Some(e) = errors.iter().next() {
        return meeting_page(&state, &session, &user, id, Some(e.message.clone()), form.body).await;
    }
    meetings::add_decision(&state.db, &user.actor(), id, action_id, &body).await?;
    flash("Décision ajoutée.");
    Ok(Redirect::to(&format!("/comites/{id}")).into_response())
}
