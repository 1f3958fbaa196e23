//! The fiche action: read it, edit it (all fields for the coordinator, status
//! and progress for its lead), record indicator values and journal notes.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Datelike;
use maillage_db::DbError;
use maillage_db::plan::actions::{self, Action};
use maillage_db::plan::{indicators, journal, meetings};
use maillage_domain::Permission;
use maillage_domain::accounts::may_update_action;
use maillage_domain::plan::budget::format_euros;
use maillage_domain::plan::indicator::attainment;
use maillage_domain::plan::{ActionForm, ActionStatus, Direction, LeadUpdateForm, Milestone};
use maillage_domain::validation::{
    FieldErrors, optional_date, optional_number, optional_text, required_text,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::{Layout, flash, render};
use crate::auth::CurrentUser;
use crate::view::{action_lateness, number};
use crate::{AppError, AppState, today};

struct ValueRow {
    year: i32,
    target: String,
    actual: String,
    attainment: String,
    source: String,
}

struct IndicatorView {
    id: i32,
    name: String,
    unit: String,
    baseline: String,
    direction: &'static str,
    values: Vec<ValueRow>,
}

#[derive(Template)]
#[template(path = "action.html")]
struct ActionPage {
    layout: Layout,
    a: Action,
    axis_code: String,
    axis_title: String,
    status_label: &'static str,
    late: Option<String>,
    schedule: String,
    can_update: bool,
    milestones: Vec<actions::MilestoneRow>,
    indicators: Vec<IndicatorView>,
    budget: Vec<(i32, String, String, String)>,
    decisions: Vec<(String, String, String)>,
    journal: Vec<journal::JournalEntry>,
    today: String,
    this_year: i32,
}

fn may_update(user: &CurrentUser, a: &Action) -> bool {
    may_update_action(user.role, user.id, a.lead_user_id)
}

/// The action, if it exists in the user's territory (else 404) and the user
/// may update it (else 403).
async fn updatable_action(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
) -> Result<Action, AppError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    if may_update(user, &a) {
        Ok(a)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn show_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let t = user.territory_id;
    let a = actions::get(db, t, id).await?;
    let snapshot_axis = maillage_db::plan::load_snapshot(db, t, a.convention_id)
        .await?
        .axes
        .into_iter()
        .find(|x| x.id == a.axis_id);
    let (axis_code, axis_title) = snapshot_axis.map(|x| (x.code, x.title)).unwrap_or_default();
    let milestones = actions::milestones(db, t, id).await?;
    let domain_milestones: Vec<_> = milestones
        .iter()
        .map(|m| Milestone {
            title: m.title.clone(),
            due_on: m.due_on,
            done_on: m.done_on,
        })
        .collect();
    let late = action_lateness(&a, &domain_milestones, today());
    let indicators = indicators::list_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|(i, values)| {
            let direction = Direction::from_code(&i.direction).unwrap_or(Direction::Increase);
            IndicatorView {
                id: i.id,
                baseline: match (i.baseline, i.baseline_year) {
                    (Some(b), Some(y)) => format!("{} ({y})", number(Some(b))),
                    (b, _) => number(b),
                },
                direction: direction.label(),
                values: values
                    .iter()
                    .map(|v| ValueRow {
                        year: v.year,
                        target: number(v.target),
                        actual: number(v.actual),
                        attainment: attainment(direction, i.baseline, v.target, v.actual).label(),
                        source: v.source.clone(),
                    })
                    .collect(),
                name: i.name,
                unit: i.unit,
            }
        })
        .collect();
    let snapshot_budget = maillage_db::plan::load_snapshot(db, t, a.convention_id)
        .await?
        .budget;
    let budget = snapshot_budget
        .into_iter()
        .filter(|b| b.action_id == id)
        .map(|b| {
            (
                b.year,
                b.funder,
                format_euros(b.planned),
                format_euros(b.spent),
            )
        })
        .collect();
    let decisions = meetings::decisions_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|(d, m)| (m.held_on.format("%d/%m/%Y").to_string(), m.title, d.body))
        .collect();
    let schedule = match (a.starts_on, a.ends_on) {
        (Some(s), Some(e)) => format!("du {} au {}", s.format("%d/%m/%Y"), e.format("%d/%m/%Y")),
        (Some(s), None) => format!("à partir du {}", s.format("%d/%m/%Y")),
        (None, Some(e)) => format!("jusqu'au {}", e.format("%d/%m/%Y")),
        (None, None) => "Non renseigné".to_owned(),
    };
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = ActionPage {
        layout,
        status_label: ActionStatus::from_code(&a.status).map_or("?", ActionStatus::label),
        late: late.is_late().then(|| late.describe()),
        can_update: may_update(&user, &a),
        journal: journal::list(db, t, id).await?,
        axis_code,
        axis_title,
        schedule,
        milestones,
        indicators,
        budget,
        decisions,
        today: today().to_string(),
        this_year: today().year(),
        a,
    };
    Ok(render(&page)?.into_response())
}

