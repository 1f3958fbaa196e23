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
use crate::antibot::{Claim, HONEYPOT, STAMP, Verdict};
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

/// The form again: new, or sent back with what was typed. `stamp` keeps the
/// one it was sent with, so that correcting a field is not « too fast »;
/// `notice` says why it came back when no field is wrong.
async fn page(
    state: &AppState,
    session: &Session,
    t: &Territory,
    form: RequestForm,
    errors: FieldErrors,
    stamp: Option<String>,
    notice: Option<(StatusCode, &'static str)>,
) -> Result<Response, AppError> {
    let mut layout = Layout::new(state, session, None).await;
    layout.demo = t.is_demo;
    let stamp = stamp.unwrap_or_else(|| state.antibot.stamp(state.now(), &layout.csrf));
    let view = RequestFormView {
        action: format!("/demande/{}", t.slug),
        form,
        sectors: ops::request_sectors(&state.db, t.id).await?,
        stamp: Some(stamp),
        notice: notice.map(|(_, text)| text),
        submit: "Envoyer ma demande",
        errors,
    };
    let status = match notice {
        Some((status, _)) => status,
        None if view.errors.is_empty() => StatusCode::OK,
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((status, render(&PublicFormPage { layout, territory: t.name.clone(), view })?).into_response())
}

pub async fn show_form(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let t = territory(&state, &slug).await?;
    page(&state, &session, &t, RequestForm::default(), FieldErrors::new(), None, None).await
}

const HURRIED: &str = "Relisez-la puis appuyez de nouveau sur « Envoyer ma demande » : vos réponses sont conservées.";
const TOO_MANY: &str = "Beaucoup de demandes sont parties de cette connexion en une heure : réessayez dans une heure \
                        (vos réponses sont conservées ci-dessous), ou appelez le relais petite enfance de votre commune.";

async fn refuse(state: &AppState, session: &Session, status: StatusCode, title: &str, message: &str) -> Response {
    let layout = Layout::new(state, session, None).await;
    match render(&MessagePage { layout, title, message }) {
        Ok(html) => (status, html).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The private page of the request `stamp` filed (a double tap, a reload).
fn already_filed(token: &str) -> Response {
    flash("Votre demande est déjà enregistrée : la voici.");
    Redirect::to(&format!("/suivi/{token}")).into_response()
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
    let get = |name: &str| fields.get(name).cloned().unwrap_or_default();
    let (stamp, csrf) = (get(STAMP), get("csrf_token"));
    match state.antibot.judge(&get(HONEYPOT), &stamp, &csrf, now) {
        Verdict::Robot => {
            let message = "Votre demande n'a pas pu être enregistrée. Appelez le relais petite enfance de votre \
                           commune : il l'enregistrera avec vous.";
            return Ok(refuse(&state, &session, StatusCode::BAD_REQUEST, "Demande non enregistrée", message).await);
        }
        Verdict::Hurried => {
            let notice = Some((StatusCode::UNPROCESSABLE_ENTITY, HURRIED));
            return page(&state, &session, &t, RequestForm::from_fields(fields), FieldErrors::new(), None, notice)
                .await;
        }
        Verdict::Person => {}
    }
    let form = RequestForm::from_fields(fields);
    match state.antibot.claim(&stamp, now) {
        Claim::Fresh => {}
        Claim::Filed(token) => return Ok(already_filed(&token)),
        Claim::Pending => {
            // The same form sent twice at once: wait for the first to be filed.
            for _ in 0..50 {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                match state.antibot.claim(&stamp, now) {
                    Claim::Filed(token) => return Ok(already_filed(&token)),
                    Claim::Pending => {}
                    // The first was refused: this one shows the form again.
                    Claim::Fresh => {
                        state.antibot.settle(&stamp, None);
                        break;
                    }
                }
            }
            let notice = Some((StatusCode::UNPROCESSABLE_ENTITY, HURRIED));
            return page(&state, &session, &t, form, FieldErrors::new(), None, notice).await;
        }
    }
    if !state.antibot.allows(&addr, now) {
        state.antibot.settle(&stamp, None);
        let notice = Some((StatusCode::TOO_MANY_REQUESTS, TOO_MANY));
        return page(&state, &session, &t, form, FieldErrors::new(), Some(stamp), notice).await;
    }
    let public_url = &state.config.public_url;
    match ops::file_request_public(&state.db, t.id, &t.name, state.today(), &form, public_url).await {
        Ok((request, token)) => {
            state.antibot.settle(&stamp, Some(token.clone()));
            state.antibot.count(&addr, now);
            flash(&format!("Votre demande est enregistrée sous le code {}.", request.code));
            Ok(Redirect::to(&format!("/suivi/{token}")).into_response())
        }
        Err(e) => {
            state.antibot.settle(&stamp, None);
            let errors = crate::pages::invalid(e)?;
            page(&state, &session, &t, form, errors, Some(stamp), None).await
        }
    }
}
