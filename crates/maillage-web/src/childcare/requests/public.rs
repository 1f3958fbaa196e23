//! The single window's public form (`/demande/{territoire}`): no account,
//! no session, nothing written on a GET; the form is guarded against
//! robots (see [`crate::antibot`]) and capped per client address.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::ops;
use maillage_domain::FieldErrors;
use maillage_domain::childcare::request::RequestForm;
use maillage_domain::territory::Territory;
use tower_sessions::Session;

use super::form::RequestFormView;
use crate::antibot::{HONEYPOT, STAMP, Verdict};
use crate::auth::ClientAddr;
use crate::extract::{Form, Path};
use crate::pages::{Layout, MessagePage, flash, render};
use crate::{AppError, AppState};

#[derive(Template)]
#[template(path = "childcare/request_public.html")]
struct PublicFormPage {
    layout: Layout,
    territory: String,
    view: RequestFormView,
}

async fn territory(state: &AppState, slug: &str) -> Result<Territory, AppError> {
    // A slug is short lowercase ASCII: anything else names no territory.
    if slug.len() > 60 {
        return Err(AppError::NotFound);
    }
    Ok(maillage_db::territory::find_by_slug(&state.db, slug).await?)
}

async fn page(
    state: &AppState,
    session: &Session,
    t: &Territory,
    form: RequestForm,
    errors: FieldErrors,
    hurried: bool,
) -> Result<Response, AppError> {
    let view = RequestFormView {
        action: format!("/demande/{}", t.slug),
        form,
        sectors: ops::request_sectors(&state.db, t.id).await?,
        stamp: Some(state.antibot.stamp(state.now())),
        hurried,
        submit: "Envoyer ma demande",
        errors,
    };
    let status = if view.errors.is_empty() && !hurried { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let mut layout = Layout::new(state, session, None).await;
    layout.demo = t.is_demo;
    Ok((status, render(&PublicFormPage { layout, territory: t.name.clone(), view })?).into_response())
}

pub async fn show_form(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let t = territory(&state, &slug).await?;
    page(&state, &session, &t, RequestForm::default(), FieldErrors::new(), false).await
}

async fn refuse(state: &AppState, session: &Session, status: StatusCode, title: &str, message: &str) -> Response {
    let layout = Layout::new(state, session, None).await;
    match render(&MessagePage { layout, title, message }) {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

pub async fn file(
    State(state): State<AppState>,
    session: Session,
    ClientAddr(addr): ClientAddr,
    Path(slug): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let t = territory(&state, &slug).await?;
    let now = state.now();
    if !state.antibot.admit(&addr, now) {
        let message = "Beaucoup de demandes sont parties de cette connexion en une heure. Réessayez un peu plus \
                       tard, ou appelez le relais petite enfance de votre commune.";
        return Ok(refuse(&state, &session, StatusCode::TOO_MANY_REQUESTS, "Trop de demandes", message).await);
    }
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    match state.antibot.judge(get(HONEYPOT), get(STAMP), now) {
        Verdict::Robot => {
            let message = "Votre demande n'a pas pu être enregistrée. Appelez le relais petite enfance de votre \
                           commune : il l'enregistrera avec vous.";
            return Ok(refuse(&state, &session, StatusCode::BAD_REQUEST, "Demande non enregistrée", message).await);
        }
        Verdict::Hurried => {
            return page(&state, &session, &t, RequestForm::from_fields(fields), FieldErrors::new(), true).await;
        }
        Verdict::Person => {}
    }
    let form = RequestForm::from_fields(fields);
    let public_url = &state.config.public_url;
    match ops::file_request_public(&state.db, t.id, &t.name, state.today(), &form, public_url).await {
        Ok((request, token)) => {
            flash(&format!("Votre demande est enregistrée sous le code {}.", request.code));
            Ok(Redirect::to(&format!("/suivi/{token}")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            page(&state, &session, &t, form, errors, false).await
        }
    }
}
