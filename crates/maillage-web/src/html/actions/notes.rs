//! Indicator values and journal notes, recorded from the fiche page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use maillage_db::plan::{indicators, journal};
use maillage_domain::validation::{FieldErrors, optional_date, optional_number, optional_text, required_text};
use serde::Deserialize;
use tower_sessions::Session;

use super::updatable_action;
use crate::auth::CurrentUser;
use crate::html::flash;
use crate::{AppError, AppState, today};

#[derive(Deserialize)]
pub struct ValueForm {
    #[serde(default)]
    indicator_id: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    actual: String,
    #[serde(default)]
    source: String,
}

pub async fn update_indicator_values(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<ValueForm>,
) -> Result<Response, AppError> {
    let a = updatable_action(&state, &user, id).await?;
    let indicator_id: i32 = form.indicator_id.parse().map_err(|_| AppError::NotFound)?;
    let indicator = indicators::get(&state.db, user.territory_id, indicator_id).await?;
    if indicator.action_id != a.id {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let year = match form.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => y,
        _ => {
            errors.add("year", "Année invalide (exemple : 2025).");
            0
        }
    };
    let actual = optional_number(&mut errors, "actual", &form.actual);
    let source = optional_text(&mut errors, "source", &form.source, 300);
    if !errors.is_empty() {
        let message: Vec<_> = errors.iter().map(|e| e.message.clone()).collect();
        flash(&session, &format!("Valeur non enregistrée : {}", message.join(" "))).await;
        return Ok(Redirect::to(&format!("/actions/{id}#indicateurs")).into_response());
    }
    indicators::set_value(&state.db, &user.actor(), &indicator, year, None, actual, &source).await?;
    flash(&session, &format!("Valeur {year} de « {} » enregistrée.", indicator.name)).await;
    Ok(Redirect::to(&format!("/actions/{id}#indicateurs")).into_response())
}

#[derive(Deserialize)]
pub struct JournalForm {
    #[serde(default)]
    written_on: String,
    #[serde(default)]
    body: String,
}

pub async fn add_journal_entry(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<JournalForm>,
) -> Result<Response, AppError> {
    updatable_action(&state, &user, id).await?;
    let mut errors = FieldErrors::new();
    let body = required_text(&mut errors, "body", &form.body, 5000);
    let written_on = optional_date(&mut errors, "written_on", &form.written_on).unwrap_or_else(today);
    if let Some(message) = errors.iter().next().map(|e| e.message.clone()) {
        flash(&session, &format!("Note non enregistrée : {message}")).await;
        return Ok(Redirect::to(&format!("/actions/{id}#journal")).into_response());
    }
    journal::add(&state.db, &user.actor(), id, written_on, &body).await?;
    flash(&session, "Note ajoutée au journal.").await;
    Ok(Redirect::to(&format!("/actions/{id}#journal")).into_response())
}
