//! CSRF protection for requests that change state and carry a session
//! cookie: the Origin (when sent) must be ours, and the request must carry
//! the session's synchronizer token, as a `csrf_token` form field (of an
//! urlencoded form or of a file upload) or an `X-CSRF-Token` header. Requests authenticated by an API token carry no
//! ambient credential and are not checked.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::SESSION_CSRF;

/// The token forms must carry: the session's once signed in (set at
/// login), else the visitor's cookie (double submit), so that a visitor who
/// is not signed in costs no session row.
pub async fn token(session: &Session) -> String {
    match session.get::<String>(SESSION_CSRF).await {
        Ok(Some(t)) => t,
        _ => crate::cookies::anonymous_csrf(),
    }
}

const MAX_FORM_BYTES: usize = crate::extract::MAX_BODY_BYTES;

fn refuse_api() -> Response {
    crate::problem::problem(
        StatusCode::FORBIDDEN,
        "Jeton CSRF manquant ou invalide",
        "Avec un cookie de session, une écriture porte l'en-tête X-CSRF-Token de la session ; un script utilise plutôt un jeton d'accès (Authorization: Bearer).",
    )
}

fn refuse_page() -> Response {
    (
        StatusCode::FORBIDDEN,
        crate::pages::error_page(
            "Formulaire expiré",
            "Ce formulaire a expiré ou ne vient pas de ce site. Revenez à la page précédente, rechargez-la et recommencez.",
        ),
    )
        .into_response()
}

pub async fn protect(session: Session, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let refuse = || if api { refuse_api() } else { refuse_page() };
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    // A token carries no ambient credential, but it is honoured only by the
    // API: anywhere else a request with one is checked like any other.
    // Any Authorization header makes it a token request, judged by the token
    // alone (`resolve_user` never falls back to the session for it).
    if super::accepts_tokens(request.uri().path()) && headers.contains_key(header::AUTHORIZATION) {
        return next.run(request).await;
    }
    // An API call without any cookie carries no ambient credential: let the
    // route's guard answer 401.
    if request.uri().path().starts_with("/api/") && headers.get(header::COOKIE).is_none() {
        return next.run(request).await;
    }
    if let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        let origin = origin.to_str().unwrap_or("");
        let host = host.to_str().unwrap_or("");
        let same = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host);
        if !same {
            return refuse();
        }
    }
    let expected = token(&session).await;
    if expected.is_empty() {
        return refuse();
    }
    if let Some(sent) = headers.get("x-csrf-token") {
        return if sent.as_bytes() == expected.as_bytes() { next.run(request).await } else { refuse() };
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    // A file upload: the token is one of its parts.
    let boundary =
        multer::parse_boundary(&content_type).ok().filter(|_| content_type.starts_with("multipart/form-data"));
    if !content_type.starts_with("application/x-www-form-urlencoded") && boundary.is_none() {
        return refuse();
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "Formulaire trop volumineux").into_response();
    };
    let sent = match boundary {
        Some(boundary) => multipart_field(bytes.clone(), boundary, "csrf_token").await,
        None => form_urlencoded_field(&bytes, "csrf_token"),
    };
    if sent.as_deref() != Some(expected.as_str()) {
        return refuse();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// The text of the part `name` of a multipart body (forms put the token
/// first, so the file after it is not read here).
async fn multipart_field(body: axum::body::Bytes, boundary: String, name: &str) -> Option<String> {
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut parts = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = parts.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}
