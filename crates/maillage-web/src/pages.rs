//! What every page shares: the layout (who is there, the CSRF token, the
//! demo banner, the menu), one-time messages, error pages, the stylesheet.

use askama::Template;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use tower_sessions::Session;

use crate::auth::{CurrentUser, csrf};
use crate::cookies;
use crate::{AppError, AppState};

/// What the page frame needs: who is there, the CSRF token, the demo banner.
pub struct Layout {
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub demo: bool,
    /// The main menu for the user's role, the current page marked.
    pub menu: Vec<MenuItem>,
    pub flash: Option<String>,
    /// The territories the account may switch to (active grants), when more than one.
    pub territories: Vec<(i32, String)>,
}

impl Layout {
    /// A frame without session: error pages and the benchmark.
    pub fn bare() -> Layout {
        Layout { user: None, csrf: String::new(), demo: false, menu: Vec::new(), flash: None, territories: Vec::new() }
    }

    /// The frame of a page for whoever is there: `None` for a visitor who is
    /// not signed in. Reads the session and cookies, writes nothing.
    pub async fn new(state: &AppState, session: &Session, user: Option<&CurrentUser>) -> Layout {
        let flash = cookies::take_flash();
        // Read with the user (`auth::resolve_user`): the frame costs no query.
        let territories = user.map_or_else(Vec::new, |u| u.territories.clone());
        Layout {
            territories: if territories.len() > 1 { territories } else { Vec::new() },
            user: user.cloned(),
            csrf: csrf::token(session).await,
            demo: user.map_or(state.config.demo_banner, |u| u.is_demo),
            menu: user.map_or_else(Vec::new, |u| menu(u, &cookies::current_path())),
            flash,
        }
    }
}

#[derive(Template)]
#[template(path = "confirm_delete.html")]
struct ConfirmPage {
    layout: Layout,
    what: String,
    consequence: String,
    post_url: String,
    cancel_url: String,
}

/// « Supprimer … ? »: the step before any deletion, which a GET only shows.
pub async fn confirm_delete(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    what: String,
    consequence: String,
    post_url: String,
    cancel_url: String,
) -> Result<Response, AppError> {
    let layout = Layout::new(state, session, Some(user)).await;
    Ok(render(&ConfirmPage { layout, what, consequence, post_url, cancel_url })?.into_response())
}

/// The refused fields of a form, each linked to its input: shown at the top
/// of the page, which takes the focus, so that nobody has to hunt for what
/// went wrong.
#[derive(Default)]
pub struct ErrorSummary {
    /// (the input's id, the message).
    pub items: Vec<(String, String)>,
}

impl ErrorSummary {
    /// `anchor` gives the input's id for a field name.
    pub fn new(errors: &maillage_domain::FieldErrors, anchor: impl Fn(&str) -> String) -> ErrorSummary {
        ErrorSummary { items: errors.iter().map(|e| (anchor(&e.field), e.message.clone())).collect() }
    }

