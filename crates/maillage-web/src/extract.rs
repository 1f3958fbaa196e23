//! Extractors that answer bad input in French: the API's JSON body and path
//! parameters (`application/problem+json`, with the field when there is
//! one), and the pages' forms (a French error page). axum's own rejections
//! are English plain text.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maillage_domain::FieldErrors;
use serde::de::DeserializeOwned;

use crate::AppError;
use crate::problem::{ApiError, problem};

/// Requests larger than this are refused before they reach a handler.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A JSON body, or a French problem: 415 without `Content-Type:
/// application/json`, 400 for JSON that does not parse, 422 naming the field
/// that is missing or of the wrong type.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(problem(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Type de contenu non pris en charge",
                "Envoyez un corps JSON avec l'en-tête Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| too_large())?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => Ok(ApiJson(value)),
            Err(e) => Err(json_problem(e)),
        }
    }
}

fn too_large() -> Response {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Requête trop volumineuse",
        &format!("Le corps de la requête dépasse {} Mo.", MAX_BODY_BYTES / (1024 * 1024)),
    )
}

fn json_problem(e: serde_path_to_error::Error<serde_json::Error>) -> Response {
    let inner = e.inner();
    if inner.is_syntax() || inner.is_eof() {
        return problem(
            StatusCode::BAD_REQUEST,
            "JSON illisible",
            &format!("Le corps n'est pas du JSON valide (ligne {}, colonne {}).", inner.line(), inner.column()),
        );
    }
    let message = inner.to_string();
    let path = e.path().to_string();
    let (field, text) = if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if path == "." { name.to_owned() } else { format!("{path}.{name}") };
        (field, "Ce champ est obligatoire.".to_owned())
    } else {
        (if path == "." { "body".to_owned() } else { path }, french_data_error(&message))
    };
    let mut errors = FieldErrors::new();
    errors.add(&field, text);
    ApiError::Invalid(errors).into_response()
}

/// serde's and chrono's messages, said in French.
fn french_data_error(message: &str) -> String {
    let m = message.split(" at line ").next().unwrap_or(message);
    if m.starts_with("invalid type: null") {
        return "Ce champ est obligatoire.".to_owned();
    }
    if m.starts_with("invalid type: floating point") && (m.contains("expected i") || m.contains("expected u")) {
        return "Un nombre entier, dans les limites acceptées, est attendu.".to_owned();
    }
    if m.contains("expected i32") || m.contains("expected i64") || m.contains("expected u") {
        if m.starts_with("invalid value") || m.contains("out of range") {
            return "Nombre hors des limites acceptées.".to_owned();
        }
        return "Un nombre entier est attendu.".to_owned();
    }
    if m.contains("expected f64") {
        return "Un nombre est attendu.".to_owned();
    }
    if m.contains("input contains invalid characters")
        || m.contains("premature end of input")
        || m.contains("input is out of range")
        || m.contains("trailing input")
        || m.contains("invalid date")
    {
        return "Date invalide : utilisez le format AAAA-MM-JJ (et une date qui existe).".to_owned();
    }
    if m.contains("expected a string") || m.contains("expected a borrowed string") {
        return "Un texte est attendu.".to_owned();
    }
    if m.contains("expected a sequence") {
        return "Une liste est attendue.".to_owned();
    }
    if m.contains("expected a boolean") {
        return "true ou false est attendu.".to_owned();
    }
    if let Some(rest) = m.strip_prefix("unknown field `") {
        let expected = rest.split_once("expected one of ").map_or("", |(_, e)| e).replace('`', "");
        return if expected.is_empty() {
            "Champ inconnu.".to_owned()
        } else {
            format!("Champ inconnu ; les champs possibles sont : {expected}.")
        };
    }
    if m.starts_with("unknown variant") {
        return "Valeur inconnue.".to_owned();
    }
    "Valeur invalide.".to_owned()
}

/// A path parameter, or a 404 problem: `/api/v1/actions/abc` names nothing.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(_) => Err(problem(StatusCode::NOT_FOUND, "Introuvable", "Cette ressource n'existe pas.")),
        }
    }
}

/// A page's path parameter, or the page « introuvable »: `/conventions/abc`
/// names nothing, as the API says too.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|_| AppError::NotFound)
    }
}

/// A page's form (`application/x-www-form-urlencoded`), or a French error
/// page: text that is not valid UTF-8 is refused rather than stored as `�`.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::BadRequest("Le formulaire est trop volumineux : rien n'a été enregistré.".into()))?;
        if !decodes_to_utf8(&bytes) {
            return Err(AppError::BadRequest(
                "Le formulaire contient des caractères illisibles (encodage invalide) : rien n'a été enregistré."
                    .into(),
            ));
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(Form)
            .map_err(|_| AppError::BadRequest("Le formulaire envoyé est incomplet : rien n'a été enregistré.".into()))
    }
}

/// Whether every key and value of a urlencoded body decodes to UTF-8.
fn decodes_to_utf8(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').flat_map(|pair| pair.split(|b| *b == b'=')).all(|part| {
        let mut out = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match part[i] {
                b'%' if i + 2 < part.len() => {
                    match std::str::from_utf8(&part[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(byte) => {
                            out.push(byte);
                            i += 3;
                        }
                        None => {
                            out.push(b'%');
                            i += 1;
                        }
                    }
                }
                b'+' => {
                    out.push(b' ');
                    i += 1;
                }
                b => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        std::str::from_utf8(&out).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::decodes_to_utf8;

    #[test]
    fn invalid_utf8_in_a_form_is_detected() {
        assert!(decodes_to_utf8(b"title=%C3%A9t%C3%A9&body=a+b"));
        assert!(decodes_to_utf8(b"x=100%25"));
        assert!(!decodes_to_utf8(b"title=%FF%FE"));
        assert!(!decodes_to_utf8(b"title=caf%C3"));
        assert!(!decodes_to_utf8(&[b't', b'=', 0xff]));
    }
}
