//! The one error type of the web layer.
//!
//! Policy: every storage error has one meaning here, whatever the handler
//! forgot to match: not found is 404, a stale version 409, a value already
//! taken 422 on its field, anything else 500 « Erreur interne » with the
//! cause logged and never shown. Pages render these as French pages, the API
//! as problems ([`crate::problem::ApiError`]).

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
    /// The record changed since it was read (optimistic locking).
    #[error("modifié entre-temps")]
    Conflict,
    /// A value that must be unique is taken; the field's name.
    #[error("déjà utilisé : {0}")]
    Duplicate(&'static str),
    #[error("erreur interne")]
    Internal(String),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            DbError::Conflict => AppError::Conflict,
            DbError::Duplicate(field) => AppError::Duplicate(field),
            DbError::Db(e) => AppError::Internal(e.to_string()),
            DbError::Decode(what) => AppError::Internal(what),
            DbError::Rule(_, message) => AppError::BadRequest(message),
        }
    }
}

/// For pages, which handle `Invalid` themselves (the form comes back with its
/// errors) before anything reaches here.
impl From<maillage_db::ops::OpError> for AppError {
    fn from(e: maillage_db::ops::OpError) -> Self {
        use maillage_db::ops::OpError;
        use maillage_domain::Refusal;
        match e {
            OpError::Refused(Refusal::NotFound) => AppError::NotFound,
            OpError::Refused(Refusal::Forbidden) => AppError::Forbidden,
            OpError::Refused(Refusal::Conflict(_)) => AppError::Conflict,
            OpError::Refused(Refusal::Invalid(errors)) => {
                AppError::BadRequest(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))
            }
            OpError::Storage(e) => e.into(),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

/// A title and a sentence for a status, when nothing more precise is known.
pub fn french_status(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("Requête invalide", "La requête est mal formée."),
        401 => {
            ("Authentification requise", "Connectez-vous, ou fournissez un jeton d'accès : Authorization: Bearer mlg_…")
        }
        403 => ("Accès refusé", "Votre rôle ne permet pas cette opération."),
        404 => ("Introuvable", "Cette page ou cette ressource n'existe pas, ou vous n'y avez pas accès."),
        405 => ("Méthode non permise", "Cette adresse n'accepte pas cette méthode HTTP."),
        408 => ("Délai dépassé", "La requête a pris trop de temps : réessayez."),
        409 => ("Modifié entre-temps", "L'enregistrement a changé depuis votre lecture : relisez-le et recommencez."),
        413 => ("Requête trop volumineuse", "Le corps de la requête dépasse 2 Mo."),
        415 => ("Type de contenu non pris en charge", "Envoyez du JSON avec l'en-tête Content-Type: application/json."),
        422 => ("Données invalides", "Certaines valeurs ne conviennent pas."),
        429 => ("Trop de requêtes", "Patientez un peu avant de recommencer."),
        s if s >= 500 => ("Erreur interne", "Une erreur est survenue de notre côté. Réessayez plus tard."),
        _ => ("Requête refusée", "La requête n'a pas pu être traitée."),
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Duplicate(_) => StatusCode::UNPROCESSABLE_ENTITY,
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
            AppError::Conflict => (
                "Modifié entre-temps",
                "Quelqu'un d'autre a modifié cet enregistrement depuis que vous l'avez ouvert : rien n'a été \
                 enregistré. Revenez en arrière, rechargez la page et recommencez."
                    .into(),
            ),
            AppError::Duplicate(_) => {
                ("Valeur déjà utilisée", "Cette valeur est déjà utilisée : rien n'a été enregistré.".into())
            }
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
        let mut response = (self.status(), crate::pages::error_page(title, &message)).into_response();
        response.extensions_mut().insert(crate::pages::ErrorText { title, message });
        response
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use axum::response::IntoResponse;
    use maillage_db::DbError;

    use super::AppError;
    use crate::problem::ApiError;

    fn page(e: DbError) -> (StatusCode, String) {
        let r = AppError::from(e).into_response();
        (r.status(), r.headers()["content-type"].to_str().unwrap().to_owned())
    }

    fn api(e: DbError) -> (StatusCode, String) {
        let r = ApiError::from(e).into_response();
        (r.status(), r.headers()["content-type"].to_str().unwrap().to_owned())
    }

    #[test]
    fn every_storage_error_has_one_meaning_on_pages_and_in_the_api() {
        let html = "text/html; charset=utf-8".to_owned();
        let json = "application/problem+json".to_owned();
        assert_eq!(page(DbError::NotFound), (StatusCode::NOT_FOUND, html.clone()));
        assert_eq!(page(DbError::Conflict), (StatusCode::CONFLICT, html.clone()));
        assert_eq!(page(DbError::Duplicate("code")), (StatusCode::UNPROCESSABLE_ENTITY, html.clone()));
        let internal = DbError::Db(sea_orm::DbErr::Custom("disque plein".into()));
        assert_eq!(page(internal), (StatusCode::INTERNAL_SERVER_ERROR, html));
        assert_eq!(api(DbError::NotFound), (StatusCode::NOT_FOUND, json.clone()));
        assert_eq!(api(DbError::Conflict), (StatusCode::CONFLICT, json.clone()));
        assert_eq!(api(DbError::Duplicate("code")), (StatusCode::UNPROCESSABLE_ENTITY, json.clone()));
        let internal = DbError::Db(sea_orm::DbErr::Custom("disque plein".into()));
        assert_eq!(api(internal), (StatusCode::INTERNAL_SERVER_ERROR, json));
    }
}
