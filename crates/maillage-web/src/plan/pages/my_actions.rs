//! « Mes actions »: the page an action lead lands on. The actions they lead
//! in the convention in force, each with what is due now (see
//! [`maillage_domain::plan::due`]), those with something due first.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_db::plan::{conventions, journal, load_snapshot};
use maillage_domain::plan::due::{Due, due};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::{AppError, AppState};

struct MyAction {
    id: i32,
    code: String,
    title: String,
    status: &'static str,
    status_code: &'static str,
    progress: i32,
    due: Vec<String>,
}

#[derive(Template)]
#[template(path = "plan/my_actions.html")]
struct MyActionsPage {
    layout: Layout,
    /// The convention in force: (id, title).
    convention: Option<(i32, String)>,
    actions: Vec<MyAction>,
}

pub async fn my_actions(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (db, t, today) = (&state.db, user.territory_id, state.today());
    let mut actions = Vec::new();
    let current = conventions::current(db, t, today).await?;
    if let Some(c) = &current {
        let s = load_snapshot(db, t, c.id, today).await?;
        for a in s.actions.iter().filter(|a| a.lead_user_id == Some(user.id)) {
            let last_entry = journal::list(db, t, a.id).await?.iter().map(|e| e.written_on).max();
            let owed = due(a, &s.milestones, &s.indicators, &s.values, last_entry, c.starts_on, today);
            actions.push(MyAction {
                id: a.id,
                code: a.code.clone(),
                title: a.title.clone(),
                status: a.status.label(),
                status_code: a.status.code(),
                progress: a.progress,
                due: owed.iter().map(Due::describe).collect(),
            });
        }
    }
    // Stable: within each group the plan's order stays.
    actions.sort_by_key(|a| a.due.is_empty());
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = MyActionsPage { layout, convention: current.map(|c| (c.id, c.title)), actions };
    Ok(render(&page)?.into_response())
}
