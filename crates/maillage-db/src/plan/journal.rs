//! The dated journal of an action.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::journal_entry;
use crate::scoped::scoped;
use crate::{Actor, Result, decode, now};

pub use maillage_domain::plan::JournalEntry;

pub async fn list(db: &impl ConnectionTrait, territory_id: i32, action_id: i32) -> Result<Vec<JournalEntry>> {
    Ok(scoped::<journal_entry::Entity>(territory_id)
        .filter(journal_entry::Column::ActionId.eq(action_id))
        .order_by_desc(journal_entry::Column::WrittenOn)
        .order_by_desc(journal_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(decode::journal_entry)
        .collect())
}

/// Every journal entry of a convention's actions, oldest first (the exports).
pub async fn list_for_convention(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
) -> Result<Vec<JournalEntry>> {
    let actions = sea_orm::sea_query::Query::select()
        .column(crate::entity::action::Column::Id)
        .from(crate::entity::action::Entity)
        .and_where(crate::entity::action::Column::ConventionId.eq(convention_id))
        .to_owned();
    Ok(scoped::<journal_entry::Entity>(territory_id)
        .filter(journal_entry::Column::ActionId.in_subquery(actions))
        .order_by_asc(journal_entry::Column::WrittenOn)
        .order_by_asc(journal_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(decode::journal_entry)
        .collect())
}

pub async fn add(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    action_id: i32,
    written_on: NaiveDate,
    body: &str,
) -> Result<JournalEntry> {
    let txn = crate::begin_write(db).await?;
    let row = journal_entry::ActiveModel {
        territory_id: Set(actor.territory_id),
        action_id: Set(action_id),
        author_id: Set(actor.user_id),
        author_name: Set(actor.name.clone()),
        written_on: Set(written_on),
        body: Set(body.to_owned()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut changes = Changes::new();
    changes.compare("Note", "", body);
    audit::record(&txn, actor, "journal_entry", row.id, "create", "Note ajoutée au journal de l'action", &changes)
        .await?;
    txn.commit().await?;
    Ok(decode::journal_entry(row))
}
