//! The edit form: every field for the coordinator, status and progress for
//! the action's lead; validation errors and stale versions come back to the
//! form with what was typed. The rules are `ops::update_action_as_allowed`'s.

use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::plan::{actions, ops};
use maillage_domain::plan::{ActionForm, ActionStatus, LeadUpdateForm};
use maillage_domain::validation::FieldErrors;
use maillage_domain::{Permission, Refusal};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::Form;
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
    /// (field, value stored now) after a stale save.
    conflict: Vec<(String, String)>,
}

fn status_options() -> Vec<(String, String)> {
    ActionStatus::ALL.iter().map(|s| (s.code().to_owned(), s.label().to_owned())).collect()
}

fn full_fields(f: &ActionForm, errors: &FieldErrors, leads: &[(i32, String)]) -> Vec<FormField> {
    let mut lead_options = vec![(String::new(), "Aucun compte".to_owned())];
    lead_options.extend(leads.iter().map(|(id, name)| (id.to_string(), name.clone())));
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

/// The form's fields for the actor: all of them, or the lead's two.
async fn fields_for(cx: &Ctx<'_>, form: &ActionForm, errors: &FieldErrors) -> Result<Vec<FormField>, AppError> {
    if cx.actor.role.can(Permission::EditPlan) {
        Ok(full_fields(form, errors, &ops::lead_candidates(cx).await?))
    } else {
        Ok(lead_fields(&form.lead_part(), errors))
    }
}

pub async fn edit_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let cx = state.ctx(&actor);
    let a = ops::updatable_action(&cx, id).await?;
    let fields = fields_for(&cx, &a.form(), &FieldErrors::new()).await?;
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = EditPage { layout, id, code: a.code, version: a.version, fields, conflict: vec![] };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    fields: ActionForm,
}

pub async fn update_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<EditForm>,
) -> Result<Response, AppError> {
    let version: i32 =
        form.version.parse().map_err(|_| AppError::BadRequest("Version du formulaire manquante.".into()))?;
    let actor = user.actor();
    let cx = state.ctx(&actor);
    let (status, errors, conflict) = match ops::update_action_as_allowed(&cx, id, version, &form.fields).await {
        Ok(_) => {
            flash("Fiche enregistrée.");
            return Ok(Redirect::to(&format!("/actions/{id}")).into_response());
        }
        Err(OpError::Refused(Refusal::Invalid(errors))) => (StatusCode::UNPROCESSABLE_ENTITY, errors, Vec::new()),
        Err(OpError::Refused(Refusal::Conflict(changes))) => {
            let shown = changes.into_iter().map(|c| (c.field, c.after)).collect();
            (StatusCode::CONFLICT, FieldErrors::new(), shown)
        }
        Err(e) => return Err(e.into()),
    };
    let current = actions::get(&state.db, user.territory_id, id).await?;
    // After a conflict the form carries the current version, so that saving
    // again (having seen the changes) is a deliberate choice.
    let version = if status == StatusCode::CONFLICT { current.version } else { version };
    let fields = fields_for(&cx, &form.fields, &errors).await?;
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = EditPage { layout, id, code: current.code, version, fields, conflict };
    Ok((status, render(&page)?).into_response())
}
