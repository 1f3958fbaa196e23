//! The audit log: who changed what, when, and from which value to which.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde::{Deserialize, Serialize};

use crate::entity::audit_entry::{self, Entity as AuditEntry, Model};
use crate::{Actor, Result, now};

/// One changed field. Values are shown as text, the way a user typed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Collects the fields whose value differs.
#[derive(Debug, Default)]
pub struct Changes(pub Vec<Change>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn compare(&mut self, field: &str, before: impl ToString, after: impl ToString) -> &mut Self {
        let (before, after) = (before.to_string(), after.to_string());
        if before != after {
            self.0.push(Change { field: field.to_owned(), before, after });
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entity: &str,
    entity_id: i32,
    operation: &str,
    summary: &str,
    changes: &Changes,
) -> Result<()> {
    audit_entry::ActiveModel {
        territory_id: Set(actor.territory_id),
        user_id: Set(actor.user_id),
        actor: Set(actor.name.clone()),
        at: Set(now()),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id),
        operation: Set(operation.to_owned()),
        summary: Set(summary.to_owned()),
        changes: Set(serde_json::to_string(&changes.0).expect("strings serialise")),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub user_id: Option<i32>,
    pub entity_id: Option<i32>,
}

pub struct AuditPage {
    pub entries: Vec<(Model, Vec<Change>)>,
    pub total: u64,
    /// The page shown: the one asked for, or the last one if it was beyond.
    pub page: u64,
    pub pages: u64,
}

pub async fn list(
    db: &impl ConnectionTrait,
    territory_id: i32,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> Result<AuditPage> {
    let mut query = AuditEntry::find().filter(audit_entry::Column::TerritoryId.eq(territory_id));
    if let Some(entity) = &filter.entity {
        query = query.filter(audit_entry::Column::Entity.eq(entity.as_str()));
    }
    if let Some(user_id) = filter.user_id {
        query = query.filter(audit_entry::Column::UserId.eq(user_id));
    }
    if let Some(entity_id) = filter.entity_id {
        query = query.filter(audit_entry::Column::EntityId.eq(entity_id));
    }
    let total = query.clone().count(db).await?;
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let rows = query
        .order_by_desc(audit_entry::Column::At)
        .order_by_desc(audit_entry::Column::Id)
        .offset(page * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    let entries = rows
        .into_iter()
        .map(|row| {
            let changes = serde_json::from_str(&row.changes).unwrap_or_default();
            (row, changes)
        })
        .collect();
    Ok(AuditPage { entries, total, page, pages })
}
