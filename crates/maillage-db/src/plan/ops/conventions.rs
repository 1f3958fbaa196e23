//! The coordinator's writes on a convention: its fields, its status, its
//! renewal, its axes and new actions.

use maillage_domain::plan::convention::{AxisForm, ConventionForm, NewActionForm, RenewalForm};
use maillage_domain::plan::{Action, Axis, Convention, ConventionStatus};
use maillage_domain::validation::required_text;
use maillage_domain::{FieldErrors, Permission, Refusal};

use super::super::{axes, conventions};
use crate::DbError;
use crate::ops::{Ctx, OpResult};

/// The convention's own fields, if it is still at `version`.
pub async fn update_convention(cx: &Ctx<'_>, id: i32, version: i32, form: &ConventionForm) -> OpResult<Convention> {
    cx.require(Permission::EditPlan)?;
    conventions::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    match conventions::update(cx.db, cx.actor, id, version, &fields).await {
        Err(DbError::Conflict) => {
            let now = conventions::get(cx.db, cx.territory(), id).await?.form();
            let changed = [
                ("Titre", &now.title, &form.title),
                ("Début", &now.starts_on, &form.starts_on),
                ("Fin", &now.ends_on, &form.ends_on),
                ("Signataires", &now.signatories, &form.signatories),
                ("Remplace", &now.replaces, &form.replaces),
                ("Diagnostic", &now.diagnostic, &form.diagnostic),
                ("Objet", &now.purpose, &form.purpose),
            ]
            .into_iter()
            .filter(|(_, now, mine)| now.trim() != mine.trim())
            .map(|(field, now, mine)| maillage_domain::audit::Change {
                field: field.into(),
                before: mine.clone(),
                after: now.clone(),
            })
            .collect();
            Err(Refusal::Conflict(changed).into())
        }
        other => Ok(other?),
    }
}

/// Draft, in force, closed: `code` as the form or the API sends it.
pub async fn set_convention_status(cx: &Ctx<'_>, id: i32, code: &str) -> OpResult<Convention> {
    cx.require(Permission::EditPlan)?;
    let status = ConventionStatus::from_code(code.trim())
        .ok_or_else(|| Refusal::field("status", "Choisissez un statut dans la liste."))?;
    Ok(conventions::set_status(cx.db, cx.actor, id, status).await?)
}

/// The next period as a draft, with the same axes, actions and indicators.
pub async fn renew_convention(cx: &Ctx<'_>, id: i32, form: &RenewalForm) -> OpResult<Convention> {
    cx.require(Permission::EditPlan)?;
    let current = conventions::get(cx.db, cx.territory(), id).await?;
    let (start, end) = form.validate(current.starts_on)?;
    conventions::renew(cx.db, cx.actor, id, start, end).await.map_err(|e| match e {
        DbError::Duplicate(_) => Refusal::field(
            "starts_on",
            "Une convention couvre déjà exactement cette période : ouvrez-la plutôt que d'en créer une seconde.",
        )
        .into(),
        other => other.into(),
    })
}

pub async fn add_axis(cx: &Ctx<'_>, convention_id: i32, form: &AxisForm) -> OpResult<Axis> {
    cx.require(Permission::EditPlan)?;
    conventions::get(cx.db, cx.territory(), convention_id).await?;
    let fields = form.validate()?;
    axes::create(cx.db, cx.actor, convention_id, &fields).await.map_err(|e| match e {
        DbError::Duplicate(_) => Refusal::field("code", "Un axe de cette convention porte déjà ce code.").into(),
        other => other.into(),
    })
}

/// Title and rationale; the code stays, since the actions' codes derive from it.
pub async fn update_axis(cx: &Ctx<'_>, id: i32, form: &AxisForm) -> OpResult<Axis> {
    cx.require(Permission::EditPlan)?;
    let axis = axes::get(cx.db, cx.territory(), id).await?;
    let fields = AxisForm { code: axis.code, ..form.clone() }.validate()?;
    Ok(axes::update(cx.db, cx.actor, id, &fields).await?)
}

/// A new action at the end of an axis of the convention.
pub async fn add_action(cx: &Ctx<'_>, convention_id: i32, form: &NewActionForm) -> OpResult<Action> {
    cx.require(Permission::EditPlan)?;
    conventions::get(cx.db, cx.territory(), convention_id).await?;
    let mut errors = FieldErrors::new();
    let title = required_text(&mut errors, "title", &form.title, 300);
    let axis = match form.axis_id.trim().parse::<i32>() {
        Ok(id) => axes::get(cx.db, cx.territory(), id).await.ok().filter(|a| a.convention_id == convention_id),
        Err(_) => None,
    };
    if axis.is_none() {
        errors.add("axis_id", "Choisissez un axe de cette convention.");
    }
    let axis = errors.into_result(axis)?.expect("checked");
    Ok(axes::add_action(cx.db, cx.actor, &axis, &title).await?)
}

/// A new action at the end of an axis (the API names the axis in its path).
pub async fn add_action_to_axis(cx: &Ctx<'_>, axis_id: i32, title: &str) -> OpResult<Action> {
    let axis = axes::get(cx.db, cx.territory(), axis_id).await?;
    let form = NewActionForm { axis_id: axis_id.to_string(), title: title.to_owned() };
    add_action(cx, axis.convention_id, &form).await
}
