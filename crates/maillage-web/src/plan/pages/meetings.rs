//! Committee meetings (COPIL, COTECH, thematic) and their decisions.

use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{actions, conventions, meetings, ops};
use maillage_domain::plan::meeting::{DecisionForm, MeetingForm};
use maillage_domain::plan::{Meeting, MeetingKind as Kind};
use maillage_domain::{FieldErrors, Permission};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::Form;
use crate::form::{FieldKind, FormField, field};
use crate::pages::{Layout, flash, invalid, render};
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
}

pub(super) fn meeting_fields(form: &MeetingForm, errors: &FieldErrors) -> Vec<FormField> {
    let kinds = Kind::ALL.iter().map(|k| (k.code().to_owned(), k.label().to_owned())).collect();
    vec![
        field("kind", "Type", &form.kind, errors, FieldKind::Select(kinds)),
        field("held_on", "Date", &form.held_on, errors, FieldKind::Date),
        field("title", "Titre", &form.title, errors, FieldKind::Text),
        field("attendees", "Participants (un par ligne)", &form.attendees, errors, FieldKind::Area),
        field("minutes", "Compte rendu", &form.minutes, errors, FieldKind::Area),
    ]
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
    let decisions = meetings::decisions_of_convention(&state.db, user.territory_id, convention_id).await?;
    let rows = meetings::list(&state.db, user.territory_id, convention_id)
        .await?
        .into_iter()
        .map(|m| MeetingRow {
            id: m.id,
            date: m.held_on.format("%d/%m/%Y").to_string(),
            kind: m.kind.label(),
            decisions: decisions.get(&m.id).map_or(0, Vec::len),
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
    };
    Ok((status, render(&page)?).into_response())
}

/// « Comités » in the menu: those of the convention in force, or the most
/// recent one.
pub async fn current_meetings(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let t = user.territory_id;
    let current = match conventions::current(&state.db, t, state.today()).await? {
        Some(c) => Some(c),
        None => conventions::list(&state.db, t).await?.into_iter().max_by_key(|c| c.starts_on),
    };
    match current {
        Some(c) => Ok(Redirect::to(&format!("/conventions/{}/comites", c.id)).into_response()),
        None => {
            flash("Aucune convention pour l'instant : les comités se rattachent à une convention.");
            Ok(Redirect::to("/").into_response())
        }
    }
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
    let actor = user.actor();
    match ops::create_meeting(&state.ctx(&actor), convention_id, &form).await {
        Ok(m) => {
            flash("Réunion enregistrée. Ajoutez-y les décisions prises.");
            Ok(Redirect::to(&format!("/comites/{}", m.id)).into_response())
        }
        Err(e) => list_page(&state, &session, &user, convention_id, form, invalid(e)?).await,
    }
}

/// (id, text, the action it is about: its id and label).
type DecisionRow = (i32, String, Option<(i32, String)>);

#[derive(Template)]
#[template(path = "plan/meeting.html")]
struct MeetingPage {
    layout: Layout,
    m: Meeting,
    kind: &'static str,
    date: String,
    decisions: Vec<DecisionRow>,
    can_edit: bool,
    fields: Vec<FormField>,
}

async fn meeting_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    form: DecisionForm,
    errors: FieldErrors,
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
            (d.id, d.body, action)
        })
        .collect();
    let mut options = vec![(String::new(), "Aucune action en particulier".to_owned())];
    options.extend(actions.into_iter().map(|(id, label)| (id.to_string(), label)));
    let fields = vec![
        field("body", "Décision", &form.body, &errors, FieldKind::Area),
        field("action_id", "Action concernée", &form.action_id, &errors, FieldKind::Select(options)),
    ];
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(state, session, Some(user)).await;
    let page = MeetingPage {
        layout,
        kind: m.kind.label(),
        date: m.held_on.format("%d/%m/%Y").to_string(),
        m,
        decisions,
        can_edit: user.can(Permission::EditPlan),
        fields,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show_meeting(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    meeting_page(&state, &session, &user, id, DecisionForm::default(), FieldErrors::new()).await
}

pub async fn add_decision(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_decision(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Décision ajoutée.");
            Ok(Redirect::to(&format!("/comites/{id}")).into_response())
        }
        Err(e) => meeting_page(&state, &session, &user, id, form, invalid(e)?).await,
    }
}
