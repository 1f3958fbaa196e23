//! Families' childcare requests: the public form and the family's private
//! page; the relais' queue, the request filed for a family, the sheet.

pub mod filed_by_relais;
pub mod form;
pub mod public;
pub mod queue;
pub mod sheet;
pub mod tracking;
