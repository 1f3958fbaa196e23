//! The fiche action page.

use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use maillage_db::plan::{actions, budget_lines, indicators, journal, meetings, milestones};
use maillage_domain::accounts::may_update_action;
use maillage_domain::plan::budget::format_euros;
use maillage_domain::plan::indicator::attainment;
use maillage_domain::plan::status::lateness;
use maillage_domain::plan::{Action, JournalEntry, Milestone};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::plan::view::number;
use crate::{AppError, AppState};

struct ValueRow {
    year: i32,
    target: String,
    actual: String,
    attainment: String,
    source: String,
}

struct IndicatorView {
    id: i32,
    name: String,
    unit: String,
    baseline: String,
    direction: &'static str,
    values: Vec<ValueRow>,
}

#[derive(Template)]
#[template(path = "plan/action.html")]
struct ActionPage {
    layout: Layout,
    a: Action,
    axis_code: String,
    axis_title: String,
    status_label: &'static str,
    late: Option<String>,
    schedule: String,
    can_update: bool,
    can_edit_plan: bool,
    milestones: Vec<Milestone>,
    indicators: Vec<IndicatorView>,
    budget: Vec<(i32, String, String, String)>,
    decisions: Vec<(String, String, String)>,
    journal: Vec<JournalEntry>,
    today: String,
    this_year: i32,
}

pub async fn show_action(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let t = user.territory_id;
    let a = actions::get(db, t, id).await?;
    let axis = actions::axis_of(db, t, &a).await?;
    let milestones = milestones::list_for_action(db, t, id).await?;
    let late = lateness(a.status, a.ends_on, &milestones, state.today());
    let indicators = indicators::list_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|(i, values)| {
            let direction = i.direction;
            IndicatorView {
                id: i.id,
                baseline: match (i.baseline, i.baseline_year) {
                    (Some(b), Some(y)) => format!("{} ({y})", number(Some(b))),
                    (b, _) => number(b),
                },
                direction: direction.label(),
                values: values
                    .iter()
                    .map(|v| ValueRow {
                        year: v.year,
                        target: number(v.target),
                        actual: number(v.actual),
                        attainment: attainment(direction, v.target, v.actual).label(),
                        source: v.source.clone(),
                    })
                    .collect(),
                name: i.name,
                unit: i.unit,
            }
        })
        .collect();
    let budget = budget_lines::list_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|b| (b.year, b.funder, format_euros(b.planned), format_euros(b.spent)))
        .collect();
    let decisions = meetings::decisions_for_action(db, t, id)
        .await?
        .into_iter()
        .map(|(d, m)| (m.held_on.format("%d/%m/%Y").to_string(), m.title, d.body))
        .collect();
    let schedule = match (a.starts_on, a.ends_on) {
        (Some(s), Some(e)) => format!("du {} au {}", s.format("%d/%m/%Y"), e.format("%d/%m/%Y")),
        (Some(s), None) => format!("à partir du {}", s.format("%d/%m/%Y")),
        (None, Some(e)) => format!("jusqu'au {}", e.format("%d/%m/%Y")),
        (None, None) => "Non renseigné".to_owned(),
    };
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = ActionPage {
        layout,
        status_label: a.status.label(),
        late: late.is_late().then(|| late.describe()),
        can_update: may_update_action(user.role, user.id, a.lead_user_id),
        can_edit_plan: user.can(maillage_domain::Permission::EditPlan),
        journal: journal::list(db, t, id).await?,
        axis_code: axis.code,
        axis_title: axis.title,
        schedule,
        milestones,
        indicators,
        budget,
        decisions,
        today: state.today().to_string(),
        this_year: state.today().year(),
        a,
    };
    Ok(render(&page)?.into_response())
}
