//! Milestones, budget lines and indicator definitions of an action: added,
//! changed and deleted by the coordinator, each write with its audit entry
//! in one transaction.

use maillage_domain::plan::parts::{BudgetLineFields, IndicatorFields, MilestoneFields};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, QuerySelect,
    Set, TransactionSession, TransactionTrait,
};

use super::actions::Action;
use crate::audit::{self, Changes};
use crate::entity::{budget_line, indicator, indicator_value, milestone};
use crate::{Actor, DbError, Result, is_unique_violation};

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

fn number(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

// ---- Milestones ----------------------------------------------------------------

pub async fn get_milestone(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<milestone::Model> {
    milestone::Entity::find_by_id(id)
        .filter(milestone::Column::TerritoryId.eq(territory_id))
        .one(db)
        .await?
        .ok_or(DbError::NotFound)
}

pub async fn add_milestone(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action: &Action,
    f: &MilestoneFields,
) -> Result<milestone::Model> {
    let txn = crate::begin_write(db).await?;
    let row = milestone::ActiveModel {
        territory_id: Set(actor.territory_id),
        action_id: Set(action.id),
        title: Set(f.title.clone()),
        due_on: Set(f.due_on),
        done_on: Set(f.done_on),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Jalon", "", &f.title).compare("Échéance", "", date(Some(f.due_on)));
    let summary = format!("Jalon ajouté à l'action {}", action.code);
    audit::record(&txn, actor, "milestone", row.id, "create", &summary, &changes).await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn update_milestone(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &MilestoneFields,
) -> Result<milestone::Model> {
    let txn = crate::begin_write(db).await?;
    let current = get_milestone(&txn, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes
        .compare("Jalon", &current.title, &f.title)
        .compare("Échéance", date(Some(current.due_on)), date(Some(f.due_on)))
        .compare("Réalisé le", date(current.done_on), date(f.done_on));
    let mut row = current.into_active_model();
    row.title = Set(f.title.clone());
    row.due_on = Set(f.due_on);
    row.done_on = Set(f.done_on);
    let saved = row.update(&txn).await?;
    if !changes.is_empty() {
        audit::record(&txn, actor, "milestone", id, "update", &format!("Jalon « {} » modifié", f.title), &changes)
            .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

pub async fn delete_milestone(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = get_milestone(&txn, actor.territory_id, id).await?;
    let (action_id, title) = (current.action_id, current.title.clone());
    current.delete(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("Jalon", &title, "");
    audit::record(&txn, actor, "milestone", id, "delete", &format!("Jalon « {title} » supprimé"), &changes).await?;
    txn.commit().await?;
    Ok(action_id)
}

// ---- Budget lines ---------------------------------------------------------------

pub async fn get_budget_line(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<budget_line::Model> {
    budget_line::Entity::find_by_id(id)
        .filter(budget_line::Column::TerritoryId.eq(territory_id))
        .one(db)
        .await?
        .ok_or(DbError::NotFound)
}

fn duplicate_line(e: sea_orm::DbErr) -> DbError {
    if is_unique_violation(&e) { DbError::Duplicate("budget_line") } else { DbError::Db(e) }
}

pub async fn add_budget_line(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action: &Action,
    f: &BudgetLineFields,
) -> Result<budget_line::Model> {
    let txn = crate::begin_write(db).await?;
    let row = budget_line::ActiveModel {
        territory_id: Set(actor.territory_id),
        action_id: Set(action.id),
        year: Set(f.year),
        funder: Set(f.funder.clone()),
        planned: Set(f.planned),
        spent: Set(f.spent),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(duplicate_line)?;
    let mut changes = Changes::new();
    changes.compare("Prévu", "", f.planned).compare("Dépensé", "", f.spent);
    let summary = format!("Budget {} {} ajouté à l'action {}", f.funder, f.year, action.code);
    audit::record(&txn, actor, "budget_line", row.id, "create", &summary, &changes).await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn update_budget_line(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &BudgetLineFields,
) -> Result<budget_line::Model> {
    let txn = crate::begin_write(db).await?;
    let current = get_budget_line(&txn, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes
        .compare("Année", current.year, f.year)
        .compare("Financeur", &current.funder, &f.funder)
        .compare("Prévu", current.planned, f.planned)
        .compare("Dépensé", current.spent, f.spent);
    let mut row = current.into_active_model();
    row.year = Set(f.year);
    row.funder = Set(f.funder.clone());
    row.planned = Set(f.planned);
    row.spent = Set(f.spent);
    let saved = row.update(&txn).await.map_err(duplicate_line)?;
    if !changes.is_empty() {
        let summary = format!("Budget {} {} modifié", f.funder, f.year);
        audit::record(&txn, actor, "budget_line", id, "update", &summary, &changes).await?;
    }
    txn.commit().await?;
    Ok(saved)
}

pub async fn delete_budget_line(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = get_budget_line(&txn, actor.territory_id, id).await?;
    let action_id = current.action_id;
    let summary = format!("Budget {} {} supprimé", current.funder, current.year);
    let mut changes = Changes::new();
    changes.compare("Prévu", current.planned, "").compare("Dépensé", current.spent, "");
    current.delete(&txn).await?;
    audit::record(&txn, actor, "budget_line", id, "delete", &summary, &changes).await?;
    txn.commit().await?;
    Ok(action_id)
}

// ---- Indicators -------------------------------------------------------------------

pub async fn add_indicator(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action: &Action,
    f: &IndicatorFields,
) -> Result<indicator::Model> {
    let txn = crate::begin_write(db).await?;
    let position = indicator::Entity::find()
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
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Indicateur", "", &f.name).compare("Référence", "", number(f.baseline));
    let summary = format!("Indicateur ajouté à l'action {}", action.code);
    audit::record(&txn, actor, "indicator", row.id, "create", &summary, &changes).await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn update_indicator(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &IndicatorFields,
) -> Result<indicator::Model> {
    let txn = crate::begin_write(db).await?;
    let current = super::indicators::get(&txn, actor.territory_id, id).await?;
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
        );
    let mut row = current.into_active_model();
    row.name = Set(f.name.clone());
    row.unit = Set(f.unit.clone());
    row.direction = Set(f.direction.code().to_owned());
    row.baseline = Set(f.baseline);
    row.baseline_year = Set(f.baseline_year);
    let saved = row.update(&txn).await?;
    if !changes.is_empty() {
        audit::record(&txn, actor, "indicator", id, "update", &format!("Indicateur « {} » modifié", f.name), &changes)
            .await?;
    }
    txn.commit().await?;
    Ok(saved)
}

/// Deletes the indicator and its values.
pub async fn delete_indicator(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = super::indicators::get(&txn, actor.territory_id, id).await?;
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
