//! The coordinator's API for an action's milestones, budget lines and
//! indicator definitions, with the pages' rules (`maillage_domain::plan::parts`).

use crate::extract::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::{Datelike, NaiveDate};
use maillage_db::DbError;
use maillage_db::plan::{actions, conventions, indicators, parts};
use maillage_domain::FieldErrors;
use maillage_domain::plan::parts::{BudgetLineForm, IndicatorForm, MilestoneForm};
use serde::Deserialize;
use utoipa::ToSchema;

use super::actions::{BudgetJson, IndicatorJson, MilestoneJson, budget_json, indicator_json, milestone_json};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::problem::{ApiError, Problem};

#[derive(Deserialize, ToSchema)]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl MilestoneInput {
    fn form(self) -> MilestoneForm {
        MilestoneForm {
            title: self.title,
            due_on: self.due_on.to_string(),
            done_on: self.done_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetLineInput {
    pub year: i32,
    pub funder: String,
    /// Whole euros.
    pub planned: i64,
    #[serde(default)]
    pub spent: i64,
}

impl BudgetLineInput {
    fn form(self) -> BudgetLineForm {
        BudgetLineForm {
            year: self.year.to_string(),
            funder: self.funder,
            planned: self.planned.to_string(),
            spent: self.spent.to_string(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct IndicatorInput {
    pub name: String,
    #[serde(default)]
    pub unit: String,
    /// increase or decrease
    pub direction: String,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
}

impl IndicatorInput {
    fn form(self) -> IndicatorForm {
        IndicatorForm {
            name: self.name,
            unit: self.unit,
            direction: self.direction,
            baseline: self.baseline.map(|b| b.to_string()).unwrap_or_default(),
            baseline_year: self.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
        }
    }
}

fn duplicate_line() -> ApiError {
    let mut e = FieldErrors::new();
    e.add("funder", "Ce financeur a déjà une ligne pour cette année.");
    ApiError::Invalid(e)
}

async fn period(state: &AppState, a: &actions::Action) -> Result<(i32, i32), ApiError> {
    let c = conventions::get(&state.db, a.territory_id, a.convention_id).await?;
    Ok((c.starts_on.year(), c.ends_on.year()))
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/milestones", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")), request_body = MilestoneInput,
    responses((status = 201, body = MilestoneJson), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<MilestoneInput>,
) -> Result<(StatusCode, Json<MilestoneJson>), ApiError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    let f = body.form().validate().map_err(ApiError::Invalid)?;
    let row = parts::add_milestone(&state.db, &user.actor(), &a, &f).await?;
    Ok((StatusCode::CREATED, Json(milestone_json(row))))
}

#[utoipa::path(put, path = "/api/v1/milestones/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant du jalon")), request_body = MilestoneInput,
    responses((status = 200, body = MilestoneJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<MilestoneInput>,
) -> Result<Json<MilestoneJson>, ApiError> {
    parts::get_milestone(&state.db, user.territory_id, id).await?;
    let f = body.form().validate().map_err(ApiError::Invalid)?;
    Ok(Json(milestone_json(parts::update_milestone(&state.db, &user.actor(), id, &f).await?)))
}

#[utoipa::path(delete, path = "/api/v1/milestones/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant du jalon")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    parts::delete_milestone(&state.db, &user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/budget", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")), request_body = BudgetLineInput,
    responses((status = 201, body = BudgetJson), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_budget_line(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<BudgetLineInput>,
) -> Result<(StatusCode, Json<BudgetJson>), ApiError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    let f = body.form().validate(period(&state, &a).await?).map_err(ApiError::Invalid)?;
    match parts::add_budget_line(&state.db, &user.actor(), &a, &f).await {
        Ok(row) => Ok((StatusCode::CREATED, Json(budget_json(row)))),
        Err(DbError::Duplicate(_)) => Err(duplicate_line()),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(put, path = "/api/v1/budget/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la ligne de budget")), request_body = BudgetLineInput,
    responses((status = 200, body = BudgetJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_budget_line(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<BudgetLineInput>,
) -> Result<Json<BudgetJson>, ApiError> {
    let line = parts::get_budget_line(&state.db, user.territory_id, id).await?;
    let a = actions::get(&state.db, user.territory_id, line.action_id).await?;
    let f = body.form().validate(period(&state, &a).await?).map_err(ApiError::Invalid)?;
    match parts::update_budget_line(&state.db, &user.actor(), id, &f).await {
        Ok(row) => Ok(Json(budget_json(row))),
        Err(DbError::Duplicate(_)) => Err(duplicate_line()),
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(delete, path = "/api/v1/budget/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la ligne de budget")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_budget_line(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    parts::delete_budget_line(&state.db, &user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/indicators", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")), request_body = IndicatorInput,
    responses((status = 201, body = IndicatorJson), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_indicator(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<IndicatorInput>,
) -> Result<(StatusCode, Json<IndicatorJson>), ApiError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    let f = body.form().validate().map_err(ApiError::Invalid)?;
    let row = parts::add_indicator(&state.db, &user.actor(), &a, &f).await?;
    Ok((StatusCode::CREATED, Json(indicator_json(row, Vec::new()))))
}

#[utoipa::path(put, path = "/api/v1/indicators/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'indicateur")), request_body = IndicatorInput,
    responses((status = 200, body = IndicatorJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_indicator(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<IndicatorInput>,
) -> Result<Json<IndicatorJson>, ApiError> {
    let current = indicators::get(&state.db, user.territory_id, id).await?;
    let f = body.form().validate().map_err(ApiError::Invalid)?;
    parts::update_indicator(&state.db, &user.actor(), id, &f).await?;
    let (row, values) = indicators::list_for_action(&state.db, user.territory_id, current.action_id)
        .await?
        .into_iter()
        .find(|(i, _)| i.id == id)
        .ok_or(DbError::NotFound)?;
    Ok(Json(indicator_json(row, values)))
}

#[utoipa::path(delete, path = "/api/v1/indicators/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'indicateur (ses valeurs sont supprimées avec lui)")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_indicator(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    parts::delete_indicator(&state.db, &user.actor(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
