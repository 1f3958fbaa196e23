//! /offre: the childcare offer on a date (today by default, or any past
//! date: capacities are dated), by mode of care and by sector. Computed once
//! per territory revision and date.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maillage_db::childcare::{capacities, childminders, facilities};
use maillage_domain::childcare::summary::{OfferSummary, summarise};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "childcare/offer.html")]
struct OfferPage {
    layout: Layout,
    /// What the date field shows: the date, or what was typed when refused.
    date: String,
    date_label: String,
    date_error: Option<String>,
    offer: std::sync::Arc<OfferSummary>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OfferQuery {
    date: String,
}

pub async fn show_offer(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<OfferQuery>,
) -> Result<Response, AppError> {
    let today = state.today();
    let (date, date_error) = match q.date.trim() {
        "" => (today, None),
        raw => match maillage_domain::validation::parse_date(raw) {
            Ok(d) => (d, None),
            Err(message) => (today, Some(message.to_owned())),
        },
    };
    // A refused date stays in the field, for the person to correct it.
    let typed: String = if date_error.is_some() { q.date.chars().take(40).collect() } else { date.to_string() };
    let t = user.territory_id;
    let offer = state
        .offers
        .get_or_compute((t, date), user.revision, today, async {
            let f = facilities::list(&state.db, t).await?;
            let c = childminders::all(&state.db, t).await?;
            let caps = capacities::valid_between(&state.db, t, date, date).await?;
            Ok::<_, AppError>(summarise(&f, &c, &caps, date))
        })
        .await?;
    let page = OfferPage {
        layout: Layout::new(&state, &session, Some(&user)).await,
        date: typed,
        date_label: maillage_domain::time::french_date(date),
        date_error,
        offer,
    };
    Ok(render(&page)?.into_response())
}
