//! The edit form: every field for the coordinator, status and progress for
//! the action's lead; validation errors and stale versions come back to the form.

use crate::extract::Form;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::DbError;
use maillage_db::plan::actions::{self, Action};
use maillage_domain::Permission;
use maillage_domain::plan::{ActionForm, ActionStatus, LeadUpdateForm};
use maillage_domain::validation::FieldErrors;
use serde::Deserialize;
use tower_sessions::Session;

use super::updatable_action;
use crate::auth::CurrentUser;
use crate::form::{FieldKind, FormField, field};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "plan/action_edit.html")]
struct EditPage {
    layout: Layout,
    id: i32,
    code: String,
    version: i32,
    fields: Vec<FormField>,
    has_errors: bool,
    conflict: Vec<(String, String)>,
}

fn status_options() -> Vec<(String, String)> {
    ActionStatus::ALL.iter().map(|s| (s.code().to_owned(), s.label().to_owned())).collect()
}

fn date_value(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn full_form_of(a: &Action) -> ActionForm {
    ActionForm {
        title: a.title.clone(),
        objectives: a.objectives.clone(),
        audience: a.audience.clone(),
        lead_name: a.lead_name.clone(),
        lead_user_id: a.lead_user_id.map(|i| i.to_string()).unwrap_or_default(),
        partners: a.partners.clone(),
        sectors: a.sectors.clone(),
        starts_on: date_value(a.starts_on),
        ends_on: date_value(a.ends_on),
        status: a.status.clone(),
        progress: a.progress.to_string(),
    }
}

fn full_fields(f: &ActionForm, errors: &FieldErrors, leads: &[(String, String)]) -> Vec<FormField> {
    let mut lead_options = vec![(String::new(), "Aucun compte".to_owned())];
    lead_options.extend(leads.iter().cloned());
    let mut fields = vec![
        field("title", "Intitulé", &f.title, errors, FieldKind::Text),
        field("status", "Statut", &f.status, errors, FieldKind::Select(status_options())),
        field("progress", "Avancement (%)", &f.progress, errors, FieldKind::Text),
        field("lead_name", "Pilote (service ou personne)", &f.lead_name, errors, FieldKind::Text),
        field(
            "lead_user_id",
            "Compte du pilote (peut mettre à jour l'action)",
            &f.lead_user_id,
            errors,
            FieldKind::Select(lead_options),
        ),
        field("starts_on", "Date de début", &f.starts_on, errors, FieldKind::Date),
        field("ends_on", "Date de fin", &f.ends_on, errors, FieldKind::Date),
        field("objectives", "Objectifs", &f.objectives, errors, FieldKind::Area),
        field("audience", "Public visé", &f.audience, errors, FieldKind::Area),
        field("partners", "Partenaires (un par ligne)", &f.partners, errors, FieldKind::Area),
        field("sectors", "Secteurs (un par ligne)", &f.sectors, errors, FieldKind::Area),
    ];
    fields[2].hint = Some("Un nombre entier de 0 à 100.");
    fields
}

fn lead_fields(f: &LeadUpdateForm, errors: &FieldErrors) -> Vec<FormField> {
    let mut fields = vec![
        field("status", "Statut", &f.status, errors, FieldKind::Select(status_options())),
        field("progress", "Avancement (%)", &f.progress, errors, FieldKind::Text),
    ];
    fields[1].hint = Some("Un nombre entier de 0 à 100.");
    fields
}

async fn lead_choices(state: &AppState, territory_id: i32) -> Result<Vec<(String, String)>, AppError> {
    Ok(maillage_db::accounts::list_users(&state.db, territory_id)
        .await?
        .into_iter()
        .filter(|u| u.is_active)
        .map(|u| (u.id.to_string(), format!("{} ({})", u.display_name, u.email)))
        .collect())
}

pub async fn edit_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let a = updatable_action(&state, &user, id).await?;
    let fields = if user.can(Permission::EditPlan) {
        full_fields(&full_form_of(&a), &FieldErrors::new(), &lead_choices(&state, user.territory_id).await?)
    } else {
        lead_fields(&full_form_of(&a).lead_part(), &FieldErrors::new())
    };
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = EditPage { layout, id, code: a.code, version: a.version, fields, has_errors: false, conflict: vec![] };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    fields: ActionForm,
}

