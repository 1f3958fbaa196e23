//! Committee meetings (COPIL, COTECH, thematic) and their decisions.

use std::collections::HashMap;

use maillage_domain::plan::meeting::MeetingFields;
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
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
