//! Conventions and their renewal into a new period.

use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use maillage_domain::plan::convention::{ConventionFields, ConventionStatus};

use super::join_lines;
use crate::audit::{self, Changes};
use crate::entity::{action, axis, convention, indicator};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, decode, now};

pub use maillage_domain::plan::Convention;

pub async fn list(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Convention>> {
    let rows = scoped::<convention::Entity>(territory_id).order_by_desc(convention::Column::StartsOn).all(db).await?;
    decode::all(rows, decode::convention)
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Convention> {
    decode::convention(crate::scoped::get::<convention::Entity>(db, territory_id, id).await?)
}

/// The convention to show first: the active one covering `today`, else the
/// most recent active one, else the most recent.
pub async fn current(db: &impl ConnectionTrait, territory_id: i32, today: NaiveDate) -> Result<Option<Convention>> {
    let all = list(db, territory_id).await?;
    let active = |c: &&Convention| c.status == ConventionStatus::Active;
    Ok(all
        .iter()
        .filter(active)
        .find(|c| c.starts_on <= today && today <= c.ends_on)
        .or_else(|| all.iter().find(active))
        .or_else(|| all.first())
        .cloned())
}

/// Saves the convention's own fields if it is still at `expected_version`.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    f: &ConventionFields,
) -> Result<Convention> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<convention::Entity>(&txn, actor.territory_id, id).await?;
    if current.version != expected_version {
        return Err(DbError::Conflict);
    }
    let signatories = join_lines(&f.signatories);
    let mut changes = Changes::new();
    changes
        .compare("Titre", &current.title, &f.title)
        .compare("Début", current.starts_on, f.starts_on)
        .compare("Fin", current.ends_on, f.ends_on)
        .compare("Signataires", &current.signatories, &signatories)
        .compare("Remplace", &current.replaces, &f.replaces)
        .compare("Diagnostic", &current.diagnostic, &f.diagnostic)
        .compare("Objet", &current.purpose, &f.purpose);
    let mut row = current.into_active_model();
    row.title = Set(f.title.clone());
    row.starts_on = Set(f.starts_on);
    row.ends_on = Set(f.ends_on);
    row.signatories = Set(signatories);
    row.replaces = Set(f.replaces.clone());
    row.diagnostic = Set(f.diagnostic.clone());
    row.purpose = Set(f.purpose.clone());
    row.version = Set(expected_version + 1);
    row.updated_at = Set(now());
    let saved = row.update(&txn).await?;
    if !changes.is_empty() {
        audit::record(
            &txn,
            actor,
            "convention",
            id,
            "update",
            &format!("Convention « {} » modifiée", f.title),
            &changes,
        )
        .await?;
    }
    txn.commit().await?;
    decode::convention(saved)
}

/// Changes a convention's status (draft, active, closed).
pub async fn set_status(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    status: ConventionStatus,
) -> Result<Convention> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<convention::Entity>(&txn, actor.territory_id, id).await?;
    let before = decode::convention(current.clone())?.status.label();
    let title = current.title.clone();
    let version = current.version;
    let mut row = current.into_active_model();
    row.status = Set(status.code().to_owned());
    row.version = Set(version + 1);
    row.updated_at = Set(now());
    let saved = row.update(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("Statut", before, status.label());
    if !changes.is_empty() {
        audit::record(&txn, actor, "convention", id, "update", &format!("Statut de « {title} »"), &changes).await?;
    }
    txn.commit().await?;
    decode::convention(saved)
}

/// Copies a convention's axes, actions and indicators into a new period, as
/// a draft: statuses back to « à lancer », no values, no budget, no journal.
pub async fn renew(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    source_id: i32,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<Convention> {
    let txn = crate::begin_write(db).await?;
    let source = crate::scoped::get::<convention::Entity>(&txn, actor.territory_id, source_id).await?;
    // A double click must not make two drafts: the check and the insert share
    // the write transaction.
    let taken = scoped::<convention::Entity>(actor.territory_id)
        .filter(convention::Column::StartsOn.eq(starts_on))
        .filter(convention::Column::EndsOn.eq(ends_on))
        .one(&txn)
        .await?
        .is_some();
    if taken {
        return Err(DbError::Duplicate("starts_on"));
    }
    let title = format!("Convention Territoriale Globale {}-{}", starts_on.year(), ends_on.year());
    let stamp = now();
    let new = convention::ActiveModel {
        territory_id: Set(actor.territory_id),
        title: Set(title.clone()),
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
        status: Set(ConventionStatus::Draft.code().to_owned()),
        signatories: Set(source.signatories.clone()),
        replaces: Set(source.title.clone()),
        diagnostic: Set(String::new()),
        purpose: Set(source.purpose.clone()),
        renewed_from_id: Set(Some(source.id)),
        version: Set(1),
        updated_at: Set(stamp),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let axes = axis::Entity::find()
        .filter(axis::Column::ConventionId.eq(source.id))
        .order_by_asc(axis::Column::Position)
        .all(&txn)
        .await?;
    for old_axis in axes {
        let new_axis = axis::ActiveModel { id: sea_orm::NotSet, convention_id: Set(new.id), ..old_axis.clone().into() }
            .insert(&txn)
            .await?;
        let actions = action::Entity::find()
            .filter(action::Column::AxisId.eq(old_axis.id))
            .order_by_asc(action::Column::Position)
            .all(&txn)
            .await?;
        for old_action in actions {
            let new_action = action::ActiveModel {
                id: sea_orm::NotSet,
                convention_id: Set(new.id),
                axis_id: Set(new_axis.id),
                starts_on: Set(None),
                ends_on: Set(None),
                status: Set(maillage_domain::plan::ActionStatus::NotStarted.code().to_owned()),
                progress: Set(0),
                version: Set(1),
                updated_at: Set(stamp),
                ..old_action.clone().into()
            }
            .insert(&txn)
            .await?;
            let indicators =
                indicator::Entity::find().filter(indicator::Column::ActionId.eq(old_action.id)).all(&txn).await?;
            for old_indicator in indicators {
                indicator::ActiveModel { id: sea_orm::NotSet, action_id: Set(new_action.id), ..old_indicator.into() }
                    .insert(&txn)
                    .await?;
            }
        }
    }
    let mut changes = Changes::new();
    changes.compare("période", "", format!("{starts_on} → {ends_on}"));
    audit::record(
        &txn,
        actor,
        "convention",
        new.id,
        "renew",
        &format!("{title} préparée à partir de « {} »", source.title),
        &changes,
    )
    .await?;
    txn.commit().await?;
    decode::convention(new)
}
