//! The coordinator's writes to an action's milestones, budget lines and
//! indicator definitions, and the confirmation page before a deletion.

use crate::extract::Form;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use maillage_db::DbError;
use maillage_db::plan::actions::{self, Action};
use maillage_db::plan::{conventions, indicators, parts};
use maillage_domain::FieldErrors;
use maillage_domain::plan::parts::{BudgetLineForm, IndicatorForm, MilestoneForm};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

use super::components_page::{Failed, page};

fn back(action_id: i32, anchor: &str) -> Response {
    Redirect::to(&format!("/actions/{action_id}/composantes#{anchor}")).into_response()
}

pub async fn show_components(
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
            flash("Jalon ajouté.");
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
            flash("Jalon enregistré.");
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
                flash("Ligne de budget ajoutée.");
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
                flash("Ligne de budget enregistrée.");
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
            flash("Indicateur ajouté. Saisissez ses cibles et valeurs sur la fiche.");
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
            flash("Indicateur enregistré.");
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
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let action_id = parts::delete_milestone(&state.db, &user.actor(), id).await?;
    flash("Jalon supprimé.");
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
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let action_id = parts::delete_budget_line(&state.db, &user.actor(), id).await?;
    flash("Ligne de budget supprimée.");
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
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let action_id = parts::delete_indicator(&state.db, &user.actor(), id).await?;
    flash("Indicateur supprimé.");
    Ok(back(action_id, "indicateurs"))
}
