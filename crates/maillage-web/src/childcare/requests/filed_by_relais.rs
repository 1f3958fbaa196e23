//! /demandes/nouvelle: the relais files a request for a family met in
//! person or on the phone, with the public form's rules.

use std::collections::BTreeMap;

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::ops;
use maillage_domain::FieldErrors;
use maillage_domain::childcare::request::RequestForm;
use tower_sessions::Session;

use super::form::RequestFormView;
use crate::auth::CurrentUser;
use crate::extract::Form;
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "childcare/request_new.html")]
struct NewPage {
    layout: Layout,
    view: RequestFormView,
}

async fn new_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    form: RequestForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let status =
        if errors.is_empty() { axum::http::StatusCode::OK } else { axum::http::StatusCode::UNPROCESSABLE_ENTITY };
    let view = RequestFormView {
        action: "/demandes/nouvelle".to_owned(),
        form,
        errors,
        sectors: ops::request_sectors(&state.db, user.territory_id).await?,
        stamp: None,
        notice: None,
        submit: "Enregistrer la demande",
    };
    let layout = Layout::new(state, session, Some(user)).await;
    Ok((status, render(&NewPage { layout, view })?).into_response())
}

pub async fn new_request(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    new_page(&state, &session, &user, RequestForm::default(), FieldErrors::new()).await
}

pub async fn create_request(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let form = RequestForm::from_fields(fields);
    let actor = user.actor();
    let public_url = &state.config.public_url;
    match ops::file_request(&state.ctx(&actor), &user.territory_name, &form, public_url).await {
        Ok((r, token)) => {
            let link = ops::tracking_link(public_url, &token);
            flash(&format!(
                "Demande {} enregistrée. Donnez à la famille son lien de suivi personnel (il ne sera plus affiché) : {link}",
                r.code
            ));
            Ok(Redirect::to(&format!("/demandes/{}", r.id)).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            new_page(&state, &session, &user, form, errors).await
        }
    }
}
