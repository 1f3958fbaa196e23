//! Every route with the permission it needs, in one table.
//!
//! Routes are added through [`Routes::add`], which cannot be called without
//! an [`Access`]: the guard it installs answers 401/redirect for anonymous
//! users and 403 for roles without the permission, before the handler runs.
//! The test suite walks [`route_table`] and asserts each role's answer.

use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, delete, get, post, put};
use maillage_domain::Permission;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use crate::auth::{csrf, resolve_user, store::DbSessionStore};
use crate::{AppState, api, headers, html};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in user whose role has the permission.
    Signed(Permission),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
    state: AppState,
}

impl Routes {
    fn add(mut self, method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> Self {
        let guarded = handler.route_layer(middleware::from_fn_with_state((self.state.clone(), access), guard));
        self.router = self.router.route(path, guarded);
        self.table.push(RouteInfo { method, path, access });
        self
    }
}

fn wants_json(path: &str) -> bool {
    path.starts_with("/api/")
}

async fn guard(
    State((state, access)): State<(AppState, Access)>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let Access::Signed(permission) = access else {
        return next.run(request).await;
    };
    let path = request.uri().path().to_owned();
    let user = match resolve_user(&state, request.headers(), &session).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    let Some(user) = user else {
        if wants_json(&path) {
            return api::problem(
                StatusCode::UNAUTHORIZED,
                "Authentification requise",
                "Fournissez un jeton d'accès : Authorization: Bearer mlg_…",
            );
        }
        let next_path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let target = format!("/connexion?suivant={}", html::url_encode(next_path));
        return Redirect::to(&target).into_response();
    };
    if !user.can(permission) {
        if wants_json(&path) {
            return api::problem(StatusCode::FORBIDDEN, "Accès refusé", "Votre rôle ne permet pas cette opération.");
        }
        return crate::AppError::Forbidden.into_response();
    }
    request.extensions_mut().insert(user);
    next.run(request).await
}

fn build(state: AppState) -> Routes {
    use Access::*;
    use Permission::*;
    use html::actions::parts;
    let routes = Routes { router: Router::new(), table: Vec::new(), state };
    routes
        .add(Method::GET, "/healthz", Public, get(html::health))
        .add(Method::GET, "/static/maillage.css", Public, get(html::stylesheet))
        .add(Method::GET, "/connexion", Public, get(html::login::show_login))
        .add(Method::POST, "/connexion", Public, post(html::login::login))
        .add(Method::POST, "/deconnexion", Signed(UseAccount), post(html::login::logout))
        .add(Method::GET, "/", Signed(UseAccount), get(html::dashboard::home))
        .add(Method::GET, "/conventions/{id}", Signed(ViewPlan), get(html::dashboard::show_convention))
        .add(Method::GET, "/conventions/{id}/modifier", Signed(EditPlan), get(html::convention_edit::edit_convention))
        .add(
            Method::POST,
            "/conventions/{id}/modifier",
            Signed(EditPlan),
            post(html::convention_edit::update_convention),
        )
        .add(Method::POST, "/conventions/{id}/axes", Signed(EditPlan), post(html::convention_edit::add_axis))
        .add(Method::POST, "/axes/{id}", Signed(EditPlan), post(html::convention_edit::update_axis))
        .add(Method::POST, "/conventions/{id}/actions", Signed(EditPlan), post(html::convention_edit::add_action))
        .add(Method::GET, "/conventions/{id}/renouveler", Signed(EditPlan), get(html::conventions::show_renewal))
        .add(Method::POST, "/conventions/{id}/renouveler", Signed(EditPlan), post(html::conventions::renew_convention))
        .add(Method::POST, "/conventions/{id}/statut", Signed(EditPlan), post(html::conventions::update_status))
        .add(Method::GET, "/conventions/{id}/rapport", Signed(ViewPlan), get(html::report::show_report))
        .add(Method::GET, "/conventions/{id}/export.xlsx", Signed(ExportPlan), get(html::export::export_xlsx))
        .add(Method::GET, "/conventions/{id}/export/{table}", Signed(ExportPlan), get(html::export::export_csv))
        .add(Method::GET, "/conventions/{id}/comites", Signed(ViewPlan), get(html::meetings::list_meetings))
        .add(Method::POST, "/conventions/{id}/comites", Signed(EditPlan), post(html::meetings::create_meeting))
        .add(Method::GET, "/comites/{id}", Signed(ViewPlan), get(html::meetings::show_meeting))
        .add(Method::POST, "/comites/{id}/decisions", Signed(EditPlan), post(html::meetings::add_decision))
        .add(Method::GET, "/actions/{id}", Signed(ViewPlan), get(html::actions::show_action))
        .add(Method::GET, "/actions/{id}/modifier", Signed(UpdateLedAction), get(html::actions::edit_action))
        .add(Method::POST, "/actions/{id}/modifier", Signed(UpdateLedAction), post(html::actions::update_action))
        .add(
            Method::POST,
            "/actions/{id}/indicateurs",
            Signed(UpdateLedAction),
            post(html::actions::update_indicator_values),
        )
        .add(Method::POST, "/actions/{id}/journal", Signed(UpdateLedAction), post(html::actions::add_journal_entry))
        .add(Method::GET, "/actions/{id}/composantes", Signed(EditPlan), get(parts::show_parts))
        .add(Method::POST, "/actions/{id}/jalons", Signed(EditPlan), post(parts::add_milestone))
        .add(Method::POST, "/jalons/{id}", Signed(EditPlan), post(parts::update_milestone))
        .add(Method::GET, "/jalons/{id}/supprimer", Signed(EditPlan), get(parts::confirm_delete_milestone))
        .add(Method::POST, "/jalons/{id}/supprimer", Signed(EditPlan), post(parts::delete_milestone))
        .add(Method::POST, "/actions/{id}/budget", Signed(EditPlan), post(parts::add_budget_line))
        .add(Method::POST, "/budget/{id}", Signed(EditPlan), post(parts::update_budget_line))
        .add(Method::GET, "/budget/{id}/supprimer", Signed(EditPlan), get(parts::confirm_delete_budget_line))
        .add(Method::POST, "/budget/{id}/supprimer", Signed(EditPlan), post(parts::delete_budget_line))
        .add(Method::POST, "/actions/{id}/indicateurs/nouveau", Signed(EditPlan), post(parts::add_indicator))
        .add(Method::POST, "/indicateurs/{id}", Signed(EditPlan), post(parts::update_indicator))
        .add(Method::GET, "/indicateurs/{id}/supprimer", Signed(EditPlan), get(parts::confirm_delete_indicator))
        .add(Method::POST, "/indicateurs/{id}/supprimer", Signed(EditPlan), post(parts::delete_indicator))
        .add(Method::GET, "/journal-des-modifications", Signed(ViewAudit), get(html::audit::list_audit))
        .add(Method::GET, "/utilisateurs", Signed(ManageUsers), get(html::users::list_users))
        .add(Method::POST, "/utilisateurs", Signed(ManageUsers), post(html::users::invite_user))
        .add(Method::POST, "/utilisateurs/{id}", Signed(ManageUsers), post(html::users::update_user))
        .add(Method::POST, "/utilisateurs/{id}/invitation", Signed(ManageUsers), post(html::users::renew_invitation))
        .add(Method::GET, "/invitation/{token}", Public, get(html::users::show_invitation))
        .add(Method::POST, "/invitation/{token}", Public, post(html::users::accept_invitation))
        .add(Method::GET, "/compte/jetons", Signed(UseAccount), get(html::tokens::list_tokens))
        .add(Method::POST, "/compte/jetons", Signed(UseAccount), post(html::tokens::create_token))
        .add(Method::POST, "/compte/jetons/{id}/revoquer", Signed(UseAccount), post(html::tokens::revoke_token))
        .add(Method::GET, "/api/openapi.json", Public, get(api::openapi_json))
        .add(Method::GET, "/api/v1/me", Signed(UseAccount), get(api::plan::get_me))
        .add(Method::GET, "/api/v1/conventions", Signed(ViewPlan), get(api::plan::list_conventions))
        .add(Method::GET, "/api/v1/conventions/{id}", Signed(ViewPlan), get(api::plan::get_convention))
        .add(Method::PUT, "/api/v1/conventions/{id}", Signed(EditPlan), put(api::structure::put_convention))
        .add(Method::POST, "/api/v1/conventions/{id}/axes", Signed(EditPlan), post(api::structure::add_axis))
        .add(Method::PUT, "/api/v1/axes/{id}", Signed(EditPlan), put(api::structure::put_axis))
        .add(Method::POST, "/api/v1/axes/{id}/actions", Signed(EditPlan), post(api::structure::add_action))
        .add(Method::POST, "/api/v1/meetings/{id}/decisions", Signed(EditPlan), post(api::structure::add_decision))
        .add(Method::GET, "/api/v1/conventions/{id}/meetings", Signed(ViewPlan), get(api::meetings::list_meetings))
        .add(Method::POST, "/api/v1/conventions/{id}/meetings", Signed(EditPlan), post(api::meetings::create_meeting))
        .add(Method::GET, "/api/v1/actions/{id}", Signed(ViewPlan), get(api::fiche::get_action))
        .add(Method::PUT, "/api/v1/actions/{id}", Signed(EditPlan), put(api::fiche::put_action))
        .add(Method::POST, "/api/v1/actions/{id}/milestones", Signed(EditPlan), post(api::parts::add_milestone))
        .add(Method::PUT, "/api/v1/milestones/{id}", Signed(EditPlan), put(api::parts::put_milestone))
        .add(Method::DELETE, "/api/v1/milestones/{id}", Signed(EditPlan), delete(api::parts::delete_milestone))
        .add(Method::POST, "/api/v1/actions/{id}/budget", Signed(EditPlan), post(api::parts::add_budget_line))
        .add(Method::PUT, "/api/v1/budget/{id}", Signed(EditPlan), put(api::parts::put_budget_line))
        .add(Method::DELETE, "/api/v1/budget/{id}", Signed(EditPlan), delete(api::parts::delete_budget_line))
        .add(Method::POST, "/api/v1/actions/{id}/indicators", Signed(EditPlan), post(api::parts::add_indicator))
        .add(Method::PUT, "/api/v1/indicators/{id}", Signed(EditPlan), put(api::parts::put_indicator))
        .add(Method::DELETE, "/api/v1/indicators/{id}", Signed(EditPlan), delete(api::parts::delete_indicator))
        .add(Method::POST, "/api/v1/actions/{id}/journal", Signed(UpdateLedAction), post(api::fiche::add_journal_entry))
        .add(
            Method::PUT,
            "/api/v1/indicators/{id}/values/{year}",
            Signed(UpdateLedAction),
            put(api::fiche::put_indicator_value),
        )
        .add(
            Method::PATCH,
            "/api/v1/actions/{id}",
            Signed(UpdateLedAction),
            axum::routing::patch(api::plan::update_action),
        )
}

/// The route table, for tests and documentation.
pub fn route_table(state: AppState) -> Vec<RouteInfo> {
    build(state).table
}

/// The whole application with its middleware.
pub fn app(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("maillage_session")
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let routes = build(state.clone());
    routes
        .router
        .fallback(|| async { crate::AppError::NotFound })
        .layer(middleware::from_fn(csrf::protect))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(state.clone(), headers::security_headers))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(2 * 1024 * 1024))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn(no_store_for_pages))
        .with_state(state)
}

/// Pages hold personal data behind a login: browsers must not cache them.
async fn no_store_for_pages(request: Request, next: Next) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    if !is_static {
        response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    }
    response
}
