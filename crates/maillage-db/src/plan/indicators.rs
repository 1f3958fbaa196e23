//! Indicators and their yearly values.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{indicator, indicator_value};
use crate::{Actor, DbError, Result, now};

pub use crate::entity::indicator::Model as Indicator;
pub use crate::entity::indicator_value::Model as IndicatorValue;

pub async fn list_for_action(
    db: &impl ConnectionTrait,
    territory_id: i32,
    action_id: i32,
) -> Result<Vec<(Indicator, Vec<IndicatorValue>)>> {
    let indicators = indicator::Entity::find()
        .filter(indicator::Column::TerritoryId.eq(territory_id))
        .filter(indicator::Column::ActionId.eq(action_id))
        .order_by_asc(indicator::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = indicators.iter().map(|i| i.id).collect();
    let values = indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.is_in(ids))
        .order_by_asc(indicator_value::Column::Year)
        .all(db)
        .await?;
    Ok(indicators
        .into_iter()
        .map(|i| {
            let mine = values.iter().filter(|v| v.indicator_id == i.id).cloned().collect();
            (i, mine)
        })
        .collect())
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Indicator> {
    indicator::Entity::find_by_id(id)
        .filter(indicator::Column::TerritoryId.eq(territory_id))
        .one(db)
        .await?
        .ok_or(DbError::NotFound)
}

fn number(v: Option<f64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// Sets the actual value of a year, and its target when `target` is given
/// (only coordinators set targets; leads pass `None` to keep it).
pub async fn set_value(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    indicator: &Indicator,
    year: i32,
    target: Option<Option<f64>>,
    actual: Option<f64>,
    source: &str,
) -> Result<()> {
    let txn = crate::begin_write(db).await?;
    let existing = indicator_value::Entity::find()
        .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
        .filter(indicator_value::Column::Year.eq(year))
        .one(&txn)
        .await?;
    let mut changes = Changes::new();
    let (row_id, operation) = match existing {
        Some(row) => {
            let new_target = target.unwrap_or(row.target);
            changes
                .compare(&format!("Cible {year}"), number(row.target), number(new_target))
                .compare(&format!("Réalisé {year}"), number(row.actual), number(actual))
                .compare(&format!("Source {year}"), &row.source, source);
            let id = row.id;
            let mut active = row.into_active_model();
            active.target = Set(new_target);
            active.actual = Set(actual);
            active.source = Set(source.to_owned());
            active.updated_at = Set(now());
            active.update(&txn).await?;
            (id, "update")
        }
        None => {
            let new_target = target.flatten();
            changes
                .compare(&format!("Cible {year}"), "", number(new_target))
                .compare(&format!("Réalisé {year}"), "", number(actual))
                .compare(&format!("Source {year}"), "", source);
            let row = indicator_value::ActiveModel {
                territory_id: Set(actor.territory_id),
                indicator_id: Set(indicator.id),
                year: Set(year),
                target: Set(new_target),
                actual: Set(actual),
                source: Set(source.to_owned()),
                updated_at: Set(now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            (row.id, "create")
        }
    };
    if !changes.is_empty() {
        let summary = format!("Indicateur « {} » : valeurs {year}", indicator.name);
        audit::record(&txn, actor, "indicator_value", row_id, operation, &summary, &changes).await?;
    }
    txn.commit().await?;
    Ok(())
}
