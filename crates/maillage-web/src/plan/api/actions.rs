//! One action in full (indicators and values, budget, milestones, journal),
//! the coordinator's PUT of every field, and what its lead records: status
//! and progress, indicator values, journal entries.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::plan::{actions, budget_lines, indicators, journal, milestones, ops};
use maillage_domain::plan::indicator::ValueForm;
use maillage_domain::plan::journal::JournalForm;
use maillage_domain::plan::status::lateness;
use maillage_domain::plan::{ActionForm, LeadUpdateForm};
use serde::Deserialize;
use utoipa::ToSchema;

use super::json::{ActionDetail, ActionJson, JournalJson, ValueJson, action_json, indicator_json};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{ApiError, Problem};

#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")),
    responses((status = 200, body = ActionDetail), (status = 404, body = Problem)))]
pub async fn get_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<ActionDetail>, ApiError> {
    let (db, t) = (&state.db, user.territory_id);
    let a = actions::get(db, t, id).await?;
    let milestones = milestones::list_for_action(db, t, id).await?;
    let late = lateness(a.status, a.ends_on, &milestones, state.today());
    let indicators = indicators::list_for_action(db, t, id, state.today())
        .await?
        .into_iter()
        .map(|(i, v)| indicator_json(i, v))
        .collect();
    let budget = budget_lines::list_for_action(db, t, id).await?.into_iter().map(Into::into).collect();
    let journal = journal::list(db, t, id).await?.into_iter().map(Into::into).collect();
    Ok(Json(ActionDetail {
        action: action_json(&a, late.is_late().then(|| late.describe())),
        objectives: a.objectives.clone(),
        audience: a.audience.clone(),
        partners: a.partners.clone(),
        sectors: a.sectors.clone(),
        milestones: milestones.into_iter().map(Into::into).collect(),
        indicators,
        budget,
        journal,
    }))
}

/// Every field of an action, as the coordinator's form has them.
#[derive(Deserialize, ToSchema)]
pub struct ActionUpdate {
    /// The `version` read with the action.
    pub version: i32,
    pub title: String,
    #[serde(default)]
    pub objectives: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub lead_name: String,
    /// The account that leads the action (a coordinator or action lead of the territory), if any.
    pub lead_user_id: Option<i32>,
    #[serde(default)]
    pub partners: Vec<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// not_started, in_progress, done, postponed or abandoned
    pub status: String,
    /// 0 to 100
    pub progress: i32,
}

#[utoipa::path(put, path = "/api/v1/actions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")),
    request_body = ActionUpdate,
    responses((status = 200, body = ActionJson), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn put_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<ActionUpdate>,
) -> Result<Json<ActionJson>, ApiError> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let form = ActionForm {
        title: body.title,
        objectives: body.objectives,
        audience: body.audience,
        lead_name: body.lead_name,
        lead_user_id: body.lead_user_id.map(|i| i.to_string()).unwrap_or_default(),
        partners: body.partners.join("\n"),
        sectors: body.sectors.join("\n"),
        starts_on: date(body.starts_on),
        ends_on: date(body.ends_on),
        status: body.status,
        progress: body.progress.to_string(),
    };
    let actor = user.actor();
    let saved = ops::update_action(&state.ctx(&actor), id, body.version, &form).await?;
    Ok(Json(action_json(&saved, None)))
}

#[derive(Deserialize, ToSchema)]
pub struct ActionProgressUpdate {
    /// The `version` read with the action.
    pub version: i32,
    /// not_started, in_progress, done, postponed or abandoned
    pub status: String,
    /// 0 to 100
    pub progress: i32,
}

#[utoipa::path(patch, path = "/api/v1/actions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")),
    request_body = ActionProgressUpdate,
    responses((status = 200, body = ActionJson), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn update_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<ActionProgressUpdate>,
) -> Result<Json<ActionJson>, ApiError> {
    let form = LeadUpdateForm { status: body.status, progress: body.progress.to_string() };
    let actor = user.actor();
    let saved = ops::update_progress(&state.ctx(&actor), id, body.version, &form).await?;
    Ok(Json(action_json(&saved, None)))
}

#[derive(Deserialize, ToSchema)]
pub struct ValueUpdate {
    pub actual: Option<f64>,
    /// Coordinators only; absent: the target stays as it is.
    pub target: Option<f64>,
    #[serde(default)]
    pub source: String,
}

#[utoipa::path(put, path = "/api/v1/indicators/{id}/values/{year}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'indicateur"), ("year" = i32, Path, description = "Année")),
    request_body = ValueUpdate,
    responses((status = 200, body = ValueJson), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn put_indicator_value(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath((id, year)): ApiPath<(i32, String)>,
    ApiJson(body): ApiJson<ValueUpdate>,
) -> Result<Json<ValueJson>, ApiError> {
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    let form = ValueForm { year, actual: number(body.actual), target: number(body.target), source: body.source };
    let actor = user.actor();
    Ok(Json(ops::set_indicator_value(&state.ctx(&actor), id, &form).await?.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct JournalInput {
    /// Absent: today.
    pub written_on: Option<NaiveDate>,
    pub body: String,
}

#[utoipa::path(post, path = "/api/v1/actions/{id}/journal", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")),
    request_body = JournalInput,
    responses((status = 201, body = JournalJson), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_journal_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<JournalInput>,
) -> Result<(StatusCode, Json<JournalJson>), ApiError> {
    let form = JournalForm { written_on: body.written_on.map(|d| d.to_string()).unwrap_or_default(), body: body.body };
    let actor = user.actor();
    let entry = ops::add_journal_entry(&state.ctx(&actor), id, &form).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}
