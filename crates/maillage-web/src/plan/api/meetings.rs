//! Committee meetings of a convention, with their decisions.

use crate::extract::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::plan::{actions, meetings};
use maillage_domain::FieldErrors;
use maillage_domain::validation::required_text;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::problem::{ApiError, Problem};

fn meeting_json(m: meetings::Meeting, decisions: Vec<meetings::Decision>) -> MeetingJson {
    MeetingJson {
        id: m.id,
        kind: m.kind,
        held_on: m.held_on,
        title: m.title,
        attendees: m.attendees.lines().map(str::to_owned).collect(),
        notes: m.notes,
        decisions: decisions.into_iter().map(|d| DecisionJson { body: d.body, action_id: d.action_id }).collect(),
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
    pub notes: String,
    pub decisions: Vec<DecisionJson>,
}

#[derive(Serialize, ToSchema)]
pub struct DecisionJson {
    pub body: String,
    pub action_id: Option<i32>,
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
    let mut out = Vec::new();
    for m in meetings::list(&state.db, user.territory_id, id).await? {
        let (m, decisions) = meetings::get(&state.db, user.territory_id, m.id).await?;
        out.push(meeting_json(m, decisions));
    }
    Ok(Json(out))
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
    pub notes: String,
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
    maillage_db::plan::conventions::get(&state.db, user.territory_id, id).await?;
    let form = maillage_domain::plan::meeting::MeetingForm {
        kind: body.kind,
        held_on: body.held_on.to_string(),
        title: body.title,
        attendees: body.attendees.join("\n"),
        notes: body.notes,
    };
    let fields = form.validate().map_err(ApiError::Invalid)?;
    let m = meetings::create(&state.db, &user.actor(), id, &fields).await?;
    Ok((StatusCode::CREATED, Json(meeting_json(m, Vec::new()))))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionInput {
    pub body: String,
    /// An action of the meeting's convention, if the decision is about one.
    pub action_id: Option<i32>,
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
    Ok((StatusCode::CREATED, Json(DecisionJson { body: d.body, action_id: d.action_id })))
}
