//! The coordinator's writes to an action's milestones, budget lines and
//! indicator definitions from their page, and the confirmation page before a
//! deletion. The rules are the operations' (`maillage_db::plan::ops`).

use crate::extract::Path;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{actions, budget_lines, indicators, milestones, ops};
use maillage_domain::plan::budget::BudgetLineForm;
use maillage_domain::plan::indicator::IndicatorForm;
use maillage_domain::plan::milestone::MilestoneForm;
use tower_sessions::Session;

use super::components_page::{Failed, page};
use crate::auth::CurrentUser;
use crate::extract::Form;
use crate::pages::{flash, invalid};
use crate::{AppError, AppState};

fn back(action_id: i32, anchor: &str) -> Response {
    Redirect::to(&format!("/actions/{action_id}/composantes#{anchor}")).into_response()
}

/// The page again, the failed form showing what was typed and what is wrong.
async fn again(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    action_id: i32,
    failed: Failed,
) -> Result<Response, AppError> {
    let a = actions::get(&state.db, user.territory_id, action_id).await?;
    page(state, session, user, &a, Some(failed)).await
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
    let actor = user.actor();
    match ops::add_milestone(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Jalon ajouté.");
            Ok(back(id, "jalons"))
        }
        Err(e) => again(&state, &session, &user, id, Failed::Milestone(None, form, invalid(e)?)).await,
    }
}

pub async fn update_milestone(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let m = milestones::get(&state.db, user.territory_id, id).await?;
    let actor = user.actor();
    match ops::update_milestone(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Jalon enregistré.");
            Ok(back(m.action_id, "jalons"))
        }
        Err(e) => again(&state, &session, &user, m.action_id, Failed::Milestone(Some(id), form, invalid(e)?)).await,
    }
}

// ---- Budget ----------------------------------------------------------------------

pub async fn add_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<BudgetLineForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_budget_line(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Ligne de budget ajoutée.");
            Ok(back(id, "budget"))
        }
        Err(e) => again(&state, &session, &user, id, Failed::Budget(None, form, invalid(e)?)).await,
    }
}

pub async fn update_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<BudgetLineForm>,
) -> Result<Response, AppError> {
    let line = budget_lines::get(&state.db, user.territory_id, id).await?;
    let actor = user.actor();
    match ops::update_budget_line(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Ligne de budget enregistrée.");
            Ok(back(line.action_id, "budget"))
        }
        Err(e) => again(&state, &session, &user, line.action_id, Failed::Budget(Some(id), form, invalid(e)?)).await,
    }
}

// ---- Indicators --------------------------------------------------------------------

pub async fn add_indicator(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<IndicatorForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_indicator(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Indicateur ajouté. Saisissez ses cibles et valeurs sur la fiche.");
            Ok(back(id, "indicateurs"))
        }
        Err(e) => again(&state, &session, &user, id, Failed::Indicator(None, form, invalid(e)?)).await,
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
    let actor = user.actor();
    match ops::update_indicator(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Indicateur enregistré.");
            Ok(back(indicator.action_id, "indicateurs"))
        }
        Err(e) => {
            let failed = Failed::Indicator(Some(id), form, invalid(e)?);
            again(&state, &session, &user, indicator.action_id, failed).await
        }
    }
}

// ---- Deletion, confirmed -------------------------------------------------------------

async fn confirm(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    what: String,
    consequence: String,
    post_url: String,
    action_id: i32,
) -> Result<Response, AppError> {
    let cancel_url = format!("/actions/{action_id}/composantes");
    crate::pages::confirm_delete(state, session, user, what, consequence, post_url, cancel_url).await
}

pub async fn confirm_delete_milestone(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let m = milestones::get(&state.db, user.territory_id, id).await?;
    let what = format!("le jalon « {} »", m.title);
    confirm(&state, &session, &user, what, String::new(), format!("/jalons/{id}/supprimer"), m.action_id).await
}

pub async fn delete_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let action_id = ops::delete_milestone(&state.ctx(&actor), id).await?;
    flash("Jalon supprimé.");
    Ok(back(action_id, "jalons"))
}

pub async fn confirm_delete_budget_line(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let b = budget_lines::get(&state.db, user.territory_id, id).await?;
    let what = format!("la ligne de budget {} {}", b.funder, b.year);
    confirm(&state, &session, &user, what, String::new(), format!("/budget/{id}/supprimer"), b.action_id).await
}

pub async fn delete_budget_line(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let action_id = ops::delete_budget_line(&state.ctx(&actor), id).await?;
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
    // Computed values (a live figure's) are not stored: they have no id.
    let values = indicators::get_with_values(&state.db, user.territory_id, id, state.today())
        .await?
        .1
        .iter()
        .filter(|v| v.id != 0)
        .count();
    let what = format!("l'indicateur « {} »", i.name);
    let consequence = match values {
        0 => String::new(),
        1 => "Sa valeur annuelle (cible et réalisé) sera supprimée avec lui.".to_owned(),
        n => format!("Ses {n} valeurs annuelles (cibles et réalisé) seront supprimées avec lui."),
    };
    confirm(&state, &session, &user, what, consequence, format!("/indicateurs/{id}/supprimer"), i.action_id).await
}

pub async fn delete_indicator(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let action_id = ops::delete_indicator(&state.ctx(&actor), id).await?;
    flash("Indicateur supprimé.");
    Ok(back(action_id, "indicateurs"))
}
