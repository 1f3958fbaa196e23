//! Renewing a convention into the next period, and changing its status.

use crate::extract::Form;
use crate::extract::Path;
use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::plan::{conventions, ops};
use maillage_domain::FieldErrors;
use maillage_domain::plan::ConventionStatus;
use maillage_domain::plan::convention::{RenewalForm, next_period};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, flash, invalid, render};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "plan/renewal.html")]
struct RenewalPage {
    layout: Layout,
    id: i32,
    title: String,
    form: RenewalForm,
    errors: FieldErrors,
    /// The convention's last year, once it has begun: its review is the
    /// final evaluation.
    final_year: Option<i32>,
}

fn final_year(c: &maillage_domain::plan::Convention, today: chrono::NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    (c.ends_on.year() <= today.year()).then_some(c.ends_on.year())
}

pub async fn show_renewal(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let c = conventions::get(&state.db, user.territory_id, id).await?;
    let (start, end) = next_period(c.ends_on);
    let form = RenewalForm { starts_on: start.to_string(), ends_on: end.to_string() };
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let final_year = final_year(&c, state.today());
    let page = RenewalPage { layout, id, title: c.title, form, errors: FieldErrors::new(), final_year };
    Ok(render(&page)?.into_response())
}

pub async fn renew_convention(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<RenewalForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::renew_convention(&state.ctx(&actor), id, &form).await {
        Ok(new) => {
            flash("Brouillon créé : relisez les actions, puis passez la convention « En vigueur » une fois signée.");
            Ok(Redirect::to(&format!("/conventions/{}", new.id)).into_response())
        }
        Err(e) => {
            let errors = invalid(e)?;
            let c = conventions::get(&state.db, user.territory_id, id).await?;
            let layout = Layout::new(&state, &session, Some(&user)).await;
            let final_year = final_year(&c, state.today());
            let page = RenewalPage { layout, id, title: c.title, form, errors, final_year };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusForm {
    status: String,
    /// Present once the coordinator confirmed on the second step.
    confirm: Option<String>,
}

#[derive(Template)]
#[template(path = "plan/status_confirm.html")]
struct StatusConfirmPage {
    layout: Layout,
    id: i32,
    title: String,
    from: &'static str,
    to: &'static str,
    code: &'static str,
}

/// A status change in two steps: the editor's form asks, this page
/// confirms (a convention that becomes « Clôturée » or « En vigueur » is
/// what the CAF and the elected read), then the change is saved.
pub async fn update_status(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<StatusForm>,
) -> Result<Response, AppError> {
    let c = conventions::get(&state.db, user.territory_id, id).await?;
    let Some(to) = ConventionStatus::from_code(form.status.trim()) else {
        return Err(AppError::BadRequest("Choisissez un statut dans la liste.".into()));
    };
    if to == c.status {
        flash(&format!("La convention est déjà « {} » : rien n'a changé.", to.label()));
        return Ok(Redirect::to(&format!("/conventions/{id}/modifier")).into_response());
    }
    if form.confirm.is_none() {
        let layout = Layout::new(&state, &session, Some(&user)).await;
        let page =
            StatusConfirmPage { layout, id, title: c.title, from: c.status.label(), to: to.label(), code: to.code() };
        return Ok(render(&page)?.into_response());
    }
    let actor = user.actor();
    let saved = ops::set_convention_status(&state.ctx(&actor), id, to.code()).await?;
    flash(&format!("Convention désormais « {} ».", saved.status.label()));
    Ok(Redirect::to(&format!("/conventions/{id}")).into_response())
}
