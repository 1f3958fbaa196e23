//! /offre: the childcare offer on a date (today by default, or any past
//! date: capacities are dated), by kind and by sector.

use std::collections::BTreeMap;

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maillage_db::childcare::{capacities, childminders, facilities};
use maillage_domain::childcare::offer::offer_on;
use maillage_domain::childcare::{Holder, Places};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, render};
use crate::{AppError, AppState};

/// A line of the offer: places by band for a kind or a sector.
struct Line {
    label: String,
    holders: usize,
    places: Places,
}

#[derive(Template)]
#[template(path = "childcare/offer.html")]
struct OfferPage {
    layout: Layout,
    date: String,
    date_label: String,
    date_error: Option<String>,
    by_kind: Vec<Line>,
    by_sector: Vec<Line>,
    total: Places,
    holders: usize,
    empty: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OfferQuery {
    date: String,
}

fn add(lines: &mut BTreeMap<String, Line>, label: &str, places: Places) {
    let line = lines.entry(label.to_owned()).or_insert_with(|| Line {
        label: label.to_owned(),
        holders: 0,
        places: Places::default(),
    });
    line.holders += 1;
    line.places = line.places + places;
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
    let caps = capacities::valid_between(&state.db, t, date, date).await?;
    let mut by_kind: BTreeMap<String, Line> = BTreeMap::new();
    let mut by_sector: BTreeMap<String, Line> = BTreeMap::new();
    let sector_of = |s: &str| if s.is_empty() { "Sans secteur".to_owned() } else { s.to_owned() };
    for f in facilities::list(&state.db, t).await? {
        let places = offer_on(caps.iter().filter(|c| c.holder == Holder::Facility(f.id)), date);
        if places.total() > 0 {
            add(&mut by_kind, f.kind.label(), places);
            add(&mut by_sector, &sector_of(&f.sector), places);
        }
    }
    // Only active childminders count in the offer (the CNAF's rule).
    let filter = childminders::ChildminderFilter { active: Some(true), ..Default::default() };
    let mut page = 0;
    loop {
        let list = childminders::list(&state.db, t, &filter, page, 500).await?;
        for c in &list.items {
            let places = offer_on(caps.iter().filter(|k| k.holder == Holder::Childminder(c.id)), date);
            if places.total() > 0 {
                add(&mut by_kind, "Assistant·e·s maternel·le·s en activité", places);
                add(&mut by_sector, &sector_of(&c.sector), places);
            }
        }
        if list.page + 1 >= list.pages {
            break;
        }
        page += 1;
    }
    let by_kind: Vec<Line> = by_kind.into_values().collect();
    let total = by_kind.iter().map(|l| l.places).sum();
    let holders = by_kind.iter().map(|l| l.holders).sum();
    let page = OfferPage {
        layout: Layout::new(&state, &session, Some(&user)).await,
        date: typed,
        date_label: maillage_domain::time::french_date(date),
        date_error,
        empty: by_kind.is_empty(),
        by_kind,
        by_sector: by_sector.into_values().collect(),
        total,
        holders,
    };
    Ok(render(&page)?.into_response())
}
