//! The coordinator's API for a convention's axes and the new actions added to them.

use crate::extract::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use maillage_db::DbError;
use maillage_db::plan::{axes, conventions};
use maillage_domain::FieldErrors;
use maillage_domain::plan::convention::AxisForm;
use maillage_domain::validation::required_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::actions::{ActionJson, action_json};
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

fn axis_json(a: axes::Axis) -> AxisCreated {
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
    responses((status = 200, body = AxisCreated), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_axis(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<AxisInput>,
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
    responses((status = 201, body = ActionJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<NewAction>,
) -> Result<(StatusCode, Json<ActionJson>), ApiError> {
    let axis = axes::get(&state.db, user.territory_id, id).await?;
    let mut errors = FieldErrors::new();
    let title = required_text(&mut errors, "title", &body.title, 300);
    let title = errors.into_result(title).map_err(ApiError::Invalid)?;
    let created = axes::add_action(&state.db, &user.actor(), &axis, &title).await?;
    Ok((StatusCode::CREATED, Json(action_json(&created, None))))
}
