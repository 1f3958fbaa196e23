//! The CTG plan's repositories.

pub mod actions;
pub mod axes;
pub mod budget_lines;
pub mod conventions;
pub mod import;
pub mod indicators;
pub mod journal;
pub mod live;
pub mod meetings;
pub mod milestones;
pub mod ops;
pub mod reviews;
pub mod snapshot;

pub use snapshot::{load_dashboard_snapshot, load_snapshot};

/// Lists (partners, sectors, signatories) are stored as one entry per line.
pub fn join_lines(items: &[String]) -> String {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n")
}
