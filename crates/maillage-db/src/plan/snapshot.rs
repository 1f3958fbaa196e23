//! A whole convention read at once, for the dashboard, the exports and the
//! report: seven queries whatever the size of the plan (and those of the
//! live figures, when an indicator follows one).

use chrono::{Datelike, NaiveDate};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder};

use maillage_domain::plan::dashboard::PlanSnapshot;

use super::conventions;
use crate::entity::{action, axis, budget_line, indicator, indicator_value, milestone};
use crate::scoped::scoped;
use crate::{Result, decode};

/// Everything, every year: for the exports and the report.
/// Indicators that follow a live figure have their values as of `today`.
pub async fn load_snapshot(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
    today: NaiveDate,
) -> Result<PlanSnapshot> {
    load(db, territory_id, convention_id, false, today).await
}

/// What the dashboard shows: every indicator value (its latest one may be
/// of any year), and only the milestones not yet done (the ones that can
/// make an action late, or come next).
pub async fn load_dashboard_snapshot(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
    today: NaiveDate,
) -> Result<PlanSnapshot> {
    load(db, territory_id, convention_id, true, today).await
}

/// `SELECT id FROM actions WHERE convention_id = ?`, as a subquery: children
/// are selected by their convention, not by a list of hundreds of ids.
fn actions_of(convention_id: i32) -> SelectStatement {
    Query::select()
        .column(action::Column::Id)
        .from(action::Entity)
        .and_where(action::Column::ConventionId.eq(convention_id))
        .to_owned()
}

async fn load(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
    open_milestones_only: bool,
    today: NaiveDate,
) -> Result<PlanSnapshot> {
    let convention = conventions::get(db, territory_id, convention_id).await?;
    let axes = scoped::<axis::Entity>(territory_id)
        .filter(axis::Column::ConventionId.eq(convention_id))
        .order_by_asc(axis::Column::Position)
        .all(db)
        .await?;
    let actions = scoped::<action::Entity>(territory_id)
        .filter(action::Column::ConventionId.eq(convention_id))
        .order_by_asc(action::Column::AxisId)
        .order_by_asc(action::Column::Position)
        .all(db)
        .await?;
    let mut milestones = scoped::<milestone::Entity>(territory_id)
        .filter(milestone::Column::ActionId.in_subquery(actions_of(convention_id)));
    if open_milestones_only {
        milestones = milestones.filter(milestone::Column::DoneOn.is_null());
    }
    let milestones = milestones.order_by_asc(milestone::Column::DueOn).all(db).await?;
    let indicators = scoped::<indicator::Entity>(territory_id)
        .filter(indicator::Column::ActionId.in_subquery(actions_of(convention_id)))
        .order_by_asc(indicator::Column::ActionId)
        .order_by_asc(indicator::Column::Position)
        .all(db)
        .await?;
    let indicators_of = Query::select()
        .column(indicator::Column::Id)
        .from(indicator::Entity)
        .and_where(indicator::Column::ActionId.in_subquery(actions_of(convention_id)))
        .to_owned();
    let values = scoped::<indicator_value::Entity>(territory_id)
        .filter(indicator_value::Column::IndicatorId.in_subquery(indicators_of))
        .order_by_asc(indicator_value::Column::Year)
        .all(db)
        .await?;
    let budget = scoped::<budget_line::Entity>(territory_id)
        .filter(budget_line::Column::ActionId.in_subquery(actions_of(convention_id)))
        .order_by_asc(budget_line::Column::Year)
        .order_by_asc(budget_line::Column::Funder)
        .all(db)
        .await?;
    let indicators = decode::all(indicators, decode::indicator)?;
    let mut values = values.into_iter().map(decode::indicator_value).collect();
    let years = convention.starts_on.year()..=convention.ends_on.year();
    super::live::fill(db, territory_id, years, today, &indicators, &mut values).await?;
    Ok(PlanSnapshot {
        convention,
        axes: axes.into_iter().map(decode::axis).collect(),
        actions: decode::all(actions, decode::action)?,
        milestones: milestones.into_iter().map(decode::milestone).collect(),
        indicators,
        values,
        budget: budget.into_iter().map(decode::budget_line).collect(),
    })
}
