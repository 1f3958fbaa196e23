//! The convention's dashboard. What it shows is the same for everyone who
//! may read it, so it is computed once per revision of the territory and per
//! day ([`crate::cache`]); only the frame (who is there, what they may do)
//! is drawn for each request.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_domain::Permission;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::Path;
use crate::pages::{Layout, render};
use crate::plan::view::{self, Dashboard};
use crate::{AppError, AppState};

/// What the dashboard shows of a convention.
pub struct Computed {
    /// The page's title (the convention's).
    pub title: String,
    /// The content as a coordinator sees it (with the editing links), and
    /// as everyone else does: rendered once, framed per request.
    pub for_editors: String,
    pub for_readers: String,
}

/// The cache's key for « the current convention » of a territory.
const CURRENT: i32 = 0;

/// What the dashboard says: the same for everyone who may read it.
#[derive(Template)]
#[template(path = "plan/dashboard_body.html")]
struct DashboardBody<'a> {
    d: &'a Dashboard,
    others: &'a [(i32, String)],
    can_edit: bool,
}

/// The page: the frame of whoever asks around the content already rendered.
#[derive(Template)]
#[template(path = "plan/dashboard.html")]
struct DashboardPage<'a> {
    layout: Layout,
    title: &'a str,
    body: &'a str,
}

fn bodies(d: &Dashboard, others: &[(i32, String)]) -> Result<(String, String), AppError> {
    let editors = DashboardBody { d, others, can_edit: true }.render()?;
    let readers = DashboardBody { d, others, can_edit: false }.render()?;
    Ok((editors, readers))
}

#[derive(Template)]
#[template(path = "plan/home.html")]
struct HomePage {
    layout: Layout,
    can_view_plan: bool,
    role_label: &'static str,
}

async fn compute(state: &AppState, territory_id: i32, convention_id: i32) -> Result<Computed, AppError> {
    let today = state.today();
    let snapshot = maillage_db::plan::load_dashboard_snapshot(&state.db, territory_id, convention_id, today).await?;
    let meetings = maillage_db::plan::meetings::list(&state.db, territory_id, convention_id).await?;
    let others = maillage_db::plan::conventions::list(&state.db, territory_id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect::<Vec<_>>();
    let d = view::dashboard(&snapshot, today, &meetings);
    let (for_editors, for_readers) = bodies(&d, &others)?;
    Ok(Computed { title: d.title, for_editors, for_readers })
}

pub async fn home(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    if user.can(Permission::ViewPlan) {
        let (t, today) = (user.territory_id, state.today());
        let current = state
            .dashboards
            .get_or_compute((t, CURRENT), user.revision, today, async {
                match maillage_db::plan::conventions::current(&state.db, t, today).await? {
                    Some(c) => compute(&state, t, c.id).await.map(Some),
                    None => Ok::<_, AppError>(None),
                }
            })
            .await?;
        if let Some(computed) = current.as_ref() {
            return page(&state, &session, &user, computed).await;
        }
    }
    if !user.can(Permission::ViewPlan) && user.can(Permission::ViewRegisters) {
        // The relais's work starts from the offer.
        return Ok(axum::response::Redirect::to("/offre").into_response());
    }
    if !user.can(Permission::ViewPlan) && user.can(Permission::DeclareVacancies) {
        // A childminder or a manager comes to declare free places.
        return Ok(axum::response::Redirect::to("/mes-places").into_response());
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
    let t = user.territory_id;
    let computed = state
        .dashboards
        .get_or_compute((t, id), user.revision, state.today(), async { compute(&state, t, id).await.map(Some) })
        .await?;
    match computed.as_ref() {
        Some(computed) => page(&state, &session, &user, computed).await,
        None => Err(AppError::NotFound),
    }
}

async fn page(state: &AppState, session: &Session, user: &CurrentUser, c: &Computed) -> Result<Response, AppError> {
    let layout = Layout::new(state, session, Some(user)).await;
    let body = if user.can(Permission::EditPlan) { &c.for_editors } else { &c.for_readers };
    let page = DashboardPage { layout, title: &c.title, body };
    Ok(render(&page)?.into_response())
}

/// The dashboard's HTML without a session, for the benchmark.
pub fn render_dashboard(
    snapshot: &maillage_domain::plan::dashboard::PlanSnapshot,
    day: chrono::NaiveDate,
) -> Result<String, AppError> {
    let d = view::dashboard(snapshot, day, &[]);
    let (_, body) = bodies(&d, &[])?;
    Ok(DashboardPage { layout: Layout::bare(), title: &d.title, body: &body }.render()?)
}
