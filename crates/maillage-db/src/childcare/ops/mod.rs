//! The childcare writes, one operation each (see [`crate::ops`]).

mod registers;

pub use registers::*;
