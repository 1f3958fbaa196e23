//! Conventions as JSON: the list, one with its axes and actions, and the
//! coordinator's update of its own fields.

use axum::extract::State;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::plan::{conventions, load_dashboard_snapshot, ops};
use maillage_domain::plan::convention::ConventionForm;
use maillage_domain::plan::dashboard::dashboard;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::json::{ActionJson, action_json};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{ApiError, Problem};

#[derive(Serialize, ToSchema)]
pub struct ConventionSummary {
    pub id: i32,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// draft, active or closed
    pub status: String,
    /// Send it back with an update (optimistic locking).
    pub version: i32,
}

impl From<conventions::Convention> for ConventionSummary {
    fn from(c: conventions::Convention) -> Self {
        Self {
            id: c.id,
            title: c.title,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            status: c.status.code().to_owned(),
            version: c.version,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/conventions", tag = "plan", security(("token" = [])),
    responses((status = 200, body = Vec<ConventionSummary>), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_conventions(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
) -> Result<Json<Vec<ConventionSummary>>, ApiError> {
    let list = conventions::list(&state.db, user.territory_id).await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct ConventionDetail {
    #[serde(flatten)]
    pub convention: ConventionSummary,
    pub axes: Vec<AxisJson>,
}

#[derive(Serialize, ToSchema)]
pub struct AxisJson {
    pub code: String,
    pub title: String,
    pub progress: i32,
    pub actions: Vec<ActionJson>,
}

#[utoipa::path(get, path = "/api/v1/conventions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")),
    responses((status = 200, body = ConventionDetail), (status = 404, body = Problem)))]
pub async fn get_convention(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<ConventionDetail>, ApiError> {
    let snapshot = load_dashboard_snapshot(&state.db, user.territory_id, id, state.today()).await?;
    let board = dashboard(&snapshot, state.today());
    let axes = board
        .axes
        .iter()
        .map(|p| AxisJson {
            code: p.axis.code.clone(),
            title: p.axis.title.clone(),
            progress: p.progress,
            actions: p
                .actions
                .iter()
                .map(|(a, late)| action_json(a, late.is_late().then(|| late.describe())))
                .collect(),
        })
        .collect();
    Ok(Json(ConventionDetail { convention: snapshot.convention.clone().into(), axes }))
}

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
    responses((status = 200, body = ConventionSummary), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn put_convention(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<ConventionInput>,
) -> Result<Json<ConventionSummary>, ApiError> {
    let form = ConventionForm {
        title: body.title,
        starts_on: body.starts_on.to_string(),
        ends_on: body.ends_on.to_string(),
        signatories: body.signatories.join("\n"),
        replaces: body.replaces,
        diagnostic: body.diagnostic,
        purpose: body.purpose,
    };
    let actor = user.actor();
    Ok(Json(ops::update_convention(&state.ctx(&actor), id, body.version, &form).await?.into()))
}
