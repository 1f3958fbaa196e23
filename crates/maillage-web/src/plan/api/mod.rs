//! The plan's JSON API under `/api/v1`, with the same permissions as the pages.

pub mod actions;
pub mod axes;
pub mod components;
pub mod conventions;
pub mod json;
pub mod meetings;
