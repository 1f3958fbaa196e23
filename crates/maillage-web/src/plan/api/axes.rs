//! The coordinator's API for a convention's axes and the new actions added to them.

use crate::extract::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use maillage_db::plan::ops;
use maillage_domain::plan::Axis;
use maillage_domain::plan::convention::AxisForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::json::{ActionJson, action_json};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::problem::{ApiError, Problem};

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

fn axis_json(a: Axis) -> AxisCreated {
    AxisCreated { id: a.id, code: a.code, title: a.title, rationale: a.rationale }
}

#[utoipa::path(post, path = "/api/v1/conventions/{id}/axes", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")), request_body = AxisInput,
    responses((status = 201, body = AxisCreated), (status = 422, body = Problem)))]
pub async fn add_axis(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<AxisInput>,
) -> Result<(StatusCode, Json<AxisCreated>), ApiError> {
    let form = AxisForm { code: body.code, title: body.title, rationale: body.rationale };
    let actor = user.actor();
    let axis = ops::add_axis(&state.ctx(&actor), id, &form).await?;
    Ok((StatusCode::CREATED, Json(axis_json(axis))))
}

#[utoipa::path(put, path = "/api/v1/axes/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'axe")), request_body = AxisInput,
    responses((status = 200, body = AxisCreated), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_axis(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<AxisInput>,
) -> Result<Json<AxisCreated>, ApiError> {
    let form = AxisForm { code: String::new(), title: body.title, rationale: body.rationale };
    let actor = user.actor();
    Ok(Json(axis_json(ops::update_axis(&state.ctx(&actor), id, &form).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct NewAction {
    pub title: String,
}

#[utoipa::path(post, path = "/api/v1/axes/{id}/actions", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'axe")), request_body = NewAction,
    responses((status = 201, body = ActionJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<NewAction>,
) -> Result<(StatusCode, Json<ActionJson>), ApiError> {
    let actor = user.actor();
    let created = ops::add_action_to_axis(&state.ctx(&actor), id, &body.title).await?;
    Ok((StatusCode::CREATED, Json(action_json(&created, None))))
}
