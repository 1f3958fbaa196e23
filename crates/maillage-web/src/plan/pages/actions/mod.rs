//! An action's page (« fiche action »): read it (`show`), edit it (`edit`:
//! all fields for the coordinator, status and progress for its lead), record
//! indicator values and journal entries (`values`), and the coordinator's
//! milestones, budget lines and indicator definitions (`components`).

pub mod components;
mod components_page;
mod edit;
mod show;
mod values;

pub use edit::{edit_action, update_action};
pub use show::show_action;
pub use values::{add_journal_entry, update_indicator_values};