// ---- Edit form ---------------------------------------------------------------

pub enum FieldKind {
    Text,
    Date,
    Area,
    Select(Vec<(String, String)>),
}

pub struct FormField {
    name: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: String,
    error: Option<String>,
    kind: FieldKind,
}

#[derive(Template)]
#[template(path = "action_edit.html")]
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
    ActionStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), s.label().to_owned()))
        .collect()
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

fn field(
    name: &'static str,
    label: &'static str,
    value: &str,
    errors: &FieldErrors,
    kind: FieldKind,
) -> FormField {
    FormField {
        name,
        label,
        hint: None,
        value: value.to_owned(),
        error: errors.get(name).map(str::to_owned),
        kind,
    }
}

fn full_fields(f: &ActionForm, errors: &FieldErrors, leads: &[(String, String)]) -> Vec<FormField> {
    let mut lead_options = vec![(String::new(), "Aucun compte".to_owned())];
    lead_options.extend(leads.iter().cloned());
    let mut fields = vec![
        field("title", "Intitulé", &f.title, errors, FieldKind::Text),
        field(
            "status",
            "Statut",
            &f.status,
            errors,
            FieldKind::Select(status_options()),
        ),
        field(
            "progress",
            "Avancement (%)",
            &f.progress,
            errors,
            FieldKind::Text,
        ),
        field(
            "lead_name",
            "Pilote (service ou personne)",
            &f.lead_name,
            errors,
            FieldKind::Text,
        ),
        field(
            "lead_user_id",
            "Compte du pilote (peut mettre à jour l'action)",
            &f.lead_user_id,
            errors,
            FieldKind::Select(lead_options),
        ),
        field(
            "starts_on",
            "Date de début",
            &f.starts_on,
            errors,
            FieldKind::Date,
        ),
        field(
            "ends_on",
            "Date de fin",
            &f.ends_on,
            errors,
            FieldKind::Date,
        ),
        field(
            "objectives",
            "Objectifs",
            &f.objectives,
            errors,
            FieldKind::Area,
        ),
        field(
            "audience",
            "Public visé",
            &f.audience,
            errors,
            FieldKind::Area,
        ),
        field(
            "partners",
            "Partenaires (un par ligne)",
            &f.partners,
            errors,
            FieldKind::Area,
        ),
        field(
            "sectors",
            "Secteurs (un par ligne)",
            &f.sectors,
            errors,
            FieldKind::Area,
        ),
    ];
    fields[2].hint = Some("Un nombre entier de 0 à 100.");
    fields
}

fn lead_fields(f: &LeadUpdateForm, errors: &FieldErrors) -> Vec<FormField> {
    let mut fields = vec![
        field(
            "status",
            "Statut",
            &f.status,
            errors,
            FieldKind::Select(status_options()),
        ),
        field(
            "progress",
            "Avancement (%)",
            &f.progress,
            errors,
            FieldKind::Text,
        ),
    ];
    fields[1].hint = Some("Un nombre entier de 0 à 100.");
    fields
}

