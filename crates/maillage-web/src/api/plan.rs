//! The plan as JSON.

use axum::extract::{Path, State};
use axum::{Extension, Json};
use chrono::Datelike;
use chrono::NaiveDate;
use maillage_db::DbError;
use maillage_db::plan::{actions, conventions, load_dashboard_snapshot};
use maillage_domain::accounts::may_update_action;
use maillage_domain::plan::LeadUpdateForm;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiError;
use crate::auth::CurrentUser;
use crate::{AppError, AppState, today, view};

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    /// coordinator, action_lead, elected, caf_partner, relais, facility_manager or childminder
    pub role: String,
    pub territory: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "compte", security(("token" = [])),
    responses((status = 200, body = Me), (status = 401, body = super::Problem)))]
pub async fn get_me(Extension(user): Extension<CurrentUser>) -> Json<Me> {
    Json(Me {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role.code().to_owned(),
        territory: user.territory_name,
    })
}

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
            status: c.status,
            version: c.version,
        }
    }
}

#[utoipa::path(get, path = "/api/v1/conventions", tag = "plan", security(("token" = [])),
    responses((status = 200, body = Vec<ConventionSummary>), (status = 401, body = super::Problem), (status = 403, body = super::Problem)))]
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

#[derive(Serialize, ToSchema)]
pub struct ActionJson {
    pub id: i32,
    pub code: String,
    pub title: String,
    /// not_started, in_progress, done, postponed or abandoned
    pub status: String,
    pub progress: i32,
    pub lead: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Why the action is late, if it is.
    pub late: Option<String>,
    /// Send it back with an update (optimistic locking).
    pub version: i32,
}

pub(super) fn action_json(a: &actions::Action, late: Option<String>) -> ActionJson {
    ActionJson {
        id: a.id,
        code: a.code.clone(),
        title: a.title.clone(),
        status: a.status.clone(),
        progress: a.progress,
        lead: a.lead_name.clone(),
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        late,
        version: a.version,
    }
}

#[utoipa::path(get, path = "/api/v1/conventions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")),
    responses((status = 200, body = ConventionDetail), (status = 404, body = super::Problem)))]
pub async fn get_convention(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Json<ConventionDetail>, ApiError> {
    let snapshot = load_dashboard_snapshot(&state.db, user.territory_id, id, today().year()).await?;
    let dashboard = view::dashboard(&snapshot, today());
    let axes = dashboard
        .axes
        .iter()
        .map(|axis| AxisJson {
            code: axis.code.clone(),
            title: axis.title.clone(),
            progress: axis.progress,
            actions: axis
                .actions
                .iter()
                .filter_map(|line| {
                    snapshot.actions.iter().find(|a| a.id == line.id).map(|a| action_json(a, line.late.clone()))
                })
                .collect(),
        })
        .collect();
    Ok(Json(ConventionDetail { convention: snapshot.convention.into(), axes }))
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
    responses((status = 200, body = ActionJson), (status = 403, body = super::Problem), (status = 404, body = super::Problem),
        (status = 409, body = super::Problem), (status = 422, body = super::Problem)))]
pub async fn update_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Json(body): Json<ActionProgressUpdate>,
) -> Result<Json<ActionJson>, ApiError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    if !may_update_action(user.role, user.id, a.lead_user_id) {
        return Err(AppError::Forbidden.into());
    }
    let update = LeadUpdateForm { status: body.status, progress: body.progress.to_string() }
        .validate()
        .map_err(ApiError::Invalid)?;
    match actions::update_progress(&state.db, &user.actor(), id, body.version, &update).await {
        Ok(saved) => Ok(Json(action_json(&saved, None))),
        Err(DbError::Conflict) => Err(ApiError::Conflict),
        Err(e) => Err(e.into()),
    }
}
