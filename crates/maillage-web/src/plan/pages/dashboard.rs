//! The convention's dashboard.

use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maillage_domain::Permission;
use maillage_domain::plan::convention::ConventionStatus;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::plan::view::{self, Dashboard};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "plan/dashboard.html")]
struct DashboardPage {
    layout: Layout,
    d: Dashboard,
    others: Vec<(i32, String)>,
    can_edit: bool,
    statuses: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "plan/home.html")]
struct HomePage {
    layout: Layout,
    can_view_plan: bool,
    role_label: &'static str,
}

pub async fn home(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    if user.can(Permission::ViewPlan)
        && let Some(c) = maillage_db::plan::conventions::current(&state.db, user.territory_id, state.today()).await?
    {
        return dashboard_page(&state, &session, &user, c.id).await;
    }
    let layout = Layout::new(&state, &session, Some(&user)).await;
    Ok(render(&HomePage { layout, can_view_plan: user.can(Permission::ViewPlan), role_label: user.role.label() })?
        .into_response())
}

pub async fn show_convention(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    dashboard_page(&state, &session, &user, id).await
}

async fn dashboard_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
) -> Result<Response, AppError> {
    let snapshot =
        maillage_db::plan::load_dashboard_snapshot(&state.db, user.territory_id, id, state.today().year()).await?;
    let others = maillage_db::plan::conventions::list(&state.db, user.territory_id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let layout = Layout::new(state, session, Some(user)).await;
    let page = DashboardPage {
        layout,
        d: view::dashboard(&snapshot, state.today()),
        others,
        can_edit: user.can(Permission::EditPlan),
        statuses: ConventionStatus::ALL.iter().map(|s| (s.code(), s.label())).collect(),
    };
    Ok(render(&page)?.into_response())
}

/// The dashboard's HTML without a session, for the benchmark.
pub fn render_dashboard(
    snapshot: &maillage_domain::plan::dashboard::PlanSnapshot,
    day: chrono::NaiveDate,
) -> Result<String, AppError> {
    let layout = Layout::bare();
    Ok(DashboardPage {
        layout,
        d: view::dashboard(snapshot, day),
        others: Vec::new(),
        can_edit: false,
        statuses: Vec::new(),
    }
    .render()?)
}
