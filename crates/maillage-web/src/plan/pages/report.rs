//! The printable report of a convention: the dashboard's figures and every
//! fiche's indicators, laid out for A4 by the print stylesheet.

use std::collections::HashMap;

use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maillage_db::plan::load_snapshot;
use maillage_domain::plan::ActionStatus;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::plan::view::{self, Dashboard, number};
use crate::{AppError, AppState};

/// Indicator name, year, target, actual, source.
type IndicatorRow = (String, i32, String, String, String);

#[derive(Template)]
#[template(path = "plan/report.html")]
struct ReportPage {
    layout: Layout,
    d: Dashboard,
    printed_on: String,
    signatories: String,
    diagnostic: String,
    statuses: Vec<&'static str>,
    indicators: HashMap<i32, Vec<IndicatorRow>>,
}

pub async fn show_report(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let s = load_snapshot(&state.db, user.territory_id, id, state.today()).await?;
    let mut indicators: HashMap<i32, Vec<IndicatorRow>> = HashMap::new();
    for i in &s.indicators {
        let label = if i.unit.is_empty() { i.name.clone() } else { format!("{} ({})", i.name, i.unit) };
        for v in s.values.iter().filter(|v| v.indicator_id == i.id) {
            indicators.entry(i.action_id).or_default().push((
                label.clone(),
                v.year,
                number(v.target),
                number(v.actual),
                v.source.clone(),
            ));
        }
    }
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = ReportPage {
        layout,
        d: view::dashboard(&s, state.today(), &[]),
        printed_on: state.today().format("%d/%m/%Y").to_string(),
        signatories: s.convention.signatories.join(", "),
        diagnostic: s.convention.diagnostic.clone(),
        statuses: ActionStatus::ALL.iter().map(|s| s.label()).collect(),
        indicators,
    };
    Ok(render(&page)?.into_response())
}
