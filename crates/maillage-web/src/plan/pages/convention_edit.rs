//! The coordinator's editor for a convention: its own fields (with
//! optimistic locking), its axes, and new actions added to an axis.

use crate::extract::Form;
use crate::extract::Path;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::ops::OpError;
use maillage_db::plan::{axes, conventions, ops};
use maillage_domain::plan::ConventionStatus;
use maillage_domain::plan::convention::{AxisForm, ConventionForm, NewActionForm};
use maillage_domain::{FieldErrors, Refusal};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::form::{FieldKind, FormField, FormsPage, PartForm, Section, field};
use crate::pages::{Layout, flash, invalid, render};
use crate::{AppError, AppState};

/// Which form failed, with what was typed.
enum Failed {
    Convention(ConventionForm, FieldErrors, Option<String>),
    Axis(Option<i32>, AxisForm, FieldErrors),
    Action(NewActionForm, FieldErrors),
}

fn prefixed(mut fields: Vec<FormField>, prefix: &str) -> Vec<FormField> {
    for f in &mut fields {
        f.prefix = prefix.to_owned();
    }
    fields
}

fn part(label: String, action: String, fields: Vec<FormField>, submit: &'static str) -> PartForm {
    PartForm { label, action, fields, submit, delete_url: None, failed: false, message: None, hidden: Vec::new() }
}

