//! The coordinator's page for an action's milestones, budget lines and
//! indicator definitions: one small form per row, one to add, and a
//! confirmation page before anything is deleted.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chrono::Datelike;
use maillage_db::DbError;
use maillage_db::plan::actions::{self, Action};
use maillage_db::plan::{conventions, indicators, parts};
use maillage_domain::FieldErrors;
use maillage_domain::plan::Direction;
use maillage_domain::plan::parts::{BudgetLineForm, IndicatorForm, MilestoneForm};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::html::form::{FieldKind, FormField, field};
use crate::html::{Layout, flash, render};
use crate::view::number;
use crate::{AppError, AppState};

struct PartForm {
    label: String,
    action: String,
    fields: Vec<FormField>,
    submit: &'static str,
    delete_url: Option<String>,
    failed: bool,
}

struct Section {
    key: &'static str,
    title: &'static str,
    intro: &'static str,
    forms: Vec<PartForm>,
}

#[derive(Template)]
#[template(path = "action_parts.html")]
struct PartsPage {
    layout: Layout,
    id: i32,
    code: String,
    title: String,
    sections: Vec<Section>,
}

/// A form that came back with errors: which one, what was typed, what is wrong.
enum Failed {
    Milestone(Option<i32>, MilestoneForm, FieldErrors),
    Budget(Option<i32>, BudgetLineForm, FieldErrors),
    Indicator(Option<i32>, IndicatorForm, FieldErrors),
}

fn prefixed(mut fields: Vec<FormField>, prefix: &str) -> Vec<FormField> {
    for f in &mut fields {
        f.prefix = prefix.to_owned();
    }
    fields
}

fn milestone_fields(f: &MilestoneForm, e: &FieldErrors, prefix: &str) -> Vec<FormField> {
    prefixed(
        vec![
            field("title", "Jalon", &f.title, e, FieldKind::Text),
            field("due_on", "Échéance", &f.due_on, e, FieldKind::Date),
            field("done_on", "Réalisé le (vide : pas encore)", &f.done_on, e, FieldKind::Date),
        ],
        prefix,
    )
}

fn budget_fields(f: &BudgetLineForm, e: &FieldErrors, prefix: &str) -> Vec<FormField> {
    prefixed(
        vec![
            field("year", "Année", &f.year, e, FieldKind::Text),
            field("funder", "Financeur", &f.funder, e, FieldKind::Text),
            field("planned", "Prévu (€)", &f.planned, e, FieldKind::Text),
            field("spent", "Dépensé (€)", &f.spent, e, FieldKind::Text),
        ],
        prefix,
    )
}

fn indicator_fields(f: &IndicatorForm, e: &FieldErrors, prefix: &str) -> Vec<FormField> {
    let directions = [Direction::Increase, Direction::Decrease]
        .iter()
        .map(|d| (d.code().to_owned(), format!("Mieux {}", d.label())))
        .collect();
    prefixed(
        vec![
            field("name", "Indicateur", &f.name, e, FieldKind::Text),
            field("unit", "Unité", &f.unit, e, FieldKind::Text),
            field("direction", "Sens souhaité", &f.direction, e, FieldKind::Select(directions)),
            field("baseline", "Valeur de référence", &f.baseline, e, FieldKind::Text),
            field("baseline_year", "Année de référence", &f.baseline_year, e, FieldKind::Text),
        ],
        prefix,
    )
}

