//! Every route with the permission it needs, in one table.
//!
//! Capabilities register their routes through [`Routes::page`] and
//! [`Routes::api`], which cannot be called without an [`Access`]: the guard
//! they install answers 401/redirect for anonymous users and 403 for roles
//! without the permission, before the handler runs. API routes come from
//! utoipa-axum's `routes!`, so a handler's path, method and OpenAPI entry have
//! one source. The test suite walks [`route_table`] and asserts each role's
//! answer.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use maillage_domain::Permission;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};
use utoipa::OpenApi;
use utoipa_axum::router::UtoipaMethodRouter;

use crate::auth::{csrf, resolve_user, store::DbSessionStore};
use crate::{AppState, accounts, audit, childcare, headers, pages, plan, problem};

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
    pub path: String,
    pub access: Access,
}

/// The router being built, its table of permissions and its OpenAPI document.
pub(crate) struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
    openapi: utoipa::openapi::OpenApi,
    state: AppState,
}

impl Routes {
    fn guarded(&self, access: Access, handler: MethodRouter<AppState>) -> MethodRouter<AppState> {
        handler.route_layer(middleware::from_fn_with_state((self.state.clone(), access), guard))
    }

    /// A page (or any non-API route) at `path`.
    pub(crate) fn page(
        mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: MethodRouter<AppState>,
    ) -> Self {
        let guarded = self.guarded(access, handler);
        self.router = self.router.route(path, guarded);
        self.table.push(RouteInfo { method, path: path.to_owned(), access });
        self
    }

    /// An API handler declared with `#[utoipa::path]`, passed as `routes!(handler)`:
    /// its path and method come from that declaration, which also documents it.
    pub(crate) fn api(mut self, access: Access, (schemas, paths, handler): UtoipaMethodRouter<AppState>) -> Self {
        let guarded = self.guarded(access, handler);
        for (path, mut item) in paths.paths {
            document_problems(&mut item);
            let methods = [
                (Method::GET, item.get.is_some()),
                (Method::PUT, item.put.is_some()),
                (Method::POST, item.post.is_some()),
                (Method::DELETE, item.delete.is_some()),
                (Method::PATCH, item.patch.is_some()),
            ];
            for (method, present) in methods {
                if present {
                    self.table.push(RouteInfo { method, path: path.clone(), access });
                }
            }
            self.router = self.router.route(&path, guarded.clone());
            match self.openapi.paths.paths.get_mut(&path) {
                Some(existing) => existing.merge_operations(item),
                None => {
                    self.openapi.paths.paths.insert(path, item);
                }
            }
        }
        self.openapi.components.get_or_insert_with(Default::default).schemas.extend(schemas);
        self
    }
}

/// Errors are `application/problem+json`, whatever status they have: the
/// document says so for the statuses a handler declares, and a `default`
/// response covers the others (401, 405, 413, 415…).
fn document_problems(item: &mut utoipa::openapi::PathItem) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let problem = || ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
    for operation in
        [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
    {
        for (status, response) in operation.responses.responses.iter_mut() {
            if let RefOr::T(response) = response
                && (status.starts_with('4') || status.starts_with('5'))
                && response.content.shift_remove("application/json").is_some()
            {
                response.content.insert("application/problem+json".to_owned(), RefOr::T(problem()));
            }
        }
        let default = ResponseBuilder::new()
            .description("Erreur, décrite en français (RFC 9457)")
            .content("application/problem+json", problem())
            .build();
        operation.responses.responses.insert("default".to_owned(), RefOr::T(default));
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
        let api = wants_json(request.uri().path());
        let response = next.run(request).await;
        return if api { response } else { pages::reframe(&state, &session, None, response).await };
    };
    let path = request.uri().path().to_owned();
    let user = match resolve_user(&state, request.headers(), &session, &path).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    let Some(user) = user else {
        if wants_json(&path) {
            return problem::problem(
                StatusCode::UNAUTHORIZED,
                "Authentification requise",
                "Fournissez un jeton d'accès : Authorization: Bearer mlg_…",
            );
        }
        let next_path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let target = format!("/connexion?suivant={}", pages::url_encode(next_path));
        return Redirect::to(&target).into_response();
    };
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    if user.read_only && !reads {
        return problem::problem(
            StatusCode::FORBIDDEN,
            "Jeton en lecture seule",
            "Ce jeton ne permet que la lecture : créez un jeton « lecture et écriture » pour modifier.",
        );
    }
    if !user.can(permission) {
        if wants_json(&path) {
            return problem::problem(
                StatusCode::FORBIDDEN,
                "Accès refusé",
                "Votre rôle ne permet pas cette opération.",
            );
        }
        let refused = crate::AppError::Forbidden.into_response();
        return pages::reframe(&state, &session, Some(&user), refused).await;
    }
    request.extensions_mut().insert(user.clone());
    let response = next.run(request).await;
    if wants_json(&path) { response } else { pages::reframe(&state, &session, Some(&user), response).await }
}

fn build(state: AppState) -> Routes {
    use Access::*;
    let routes = Routes { router: Router::new(), table: Vec::new(), openapi: problem::ApiDoc::openapi(), state };
    let routes = routes.page(Method::GET, "/healthz", Public, get(pages::health)).page(
        Method::GET,
        "/static/maillage.css",
        Public,
        get(pages::stylesheet),
    );
    let mut routes = audit::routes(accounts::routes(childcare::routes(plan::routes(routes))));
    let document = Arc::new(serde_json::to_string(&routes.openapi).expect("the OpenAPI document serialises"));
    routes = routes.page(
        Method::GET,
        "/api/openapi.json",
        Public,
        get(move || {
            let document = document.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], document.as_str().to_owned()) }
        }),
    );
    routes
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
        .fallback(pages::not_found)
        .layer(middleware::from_fn(csrf::protect))
        .layer(middleware::from_fn_with_state(state.clone(), crate::cookies::middleware))
        .layer(sessions)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(crate::extract::MAX_BODY_BYTES))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(middleware::from_fn(french_errors))
        .layer(middleware::from_fn_with_state(state.clone(), headers::security_headers))
        .layer(middleware::from_fn(no_store_for_pages))
        .with_state(state)
}

/// Every failure answers in French, whoever produced it: an API error that
/// is not already a problem (axum's 405, the body limit's 413, a timeout, an
/// unknown path) becomes `application/problem+json`; a page error in plain
/// text becomes the French error page.
async fn french_errors(request: Request, next: Next) -> Response {
    let api = wants_json(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let (title, detail) = crate::error::french_status(status);
    let replacement = if api && !content_type.starts_with("application/problem+json") {
        problem::problem(status, title, detail)
    } else if !api && !content_type.starts_with("text/html") {
        (status, pages::error_page(title, detail)).into_response()
    } else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    let (new_parts, body) = replacement.into_parts();
    for name in [header::CONTENT_TYPE, header::CONTENT_LENGTH] {
        parts.headers.remove(&name);
        if let Some(v) = new_parts.headers.get(&name) {
            parts.headers.insert(name, v.clone());
        }
    }
    Response::from_parts(parts, body)
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
