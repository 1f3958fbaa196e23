//! Why a write was refused: the one answer every operation gives besides
//! success, whoever asked (a page, the API, the command line).

use crate::audit::Change;
use crate::validation::FieldErrors;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Some fields are wrong: one French message per field.
    Invalid(FieldErrors),
    /// The record changed since it was read: what is stored now, field by
    /// field (`before`: what the request was based on, `after`: now).
    Conflict(Vec<Change>),
    /// No such record in the territory.
    NotFound,
    /// The role, or the rule on this record, does not allow it.
    Forbidden,
}

impl Refusal {
    /// One field wrong.
    pub fn field(field: &str, message: impl Into<String>) -> Refusal {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        Refusal::Invalid(errors)
    }
}
