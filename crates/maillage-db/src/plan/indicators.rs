//! Indicators of an action (defined by the coordinator) and their yearly
//! values (targets by the coordinator, actuals by the action's lead).

use chrono::NaiveDate;
use maillage_domain::plan::indicator::{IndicatorFields, ValueFields};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionSession, TransactionTrait,
};

use super::actions::Action;
use crate::audit::{self, Changes};
use crate::entity::{indicator, indicator_value};
use crate::scoped::scoped;
use crate::{Actor, Result, decode, now};

use maillage_domain::figures::LiveFigure;
pub use maillage_domain::plan::{Indicator, IndicatorValue};

/// An action's indicators in order, each with its values by year (those
/// of a live figure as of `today`).
pub async fn list_for_action(
    db: &impl ConnectionTrait,
    territory_id: i32,
    action_id: i32,
    today: NaiveDate,
) -> Result<Vec<(Indicator, Vec<IndicatorValue>)>> {
    let indicators = scoped::<indicator::Entity>(territory_id)
        .filter(indicator::Column::ActionId.eq(action_id))
        .order_by_asc(indicator::Column::Position)
        .all(db)
        .await?;
    let ids: Vec<i32> = indicators.iter().map(|i| i.id).collect();
    let mut values: Vec<IndicatorValue> = scoped::<indicator_value::Entity>(territory_id)
        .filter(indicator_value::Column::IndicatorId.is_in(ids))
        .order_by_asc(indicator_value::Column::Year)
        .all(db)
        .await?
        .into_iter()
        .map(decode::indicator_value)
        .collect();
    let indicators = decode::all(indicators, decode::indicator)?;
    if indicators.iter().any(|i| i.live_figure.is_some()) {
        let years = super::live::years_of_action(db, territory_id, action_id).await?;
        super::live::fill(db, territory_id, years, today, &indicators, &mut values).await?;
    }
    Ok(indicators
        .into_iter()
        .map(|i| {
            let mine = values.iter().filter(|v| v.indicator_id == i.id).cloned().collect();
            (i, mine)
        })
        .collect())
}

