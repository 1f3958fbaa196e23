//! The coordinator's writes on committee meetings and their decisions.

use maillage_domain::plan::meeting::{DecisionForm, MeetingForm};
use maillage_domain::plan::{Decision, Meeting};
use maillage_domain::validation::required_text;
use maillage_domain::{FieldErrors, Permission};

use super::super::{actions, conventions, meetings};
use crate::ops::{Ctx, OpResult};

pub async fn create_meeting(cx: &Ctx<'_>, convention_id: i32, form: &MeetingForm) -> OpResult<Meeting> {
    cx.require(Permission::EditPlan)?;
    conventions::get(cx.db, cx.territory(), convention_id).await?;
    let fields = form.validate()?;
    Ok(meetings::create(cx.db, cx.actor, convention_id, &fields).await?)
}

/// Corrects a meeting.
pub async fn update_meeting(cx: &Ctx<'_>, id: i32, form: &MeetingForm) -> OpResult<Meeting> {
    cx.require(Permission::EditPlan)?;
    meetings::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    Ok(meetings::update(cx.db, cx.actor, id, &fields).await?)
}

/// Deletes a meeting with its decisions; returns its convention.
pub async fn delete_meeting(cx: &Ctx<'_>, id: i32) -> OpResult<i32> {
    cx.require(Permission::EditPlan)?;
    Ok(meetings::delete(cx.db, cx.actor, id).await?)
}

/// The decision's text and action, checked: the action must belong to the
/// meeting's convention (the same message in the pages and the API).
async fn decision_fields(cx: &Ctx<'_>, convention_id: i32, form: &DecisionForm) -> OpResult<(Option<i32>, String)> {
    let mut errors = FieldErrors::new();
    let body = required_text(&mut errors, "body", &form.body, 5000);
    let action_id = match form.action_id.trim() {
        "" => None,
        raw => {
            let in_convention = actions::list_for_convention(cx.db, cx.territory(), convention_id).await?;
            let found = raw.parse::<i32>().ok().filter(|id| in_convention.iter().any(|a| a.id == *id));
            if found.is_none() {
                errors.add("action_id", "L'action choisie n'appartient pas à cette convention.");
            }
            found
        }
    };
    Ok(errors.into_result((action_id, body))?)
}

/// A decision, about an action of the meeting's convention or none.
pub async fn add_decision(cx: &Ctx<'_>, meeting_id: i32, form: &DecisionForm) -> OpResult<Decision> {
    cx.require(Permission::EditPlan)?;
    let (meeting, _) = meetings::get(cx.db, cx.territory(), meeting_id).await?;
    let (action_id, body) = decision_fields(cx, meeting.convention_id, form).await?;
    Ok(meetings::add_decision(cx.db, cx.actor, meeting_id, action_id, &body).await?)
}

/// Corrects a decision.
pub async fn update_decision(cx: &Ctx<'_>, id: i32, form: &DecisionForm) -> OpResult<Decision> {
    cx.require(Permission::EditPlan)?;
    let decision = meetings::get_decision(cx.db, cx.territory(), id).await?;
    let (meeting, _) = meetings::get(cx.db, cx.territory(), decision.meeting_id).await?;
    let (action_id, body) = decision_fields(cx, meeting.convention_id, form).await?;
    Ok(meetings::update_decision(cx.db, cx.actor, id, action_id, &body).await?)
}

/// Deletes a decision; returns its meeting.
pub async fn delete_decision(cx: &Ctx<'_>, id: i32) -> OpResult<i32> {
    cx.require(Permission::EditPlan)?;
    Ok(meetings::delete_decision(cx.db, cx.actor, id).await?)
}
