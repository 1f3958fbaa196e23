//! Indicator values and journal entries, recorded from the action's page.

use crate::extract::Path;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{indicators, ops};
use maillage_domain::plan::indicator::ValueForm;
use maillage_domain::plan::journal::JournalForm;
use serde::Deserialize;
use tower_sessions::Session;

use super::show::{Failed, action_page};
use crate::auth::CurrentUser;
use crate::extract::Form;
use crate::pages::{flash, invalid};
use crate::{AppError, AppState};

#[derive(Deserialize)]
pub struct IndicatorValueForm {
    #[serde(default)]
    indicator_id: String,
    #[serde(flatten)]
    value: ValueForm,
}

pub async fn update_indicator_values(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<IndicatorValueForm>,
) -> Result<Response, AppError> {
    let indicator_id: i32 = form.indicator_id.parse().map_err(|_| AppError::NotFound)?;
    let indicator = indicators::get(&state.db, user.territory_id, indicator_id).await?;
    if indicator.action_id != id {
        return Err(AppError::NotFound);
    }
    let actor = user.actor();
    match ops::set_indicator_value(&state.ctx(&actor), indicator_id, &form.value).await {
        Ok(v) => {
            flash(&format!("Valeur {} de « {} » enregistrée.", v.year, indicator.name));
            Ok(Redirect::to(&format!("/actions/{id}#indicateurs")).into_response())
        }
        Err(e) => {
            let failed = Failed::Value { indicator_id, form: form.value, errors: invalid(e)? };
            action_page(&state, &session, &user, id, Some(failed)).await
        }
    }
}

pub async fn add_journal_entry(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<JournalForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_journal_entry(&state.ctx(&actor), id, &form).await {
        Ok(_) => {
            flash("Note ajoutée au journal.");
            Ok(Redirect::to(&format!("/actions/{id}#journal")).into_response())
        }
        Err(e) => {
            let failed = Failed::Journal { form, errors: invalid(e)? };
            action_page(&state, &session, &user, id, Some(failed)).await
        }
    }
}