/// One indicator with its values (those of a live figure as of `today`).
pub async fn get_with_values(
    db: &impl ConnectionTrait,
    territory_id: i32,
    id: i32,
    today: NaiveDate,
) -> Result<(Indicator, Vec<IndicatorValue>)> {
    let indicator = get(db, territory_id, id).await?;
    let mut values = scoped::<indicator_value::Entity>(territory_id)
        .filter(indicator_value::Column::IndicatorId.eq(id))
        .order_by_asc(indicator_value::Column::Year)
        .all(db)
        .await?
        .into_iter()
        .map(decode::indicator_value)
        .collect();
    if indicator.live_figure.is_some() {
        let years = super::live::years_of_action(db, territory_id, indicator.action_id).await?;
        super::live::fill(db, territory_id, years, today, std::slice::from_ref(&indicator), &mut values).await?;
    }
    Ok((indicator, values))
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Indicator> {
    decode::indicator(crate::scoped::get::<indicator::Entity>(db, territory_id, id).await?)
}

fn number(v: Option<f64>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// Sets what is given of a year's value: each `None` keeps what is stored.
pub async fn set_value(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    indicator: &Indicator,
    v: &ValueFields,
) -> Result<IndicatorValue> {
    let (year, source) = (v.year, v.source.as_deref());
    let txn = crate::begin_write(db).await?;
    let existing = scoped::<indicator_value::Entity>(actor.territory_id)
        .filter(indicator_value::Column::IndicatorId.eq(indicator.id))
        .filter(indicator_value::Column::Year.eq(year))
        .one(&txn)
        .await?;
    let mut changes = Changes::new();
    let (row_id, operation, saved) = match existing {
        Some(row) => {
            let new_target = v.target.or(row.target);
            let new_actual = v.actual.or(row.actual);
            let new_source = source.unwrap_or(&row.source).to_owned();
            changes
                .compare(&format!("Cible {year}"), number(row.target), number(new_target))
                .compare(&format!("Réalisé {year}"), number(row.actual), number(new_actual))
                .compare(&format!("Source {year}"), &row.source, &new_source);
            let id = row.id;
            let mut active = row.into_active_model();
            active.target = Set(new_target);
            active.actual = Set(new_actual);
            active.source = Set(new_source);
            active.updated_at = Set(now());
            let saved = active.update(&txn).await?;
            (id, "update", saved)
        }
        None => {
            let (new_target, actual, source) = (v.target, v.actual, source.unwrap_or(""));
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
            (row.id, "create", row)
        }
    };
    if !changes.is_empty() {
        let summary = format!("Indicateur « {} » : valeurs {year}", indicator.name);
        audit::record(&txn, actor, "indicator_value", row_id, operation, &summary, &changes).await?;
    }
    txn.commit().await?;
    Ok(decode::indicator_value(saved))
}

// ---- Definitions, by the coordinator ------------------------------------------

fn figure_label(f: Option<LiveFigure>) -> String {
    f.map(|f| f.label()).unwrap_or_default()
}

pub async fn add(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action: &Action,
    f: &IndicatorFields,
) -> Result<Indicator> {
    let txn = crate::begin_write(db).await?;
    let position = scoped::<indicator::Entity>(actor.territory_id)
        .filter(indicator::Column::ActionId.eq(action.id))
        .select_only()
        .column(indicator::Column::Id)
        .into_tuple::<i32>()
        .all(&txn)
        .await?
        .len() as i32;
    let row = indicator::ActiveModel {
        territory_id: Set(actor.territory_id),
        action_id: Set(action.id),
        name: Set(f.name.clone()),
        unit: Set(f.unit.clone()),
        direction: Set(f.direction.code().to_owned()),
        baseline: Set(f.baseline),
        baseline_year: Set(f.baseline_year),
        position: Set(position),
        live_figure: Set(f.live_figure.map(|l| l.code())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Indicateur", "", &f.name).compare("Référence", "", number(f.baseline)).compare(
        "Chiffre calculé suivi",
        "",
        figure_label(f.live_figure),
    );
    let summary = format!("Indicateur ajouté à l'action {}", action.code);
    audit::record(&txn, actor, "indicator", row.id, "create", &summary, &changes).await?;
    txn.commit().await?;
    decode::indicator(row)
}

pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &IndicatorFields,
) -> Result<Indicator> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<indicator::Entity>(&txn, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes
        .compare("Indicateur", &current.name, &f.name)
        .compare("Unité", &current.unit, &f.unit)
        .compare("Sens", &current.direction, f.direction.code())
        .compare("Référence", number(current.baseline), number(f.baseline))
        .compare(
            "Année de référence",
            current.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
            f.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
        )
        .compare(
            "Chiffre calculé suivi",
            figure_label(current.live_figure.as_deref().and_then(LiveFigure::from_code)),
            figure_label(f.live_figure),
        );
    let mut row = current.into_active_model();
    row.name = Set(f.name.clone());
    row.unit = Set(f.unit.clone());
    row.direction = Set(f.direction.code().to_owned());
    row.baseline = Set(f.baseline);
    row.baseline_year = Set(f.baseline_year);
    row.live_figure = Set(f.live_figure.map(|l| l.code()));
    let saved = row.update(&txn).await?;
    if !changes.is_empty() {
        audit::record(&txn, actor, "indicator", id, "update", &format!("Indicateur « {} » modifié", f.name), &changes)
            .await?;
    }
    txn.commit().await?;
    decode::indicator(saved)
}

/// Deletes the indicator and its values.
pub async fn delete(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<indicator::Entity>(&txn, actor.territory_id, id).await?;
    let (action_id, name) = (current.action_id, current.name.clone());
    let values = indicator_value::Entity::delete_many()
        .filter(indicator_value::Column::IndicatorId.eq(id))
        .exec(&txn)
        .await?
        .rows_affected;
    current.delete(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("Indicateur", &name, "").compare("Valeurs annuelles", values, 0);
    audit::record(&txn, actor, "indicator", id, "delete", &format!("Indicateur « {name} » supprimé"), &changes).await?;
    txn.commit().await?;
    Ok(action_id)
}
