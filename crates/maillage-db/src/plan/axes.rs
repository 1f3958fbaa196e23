//! Axes of a convention, and new actions added to an axis.

use maillage_domain::plan::ActionStatus;
use maillage_domain::plan::convention::AxisFields;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{action, axis};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, decode, is_unique_violation, now};

pub use maillage_domain::plan::{Action, Axis};

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Axis> {
    Ok(decode::axis(crate::scoped::get::<axis::Entity>(db, territory_id, id).await?))
}

pub async fn list(db: &impl ConnectionTrait, territory_id: i32, convention_id: i32) -> Result<Vec<Axis>> {
    Ok(scoped::<axis::Entity>(territory_id)
        .filter(axis::Column::ConventionId.eq(convention_id))
        .order_by_asc(axis::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(decode::axis)
        .collect())
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    convention_id: i32,
    f: &AxisFields,
) -> Result<Axis> {
    let txn = crate::begin_write(db).await?;
    let position = list(&txn, actor.territory_id, convention_id).await?.len() as i32;
    let row = axis::ActiveModel {
        territory_id: Set(actor.territory_id),
        convention_id: Set(convention_id),
        code: Set(f.code.clone()),
        title: Set(f.title.clone()),
        rationale: Set(f.rationale.clone()),
        position: Set(position),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| if is_unique_violation(&e) { DbError::Duplicate("code") } else { DbError::Db(e) })?;
    let mut changes = Changes::new();
    changes.compare("Axe", "", format!("{} — {}", f.code, f.title));
    audit::record(&txn, actor, "axis", row.id, "create", &format!("Axe {} ajouté", f.code), &changes).await?;
    txn.commit().await?;
    Ok(decode::axis(row))
}

/// Title and rationale; the code stays, since the actions' codes derive from it.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    f: &AxisFields,
) -> Result<Axis> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<axis::Entity>(&txn, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes.compare("Titre", &current.title, &f.title).compare("Enjeu", &current.rationale, &f.rationale);
    let code = current.code.clone();
    let mut row = current.into_active_model();
    row.title = Set(f.title.clone());
    row.rationale = Set(f.rationale.clone());
    let saved = row.update(&txn).await?;
    if !changes.is_empty() {
        audit::record(&txn, actor, "axis", id, "update", &format!("Axe {code} modifié"), &changes).await?;
    }
    txn.commit().await?;
    Ok(decode::axis(saved))
}

/// A new action at the end of the axis, coded « axis.rank », to be filled in
/// on its page.
pub async fn add_action(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    axis: &Axis,
    title: &str,
) -> Result<Action> {
    let txn = crate::begin_write(db).await?;
    let last = scoped::<action::Entity>(actor.territory_id)
        .filter(action::Column::AxisId.eq(axis.id))
        .order_by_desc(action::Column::Position)
        .one(&txn)
        .await?
        .map_or(-1, |a| a.position);
    let position = last + 1;
    let code = format!("{}.{}", axis.code, position + 1);
    let row = action::ActiveModel {
        territory_id: Set(actor.territory_id),
        convention_id: Set(axis.convention_id),
        axis_id: Set(axis.id),
        code: Set(code.clone()),
        title: Set(title.to_owned()),
        objectives: Set(String::new()),
        audience: Set(String::new()),
        lead_name: Set(String::new()),
        lead_user_id: Set(None),
        partners: Set(String::new()),
        sectors: Set(String::new()),
        starts_on: Set(None),
        ends_on: Set(None),
        status: Set(ActionStatus::NotStarted.code().to_owned()),
        progress: Set(0),
        position: Set(position),
        version: Set(1),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| if is_unique_violation(&e) { DbError::Duplicate("code") } else { DbError::Db(e) })?;
    let mut changes = Changes::new();
    changes.compare("Action", "", format!("{code} {title}"));
    audit::record(&txn, actor, "action", row.id, "create", &format!("Action {code} ajoutée"), &changes).await?;
    txn.commit().await?;
    decode::action(row)
}
