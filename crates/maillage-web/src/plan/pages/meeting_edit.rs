//! Correcting or deleting a committee meeting and its decisions: an edit
//! page for each, a confirmation before any deletion, every change in the
//! audit log (through the plan's operations).

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{actions, meetings, ops};
use maillage_domain::FieldErrors;
use maillage_domain::plan::meeting::{DecisionForm, MeetingForm};
use tower_sessions::Session;

use super::meetings::meeting_fields;
use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::form::{FieldKind, FormsPage, PartForm, Section, field};
use crate::pages::{Layout, confirm_delete, flash, invalid, render};
use crate::{AppError, AppState};

/// A page holding one form, answered 422 when it comes back with errors.
async fn one_form_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    heading: String,
    back_url: String,
    form: PartForm,
) -> Result<Response, AppError> {
    let status = if form.failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let layout = Layout::new(state, session, Some(user)).await;
    let page = FormsPage {
        layout,
        heading,
        intro: String::new(),
        back_url,
        back_label: "Retour à la réunion",
        sections: vec![Section { key: "formulaire", title: "Modifier".into(), intro: "", forms: vec![form] }],
    };
    Ok((status, render(&page)?).into_response())
}

async fn meeting_form_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    form: Option<(MeetingForm, FieldErrors)>,
) -> Result<Response, AppError> {
    let (m, _) = meetings::get(&state.db, user.territory_id, id).await?;
    let failed = form.is_some();
    let (form, errors) = form.unwrap_or_else(|| {
        let stored = MeetingForm {
            kind: m.kind.code().to_owned(),
            held_on: m.held_on.to_string(),
            title: m.title.clone(),
            attendees: m.attendees.join("\n"),
            minutes: m.minutes.clone(),
        };
        (stored, FieldErrors::new())
    });
    let part = PartForm {
        label: "La réunion".into(),
        action: format!("/comites/{id}/modifier"),
        fields: meeting_fields(&form, &errors),
        submit: "Enregistrer la réunion",
        delete_url: Some(format!("/comites/{id}/supprimer")),
        failed,
        message: None,
        hidden: Vec::new(),
    };
    let heading = format!("Modifier « {} »", m.title);
    one_form_page(state, session, user, heading, format!("/comites/{id}"), part).await
}

pub async fn edit_meeting(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    meeting_form_page(&state, &session, &user, id, None).await
}

pub async fn update_meeting(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<MeetingForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::update_meeting(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Réunion enregistrée.");
            Ok(Redirect::to(&format!("/comites/{id}")).into_response())
        }
        Err(e) => meeting_form_page(&state, &session, &user, id, Some((form, invalid(e)?))).await,
    }
}

pub async fn confirm_delete_meeting(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let (m, decisions) = meetings::get(&state.db, user.territory_id, id).await?;
    let what = format!("la réunion « {} » du {}", m.title, m.held_on.format("%d/%m/%Y"));
    let consequence = match decisions.len() {
        0 => String::new(),
        1 => "Sa décision sera supprimée avec elle.".to_owned(),
        n => format!("Ses {n} décisions seront supprimées avec elle."),
    };
    let (post, cancel) = (format!("/comites/{id}/supprimer"), format!("/comites/{id}"));
    confirm_delete(&state, &session, &user, what, consequence, post, cancel).await
}

pub async fn delete_meeting(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let convention_id = ops::delete_meeting(&state.ctx(&actor), id).await?;
    flash("Réunion supprimée.");
    Ok(Redirect::to(&format!("/conventions/{convention_id}/comites")).into_response())
}

async fn decision_form_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    form: Option<(DecisionForm, FieldErrors)>,
) -> Result<Response, AppError> {
    let d = meetings::get_decision(&state.db, user.territory_id, id).await?;
    let (m, _) = meetings::get(&state.db, user.territory_id, d.meeting_id).await?;
    let failed = form.is_some();
    let (form, errors) = form.unwrap_or_else(|| {
        let action_id = d.action_id.map(|a| a.to_string()).unwrap_or_default();
        (DecisionForm { body: d.body.clone(), action_id }, FieldErrors::new())
    });
    let mut options = vec![(String::new(), "Aucune action en particulier".to_owned())];
    let in_convention = actions::list_for_convention(&state.db, user.territory_id, m.convention_id).await?;
    options.extend(in_convention.into_iter().map(|a| (a.id.to_string(), format!("{} {}", a.code, a.title))));
    let part = PartForm {
        label: "La décision".into(),
        action: format!("/decisions/{id}/modifier"),
        fields: vec![
            field("body", "Décision", &form.body, &errors, FieldKind::Area),
            field("action_id", "Action concernée", &form.action_id, &errors, FieldKind::Select(options)),
        ],
        submit: "Enregistrer la décision",
        delete_url: Some(format!("/decisions/{id}/supprimer")),
        failed,
        message: None,
        hidden: Vec::new(),
    };
    let heading = format!("Modifier une décision de « {} »", m.title);
    one_form_page(state, session, user, heading, format!("/comites/{}", m.id), part).await
}

pub async fn edit_decision(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    decision_form_page(&state, &session, &user, id, None).await
}

pub async fn update_decision(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::update_decision(&state.ctx(&actor), id, &form).await {
        Ok(d) => {
            flash("Décision enregistrée.");
            Ok(Redirect::to(&format!("/comites/{}", d.meeting_id)).into_response())
        }
        Err(e) => decision_form_page(&state, &session, &user, id, Some((form, invalid(e)?))).await,
    }
}

pub async fn confirm_delete_decision(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let d = meetings::get_decision(&state.db, user.territory_id, id).await?;
    let excerpt: String = d.body.chars().take(80).collect();
    let what = format!("la décision « {excerpt}{} »", if d.body.chars().count() > 80 { "…" } else { "" });
    let (post, cancel) = (format!("/decisions/{id}/supprimer"), format!("/comites/{}", d.meeting_id));
    confirm_delete(&state, &session, &user, what, String::new(), post, cancel).await
}

pub async fn delete_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let meeting_id = ops::delete_decision(&state.ctx(&actor), id).await?;
    flash("Décision supprimée.");
    Ok(Redirect::to(&format!("/comites/{meeting_id}")).into_response())
}
