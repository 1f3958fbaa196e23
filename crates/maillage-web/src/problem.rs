//! The API's errors: `application/problem+json` (RFC 9457); validation
//! errors add an `errors` list of `{field, message}`. And the OpenAPI
//! document's frame, whose paths the route table fills in.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maillage_domain::FieldErrors;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::AppError;

#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub message: String,
}

pub fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    problem_with(status, title, detail, Vec::new())
}

fn problem_with(status: StatusCode, title: &str, detail: &str, errors: Vec<ProblemField>) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: title.into(),
        status: status.as_u16(),
        detail: detail.into(),
        errors,
    };
    let mut response = (status, Json(body)).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/problem+json"));
    response
}

/// The API's error: a page error, a validation failure or a stale version.
pub enum ApiError {
    App(AppError),
    Invalid(FieldErrors),
    Conflict,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<maillage_db::DbError> for ApiError {
    fn from(e: maillage_db::DbError) -> Self {
        ApiError::App(e.into())
    }
}

impl From<maillage_db::ops::OpError> for ApiError {
    fn from(e: maillage_db::ops::OpError) -> Self {
        use maillage_db::ops::OpError;
        use maillage_domain::Refusal;
        match e {
            OpError::Refused(Refusal::Invalid(errors)) => ApiError::Invalid(errors),
            OpError::Refused(Refusal::Conflict(_)) => ApiError::Conflict,
            other => ApiError::App(other.into()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::App(AppError::Conflict) => ApiError::Conflict.into_response(),
            ApiError::App(AppError::Duplicate(field)) => {
                let mut errors = FieldErrors::new();
                errors.add(field, "Cette valeur est déjà utilisée.");
                ApiError::Invalid(errors).into_response()
            }
            ApiError::App(e) => {
                if let AppError::Internal(cause) = &e {
                    tracing::error!(%cause, "internal error");
                }
                let (title, detail) = e.french();
                problem(e.status(), title, &detail)
            }
            ApiError::Invalid(errors) => problem_with(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Données invalides",
                "Corrigez les champs listés dans errors.",
                errors.iter().map(|e| ProblemField { field: e.field.clone(), message: e.message.clone() }).collect(),
            ),
            ApiError::Conflict => problem(
                StatusCode::CONFLICT,
                "Modifié entre-temps",
                "L'enregistrement a changé depuis votre lecture : relisez-le et renvoyez la modification avec sa nouvelle version.",
            ),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Maillage API", version = "1", description = "Le plan d'actions de la Convention Territoriale Globale. Authentification : `Authorization: Bearer <jeton>` (jetons créés sur /compte/jetons)."),
    components(schemas(Problem, ProblemField)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
