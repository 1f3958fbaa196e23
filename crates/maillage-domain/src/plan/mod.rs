//! The CTG action plan: conventions, axes and actions with their
//! milestones, budget lines, indicators and journal; committees; statuses
//! and lateness, indicator attainment, budget totals, the dashboard's
//! aggregates, and the plan file format.

pub mod action;
pub mod budget;
pub mod convention;
pub mod dashboard;
pub mod due;
pub mod import;
pub mod indicator;
pub mod journal;
pub mod meeting;
pub mod milestone;
pub mod review;
pub mod status;

pub use action::{Action, ActionFields, ActionForm, LeadUpdate, LeadUpdateForm};
pub use budget::{BudgetLine, BudgetTotals};
pub use convention::{Axis, Convention, ConventionStatus};
pub use indicator::{Attainment, Direction, Indicator, IndicatorValue};
pub use journal::JournalEntry;
pub use meeting::{Decision, Meeting, MeetingKind};
pub use milestone::Milestone;
pub use status::{ActionStatus, Lateness};
