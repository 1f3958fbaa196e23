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

use maillage_db::plan::actions::{self, Action};
use maillage_domain::accounts::may_update_action;

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

fn may_update(user: &CurrentUser, a: &Action) -> bool {
    may_update_action(user.role, user.id, a.lead_user_id)
}

/// The action, if it exists in the user's territory (else 404) and the user
/// may update it (else 403).
async fn updatable_action(state: &AppState, user: &CurrentUser, id: i32) -> Result<Action, AppError> {
    let a = actions::get(&state.db, user.territory_id, id).await?;
    if may_update(user, &a) { Ok(a) } else { Err(AppError::Forbidden) }
}
