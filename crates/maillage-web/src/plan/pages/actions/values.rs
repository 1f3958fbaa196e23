//! Indicator values and journal notes, recorded from the fiche page.

use crate::extract::Form;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{indicators, journal};
use maillage_domain::FieldErrors;
use maillage_domain::Permission;
use maillage_domain::plan::notes::{JournalForm, ValueForm};
use serde::Deserialize;

use super::updatable_action;
use crate::auth::CurrentUser;
use crate::pages::flash;
use crate::{AppError, AppState};

#[derive(Deserialize)]
pub struct IndicatorValueForm {
    #[serde(default)]
    indicator_id: String,
    #[serde(flatten)]
    value: ValueForm,
}

fn joined(errors: &FieldErrors) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")
}

pub async fn update_indicator_values(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<IndicatorValueForm>,
) -> Result<Response, AppError> {
    let a = updatable_action(&state, &user, id).await?;
    let indicator_id: i32 = form.indicator_id.parse().map_err(|_| AppError::NotFound)?;
    let indicator = indicators::get(&state.db, user.territory_id, indicator_id).await?;
    if indicator.action_id != a.id {
        return Err(AppError::NotFound);
    }
    let back = Redirect::to(&format!("/actions/{id}#indicateurs")).into_response();
    let v = match form.value.validate() {
        Ok(v) => v,
        Err(errors) => {
            flash(&format!("Valeur non enregistrée : {}", joined(&errors)));
            return Ok(back);
        }
    };
    if v.target.is_some() && !user.can(Permission::EditPlan) {
        return Err(AppError::Forbidden);
    }
    let target = v.target.map(Some);
    indicators::set_value(&state.db, &user.actor(), &indicator, v.year, target, v.actual, &v.source).await?;
    flash(&format!("Valeur {} de « {} » enregistrée.", v.year, indicator.name));
    Ok(back)
}

pub async fn add_journal_entry(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<JournalForm>,
) -> Result<Response, AppError> {
    updatable_action(&state, &user, id).await?;
    match form.validate(state.today()) {
        Ok((written_on, body)) => {
            journal::add(&state.db, &user.actor(), id, written_on, &body).await?;
            flash("Note ajoutée au journal.");
        }
        Err(errors) => flash(&format!("Note non enregistrée : {}", joined(&errors))),
    }
    Ok(Redirect::to(&format!("/actions/{id}#journal")).into_response())
}
