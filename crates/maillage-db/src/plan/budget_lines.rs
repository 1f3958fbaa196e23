//! An action's budget lines: one per year and funder, added, changed and
//! deleted by the coordinator, each write with its audit entry.

use maillage_domain::plan::BudgetLine;
use maillage_domain::plan::budget::BudgetLineFields;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use super::actions::Action;
use crate::audit::{self, Changes};
use crate::entity::budget_line;
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, decode, is_unique_violation};

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<BudgetLine> {
    Ok(decode::budget_line(crate::scoped::get::<budget_line::Entity>(db, territory_id, id).await?))
}

/// An action's budget lines, by year then funder.
pub async fn list_for_action(db: &impl ConnectionTrait, territory_id: i32, action_id: i32) -> Result<Vec<BudgetLine>> {
    Ok(scoped::<budget_line::Entity>(territory_id)
        .filter(budget_line::Column::ActionId.eq(action_id))
        .order_by_asc(budget_line::Column::Year)
        .order_by_asc(budget_line::Column::Funder)
        .all(db)
        .await?
        .into_iter()
        .map(decode::budget_line)
        .collect())
}

fn duplicate_line(e: sea_orm::DbErr) -> DbError {
    if is_unique_violation(&e) { DbError::Duplicate("budget_line") } else { DbError::Db(e) }
}

pub async fn add(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action: &Action,
    f: &BudgetLineFields,
) -> Result<BudgetLine> {
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
    Ok(decode::budget_line(row))
}

pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &BudgetLineFields,
) -> Result<BudgetLine> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<budget_line::Entity>(&txn, actor.territory_id, id).await?;
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
    Ok(decode::budget_line(saved))
}

pub async fn delete(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<budget_line::Entity>(&txn, actor.territory_id, id).await?;
    let action_id = current.action_id;
    let summary = format!("Budget {} {} supprimé", current.funder, current.year);
    let mut changes = Changes::new();
    changes.compare("Prévu", current.planned, "").compare("Dépensé", current.spent, "");
    current.delete(&txn).await?;
    audit::record(&txn, actor, "budget_line", id, "delete", &summary, &changes).await?;
    txn.commit().await?;
    Ok(action_id)
}
