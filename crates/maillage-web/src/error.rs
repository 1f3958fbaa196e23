//! The one error type of the web layer.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maillage_db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("introuvable")]
    NotFound,
    #[error("accès refusé")]
    Forbidden,
    #[error("connexion requise")]
    Unauthorized,
    #[error("requête refusée : {0}")]
    BadRequest(String),
    #[error("erreur interne")]
    Internal(String),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn french(&self) -> (&'static str, String) {
        match self {
            AppError::NotFound => ("Page introuvable", "Cette page n'existe pas, ou vous n'y avez pas accès.".into()),
            AppError::Forbidden => (
                "Accès refusé",
                "Votre rôle ne permet pas cette action. Demandez à votre coordinateur·rice CTG.".into(),
            ),
            AppError::Unauthorized => ("Connexion requise", "Connectez-vous pour continuer.".into()),
            AppError::BadRequest(why) => ("Requête refusée", why.clone()),
            AppError::Internal(_) => {
                ("Erreur interne", "Une erreur est survenue de notre côté. Réessayez plus tard.".into())
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let (title, message) = self.french();
        (self.status(), crate::pages::error_page(title, &message)).into_response()
    }
}
