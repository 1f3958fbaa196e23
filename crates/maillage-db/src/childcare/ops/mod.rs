//! The childcare writes, one operation each (see [`crate::ops`]).

mod accounts;
mod import;
mod projects;
mod registers;
mod requests;
mod vacancies;

pub use accounts::*;
pub use import::*;
pub use projects::*;
pub use registers::*;
pub use requests::*;
pub use vacancies::*;
