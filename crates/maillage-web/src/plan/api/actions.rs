//! One action in full (indicators and values, budget, milestones, journal),
//! and what its lead records through the API: indicator values and notes.

use crate::extract::{ApiJson, ApiPath};
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use chrono::NaiveDate;
use maillage_db::DbError;
use maillage_db::plan::{actions, indicators, journal};
use maillage_domain::Permission;
use maillage_domain::accounts::may_update_action;
use maillage_domain::plan::notes::{JournalForm, ValueForm};
use maillage_domain::plan::{LeadUpdateForm, Milestone};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::CurrentUser;
use crate::plan::view::action_lateness;
use crate::problem::{ApiError, Problem};
use crate::{AppError, AppState};

#[derive(Serialize, ToSchema)]
pub struct ActionDetail {
    #[serde(flatten)]
    pub action: ActionJson,
    pub objectives: String,
    pub audience: String,
    pub partners: Vec<String>,
    pub sectors: Vec<String>,
    pub milestones: Vec<MilestoneJson>,
    pub indicators: Vec<IndicatorJson>,
    pub budget: Vec<BudgetJson>,
    pub journal: Vec<JournalJson>,
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneJson {
    pub id: i32,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorJson {
    pub id: i32,
    pub name: String,
    pub unit: String,
    /// increase or decrease
    pub direction: String,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    pub values: Vec<ValueJson>,
}

#[derive(Serialize, ToSchema)]
pub struct ValueJson {
    pub year: i32,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetJson {
    pub id: i32,
    pub year: i32,
    pub funder: String,
    /// Whole euros.
    pub planned: i64,
    pub spent: i64,
}

#[derive(Serialize, ToSchema)]
pub struct JournalJson {
    pub written_on: NaiveDate,
    pub author: String,
    pub body: String,
}

pub(super) fn milestone_json(m: maillage_db::entity::milestone::Model) -> MilestoneJson {
    MilestoneJson { id: m.id, title: m.title, due_on: m.due_on, done_on: m.done_on }
}

pub(super) fn budget_json(b: maillage_db::entity::budget_line::Model) -> BudgetJson {
    BudgetJson { id: b.id, year: b.year, funder: b.funder, planned: b.planned, spent: b.spent }
}

pub(super) fn indicator_json(
    i: maillage_db::plan::indicators::Indicator,
    values: Vec<maillage_db::plan::indicators::IndicatorValue>,
) -> IndicatorJson {
    IndicatorJson {
        id: i.id,
        name: i.name,
        unit: i.unit,
        direction: i.direction,
        baseline: i.baseline,
        baseline_year: i.baseline_year,
        values: values
            .into_iter()
            .map(|v| ValueJson { year: v.year, target: v.target, actual: v.actual, source: v.source })
            .collect(),
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

#[utoipa::path(get, path = "/api/v1/actions/{id}", tag = "plan", security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'action")),
    responses((status = 200, body = ActionDetail), (status = 404, body = Problem)))]
pub async fn get_action(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<ActionDetail>, ApiError> {
    let db = &state.db;
    let t = user.territory_id;
    let a = actions::get(db, t, id).await?;
    let milestones = actions::milestones(db, t, id).await?;
    let domain: Vec<_> =
        milestones.iter().map(|m| Milestone { title: m.title.clone(), due_on: m.due_on, done_on: m.done_on }).collect();
    let late = action_lateness(&a, &domain, state.today());
    let indicators = indicators::list_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|(i, values)| indicator_json(i, values))
        .collect();
    let budget = actions::budget_lines(db, t, id).await?.into_iter().map(budget_json).collect();
    let journal = journal::list(db, t, id)
        .await?
        .into_iter()
        .map(|j| JournalJson { written_on: j.written_on, author: j.author_name, body: j.body })
        .collect();
    Ok(Json(ActionDetail {
        action: action_json(&a, late.is_late().then(|| late.describe())),
        objectives: a.objectives.clone(),
        audience: a.audience.clone(),
        partners: lines(&a.partners),
        sectors: lines(&a.sectors),
        milestones: milestones.into_iter().map(milestone_json).collect(),
        indicators,
        budget,
        journal,
    }))
}

/// An action the user may update, else 404 (other territory) or 403.
async fn updatable(state: &AppState, user: &CurrentUser, action_id: i32) -> Result<actions::Action, ApiError> {
    let a = actions::get(&state.db, user.territory_id, action_id).await?;
    if may_update_action(user.role, user.id, a.lead_user_id) { Ok(a) } else { Err(AppError::Forbidden.into()) }
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
    let indicator = indicators::get(&state.db, user.territory_id, id).await?;
    updatable(&state, &user, indicator.action_id).await?;
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    let form = ValueForm { year, actual: number(body.actual), target: number(body.target), source: body.source };
    let v = form.validate().map_err(ApiError::Invalid)?;
    if v.target.is_some() && !user.can(Permission::EditPlan) {
        return Err(AppError::Forbidden.into());
    }
    indicators::set_value(&state.db, &user.actor(), &indicator, v.year, v.target.map(Some), v.actual, &v.source)
        .await?;
    let saved = indicators::list_for_action(&state.db, user.territory_id, indicator.action_id)
        .await?
        .into_iter()
        .find(|(i, _)| i.id == id)
        .and_then(|(_, values)| values.into_iter().find(|x| x.year == v.year))
        .ok_or(AppError::NotFound)?;
    Ok(Json(ValueJson { year: saved.year, target: saved.target, actual: saved.actual, source: saved.source }))
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
    updatable(&state, &user, id).await?;
    let form = JournalForm { written_on: body.written_on.map(|d| d.to_string()).unwrap_or_default(), body: body.body };
    let (written_on, text) = form.validate(state.today()).map_err(ApiError::Invalid)?;
    let row = journal::add(&state.db, &user.actor(), id, written_on, &text).await?;
    Ok((StatusCode::CREATED, Json(JournalJson { written_on: row.written_on, author: row.author_name, body: row.body })))
}

#[derive(Deserialize, ToSchema)]
pub struct JournalInput {
    /// Absent: today.
    pub written_on: Option<NaiveDate>,
    pub body: String,
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
    /// The account that leads the action (a user of the territory), if any.
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
    actions::get(&state.db, user.territory_id, id).await?;
    let accounts = maillage_db::accounts::list_users(&state.db, user.territory_id).await?;
    let lead_ids: Vec<i32> = accounts.iter().filter(|u| u.is_active).map(|u| u.id).collect();
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let form = maillage_domain::plan::ActionForm {
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
    let fields = form.validate(&lead_ids).map_err(ApiError::Invalid)?;
    let label = |id: Option<i32>| {
        id.and_then(|id| accounts.iter().find(|u| u.id == id)).map(|u| u.display_name.clone()).unwrap_or_default()
    };
    match actions::update(&state.db, &user.actor(), id, body.version, &fields, label).await {
        Ok(saved) => Ok(Json(action_json(&saved, None))),
        Err(maillage_db::DbError::Conflict) => Err(ApiError::Conflict),
        Err(e) => Err(e.into()),
    }
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
