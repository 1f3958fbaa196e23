//! The coordinator's API for an action's milestones, budget lines and
//! indicator definitions: the same operations as the pages.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::plan::{indicators, ops};
use maillage_domain::plan::budget::BudgetLineForm;
use maillage_domain::plan::indicator::IndicatorForm;
use maillage_domain::plan::milestone::MilestoneForm;
use serde::Deserialize;
use utoipa::ToSchema;

use super::json::{BudgetJson, IndicatorJson, MilestoneJson, indicator_json};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::extract::{ApiJson, ApiPath};
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
    /// The code of a figure Maillage computes the actual values from
    /// (`childcare.places`, `childcare.requests.received`…); absent or null
    /// for typed values.
    #[serde(default)]
    pub live_figure: Option<String>,
}

impl IndicatorInput {
    fn form(self) -> IndicatorForm {
        IndicatorForm {
            name: self.name,
            unit: self.unit,
            direction: self.direction,
            baseline: self.baseline.map(|b| b.to_string()).unwrap_or_default(),
            baseline_year: self.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
            live_figure: self.live_figure.unwrap_or_default(),
        }
    }
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
    let actor = user.actor();
    let m = ops::add_milestone(&state.ctx(&actor), id, &body.form()).await?;
    Ok((StatusCode::CREATED, Json(m.into())))
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
    let actor = user.actor();
    Ok(Json(ops::update_milestone(&state.ctx(&actor), id, &body.form()).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/milestones/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant du jalon")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_milestone(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor();
    ops::delete_milestone(&state.ctx(&actor), id).await?;
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
    let actor = user.actor();
    let line = ops::add_budget_line(&state.ctx(&actor), id, &body.form()).await?;
    Ok((StatusCode::CREATED, Json(line.into())))
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
    let actor = user.actor();
    Ok(Json(ops::update_budget_line(&state.ctx(&actor), id, &body.form()).await?.into()))
}

#[utoipa::path(delete, path = "/api/v1/budget/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la ligne de budget")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_budget_line(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor();
    ops::delete_budget_line(&state.ctx(&actor), id).await?;
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
    let actor = user.actor();
    let indicator = ops::add_indicator(&state.ctx(&actor), id, &body.form()).await?;
    Ok((StatusCode::CREATED, Json(indicator_json(indicator, Vec::new()))))
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
    let actor = user.actor();
    ops::update_indicator(&state.ctx(&actor), id, &body.form()).await?;
    let (indicator, values) = indicators::get_with_values(&state.db, user.territory_id, id, state.today()).await?;
    Ok(Json(indicator_json(indicator, values)))
}

#[utoipa::path(delete, path = "/api/v1/indicators/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'indicateur (ses valeurs sont supprimées avec lui)")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_indicator(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor();
    ops::delete_indicator(&state.ctx(&actor), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
