//! The coordinator's editor for a convention: its own fields (with
//! optimistic locking), its axes, and new actions added to an axis.

use crate::extract::Form;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::DbError;
use maillage_db::plan::{axes, conventions};
use maillage_domain::FieldErrors;
use maillage_domain::plan::convention::{AxisForm, ConventionForm};
use maillage_domain::validation::required_text;
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::form::{FieldKind, FormField, FormsPage, PartForm, Section, field};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

/// Which form failed, with what was typed.
enum Failed {
    Convention(ConventionForm, FieldErrors, Option<String>),
    Axis(Option<i32>, AxisForm, FieldErrors),
    Action(NewActionForm, FieldErrors),
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewActionForm {
    axis_id: String,
    title: String,
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

    let stored = ConventionForm {
        title: c.title.clone(),
        starts_on: c.starts_on.to_string(),
        ends_on: c.ends_on.to_string(),
        signatories: c.signatories.clone(),
        replaces: c.replaces.clone(),
        diagnostic: c.diagnostic.clone(),
        purpose: c.purpose.clone(),
    };
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

    let sections = vec![
        Section { key: "convention", title: "La convention".into(), intro: "", forms: vec![convention] },
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
    let fields = match sent.form.validate() {
        Ok(f) => f,
        Err(e) => return page(&state, &session, &user, id, Some(Failed::Convention(sent.form, e, None))).await,
    };
    match conventions::update(&state.db, &user.actor(), id, version, &fields).await {
        Ok(_) => {
            flash("Convention enregistrée.");
            Ok(Redirect::to(&format!("/conventions/{id}")).into_response())
        }
        Err(DbError::Conflict) => {
            let message = "Cette convention a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : \
                           rien n'a été enregistré. Le formulaire montre vos saisies ; rechargez la page pour voir la \
                           version actuelle."
                .to_owned();
            page(&state, &session, &user, id, Some(Failed::Convention(sent.form, FieldErrors::new(), Some(message))))
                .await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_axis(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AxisForm>,
) -> Result<Response, AppError> {
    conventions::get(&state.db, user.territory_id, id).await?;
    let mut errors = match form.validate() {
        Ok(f) => match axes::create(&state.db, &user.actor(), id, &f).await {
            Ok(_) => {
                flash("Axe ajouté.");
                return Ok(Redirect::to(&format!("/conventions/{id}/modifier#axes")).into_response());
            }
            Err(DbError::Duplicate(_)) => FieldErrors::new(),
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    if errors.is_empty() {
        errors.add("code", "Un axe de cette convention porte déjà ce code.");
    }
    page(&state, &session, &user, id, Some(Failed::Axis(None, form, errors))).await
}

pub async fn update_axis(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AxisForm>,
) -> Result<Response, AppError> {
    let axis = axes::get(&state.db, user.territory_id, id).await?;
    let form = AxisForm { code: axis.code.clone(), ..form };
    match form.validate() {
        Ok(f) => {
            axes::update(&state.db, &user.actor(), id, &f).await?;
            flash(&format!("Axe {} enregistré.", axis.code));
            Ok(Redirect::to(&format!("/conventions/{}/modifier#axes", axis.convention_id)).into_response())
        }
        Err(e) => page(&state, &session, &user, axis.convention_id, Some(Failed::Axis(Some(id), form, e))).await,
    }
}

pub async fn add_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<NewActionForm>,
) -> Result<Response, AppError> {
    conventions::get(&state.db, user.territory_id, id).await?;
    let mut errors = FieldErrors::new();
    let title = required_text(&mut errors, "title", &form.title, 300);
    let axis = match form.axis_id.parse::<i32>() {
        Ok(axis_id) => axes::get(&state.db, user.territory_id, axis_id).await.ok().filter(|a| a.convention_id == id),
        Err(_) => None,
    };
    if axis.is_none() {
        errors.add("axis_id", "Choisissez un axe de cette convention.");
    }
    let Some(axis) = axis.filter(|_| errors.is_empty()) else {
        return page(&state, &session, &user, id, Some(Failed::Action(form, errors))).await;
    };
    let action = axes::add_action(&state.db, &user.actor(), &axis, &title).await?;
    flash(&format!("Action {} ajoutée : complétez sa fiche.", action.code));
    Ok(Redirect::to(&format!("/actions/{}/modifier", action.id)).into_response())
}
