//! The plan's pages.

pub mod actions;
pub mod convention_edit;
pub mod dashboard;
pub mod export;
pub mod meeting_edit;
pub mod meetings;
pub mod my_actions;
pub mod renewal;
pub mod report;
pub mod reviews;
