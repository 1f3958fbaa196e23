//! A whole convention read at once, for the dashboard, the exports and the
//! report: seven queries whatever the size of the plan.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::conventions::{self, Convention};
use crate::Result;
use crate::entity::{action, axis, budget_line, indicator, indicator_value, milestone};

#[derive(Debug, Clone)]
pub struct ConventionSnapshot {
    pub convention: Convention,
    pub axes: Vec<axis::Model>,
    pub actions: Vec<action::Model>,
    pub milestones: Vec<milestone::Model>,
    pub indicators: Vec<indicator::Model>,
    pub values: Vec<indicator_value::Model>,
    pub budget: Vec<budget_line::Model>,
}

pub async fn load_snapshot(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
) -> Result<ConventionSnapshot> {
    let convention = conventions::get(db, territory_id, convention_id).await?;
    let axes = axis::Entity::find()
        .filter(axis::Column::ConventionId.eq(convention_id))
        .order_by_asc(axis::Column::Position)
        .all(db)
        .await?;
    let actions = action::Entity::find()
        .filter(action::Column::ConventionId.eq(convention_id))
        .order_by_asc(action::Column::AxisId)
        .order_by_asc(action::Column::Position)
        .all(db)
        .await?;
    let action_ids: Vec<i32> = actions.iter().map(|a| a.id).collect();
    let milestones = milestone::Entity::find()
        .filter(milestone::Column::ActionId.is_in(action_ids.clone()))
        .order_by_asc(milestone::Column::DueOn)
        .all(db)
        .await?;
    let indicators = indicator::Entity::find()
        .filter(indicator::Column::ActionId.is_in(action_ids.clone()))
        .order_by_asc(indicator::Column::ActionId)
        .order_by_asc(indicator::Column::Position)
        .all(db)
        .await?;
    let indicator_ids: Vec<i32> = indicators.iter().map(|i| i.id).collect();
    let values = indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.is_in(indicator_ids))
        .order_by_asc(indicator_value::Column::Year)
        .all(db)
        .await?;
    let budget = budget_line::Entity::find()
        .filter(budget_line::Column::ActionId.is_in(action_ids))
        .order_by_asc(budget_line::Column::Year)
        .order_by_asc(budget_line::Column::Funder)
        .all(db)
        .await?;
    Ok(ConventionSnapshot { convention, axes, actions, milestones, indicators, values, budget })
}
