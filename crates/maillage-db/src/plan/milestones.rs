//! An action's milestones: added, changed and deleted by the coordinator,
//! each write with its audit entry in one transaction.

use maillage_domain::plan::Milestone;
use maillage_domain::plan::milestone::MilestoneFields;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use super::actions::Action;
use crate::audit::{self, Changes};
use crate::entity::milestone;
use crate::scoped::scoped;
use crate::{Actor, Result, decode};

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Milestone> {
    Ok(decode::milestone(crate::scoped::get::<milestone::Entity>(db, territory_id, id).await?))
}

/// An action's milestones, soonest first.
pub async fn list_for_action(db: &impl ConnectionTrait, territory_id: i32, action_id: i32) -> Result<Vec<Milestone>> {
    Ok(scoped::<milestone::Entity>(territory_id)
        .filter(milestone::Column::ActionId.eq(action_id))
        .order_by_asc(milestone::Column::DueOn)
        .all(db)
        .await?
        .into_iter()
        .map(decode::milestone)
        .collect())
}

pub async fn add(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action: &Action,
    f: &MilestoneFields,
) -> Result<Milestone> {
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
    Ok(decode::milestone(row))
}

pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &MilestoneFields,
) -> Result<Milestone> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<milestone::Entity>(&txn, actor.territory_id, id).await?;
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
    Ok(decode::milestone(saved))
}

pub async fn delete(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<milestone::Entity>(&txn, actor.territory_id, id).await?;
    let (action_id, title) = (current.action_id, current.title.clone());
    current.delete(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("Jalon", &title, "");
    audit::record(&txn, actor, "milestone", id, "delete", &format!("Jalon « {title} » supprimé"), &changes).await?;
    txn.commit().await?;
    Ok(action_id)
}