async fn page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    a: &Action,
    failed: Option<Failed>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let t = user.territory_id;
    let none = FieldErrors::new();
    let status = if failed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };

    let mut milestones: Vec<PartForm> = actions::milestones(db, t, a.id)
        .await?
        .into_iter()
        .map(|m| {
            let stored = MilestoneForm {
                title: m.title.clone(),
                due_on: m.due_on.to_string(),
                done_on: m.done_on.map(|d| d.to_string()).unwrap_or_default(),
            };
            let (form, errors, is_failed) = match &failed {
                Some(Failed::Milestone(Some(id), f, e)) if *id == m.id => (f.clone(), e, true),
                _ => (stored, &none, false),
            };
            PartForm {
                label: format!("Jalon « {} »", m.title),
                action: format!("/jalons/{}", m.id),
                fields: milestone_fields(&form, errors, &format!("m{}-", m.id)),
                submit: "Enregistrer",
                delete_url: Some(format!("/jalons/{}/supprimer", m.id)),
                failed: is_failed,
            }
        })
        .collect();
    let (new_milestone, e, is_failed) = match &failed {
        Some(Failed::Milestone(None, f, e)) => (f.clone(), e, true),
        _ => (MilestoneForm::default(), &none, false),
    };
    milestones.push(PartForm {
        label: "Nouveau jalon".into(),
        action: format!("/actions/{}/jalons", a.id),
        fields: milestone_fields(&new_milestone, e, "m-new-"),
        submit: "Ajouter le jalon",
        delete_url: None,
        failed: is_failed,
    });

    let mut budget: Vec<PartForm> = actions::budget_lines(db, t, a.id)
        .await?
        .into_iter()
        .map(|b| {
            let stored = BudgetLineForm {
                year: b.year.to_string(),
                funder: b.funder.clone(),
                planned: b.planned.to_string(),
                spent: b.spent.to_string(),
            };
            let (form, errors, is_failed) = match &failed {
                Some(Failed::Budget(Some(id), f, e)) if *id == b.id => (f.clone(), e, true),
                _ => (stored, &none, false),
            };
            PartForm {
                label: format!("Budget {} {}", b.funder, b.year),
                action: format!("/budget/{}", b.id),
                fields: budget_fields(&form, errors, &format!("b{}-", b.id)),
                submit: "Enregistrer",
                delete_url: Some(format!("/budget/{}/supprimer", b.id)),
                failed: is_failed,
            }
        })
        .collect();
    let (new_line, e, is_failed) = match &failed {
        Some(Failed::Budget(None, f, e)) => (f.clone(), e, true),
        _ => (BudgetLineForm::default(), &none, false),
    };
    budget.push(PartForm {
        label: "Nouvelle ligne de budget".into(),
        action: format!("/actions/{}/budget", a.id),
        fields: budget_fields(&new_line, e, "b-new-"),
        submit: "Ajouter la ligne",
        delete_url: None,
        failed: is_failed,
    });

    let mut indicator_forms: Vec<PartForm> = indicators::list_for_action(db, t, a.id)
        .await?
        .into_iter()
        .map(|(i, _)| {
            let stored = IndicatorForm {
                name: i.name.clone(),
                unit: i.unit.clone(),
                direction: i.direction.clone(),
                baseline: i.baseline.map(|b| number(Some(b))).unwrap_or_default(),
                baseline_year: i.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
            };
            let (form, errors, is_failed) = match &failed {
                Some(Failed::Indicator(Some(id), f, e)) if *id == i.id => (f.clone(), e, true),
                _ => (stored, &none, false),
            };
            PartForm {
                label: format!("Indicateur « {} »", i.name),
                action: format!("/indicateurs/{}", i.id),
                fields: indicator_fields(&form, errors, &format!("i{}-", i.id)),
                submit: "Enregistrer",
                delete_url: Some(format!("/indicateurs/{}/supprimer", i.id)),
                failed: is_failed,
            }
        })
        .collect();
    let (new_indicator, e, is_failed) = match &failed {
        Some(Failed::Indicator(None, f, e)) => (f.clone(), e, true),
        _ => (IndicatorForm { direction: "increase".into(), ..Default::default() }, &none, false),
    };
    indicator_forms.push(PartForm {
        label: "Nouvel indicateur".into(),
        action: format!("/actions/{}/indicateurs/nouveau", a.id),
        fields: indicator_fields(&new_indicator, e, "i-new-"),
        submit: "Ajouter l'indicateur",
        delete_url: None,
        failed: is_failed,
    });

    let sections = vec![
        Section {
            key: "jalons",
            title: "Jalons",
            intro: "Un jalon dépassé et non réalisé met l'action en retard.",
            forms: milestones,
        },
        Section {
            key: "budget",
            title: "Budget par année et financeur",
            intro: "En euros entiers. Une ligne par année et par financeur.",
            forms: budget,
        },
        Section {
            key: "indicateurs",
            title: "Indicateurs",
            intro: "Les cibles et valeurs réalisées de chaque année se saisissent sur la fiche.",
            forms: indicator_forms,
        },
    ];
    let layout = Layout::new(state, session, Some(user)).await;
    let page = PartsPage { layout, id: a.id, code: a.code.clone(), title: a.title.clone(), sections };
    Ok((status, render(&page)?).into_response())
}