/// Fields whose stored value now differs from what the user submitted.
fn differences<'a>(current: &'a ActionForm, submitted: &'a ActionForm, lead_only: bool) -> Vec<(String, String)> {
    let pairs: Vec<(&str, &'a str, &'a str)> = vec![
        ("Statut", &current.status, &submitted.status),
        ("Avancement", &current.progress, &submitted.progress),
        ("Intitulé", &current.title, &submitted.title),
        ("Pilote", &current.lead_name, &submitted.lead_name),
        ("Date de début", &current.starts_on, &submitted.starts_on),
        ("Date de fin", &current.ends_on, &submitted.ends_on),
        ("Objectifs", &current.objectives, &submitted.objectives),
        ("Public visé", &current.audience, &submitted.audience),
        ("Partenaires", &current.partners, &submitted.partners),
        ("Secteurs", &current.sectors, &submitted.sectors),
    ];
    pairs
        .into_iter()
        .take(if lead_only { 2 } else { usize::MAX })
        .filter(|(_, now, mine)| now.trim() != mine.trim())
        .map(|(label, now, _)| {
            let shown = match ActionStatus::from_code(now) {
                Some(status) if label == "Statut" => status.label().to_owned(),
                _ => now.to_owned(),
            };
            (label.to_owned(), shown)
        })
        .collect()
}

pub async fn update_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let a = updatable_action(&state, &user, id).await?;
    let version: i32 =
        form.version.parse().map_err(|_| AppError::BadRequest("Version du formulaire manquante.".into()))?;
    let full = user.can(Permission::EditPlan);
    let actor = user.actor();
    let leads = if full { lead_choices(&state, user.territory_id).await? } else { vec![] };
    let outcome = if full {
        let lead_ids: Vec<i32> = leads.iter().filter_map(|(id, _)| id.parse().ok()).collect();
        match form.fields.validate(&lead_ids) {
            Ok(fields) => {
                let names = leads.clone();
                let label = move |id: Option<i32>| {
                    id.and_then(|id| names.iter().find(|(i, _)| *i == id.to_string()).map(|(_, n)| n.clone()))
                        .unwrap_or_default()
                };
                saved(actions::update(&state.db, &actor, id, version, &fields, label).await)?
            }
            Err(errors) => Outcome::Invalid(errors),
        }
    } else {
        let lead_form = form.fields.lead_part();
        match lead_form.validate() {
            Ok(u) => saved(actions::update_progress(&state.db, &actor, id, version, &u).await)?,
            Err(errors) => Outcome::Invalid(errors),
        }
    };
    match outcome {
        Outcome::Saved => {
            flash("Fiche enregistrée.");
            Ok(Redirect::to(&format!("/actions/{id}")).into_response())
        }
        Outcome::Conflict => {
            let current = actions::get(&state.db, user.territory_id, id).await?;
            let conflict = differences(&full_form_of(&current), &form.fields, !full);
            respond_with_form(
                &state,
                &session,
                &user,
                &a,
                version,
                &form.fields,
                FieldErrors::new(),
                conflict,
                &leads,
                full,
            )
            .await
        }
        Outcome::Invalid(errors) => {
            respond_with_form(&state, &session, &user, &a, version, &form.fields, errors, vec![], &leads, full).await
        }
    }
}

enum Outcome {
    Saved,
    Invalid(FieldErrors),
    Conflict,
}

fn saved(result: Result<Action, DbError>) -> Result<Outcome, AppError> {
    match result {
        Ok(_) => Ok(Outcome::Saved),
        Err(DbError::Conflict) => Ok(Outcome::Conflict),
        Err(other) => Err(other.into()),
    }
}

#[allow(clippy::too_many_arguments)]
async fn respond_with_form(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    a: &Action,
    version: i32,
    submitted: &ActionForm,
    errors: FieldErrors,
    conflict: Vec<(String, String)>,
    leads: &[(String, String)],
    full: bool,
) -> Result<Response, AppError> {
    let fields =
        if full { full_fields(submitted, &errors, leads) } else { lead_fields(&submitted.lead_part(), &errors) };
    // After a conflict the form carries the current version, so that saving
    // again (having seen the changes) is a deliberate choice.
    let version =
        if conflict.is_empty() { version } else { actions::get(&state.db, user.territory_id, a.id).await?.version };
    let layout = Layout::new(state, session, Some(user)).await;
    let status = if conflict.is_empty() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::CONFLICT
    };
    let page =
        EditPage { layout, id: a.id, code: a.code.clone(), version, fields, has_errors: !errors.is_empty(), conflict };
    Ok((status, render(&page)?).into_response())
}
