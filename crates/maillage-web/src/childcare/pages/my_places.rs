//! /mes-places: a childminder or a facility manager declares their own free
//! places, from a phone, in under a minute: one grid per record, pre-filled
//! with the last declaration.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::{capacities, childminders, facilities, ops};
use maillage_domain::FieldErrors;
use maillage_domain::childcare::offer::current;
use maillage_domain::childcare::{Holder, VacancyForm};
use tower_sessions::Session;

use super::vacancies::{VacancyGrid, grid};
use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::pages::{ErrorSummary, Layout, flash, render};
use crate::{AppError, AppState};

pub(crate) struct MyHolder {
    pub name: String,
    /// « Agrément : 1 place de moins de 18 mois… » of the running capacity.
    pub capacity: String,
    pub grid: VacancyGrid,
    /// For a facility: the API path its software may send the same grid to.
    pub api: Option<String>,
}

#[derive(Template)]
#[template(path = "childcare/my_places.html")]
struct MyPlacesPage {
    layout: Layout,
    holders: Vec<MyHolder>,
}

impl MyPlacesPage {
    fn summary(&self) -> ErrorSummary {
        ErrorSummary { items: self.holders.iter().flat_map(|h| h.grid.summary_items()).collect() }
    }
}

fn path_of(holder: Holder) -> String {
    match holder {
        Holder::Childminder(id) => format!("/mes-places/assistant-maternel/{id}"),
        Holder::Facility(id) => format!("/mes-places/etablissement/{id}"),
    }
}

async fn page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    refused: Option<(Holder, VacancyForm, FieldErrors)>,
) -> Result<Response, AppError> {
    let t = user.territory_id;
    let mut mine: Vec<(Holder, String)> = Vec::new();
    for c in childminders::of_user(&state.db, t, user.id).await? {
        mine.push((Holder::Childminder(c.id), c.full_name()));
    }
    for f in facilities::of_manager(&state.db, t, user.id).await? {
        mine.push((Holder::Facility(f.id), f.name));
    }
    let failed = refused.is_some();
    let mut holders = Vec::new();
    for (holder, name) in mine {
        let caps = capacities::of(&state.db, t, holder).await?;
        let capacity = match current(&caps, state.today()) {
            Some(c) => format!(
                "Places agréées ou autorisées aujourd'hui\u{a0}: {} de moins de 18 mois, {} de 18 mois à 3 ans, {} de 3 à 6 ans.",
                c.places.infant, c.places.toddler, c.places.preschool
            ),
            None => "Aucune place agréée ou autorisée aujourd'hui : voyez avec le relais petite enfance.".to_owned(),
        };
        let form = refused.as_ref().filter(|(h, ..)| *h == holder).map(|(_, f, e)| (f.clone(), e.clone()));
        let prefix = match holder {
            Holder::Childminder(id) => format!("am{id}-"),
            Holder::Facility(id) => format!("et{id}-"),
        };
        let grid = grid(state, t, holder, prefix, path_of(holder), form).await?;
        let api = match holder {
            Holder::Facility(id) => Some(format!("/api/v1/facilities/{id}/vacancies")),
            Holder::Childminder(_) => None,
        };
        holders.push(MyHolder { name, capacity, grid, api });
    }
    let page = MyPlacesPage { layout: Layout::new(state, session, Some(user)).await, holders };
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

pub async fn show_my_places(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    page(&state, &session, &user, None).await
}

async fn declare(
    state: AppState,
    session: Session,
    user: CurrentUser,
    holder: Holder,
    fields: std::collections::BTreeMap<String, String>,
) -> Result<Response, AppError> {
    let form = VacancyForm::from_fields(&fields);
    let actor = user.actor();
    match ops::declare_vacancies(&state.ctx(&actor), holder, &form).await {
        Ok(_) => {
            flash("Merci : vos places disponibles sont enregistrées.");
            Ok(Redirect::to("/mes-places").into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            page(&state, &session, &user, Some((holder, form, errors))).await
        }
    }
}

pub async fn declare_childminder(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(fields): Form<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    declare(state, session, user, Holder::Childminder(id), fields).await
}

pub async fn declare_facility(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(fields): Form<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    declare(state, session, user, Holder::Facility(id), fields).await
}
