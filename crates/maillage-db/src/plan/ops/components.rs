//! The coordinator's writes on an action's milestones, budget lines and
//! indicator definitions.

use maillage_domain::plan::budget::{BudgetLineForm, same_funder};
use maillage_domain::plan::indicator::IndicatorForm;
use maillage_domain::plan::milestone::MilestoneForm;
use maillage_domain::plan::{BudgetLine, Indicator, Milestone};
use maillage_domain::{Permission, Refusal};

use super::super::{actions, budget_lines, conventions, indicators, milestones};
use crate::DbError;
use crate::ops::{Ctx, OpResult};

pub async fn add_milestone(cx: &Ctx<'_>, action_id: i32, form: &MilestoneForm) -> OpResult<Milestone> {
    cx.require(Permission::EditPlan)?;
    let action = actions::get(cx.db, cx.territory(), action_id).await?;
    let fields = form.validate()?;
    Ok(milestones::add(cx.db, cx.actor, &action, &fields).await?)
}

pub async fn update_milestone(cx: &Ctx<'_>, id: i32, form: &MilestoneForm) -> OpResult<Milestone> {
    cx.require(Permission::EditPlan)?;
    milestones::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    Ok(milestones::update(cx.db, cx.actor, id, &fields).await?)
}

/// Returns the action the milestone belonged to.
pub async fn delete_milestone(cx: &Ctx<'_>, id: i32) -> OpResult<i32> {
    cx.require(Permission::EditPlan)?;
    Ok(milestones::delete(cx.db, cx.actor, id).await?)
}

/// The convention's years, that a budget line's year must fall within.
async fn period_of(cx: &Ctx<'_>, action_id: i32) -> OpResult<(actions::Action, (i32, i32))> {
    let action = actions::get(cx.db, cx.territory(), action_id).await?;
    let convention = conventions::get(cx.db, cx.territory(), action.convention_id).await?;
    Ok((action, convention.period()))
}

fn one_line_per_year(form: &BudgetLineForm, e: DbError) -> crate::ops::OpError {
    match e {
        DbError::Duplicate(_) => Refusal::field(
            "funder",
            format!("Ce financeur a déjà une ligne pour {} : modifiez-la plutôt.", form.year.trim()),
        )
        .into(),
        other => other.into(),
    }
}

/// One line per year and funder, « CAF » and « caf » being one funder.
async fn check_one_line_per_year(
    cx: &Ctx<'_>,
    action_id: i32,
    fields: &maillage_domain::plan::budget::BudgetLineFields,
    except: Option<i32>,
) -> OpResult<()> {
    let lines = budget_lines::list_for_action(cx.db, cx.territory(), action_id).await?;
    let taken =
        lines.iter().any(|l| Some(l.id) != except && l.year == fields.year && same_funder(&l.funder, &fields.funder));
    if taken {
        let message = format!("Ce financeur a déjà une ligne pour {} : modifiez-la plutôt.", fields.year);
        return Err(Refusal::field("funder", message).into());
    }
    Ok(())
}

pub async fn add_budget_line(cx: &Ctx<'_>, action_id: i32, form: &BudgetLineForm) -> OpResult<BudgetLine> {
    cx.require(Permission::EditPlan)?;
    let (action, period) = period_of(cx, action_id).await?;
    let fields = form.validate(period)?;
    check_one_line_per_year(cx, action_id, &fields, None).await?;
    budget_lines::add(cx.db, cx.actor, &action, &fields).await.map_err(|e| one_line_per_year(form, e))
}

pub async fn update_budget_line(cx: &Ctx<'_>, id: i32, form: &BudgetLineForm) -> OpResult<BudgetLine> {
    cx.require(Permission::EditPlan)?;
    let line = budget_lines::get(cx.db, cx.territory(), id).await?;
    let (_, period) = period_of(cx, line.action_id).await?;
    let fields = form.validate(period)?;
    check_one_line_per_year(cx, line.action_id, &fields, Some(id)).await?;
    budget_lines::update(cx.db, cx.actor, id, &fields).await.map_err(|e| one_line_per_year(form, e))
}

/// Returns the action the line belonged to.
pub async fn delete_budget_line(cx: &Ctx<'_>, id: i32) -> OpResult<i32> {
    cx.require(Permission::EditPlan)?;
    Ok(budget_lines::delete(cx.db, cx.actor, id).await?)
}

pub async fn add_indicator(cx: &Ctx<'_>, action_id: i32, form: &IndicatorForm) -> OpResult<Indicator> {
    cx.require(Permission::EditPlan)?;
    let action = actions::get(cx.db, cx.territory(), action_id).await?;
    let fields = form.validate()?;
    Ok(indicators::add(cx.db, cx.actor, &action, &fields).await?)
}

pub async fn update_indicator(cx: &Ctx<'_>, id: i32, form: &IndicatorForm) -> OpResult<Indicator> {
    cx.require(Permission::EditPlan)?;
    indicators::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    Ok(indicators::update(cx.db, cx.actor, id, &fields).await?)
}

/// Deletes the indicator and its values; returns the action it belonged to.
pub async fn delete_indicator(cx: &Ctx<'_>, id: i32) -> OpResult<i32> {
    cx.require(Permission::EditPlan)?;
    Ok(indicators::delete(cx.db, cx.actor, id).await?)
}
