//! The fiche action page.

use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maillage_db::plan::{actions, budget_lines, indicators, journal, meetings, milestones};
use maillage_domain::FieldErrors;
use maillage_domain::accounts::may_update_action;
use maillage_domain::plan::budget::format_euros;
use maillage_domain::plan::indicator::{ValueForm, attainment};
use maillage_domain::plan::journal::JournalForm;
use maillage_domain::plan::status::lateness;
use maillage_domain::plan::{Action, JournalEntry, Milestone};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{ErrorSummary, Layout, render};
use crate::plan::view::number;
use crate::{AppError, AppState};

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
    /// The figure Maillage computes the actual values from, in words.
    live: Option<String>,
    /// The value form: empty, or what was typed when refused, with errors;
    /// only the year when there is nothing to type.
    fields: Vec<ValueField>,
    legend: String,
}

struct ValueField {
    name: &'static str,
    label: &'static str,
    value: String,
    /// The phone keyboard to show.
    mode: &'static str,
    size: u8,
    error: Option<String>,
}

/// A computed indicator takes no actual value nor source: only a target,
/// from whoever may set one.
fn value_fields(form: &ValueForm, errors: &FieldErrors, with_target: bool, computed: bool) -> Vec<ValueField> {
    let field = |name: &'static str, label: &'static str, value: &str, mode: &'static str, size: u8| ValueField {
        name,
        label,
        value: value.to_owned(),
        mode,
        size,
        error: errors.get(name).map(str::to_owned),
    };
    let mut fields = vec![field("year", "Année", &form.year, "numeric", 5)];
    if !computed {
        fields.push(field("actual", "Valeur réalisée", &form.actual, "decimal", 8));
    }
    if with_target {
        fields.push(field("target", "Cible (vide : inchangée)", &form.target, "decimal", 8));
    }
    if !computed {
        fields.push(field("source", "Source", &form.source, "text", 24));
    }
    fields
}

/// A form of the page that was refused, with what was typed.
pub enum Failed {
    Value { indicator_id: i32, form: ValueForm, errors: FieldErrors },
    Journal { form: JournalForm, errors: FieldErrors },
}

#[derive(Template)]
#[template(path = "plan/action.html")]
struct ActionPage {
    layout: Layout,
    a: Action,
    axis_code: String,
    axis_title: String,
    status_label: &'static str,
    late: Option<String>,
    schedule: String,
    can_update: bool,
    can_edit_plan: bool,
    milestones: Vec<Milestone>,
    indicators: Vec<IndicatorView>,
    budget: Vec<(i32, String, String, String)>,
    decisions: Vec<(String, String, String)>,
    journal: Vec<JournalEntry>,
    journal_form: JournalForm,
    journal_errors: FieldErrors,
    /// Every refused field, linked to its input, at the top of the page.
    summary: ErrorSummary,
    /// For an open milestone: late or still to come.
    today: chrono::NaiveDate,
    /// (code, label) of each status, for the lead's form.
    statuses: Vec<(&'static str, &'static str)>,
}

pub async fn show_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    action_page(&state, &session, &user, id, None).await
}

/// The fiche, and (answered 422) the form that was refused with its input
/// and its errors, listed at the top and marked on each field.
pub async fn action_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    failed: Option<Failed>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let t = user.territory_id;
    let a = actions::get(db, t, id).await?;
    let axis = actions::axis_of(db, t, &a).await?;
    let milestones = milestones::list_for_action(db, t, id).await?;
    let late = lateness(a.status, a.ends_on, &milestones, state.today());
    let indicators: Vec<IndicatorView> = indicators::list_for_action(db, t, id, state.today())
        .await?
        .into_iter()
        .map(|(i, values)| {
            let direction = i.direction;
            let (form, errors) = match &failed {
                Some(Failed::Value { indicator_id, form, errors }) if *indicator_id == i.id => {
                    (form.clone(), errors.clone())
                }
                _ => (ValueForm { year: state.today().year().to_string(), ..Default::default() }, FieldErrors::new()),
            };
            let computed = i.live_figure.is_some();
            IndicatorView {
                fields: value_fields(&form, &errors, user.can(maillage_domain::Permission::EditPlan), computed),
                legend: if computed {
                    format!("Fixer une cible de « {} »", i.name)
                } else {
                    format!("Saisir une valeur de « {} »", i.name)
                },
                live: i.live_figure.map(|f| f.label()),
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
                        attainment: attainment(direction, v.target, v.actual).label(),
                        source: v.source.clone(),
                    })
                    .collect(),
                name: i.name,
                unit: i.unit,
            }
        })
        .collect();
    let budget = budget_lines::list_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|b| (b.year, b.funder, format_euros(b.planned), format_euros(b.spent)))
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
    let (journal_form, journal_errors) = match &failed {
        Some(Failed::Journal { form, errors }) => (form.clone(), errors.clone()),
        _ => (JournalForm { written_on: state.today().to_string(), body: String::new() }, FieldErrors::new()),
    };
    let summary = match &failed {
        Some(Failed::Value { indicator_id, errors, .. }) => {
            let name = indicators.iter().find(|i| i.id == *indicator_id).map_or("", |i| i.name.as_str());
            let label = |field: &str| {
                let what = match field {
                    "year" => "Année",
                    "actual" => "Valeur réalisée",
                    "target" => "Cible",
                    _ => "Source",
                };
                format!("{what} de « {name} »")
            };
            ErrorSummary::labelled(errors, |field| format!("{field}-{indicator_id}"), label)
        }
        Some(Failed::Journal { errors, .. }) => ErrorSummary::new(errors, |field| field.to_owned()),
        None => ErrorSummary::default(),
    };
    let status = if failed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let layout = Layout::new(state, session, Some(user)).await;
    let page = ActionPage {
        journal_form,
        journal_errors,
        summary,
        today: state.today(),
        statuses: maillage_domain::plan::ActionStatus::ALL.iter().map(|s| (s.code(), s.label())).collect(),
        layout,
        status_label: a.status.label(),
        late: late.is_late().then(|| late.describe()),
        can_update: may_update_action(user.role, user.id, a.lead_user_id),
        can_edit_plan: user.can(maillage_domain::Permission::EditPlan),
        journal: journal::list(db, t, id).await?,
        axis_code: axis.code,
        axis_title: axis.title,
        schedule,
        milestones,
        indicators,
        budget,
        decisions,
        a,
    };
    Ok((status, render(&page)?).into_response())
}