    /// The same, each message after its field's label (« Année : … »), for
    /// a page where several forms share field names.
    pub fn labelled(
        errors: &maillage_domain::FieldErrors,
        anchor: impl Fn(&str) -> String,
        label: impl Fn(&str) -> String,
    ) -> ErrorSummary {
        let items = errors.iter().map(|e| (anchor(&e.field), format!("{} : {}", label(&e.field), e.message))).collect();
        ErrorSummary { items }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The summary of a form whose inputs are named like their fields.
pub fn summary_by_name(errors: &maillage_domain::FieldErrors) -> ErrorSummary {
    ErrorSummary::new(errors, str::to_owned)
}

pub struct MenuItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The menu a role sees: only what it may open, the page at `path` marked.
/// API tokens are not here: they live under « Mon compte ».
pub fn menu(user: &CurrentUser, path: &str) -> Vec<MenuItem> {
    use maillage_domain::Permission::*;
    let plan_page = path == "/" || path.starts_with("/conventions/") || path.starts_with("/actions/");
    let committees = path == "/comites" || path.starts_with("/comites/") || path.ends_with("/comites");
    let registers = path == "/offre"
        || path.starts_with("/etablissements")
        || path.starts_with("/assistants-maternels")
        || path.starts_with("/projets");
    let home = if user.can(ViewPlan) { "Tableau de bord" } else { "Accueil" };
    let own_places = user.can(DeclareVacancies) && !user.can(EditRegisters);
    let items: [(bool, &'static str, &'static str, bool); 11] = [
        (own_places, "/mes-places", "Mes places", path.starts_with("/mes-places")),
        (user.can(ViewPlan) || !(user.can(ViewRegisters) || own_places), "/", home, plan_page && !committees),
        (user.can(ViewRegisters), "/offre", "Offre d'accueil", registers),
        (user.can(FollowRequests), "/demandes", "Demandes", path.starts_with("/demandes")),
        (user.can(ViewChildcareStatistics), "/statistiques", "Statistiques", path.starts_with("/statistiques")),
        (user.can(UpdateLedAction), "/mes-actions", "Mes actions", path == "/mes-actions"),
        (user.can(ViewPlan), "/comites", "Comités", committees),
        (user.can(ManageUsers), "/utilisateurs", "Utilisateurs", path.starts_with("/utilisateurs")),
        (user.can(ManageUsers), "/messages", "Messages envoyés", path.starts_with("/messages")),
        (
            user.can(ViewAudit),
            "/journal-des-modifications",
            "Journal des modifications",
            path.starts_with("/journal-des"),
        ),
        (true, "/compte", "Mon compte", path.starts_with("/compte")),
    ];
    items
        .into_iter()
        .filter(|(shown, ..)| *shown)
        .map(|(_, href, label, current)| MenuItem { href, label, current })
        .collect()
}

pub use crate::cookies::flash;

/// A versioned form whose version is missing or unreadable: it was not
/// sent by our page.
pub const BAD_VERSION: &str = "Ce formulaire est incomplet ou a été modifié (sa version manque ou est illisible) : rechargez la page et recommencez.";

/// The `version` a versioned form sent back, or the page's refusal.
pub fn version(sent: &str) -> Result<i32, AppError> {
    sent.trim().parse().map_err(|_| AppError::BadRequest(BAD_VERSION.to_owned()))
}

/// The field errors of a refused operation, for the form to come back with;
/// any other refusal becomes the page's error (404, 403, 409…).
pub fn invalid(e: maillage_db::ops::OpError) -> Result<maillage_domain::FieldErrors, AppError> {
    match e {
        maillage_db::ops::OpError::Refused(maillage_domain::Refusal::Invalid(errors)) => Ok(errors),
        other => Err(other.into()),
    }
}

/// A file to save: its type and name.
pub fn download(content_type: &'static str, file_name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response()
}

pub fn render(t: &impl Template) -> Result<Html<String>, AppError> {
    Ok(Html(t.render()?))
}

/// A page that only says something: a title and a sentence.
#[derive(Template)]
#[template(path = "error.html")]
pub struct MessagePage<'a> {
    pub layout: Layout,
    pub title: &'a str,
    pub message: &'a str,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    title: &'a str,
    message: &'a str,
}

/// Error pages are first rendered without the session, so that they never
/// fail; the page's title and message travel with the response
/// ([`ErrorText`]) for the guard to draw them again in the full frame.
pub fn error_page(title: &str, message: &str) -> Html<String> {
    framed_error_page(Layout::bare(), title, message)
}

pub fn framed_error_page(layout: Layout, title: &str, message: &str) -> Html<String> {
    Html(ErrorPage { layout, title, message }.render().unwrap_or_else(|_| format!("<h1>{title}</h1><p>{message}</p>")))
}

/// An error page's words, kept in the response's extensions.
#[derive(Clone)]
pub struct ErrorText {
    pub title: &'static str,
    pub message: String,
}

/// The error page again, with the header, the menu and the demo banner of
/// whoever is there (an error must not strand them on a bare page).
pub async fn reframe(state: &AppState, session: &Session, user: Option<&CurrentUser>, response: Response) -> Response {
    let Some(text) = response.extensions().get::<ErrorText>().cloned() else {
        return response;
    };
    let layout = Layout::new(state, session, user).await;
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = framed_error_page(layout, text.title, &text.message).into_response().into_body();
    Response::from_parts(parts, body)
}

/// An unknown address: the 404 page in the frame of whoever asks (the API
/// answers its own problem document).
pub async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    session: Session,
    request: axum::extract::Request,
) -> Response {
    let path = request.uri().path().to_owned();
    let response = AppError::NotFound.into_response();
    if path.starts_with("/api/") {
        return response;
    }
    let user = crate::auth::resolve_user(&state, request.headers(), &session, &path).await.ok().flatten();
    reframe(&state, &session, user.as_ref(), response).await
}

pub async fn health(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match maillage_db::ping(&state.db).await {
        Ok(()) => (axum::http::StatusCode::OK, "ok"),
        Err(_) => (axum::http::StatusCode::SERVICE_UNAVAILABLE, "base de données injoignable"),
    }
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../static/maillage.css"),
    )
}

/// The page a listing was asked for, counted from 0: anything that is not a
/// page number is the first page, and the repository clamps the rest.
pub fn page_number(asked: &str) -> u64 {
    asked.trim().parse::<u64>().unwrap_or(0)
}

/// Percent-encodes a path for a query string.
pub fn url_encode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).map(|q| q[1..].to_owned()).unwrap_or_default()
}

/// Where to go after signing in: a path of this site, else `/`.
///
/// Browsers drop tabs and newlines from URLs and read `\\` as `/`, so
/// `/\t/evil.example/` would become `//evil.example/`, another site: only
/// visible ASCII without backslash is accepted, and the result must parse as
/// a path that does not start with `//`.
pub fn safe_next(next: &str) -> &str {
    let visible = next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    let parsed = next.parse::<axum::http::uri::PathAndQuery>().is_ok();
    if visible && parsed && next.starts_with('/') && !next.starts_with("//") { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        for ok in ["/", "/actions/3", "/journal-des-modifications?page=2&entity=action"] {
            assert_eq!(safe_next(ok), ok);
        }
        for bad in [
            "",
            "//evil.example/",
            "/\t/evil.example/",
            "/\n/x",
            "/\\evil.example",
            "https://evil.example/",
            "/ /x",
            "/\u{7f}x",
            "/é",
        ] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
