//! The childcare writes, one operation each (see [`crate::ops`]).

mod registers;
mod vacancies;

pub use registers::*;
pub use vacancies::*;