fn back(action_id: i32, anchor: &str) -> Response {
    Redirect::to(&format!("/actions/{action_id}/composantes#{anchor}")).into_response()
}

pub async fn show_parts(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    page(&state, &session, &user, &a, None).await
}

// ---- Milestones ----------------------------------------------------------------

pub async fn add_milestone(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    match form.validate() {
        Ok(f) => {
            parts::add_milestone(&state.db, &user.actor(), &a, &f).await?;
            flash(&session, "Jalon ajouté.").await;
            Ok(back(id, "jalons"))
        }
        Err(e) => page(&state, &session, &user, &a, Some(Failed::Milestone(None, form, e))).await,
    }
}

pub async fn update_milestone(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let m = parts::get_milestone(&state.db, user.territory_id, id).await?;
    match form.validate() {
        Ok(f) => {
            parts::update_milestone(&state.db, &user.actor(), id, &f).await?;
            flash(&session, "Jalon enregistré.").await;
            Ok(back(m.action_id, "jalons"))
        }
        Err(e) => {
            let a = actions::get(&state.db, user.territory_id, m.action_id).await?;
            page(&state, &session, &user, &a, Some(Failed::Milestone(Some(id), form, e))).await
        }
    }
}

// ---- Budget ----------------------------------------------------------------------

async fn period(state: &AppState, a: &Action) -> Result<(i32, i32), AppError> {
    let c = conventions::get(&state.db, a.territory_id, a.convention_id).await?;
    Ok((c.starts_on.year(), c.ends_on.year()))
}

fn already_there(form: &BudgetLineForm) -> FieldErrors {
    let mut e = FieldErrors::new();
    e.add("funder", format!("Ce financeur a déjà une ligne pour {} : modifiez-la plutôt.", form.year.trim()));
    e
}

