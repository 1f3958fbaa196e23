//! The CTG action plan: statuses and lateness, indicator attainment, budget
//! totals, the fiche action form, and the plan file format.

pub mod action;
pub mod budget;
pub mod convention;
pub mod import;
pub mod indicator;
pub mod meeting;
pub mod notes;
pub mod parts;
pub mod status;

pub use action::{ActionFields, ActionForm, LeadUpdate, LeadUpdateForm};
pub use budget::{BudgetLine, BudgetTotals};
pub use indicator::{Attainment, Direction};
pub use status::{ActionStatus, Lateness, Milestone};