async fn page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    failed: Option<Failed>,
) -> Result<Response, AppError> {
    let c = conventions::get(&state.db, user.territory_id, id).await?;
    let axis_list = axes::list(&state.db, user.territory_id, id).await?;
    let none = FieldErrors::new();
    let status = if failed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };

    let stored = c.form();
    let (form, errors, conflict) = match &failed {
        Some(Failed::Convention(f, e, m)) => (f.clone(), e, Some(m.clone())),
        _ => (stored, &none, None),
    };
    let mut convention = part(
        "La convention".into(),
        format!("/conventions/{id}/modifier"),
        vec![
            field("title", "Titre", &form.title, errors, FieldKind::Text),
            field("starts_on", "Début", &form.starts_on, errors, FieldKind::Date),
            field("ends_on", "Fin", &form.ends_on, errors, FieldKind::Date),
            field("signatories", "Signataires (un par ligne)", &form.signatories, errors, FieldKind::Area),
            field("replaces", "Remplace", &form.replaces, errors, FieldKind::Text),
            field("diagnostic", "Diagnostic", &form.diagnostic, errors, FieldKind::Area),
            field("purpose", "Objet", &form.purpose, errors, FieldKind::Area),
        ],
        "Enregistrer la convention",
    );
    convention.hidden.push(("version", c.version.to_string()));
    if let Some(message) = conflict {
        convention.failed = true;
        convention.message = message;
    }

    let mut axis_forms: Vec<PartForm> = axis_list
        .iter()
        .map(|a| {
            let stored = AxisForm { code: a.code.clone(), title: a.title.clone(), rationale: a.rationale.clone() };
            let (form, errors, is_failed) = match &failed {
                Some(Failed::Axis(Some(failed_id), f, e)) if *failed_id == a.id => (f.clone(), e, true),
                _ => (stored, &none, false),
            };
            let fields = vec![
                field("title", "Titre", &form.title, errors, FieldKind::Text),
                field("rationale", "Enjeu (pourquoi cet axe)", &form.rationale, errors, FieldKind::Area),
            ];
            let mut p = part(
                format!("Axe {}", a.code),
                format!("/axes/{}", a.id),
                prefixed(fields, &format!("a{}-", a.id)),
                "Enregistrer l'axe",
            );
            p.failed = is_failed;
            p
        })
        .collect();
    let (form, errors, is_failed) = match &failed {
        Some(Failed::Axis(None, f, e)) => (f.clone(), e, true),
        _ => (AxisForm { code: (axis_list.len() + 1).to_string(), ..Default::default() }, &none, false),
    };
    let fields = vec![
        field("code", "Code", &form.code, errors, FieldKind::Text),
        field("title", "Titre", &form.title, errors, FieldKind::Text),
        field("rationale", "Enjeu (pourquoi cet axe)", &form.rationale, errors, FieldKind::Area),
    ];
    let mut new_axis =
        part("Nouvel axe".into(), format!("/conventions/{id}/axes"), prefixed(fields, "a-new-"), "Ajouter l'axe");
    new_axis.failed = is_failed;
    axis_forms.push(new_axis);

    let (form, errors, is_failed) = match &failed {
        Some(Failed::Action(f, e)) => (f.clone(), e, true),
        _ => (NewActionForm::default(), &none, false),
    };
    let options = axis_list.iter().map(|a| (a.id.to_string(), format!("Axe {} — {}", a.code, a.title))).collect();
    let fields = vec![
        field("axis_id", "Axe", &form.axis_id, errors, FieldKind::Select(options)),
        field("title", "Intitulé de l'action", &form.title, errors, FieldKind::Text),
    ];
    let mut new_action = part(
        "Nouvelle action".into(),
        format!("/conventions/{id}/actions"),
        prefixed(fields, "n-"),
        "Ajouter l'action",
    );
    new_action.failed = is_failed;

    let statuses = ConventionStatus::ALL.iter().map(|s| (s.code().to_owned(), s.label().to_owned())).collect();
    let status_form = part(
        "Statut de la convention".into(),
        format!("/conventions/{id}/statut"),
        vec![field("status", "Statut", c.status.code(), &none, FieldKind::Select(statuses))],
        "Changer le statut…",
    );
    let sections = vec![
        Section { key: "convention", title: "La convention".into(), intro: "", forms: vec![convention] },
        Section {
            key: "statut",
            title: "Statut".into(),
            intro: "Le changement de statut est confirmé sur la page suivante.",
            forms: vec![status_form],
        },
        Section {
            key: "axes",
            title: "Axes stratégiques".into(),
            intro: "Le code d'un axe ne change plus une fois créé : les codes de ses actions en dépendent.",
            forms: axis_forms,
        },
        Section {
            key: "actions",
            title: "Ajouter une action".into(),
            intro: "L'action reçoit le code suivant de son axe ; complétez ensuite sa fiche.",
            forms: if axis_list.is_empty() { Vec::new() } else { vec![new_action] },
        },
    ];
    let layout = Layout::new(state, session, Some(user)).await;
    let page = FormsPage {
        layout,
        heading: format!("Modifier « {} »", c.title),
        intro: String::new(),
        back_url: format!("/conventions/{id}"),
        back_label: "Retour au tableau de bord",
        sections,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn edit_convention(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    page(&state, &session, &user, id, None).await
}

#[derive(Deserialize)]
pub struct VersionedConventionForm {
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    form: ConventionForm,
}

pub async fn update_convention(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(sent): Form<VersionedConventionForm>,
) -> Result<Response, AppError> {
    let version: i32 =
        sent.version.parse().map_err(|_| AppError::BadRequest("Version du formulaire manquante.".into()))?;
    let actor = user.actor();
    let failed = match ops::update_convention(&state.ctx(&actor), id, version, &sent.form).await {
        Ok(_) => {
            flash("Convention enregistrée.");
            return Ok(Redirect::to(&format!("/conventions/{id}")).into_response());
        }
        Err(OpError::Refused(Refusal::Conflict(changes))) => {
            let what: Vec<String> = changes.iter().map(|c| c.field.to_lowercase()).collect();
            let message = format!(
                "Cette convention a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte ({}) : rien \
                 n'a été enregistré. Le formulaire montre vos saisies ; rechargez la page pour voir la version \
                 actuelle.",
                if what.is_empty() { "son statut".to_owned() } else { what.join(", ") }
            );
            Failed::Convention(sent.form, FieldErrors::new(), Some(message))
        }
        Err(e) => Failed::Convention(sent.form, invalid(e)?, None),
    };
    page(&state, &session, &user, id, Some(failed)).await
}

pub async fn add_axis(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AxisForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_axis(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Axe ajouté.");
            Ok(Redirect::to(&format!("/conventions/{id}/modifier#axes")).into_response())
        }
        Err(e) => page(&state, &session, &user, id, Some(Failed::Axis(None, form, invalid(e)?))).await,
    }
}

pub async fn update_axis(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AxisForm>,
) -> Result<Response, AppError> {
    let axis = axes::get(&state.db, user.territory_id, id).await?;
    let actor = user.actor();
    match ops::update_axis(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash(&format!("Axe {} enregistré.", axis.code));
            Ok(Redirect::to(&format!("/conventions/{}/modifier#axes", axis.convention_id)).into_response())
        }
        Err(e) => {
            let failed = Failed::Axis(Some(id), AxisForm { code: axis.code, ..form }, invalid(e)?);
            page(&state, &session, &user, axis.convention_id, Some(failed)).await
        }
    }
}

pub async fn add_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<NewActionForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_action(&state.ctx(&actor), id, &form).await {
        Ok(action) => {
            flash(&format!("Action {} ajoutée : complétez sa fiche.", action.code));
            Ok(Redirect::to(&format!("/actions/{}/modifier", action.id)).into_response())
        }
        Err(e) => page(&state, &session, &user, id, Some(Failed::Action(form, invalid(e)?))).await,
    }
}
