//! Operations: one function per write, shared by the pages, the API and the
//! command line. Each validates the input with the domain's rules, checks
//! the record's rule (who may touch it), writes with its audit entry, and
//! returns a domain type or a [`Refusal`]. Handlers only translate HTTP.

use maillage_domain::{FieldErrors, Permission, Refusal};

use crate::{Actor, DatabaseConnection, DbError};

/// Who acts, on which database, on which day (« today » is the caller's
/// clock, so that tests set it).
pub struct Ctx<'a> {
    pub db: &'a DatabaseConnection,
    pub actor: &'a Actor,
    pub today: chrono::NaiveDate,
}

impl Ctx<'_> {
    pub fn territory(&self) -> i32 {
        self.actor.territory_id
    }

    /// The role must have the permission (routes check it already; an
    /// operation called from elsewhere must not rely on that).
    pub fn require(&self, permission: Permission) -> Result<(), OpError> {
        if self.actor.role.can(permission) { Ok(()) } else { Err(Refusal::Forbidden.into()) }
    }
}

/// A refusal, or storage failing.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("refusé : {0:?}")]
    Refused(Refusal),
    #[error(transparent)]
    Storage(DbError),
}

impl From<Refusal> for OpError {
    fn from(r: Refusal) -> Self {
        OpError::Refused(r)
    }
}

impl From<FieldErrors> for OpError {
    fn from(e: FieldErrors) -> Self {
        OpError::Refused(Refusal::Invalid(e))
    }
}

impl From<DbError> for OpError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => OpError::Refused(Refusal::NotFound),
            DbError::Conflict => OpError::Refused(Refusal::Conflict(Vec::new())),
            DbError::Duplicate(field) => OpError::Refused(Refusal::field(field, "Cette valeur est déjà utilisée.")),
            DbError::Rule(field, message) => OpError::Refused(Refusal::field(field, message)),
            other => OpError::Storage(other),
        }
    }
}

impl From<sea_orm::DbErr> for OpError {
    fn from(e: sea_orm::DbErr) -> Self {
        OpError::Storage(DbError::Db(e))
    }
}

pub type OpResult<T> = Result<T, OpError>;
