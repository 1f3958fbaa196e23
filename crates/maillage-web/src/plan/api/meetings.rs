//! Committee meetings of a convention, with their decisions.

use crate::extract::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::plan::{meetings, ops};
use maillage_domain::plan::meeting::{DecisionForm, MeetingForm};
use maillage_domain::plan::{Decision, Meeting};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::problem::{ApiError, Problem};

fn meeting_json(m: Meeting, decisions: Vec<Decision>) -> MeetingJson {
    MeetingJson {
        id: m.id,
        kind: m.kind.code().to_owned(),
        held_on: m.held_on,
        title: m.title,
        attendees: m.attendees,
        minutes: m.minutes,
        decisions: decisions.into_iter().map(decision_json).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingJson {
    pub id: i32,
    /// steering_committee, technical_committee or thematic
    pub kind: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub attendees: Vec<String>,
    /// What was said (« compte rendu »).
    pub minutes: String,
    pub decisions: Vec<DecisionJson>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionJson {
    pub id: i32,
    pub body: String,
    pub action_id: Option<i32>,
}

fn decision_json(d: Decision) -> DecisionJson {
    DecisionJson { id: d.id, body: d.body, action_id: d.action_id }
}

#[utoipa::path(get, path = "/api/v1/conventions/{id}/meetings", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")),
    responses((status = 200, body = Vec<MeetingJson>), (status = 404, body = Problem)))]
pub async fn list_meetings(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<Vec<MeetingJson>>, ApiError> {
    maillage_db::plan::conventions::get(&state.db, user.territory_id, id).await?;
    let mut decisions = meetings::decisions_of_convention(&state.db, user.territory_id, id).await?;
    let list = meetings::list(&state.db, user.territory_id, id).await?;
    Ok(Json(
        list.into_iter()
            .map(|m| {
                let mine = decisions.remove(&m.id).unwrap_or_default();
                meeting_json(m, mine)
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MeetingInput {
    /// steering_committee, technical_committee or thematic
    pub kind: String,
    pub held_on: NaiveDate,
    pub title: String,
    #[serde(default)]
    pub attendees: Vec<String>,
    #[serde(default)]
    pub minutes: String,
}

#[utoipa::path(post, path = "/api/v1/conventions/{id}/meetings", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la convention")),
    request_body = MeetingInput,
    responses((status = 201, body = MeetingJson), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_meeting(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<MeetingInput>,
) -> Result<(StatusCode, Json<MeetingJson>), ApiError> {
    let actor = user.actor();
    let m = ops::create_meeting(&state.ctx(&actor), id, &body.form()).await?;
    Ok((StatusCode::CREATED, Json(meeting_json(m, Vec::new()))))
}

impl MeetingInput {
    fn form(self) -> MeetingForm {
        MeetingForm {
            kind: self.kind,
            held_on: self.held_on.to_string(),
            title: self.title,
            attendees: self.attendees.join("\n"),
            minutes: self.minutes,
        }
    }
}

#[utoipa::path(put, path = "/api/v1/meetings/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la réunion")), request_body = MeetingInput,
    responses((status = 200, body = MeetingJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_meeting(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<MeetingInput>,
) -> Result<Json<MeetingJson>, ApiError> {
    let actor = user.actor();
    let m = ops::update_meeting(&state.ctx(&actor), id, &body.form()).await?;
    let (_, decisions) = meetings::get(&state.db, user.territory_id, id).await?;
    Ok(Json(meeting_json(m, decisions)))
}

#[utoipa::path(delete, path = "/api/v1/meetings/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la réunion")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_meeting(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor();
    ops::delete_meeting(&state.ctx(&actor), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionInput {
    pub body: String,
    /// An action of the meeting's convention, if the decision is about one.
    pub action_id: Option<i32>,
}

impl DecisionInput {
    fn form(self) -> DecisionForm {
        DecisionForm { body: self.body, action_id: self.action_id.map(|i| i.to_string()).unwrap_or_default() }
    }
}

#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la réunion")), request_body = DecisionInput,
    responses((status = 201, body = DecisionJson), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn add_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<DecisionInput>,
) -> Result<(StatusCode, Json<DecisionJson>), ApiError> {
    let actor = user.actor();
    let d = ops::add_decision(&state.ctx(&actor), id, &body.form()).await?;
    Ok((StatusCode::CREATED, Json(decision_json(d))))
}

#[utoipa::path(put, path = "/api/v1/decisions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la décision")), request_body = DecisionInput,
    responses((status = 200, body = DecisionJson), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn put_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<DecisionInput>,
) -> Result<Json<DecisionJson>, ApiError> {
    let actor = user.actor();
    Ok(Json(decision_json(ops::update_decision(&state.ctx(&actor), id, &body.form()).await?)))
}

#[utoipa::path(delete, path = "/api/v1/decisions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de la décision")),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete_decision(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<StatusCode, ApiError> {
    let actor = user.actor();
    ops::delete_decision(&state.ctx(&actor), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
