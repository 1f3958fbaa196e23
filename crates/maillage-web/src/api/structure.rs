//! The coordinator's API for a convention's own fields, its axes, new
//! actions and committee decisions.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::DbError;
use maillage_db::plan::{actions, axes, conventions, meetings};
use maillage_domain::FieldErrors;
use maillage_domain::plan::convention::{AxisForm, ConventionForm};
use maillage_domain::validation::required_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiError;
use super::plan::{ActionJson, ConventionSummary, action_json};
use crate::AppState;
use crate::auth::CurrentUser;

#[derive(Deserialize, ToSchema)]
pub struct ConventionInput {
    /// The `version` read with the convention.
    pub version: i32,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub signatories: Vec<String>,
    #[serde(default)]
    pub replaces: String,
    #[serde(default)]
    pub diagnostic: String,
    #[serde(default)]
    pub purpose: String,
}

#[utoipa::path(put, path = "/api/v1/conventions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")), request_body = ConventionInput,
    responses((status = 200, body = ConventionSummary), (status = 409, body = super::Problem), (status = 422, body = super::Problem)))]
pub async fn put_convention(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Json(body): Json<ConventionInput>,
) -> Result<Json<ConventionSummary>, ApiError> {
    conventions::get(&state.db, user.territory_id, id).await?;
    let form = ConventionForm {
        title: body.title,
        starts_on: body.starts_on.to_string(),
        ends_on: body.ends_on.to_string(),
        signatories: body.signatories.join("\n"),
        replaces: body.replaces,
        diagnostic: body.diagnostic,
        purpose: body.purpose,
    };
    let fields = form.validate().map_err(ApiError::Invalid)?;
    match conventions::update(&state.db, &user.actor(), id, body.version, &fields).await {
        Ok(saved) => Ok(Json(saved.into())),
        Err(DbError::Conflict) => Err(ApiError::Conflict),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct AxisInput {
    /// Ignored when changing an axis: its code stays.
    #[serde(default)]
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub rationale: String,
}

#[derive(Serialize, ToSchema)]
pub struct AxisCreated {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub rationale: String,
}

fn axis_json(a: axes::Axis) -> AxisCreated {
    AxisCreated { id: a.id, code: a.code, title: a.title, rationale: a.rationale }
}

#[utoipa::path(post, path = "/api/v1/conventions/{id}/axes", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")), request_body = AxisInput,
    responses((status = 201, body = AxisCreated), (status = 422, body = super::Problem)))]
pub async fn add_axis(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Json(body): Json<AxisInput>,
) -> Result<(StatusCode, Json<AxisCreated>), ApiError> {
    conventions::get(&state.db, user.territory_id, id).await?;
    let f = AxisForm { code: body.code, title: body.title, rationale: body.rationale }
        .validate()
        .map_err(ApiError::Invalid)?;
    match axes::create(&state.db, &user.actor(), id, &f).await {
        Ok(a) => Ok((StatusCode::CREATED, Json(axis_json(a)))),
        Err(DbError::Duplicate(_)) => {
            let mut e = FieldErrors::new();
            e.add("code", "Un axe de cette convention porte déjà ce code.");
            Err(ApiError::Invalid(e))
        }
        Err(e) => Err(e.into()),
    }
}

#[utoipa::path(put, path = "/api/v1/axes/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'axe")), request_body = AxisInput,
    responses((status = 200, body = AxisCreated), (status = 404, body = super::Problem), (status = 422, body = super::Problem)))]
pub async fn put_axis(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Json(body): Json<AxisInput>,
) -> Result<Json<AxisCreated>, ApiError> {
    let current = axes::get(&state.db, user.territory_id, id).await?;
    let f = AxisForm { code: current.code, title: body.title, rationale: body.rationale }
        .validate()
        .map_err(ApiError::Invalid)?;
    Ok(Json(axis_json(axes::update(&state.db, &user.actor(), id, &f).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct NewAction {
    pub title: String,
}

#[utoipa::path(post, path = "/api/v1/axes/{id}/actions", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'axe")), request_body = NewAction,
    responses((status = 201, body = ActionJson), (status = 404, body = super::Problem), (status = 422, body = super::Problem)))]
pub async fn add_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Json(body): Json<NewAction>,
) -> Result<(StatusCode, Json<ActionJson>), ApiError> {
    let axis = axes::get(&state.db, user.territory_id, id).await?;
    let mut errors = FieldErrors::new();
    let title = required_text(&mut errors, "title", &body.title, 300);
    let title = errors.into_result(title).map_err(ApiError::Invalid)?;
    let created = axes::add_action(&state.db, &user.actor(), &axis, &title).await?;
    Ok((StatusCode::CREATED, Json(action_json(&created, None))))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionInput {
    pub body: String,
    /// An action of the meeting's convention, if the decision is about one.
    pub action_id: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la réunion")), request_body = DecisionInput,
    responses((status = 201, body = super::meetings::DecisionJson), (status = 404, body = super::Problem),
        (status = 422, body = super::Problem)))]
pub async fn add_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Json(body): Json<DecisionInput>,
) -> Result<(StatusCode, Json<super::meetings::DecisionJson>), ApiError> {
    let (m, _) = meetings::get(&state.db, user.territory_id, id).await?;
    let mut errors = FieldErrors::new();
    let text = required_text(&mut errors, "body", &body.body, 5000);
    if let Some(action_id) = body.action_id {
        let in_convention = actions::list_for_convention(&state.db, user.territory_id, m.convention_id).await?;
        if !in_convention.iter().any(|a| a.id == action_id) {
            errors.add("action_id", "L'action choisie n'appartient pas à cette convention.");
        }
    }
    let text = errors.into_result(text).map_err(ApiError::Invalid)?;
    let d = meetings::add_decision(&state.db, &user.actor(), id, body.action_id, &text).await?;
    Ok((StatusCode::CREATED, Json(super::meetings::DecisionJson { body: d.body, action_id: d.action_id })))
}
