//! Writes on an action: its fields (coordinator), its status and progress
//! (its lead), indicator values and journal entries.

use maillage_domain::accounts::may_update_action;
use maillage_domain::audit::Change;
use maillage_domain::plan::indicator::ValueForm;
use maillage_domain::plan::journal::JournalForm;
use maillage_domain::plan::{Action, ActionForm, IndicatorValue, JournalEntry, LeadUpdateForm};
use maillage_domain::{Permission, Refusal};

use super::super::{actions, indicators, journal};
use crate::ops::{Ctx, OpResult};

/// The action, if the actor may update it: the coordinator any, an action
/// lead the ones they lead.
pub async fn updatable_action(cx: &Ctx<'_>, action_id: i32) -> OpResult<Action> {
    let a = actions::get(cx.db, cx.territory(), action_id).await?;
    match cx.actor.user_id {
        Some(user) if !may_update_action(cx.actor.role, user, a.lead_user_id) => Err(Refusal::Forbidden.into()),
        None if !cx.actor.role.can(Permission::EditPlan) => Err(Refusal::Forbidden.into()),
        _ => Ok(a),
    }
}

/// The accounts that may lead an action: active, and with a role that can
/// update the actions it leads (not a partner who could not even open it).
pub async fn lead_candidates(cx: &Ctx<'_>) -> OpResult<Vec<(i32, String)>> {
    Ok(crate::accounts::list_users(cx.db, cx.territory())
        .await?
        .into_iter()
        .filter(|u| u.is_active && u.role.can(Permission::UpdateLedAction))
        .map(|u| (u.id, format!("{} ({})", u.display_name, u.email)))
        .collect())
}

/// Stored values that differ from what the form was based on, labelled for people.
fn differences(current: &ActionForm, submitted: &ActionForm, lead_only: bool) -> Vec<Change> {
    let pairs: [(&str, &str, &str); 10] = [
        ("Statut", &current.status, &submitted.status),
        ("Avancement", &current.progress, &submitted.progress),
        ("Intitulé", &current.title, &submitted.title),
        ("Pilote", &current.lead_name, &submitted.lead_name),
        ("Date de début", &current.starts_on, &submitted.starts_on),
        ("Date de fin", &current.ends_on, &submitted.ends_on),
        ("Objectifs", &current.objectives, &submitted.objectives),
        ("Public visé", &current.audience, &submitted.audience),
        ("Partenaires", &current.partners, &submitted.partners),
        ("Secteurs", &current.sectors, &submitted.sectors),
    ];
    pairs
        .into_iter()
        .take(if lead_only { 2 } else { usize::MAX })
        .filter(|(_, now, mine)| now.trim() != mine.trim())
        .map(|(field, now, mine)| {
            let shown = match maillage_domain::plan::ActionStatus::from_code(now) {
                Some(status) if field == "Statut" => status.label().to_owned(),
                _ => now.to_owned(),
            };
            Change { field: field.to_owned(), before: mine.to_owned(), after: shown }
        })
        .collect()
}

async fn conflict(cx: &Ctx<'_>, id: i32, submitted: &ActionForm, lead_only: bool) -> OpResult<Action> {
    let current = actions::get(cx.db, cx.territory(), id).await?;
    Err(Refusal::Conflict(differences(&current.form(), submitted, lead_only)).into())
}

/// Every field, by the coordinator, if the action is still at `version`.
pub async fn update_action(cx: &Ctx<'_>, id: i32, version: i32, form: &ActionForm) -> OpResult<Action> {
    cx.require(Permission::EditPlan)?;
    actions::get(cx.db, cx.territory(), id).await?;
    let leads = lead_candidates(cx).await?;
    let lead_ids: Vec<i32> = leads.iter().map(|(id, _)| *id).collect();
    let fields = form.validate(&lead_ids)?;
    let label = |id: Option<i32>| {
        id.and_then(|id| leads.iter().find(|(i, _)| *i == id)).map(|(_, n)| n.clone()).unwrap_or_default()
    };
    match actions::update(cx.db, cx.actor, id, version, &fields, label).await {
        Err(crate::DbError::Conflict) => conflict(cx, id, form, false).await,
        other => Ok(other?),
    }
}

/// Status and progress, by the action's lead (or the coordinator).
pub async fn update_progress(cx: &Ctx<'_>, id: i32, version: i32, form: &LeadUpdateForm) -> OpResult<Action> {
    updatable_action(cx, id).await?;
    let update = form.validate()?;
    match actions::update_progress(cx.db, cx.actor, id, version, &update).await {
        Err(crate::DbError::Conflict) => {
            let submitted =
                ActionForm { status: form.status.clone(), progress: form.progress.clone(), ..Default::default() };
            conflict(cx, id, &submitted, true).await
        }
        other => Ok(other?),
    }
}

/// The action's page form: every field for the coordinator, status and
/// progress for its lead.
pub async fn update_action_as_allowed(cx: &Ctx<'_>, id: i32, version: i32, form: &ActionForm) -> OpResult<Action> {
    if cx.actor.role.can(Permission::EditPlan) {
        update_action(cx, id, version, form).await
    } else {
        update_progress(cx, id, version, &form.lead_part()).await
    }
}

/// A year's actual value (and target, coordinators only) of an indicator of
/// an action the actor may update.
pub async fn set_indicator_value(cx: &Ctx<'_>, indicator_id: i32, form: &ValueForm) -> OpResult<IndicatorValue> {
    let indicator = indicators::get(cx.db, cx.territory(), indicator_id).await?;
    updatable_action(cx, indicator.action_id).await?;
    let v = form.validate()?;
    if v.actual.is_some() && indicator.live_figure.is_some() {
        return Err(Refusal::field("actual", maillage_domain::plan::indicator::COMPUTED_ACTUAL).into());
    }
    // Targets are the plan's commitments: only the coordinator sets them.
    if v.target.is_some() && !cx.actor.role.can(Permission::EditPlan) {
        return Err(Refusal::Forbidden.into());
    }
    Ok(indicators::set_value(cx.db, cx.actor, &indicator, &v).await?)
}

/// A dated entry in the journal of an action the actor may update.
pub async fn add_journal_entry(cx: &Ctx<'_>, action_id: i32, form: &JournalForm) -> OpResult<JournalEntry> {
    updatable_action(cx, action_id).await?;
    let (written_on, body) = form.validate(cx.today)?;
    Ok(journal::add(cx.db, cx.actor, action_id, written_on, &body).await?)
}
