//! Families' childcare requests: the public form and the family's private
//! page, and the relais' pages.

pub mod form;
pub mod public;
pub mod staff;
pub mod tracking;