pub async fn add_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<BudgetLineForm>,
) -> Result<Response, AppError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    let failed = match form.validate(period(&state, &a).await?) {
        Ok(f) => match parts::add_budget_line(&state.db, &user.actor(), &a, &f).await {
            Ok(_) => {
                flash(&session, "Ligne de budget ajoutée.").await;
                return Ok(back(id, "budget"));
            }
            Err(DbError::Duplicate(_)) => already_there(&form),
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    page(&state, &session, &user, &a, Some(Failed::Budget(None, form, failed))).await
}

pub async fn update_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<BudgetLineForm>,
) -> Result<Response, AppError> {
    let line = parts::get_budget_line(&state.db, user.territory_id, id).await?;
    let a = actions::get(&state.db, user.territory_id, line.action_id).await?;
    let failed = match form.validate(period(&state, &a).await?) {
        Ok(f) => match parts::update_budget_line(&state.db, &user.actor(), id, &f).await {
            Ok(_) => {
                flash(&session, "Ligne de budget enregistrée.").await;
                return Ok(back(a.id, "budget"));
            }
            Err(DbError::Duplicate(_)) => already_there(&form),
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    page(&state, &session, &user, &a, Some(Failed::Budget(Some(id), form, failed))).await
}

// ---- Indicators --------------------------------------------------------------------

pub async fn add_indicator(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<IndicatorForm>,
) -> Result<Response, AppError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    match form.validate() {
        Ok(f) => {
            parts::add_indicator(&state.db, &user.actor(), &a, &f).await?;
            flash(&session, "Indicateur ajouté. Saisissez ses cibles et valeurs sur la fiche.").await;
            Ok(back(id, "indicateurs"))
        }
        Err(e) => page(&state, &session, &user, &a, Some(Failed::Indicator(None, form, e))).await,
    }
}

pub async fn update_indicator(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<IndicatorForm>,
) -> Result<Response, AppError> {
    let indicator = indicators::get(&state.db, user.territory_id, id).await?;
    match form.validate() {
        Ok(f) => {
            parts::update_indicator(&state.db, &user.actor(), id, &f).await?;
            flash(&session, "Indicateur enregistré.").await;
            Ok(back(indicator.action_id, "indicateurs"))
        }
        Err(e) => {
            let a = actions::get(&state.db, user.territory_id, indicator.action_id).await?;
            page(&state, &session, &user, &a, Some(Failed::Indicator(Some(id), form, e))).await
        }
    }
}

// ---- Deletion, confirmed -------------------------------------------------------------

#[derive(Template)]
#[template(path = "confirm_delete.html")]
struct ConfirmPage {
    layout: Layout,
    what: String,
    consequence: String,
    post_url: String,
    cancel_url: String,
}

async fn confirm(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    what: String,
    consequence: String,
    post_url: String,
    action_id: i32,
) -> Result<Response, AppError> {
    let layout = Layout::new(state, session, Some(user)).await;
    let cancel_url = format!("/actions/{action_id}/composantes");
    Ok(render(&ConfirmPage { layout, what, consequence, post_url, cancel_url })?.into_response())
}

pub async fn confirm_delete_milestone(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let m = parts::get_milestone(&state.db, user.territory_id, id).await?;
    let what = format!("le jalon « {} »", m.title);
    confirm(&state, &session, &user, what, String::new(), format!("/jalons/{id}/supprimer"), m.action_id).await
}

pub async fn delete_milestone(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let action_id = parts::delete_milestone(&state.db, &user.actor(), id).await?;
    flash(&session, "Jalon supprimé.").await;
    Ok(back(action_id, "jalons"))
}

pub async fn confirm_delete_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let b = parts::get_budget_line(&state.db, user.territory_id, id).await?;
    let what = format!("la ligne de budget {} {}", b.funder, b.year);
    confirm(&state, &session, &user, what, String::new(), format!("/budget/{id}/supprimer"), b.action_id).await
}

pub async fn delete_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let action_id = parts::delete_budget_line(&state.db, &user.actor(), id).await?;
    flash(&session, "Ligne de budget supprimée.").await;
    Ok(back(action_id, "budget"))
}

pub async fn confirm_delete_indicator(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let i = indicators::get(&state.db, user.territory_id, id).await?;
    let values = indicators::list_for_action(&state.db, user.territory_id, i.action_id)
        .await?
        .into_iter()
        .find(|(x, _)| x.id == id)
        .map_or(0, |(_, v)| v.len());
    let what = format!("l'indicateur « {} »", i.name);
    let consequence = format!("Ses {values} valeur(s) annuelle(s) (cibles et réalisé) seront supprimées avec lui.");
    confirm(&state, &session, &user, what, consequence, format!("/indicateurs/{id}/supprimer"), i.action_id).await
}

pub async fn delete_indicator(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let action_id = parts::delete_indicator(&state.db, &user.actor(), id).await?;
    flash(&session, "Indicateur supprimé.").await;
    Ok(back(action_id, "indicateurs"))
}
