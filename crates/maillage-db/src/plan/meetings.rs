//! Committee meetings (COPIL, COTECH, thematic) and their decisions.

use maillage_domain::plan::meeting::MeetingFields;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{decision, meeting};
use crate::{Actor, DbError, Result};

pub use crate::entity::decision::Model as Decision;
pub use crate::entity::meeting::Model as Meeting;

pub async fn list(db: &impl ConnectionTrait, territory_id: i32, convention_id: i32) -> Result<Vec<Meeting>> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::TerritoryId.eq(territory_id))
        .filter(meeting::Column::ConventionId.eq(convention_id))
        .order_by_desc(meeting::Column::HeldOn)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<(Meeting, Vec<Decision>)> {
    let m = meeting::Entity::find_by_id(id)
        .filter(meeting::Column::TerritoryId.eq(territory_id))
        .one(db)
        .await?
        .ok_or(DbError::NotFound)?;
    let decisions = decision::Entity::find()
        .filter(decision::Column::MeetingId.eq(m.id))
        .order_by_asc(decision::Column::Id)
        .all(db)
        .await?;
    Ok((m, decisions))
}

/// How many decisions each meeting of the convention has.
pub async fn decision_counts(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
) -> Result<std::collections::HashMap<i32, usize>> {
    let ids: Vec<i32> = list(db, territory_id, convention_id).await?.iter().map(|m| m.id).collect();
    let mut counts = std::collections::HashMap::new();
    for d in decision::Entity::find().filter(decision::Column::MeetingId.is_in(ids)).all(db).await? {
        *counts.entry(d.meeting_id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// Decisions that name an action, newest meeting first.
pub async fn decisions_for_action(
    db: &impl ConnectionTrait,
    territory_id: i32,
    action_id: i32,
) -> Result<Vec<(Decision, Meeting)>> {
    let decisions = decision::Entity::find()
        .filter(decision::Column::TerritoryId.eq(territory_id))
        .filter(decision::Column::ActionId.eq(action_id))
        .all(db)
        .await?;
    let mut out = Vec::new();
    for d in decisions {
        if let Some(m) = meeting::Entity::find_by_id(d.meeting_id).one(db).await? {
            out.push((d, m));
        }
    }
    out.sort_by_key(|(_, m)| std::cmp::Reverse(m.held_on));
    Ok(out)
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    convention_id: i32,
    new: &MeetingFields,
) -> Result<Meeting> {
    let txn = crate::begin_write(db).await?;
    let row = meeting::ActiveModel {
        territory_id: Set(actor.territory_id),
        convention_id: Set(convention_id),
        kind: Set(new.kind.code().to_owned()),
        held_on: Set(new.held_on),
        title: Set(new.title.clone()),
        attendees: Set(new.attendees.clone()),
        notes: Set(new.notes.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Date", "", new.held_on).compare("Type", "", new.kind.label()).compare("Titre", "", &new.title);
    audit::record(&txn, actor, "meeting", row.id, "create", &format!("Réunion enregistrée : {}", new.title), &changes)
        .await?;
    txn.commit().await?;
    Ok(row)
}

pub async fn add_decision(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    meeting_id: i32,
    action_id: Option<i32>,
    body: &str,
) -> Result<Decision> {
    let txn = crate::begin_write(db).await?;
    let row = decision::ActiveModel {
        territory_id: Set(actor.territory_id),
        meeting_id: Set(meeting_id),
        action_id: Set(action_id),
        body: Set(body.to_owned()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Décision", "", body);
    audit::record(&txn, actor, "decision", row.id, "create", "Décision enregistrée", &changes).await?;
    txn.commit().await?;
    Ok(row)
}
