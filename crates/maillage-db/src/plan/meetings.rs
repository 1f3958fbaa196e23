//! Committee meetings (COPIL, COTECH, thematic) and their decisions.

use std::collections::HashMap;

use maillage_domain::plan::meeting::MeetingFields;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use super::join_lines;
use crate::audit::{self, Changes};
use crate::entity::{decision, meeting};
use crate::scoped::scoped;
use crate::{Actor, Result, decode};

pub use maillage_domain::plan::{Decision, Meeting};

/// A convention's meetings, the latest first.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32, convention_id: i32) -> Result<Vec<Meeting>> {
    let rows = scoped::<meeting::Entity>(territory_id)
        .filter(meeting::Column::ConventionId.eq(convention_id))
        .order_by_desc(meeting::Column::HeldOn)
        .all(db)
        .await?;
    decode::all(rows, decode::meeting)
}

/// A meeting with its decisions, in the order they were recorded.
pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<(Meeting, Vec<Decision>)> {
    let m = decode::meeting(crate::scoped::get::<meeting::Entity>(db, territory_id, id).await?)?;
    let decisions = scoped::<decision::Entity>(territory_id)
        .filter(decision::Column::MeetingId.eq(m.id))
        .order_by_asc(decision::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(decode::decision)
        .collect();
    Ok((m, decisions))
}

/// Every decision of a convention's meetings, grouped by meeting.
pub async fn decisions_of_convention(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
) -> Result<HashMap<i32, Vec<Decision>>> {
    let meetings_of = Query::select()
        .column(meeting::Column::Id)
        .from(meeting::Entity)
        .and_where(meeting::Column::ConventionId.eq(convention_id))
        .to_owned();
    let mut out: HashMap<i32, Vec<Decision>> = HashMap::new();
    for d in scoped::<decision::Entity>(territory_id)
        .filter(decision::Column::MeetingId.in_subquery(meetings_of))
        .order_by_asc(decision::Column::Id)
        .all(db)
        .await?
    {
        out.entry(d.meeting_id).or_default().push(decode::decision(d));
    }
    Ok(out)
}

/// Decisions that name an action, newest meeting first.
pub async fn decisions_for_action(
    db: &impl ConnectionTrait,
    territory_id: i32,
    action_id: i32,
) -> Result<Vec<(Decision, Meeting)>> {
    let decisions =
        scoped::<decision::Entity>(territory_id).filter(decision::Column::ActionId.eq(action_id)).all(db).await?;
    let ids: Vec<i32> = decisions.iter().map(|d| d.meeting_id).collect();
    let meetings: HashMap<i32, Meeting> = decode::all(
        scoped::<meeting::Entity>(territory_id).filter(meeting::Column::Id.is_in(ids)).all(db).await?,
        decode::meeting,
    )?
    .into_iter()
    .map(|m| (m.id, m))
    .collect();
    let mut out: Vec<(Decision, Meeting)> = decisions
        .into_iter()
        .filter_map(|d| meetings.get(&d.meeting_id).cloned().map(|m| (decode::decision(d), m)))
        .collect();
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
        attendees: Set(join_lines(&new.attendees)),
        minutes: Set(new.minutes.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Date", "", new.held_on).compare("Type", "", new.kind.label()).compare("Titre", "", &new.title);
    audit::record(&txn, actor, "meeting", row.id, "create", &format!("Réunion enregistrée : {}", new.title), &changes)
        .await?;
    txn.commit().await?;
    decode::meeting(row)
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
    Ok(decode::decision(row))
}

/// Corrects a meeting (date, type, title, attendees, minutes).
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    new: &MeetingFields,
) -> Result<Meeting> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<meeting::Entity>(&txn, actor.territory_id, id).await?;
    let before = decode::meeting(current.clone())?;
    let mut row: meeting::ActiveModel = current.into();
    row.kind = Set(new.kind.code().to_owned());
    row.held_on = Set(new.held_on);
    row.title = Set(new.title.clone());
    row.attendees = Set(join_lines(&new.attendees));
    row.minutes = Set(new.minutes.clone());
    let saved = row.update(&txn).await?;
    let mut changes = Changes::new();
    changes
        .compare("Date", before.held_on.format("%d/%m/%Y"), new.held_on.format("%d/%m/%Y"))
        .compare("Type", before.kind.label(), new.kind.label())
        .compare("Titre", &before.title, &new.title)
        .compare("Participants", before.attendees.join(", "), new.attendees.join(", "))
        .compare("Compte rendu", &before.minutes, &new.minutes);
    if !changes.is_empty() {
        let summary = format!("Réunion modifiée : {}", new.title);
        audit::record(&txn, actor, "meeting", id, "update", &summary, &changes).await?;
    }
    txn.commit().await?;
    decode::meeting(saved)
}

/// Deletes a meeting and its decisions; returns its convention.
pub async fn delete(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<meeting::Entity>(&txn, actor.territory_id, id).await?;
    let (convention_id, title) = (current.convention_id, current.title.clone());
    let decisions = decision::Entity::delete_many()
        .filter(decision::Column::MeetingId.eq(id))
        .filter(decision::Column::TerritoryId.eq(actor.territory_id))
        .exec(&txn)
        .await?
        .rows_affected;
    current.delete(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("Réunion", &title, "").compare("Décisions supprimées avec elle", decisions, 0);
    audit::record(&txn, actor, "meeting", id, "delete", &format!("Réunion « {title} » supprimée"), &changes).await?;
    txn.commit().await?;
    Ok(convention_id)
}

/// A decision of the territory, with its meeting.
pub async fn get_decision(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Decision> {
    Ok(decode::decision(crate::scoped::get::<decision::Entity>(db, territory_id, id).await?))
}

/// Corrects a decision's text or the action it is about.
pub async fn update_decision(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    action_id: Option<i32>,
    body: &str,
) -> Result<Decision> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<decision::Entity>(&txn, actor.territory_id, id).await?;
    let before = current.body.clone();
    let before_action = current.action_id;
    let mut row: decision::ActiveModel = current.into();
    row.body = Set(body.to_owned());
    row.action_id = Set(action_id);
    let saved = row.update(&txn).await?;
    let mut changes = Changes::new();
    let action = |a: Option<i32>| a.map(|a| a.to_string()).unwrap_or_default();
    changes.compare("Décision", &before, body).compare("Action (n°)", action(before_action), action(action_id));
    if !changes.is_empty() {
        audit::record(&txn, actor, "decision", id, "update", "Décision modifiée", &changes).await?;
    }
    txn.commit().await?;
    Ok(decode::decision(saved))
}

/// Deletes a decision; returns its meeting.
pub async fn delete_decision(db: &(impl ConnectionTrait + TransactionTrait), actor: &Actor, id: i32) -> Result<i32> {
    let txn = crate::begin_write(db).await?;
    let current = crate::scoped::get::<decision::Entity>(&txn, actor.territory_id, id).await?;
    let (meeting_id, body) = (current.meeting_id, current.body.clone());
    current.delete(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("Décision", &body, "");
    audit::record(&txn, actor, "decision", id, "delete", "Décision supprimée", &changes).await?;
    txn.commit().await?;
    Ok(meeting_id)
}