async fn lead_choices(
    state: &AppState,
    territory_id: i32,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(maillage_db::accounts::list_users(&state.db, territory_id)
        .await?
        .into_iter()
        .filter(|u| u.is_active)
        .map(|u| {
            (
                u.id.to_string(),
                format!("{} ({})", u.display_name, u.email),
            )
        })
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
        full_fields(
            &full_form_of(&a),
            &FieldErrors::new(),
            &lead_choices(&state, user.territory_id).await?,
        )
    } else {
        lead_fields(
            &LeadUpdateForm {
                status: a.status.clone(),
                progress: a.progress.to_string(),
            },
            &FieldErrors::new(),
        )
    };
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = EditPage {
        layout,
        id,
        code: a.code,
        version: a.version,
        fields,
        has_errors: false,
        conflict: vec![],
    };
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
fn differences<'a>(
    current: &'a ActionForm,
    submitted: &'a ActionForm,
    lead_only: bool,
) -> Vec<(String, String)> {
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
    let version: i32 = form
        .version
        .parse()
        .map_err(|_| AppError::BadRequest("Version du formulaire manquante.".into()))?;
    let full = user.can(Permission::EditPlan);
    let actor = user.actor();
    let leads = if full {
        lead_choices(&state, user.territory_id).await?
    } else {
        vec![]
    };
    let outcome = if full {
        let lead_ids: Vec<i32> = leads.iter().filter_map(|(id, _)| id.parse().ok()).collect();
        match form.fields.validate(&lead_ids) {
            Ok(fields) => {
                let names = leads.clone();
                let label = move |id: Option<i32>| {
                    id.and_then(|id| {
                        names
                            .iter()
                            .find(|(i, _)| *i == id.to_string())
                            .map(|(_, n)| n.clone())
                    })
                    .unwrap_or_default()
                };
                saved(actions::update(&state.db, &actor, id, version, &fields, label).await)?
            }
            Err(errors) => Outcome::Invalid(errors),
        }
    } else {
        let lead_form = LeadUpdateForm {
            status: form.fields.status.clone(),
            progress: form.fields.progress.clone(),
        };
        match lead_form.validate() {
            Ok(u) => saved(actions::update_progress(&state.db, &actor, id, version, &u).await)?,
            Err(errors) => Outcome::Invalid(errors),
        }
    };
    match outcome {
        Outcome::Saved => {
            flash(&session, "Fiche enregistrée.").await;
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
            respond_with_form(
                &state,
                &session,
                &user,
                &a,
                version,
                &form.fields,
                errors,
                vec![],
                &leads,
                full,
            )
            .await
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
    let fields = if full {
        full_fields(submitted, &errors, leads)
    } else {
        lead_fields(
            &LeadUpdateForm {
                status: submitted.status.clone(),
                progress: submitted.progress.clone(),
            },
            &errors,
        )
    };
    // After a conflict the form carries the current version, so that saving
    // again (having seen the changes) is a deliberate choice.
    let version = if conflict.is_empty() {
        version
    } else {
        actions::get(&state.db, user.territory_id, a.id)
            .await?
            .version
    };
    let layout = Layout::new(state, session, Some(user)).await;
    let status = if conflict.is_empty() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::CONFLICT
    };
    let page = EditPage {
        layout,
        id: a.id,
        code: a.code.clone(),
        version,
        fields,
        has_errors: !errors.is_empty(),
        conflict,
    };
    Ok((status, render(&page)?).into_response())
}

// ---- Indicator values and journal --------------------------------------------

#[derive(Deserialize)]
pub struct ValueForm {
    #[serde(default)]
    indicator_id: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    actual: String,
    #[serde(default)]
    source: String,
}

pub async fn update_indicator_values(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<ValueForm>,
) -> Result<Response, AppError> {
    let a = updatable_action(&state, &user, id).await?;
    let indicator_id: i32 = form.indicator_id.parse().map_err(|_| AppError::NotFound)?;
    let indicator = indicators::get(&state.db, user.territory_id, indicator_id).await?;
    if indicator.action_id != a.id {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let year = match form.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            errors.add("year", "Année invalide (exemple : 2025).");
            0
        }
    };
    let actual = optional_number(&mut errors, "actual", &form.actual);
    let source = optional_text(&mut errors, "source", &form.source, 300);
    if !errors.is_empty() {
        let message: Vec<_> = errors.iter().map(|e| e.message.clone()).collect();
        flash(
            &session,
            &format!("Valeur non enregistrée : {}", message.join(" ")),
        )
        .await;
        return Ok(Redirect::to(&format!("/actions/{id}#indicateurs")).into_response());
    }
    indicators::set_value(
        &state.db,
        &user.actor(),
        &indicator,
        year,
        None,
        actual,
        &source,
    )
    .await?;
    flash(
        &session,
        &format!("Valeur {year} de « {} » enregistrée.", indicator.name),
    )
    .await;
    Ok(Redirect::to(&format!("/actions/{id}#indicateurs")).into_response())
}

#[derive(Deserialize)]
pub struct JournalForm {
    #[serde(default)]
    written_on: String,
    #[serde(default)]
    body: String,
}

pub async fn add_journal_entry(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<JournalForm>,
) -> Result<Response, AppError> {
    updatable_action(&state, &user, id).await?;
    let mut errors = FieldErrors::new();
    let body = required_text(&mut errors, "body", &form.body, 5000);
    let written_on =
        optional_date(&mut errors, "written_on", &form.written_on).unwrap_or_else(today);
    if let Some(message) = errors.iter().next().map(|e| e.message.clone()) {
        flash(&session, &format!("Note non enregistrée : {message}")).await;
        return Ok(Redirect::to(&format!("/actions/{id}#journal")).into_response());
    }
    journal::add(&state.db, &user.actor(), id, written_on, &body).await?;
    flash(&session, "Note ajoutée au journal.").await;
    Ok(Redirect::to(&format!("/actions/{id}#journal")).into_response())
}
