//! Maillage's types and rules, without I/O.
//!
//! Everything here is plain data and plain functions: no database, no clock
//! (callers pass `today`), no files. That keeps the rules testable in
//! microseconds and lets the web, the CLI and the importers share them.

pub mod accounts;
pub mod audit;
pub mod childcare;
pub mod figures;
pub mod geo;
pub mod needs;
pub mod outbox;
pub mod plan;
pub mod refusal;
pub mod territory;
pub mod text;
pub mod time;
pub mod validation;

pub use accounts::{Permission, Role};
pub use refusal::Refusal;
pub use validation::FieldErrors;
