//! The audit log: who changed what, when, and from which value to which.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use crate::entity::audit_entry::{self, Entity as AuditRow};
use crate::scoped::scoped;
use crate::{Actor, Result, now};

pub use maillage_domain::audit::{AuditEntry, Change, Changes};

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entity: &str,
    entity_id: i32,
    operation: &str,
    summary: &str,
    changes: &Changes,
) -> Result<()> {
    entry(actor, entity, entity_id, operation, summary, changes).insert(db).await?;
    bump_revision(db, actor.territory_id).await
}

/// One line of the log, to insert with others by [`record_many`].
pub(crate) fn entry(
    actor: &Actor,
    entity: &str,
    entity_id: i32,
    operation: &str,
    summary: &str,
    changes: &Changes,
) -> audit_entry::ActiveModel {
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
}

/// Many lines at once (an import of thousands of records), in statements
/// of a few hundred rows; the territory's revision moves once.
pub(crate) async fn record_many(
    db: &impl ConnectionTrait,
    territory_id: i32,
    entries: Vec<audit_entry::ActiveModel>,
) -> Result<()> {
    crate::bulk::insert(db, entries).await?;
    bump_revision(db, territory_id).await
}

async fn bump_revision(db: &impl ConnectionTrait, territory_id: i32) -> Result<()> {
    // Same transaction: whatever was computed at the previous revision is stale.
    crate::entity::territory::Entity::update_many()
        .col_expr(
            crate::entity::territory::Column::Revision,
            sea_orm::sea_query::ExprTrait::add(
                sea_orm::sea_query::Expr::col(crate::entity::territory::Column::Revision),
                1,
            ),
        )
        .filter(crate::entity::territory::Column::Id.eq(territory_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A read of personal data (a family's request) by a member of staff:
/// logged like a write, but the territory's revision stays, since nothing
/// computed from the records changed.
pub async fn record_read(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entity: &str,
    entity_id: i32,
    summary: &str,
) -> Result<()> {
    entry(actor, entity, entity_id, "read", summary, &Changes::new()).insert(db).await?;
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub user_id: Option<i32>,
    pub entity_id: Option<i32>,
}

pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
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
    let mut query = scoped::<AuditRow>(territory_id);
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
    let entries = crate::decode::all(rows, crate::decode::audit_entry)?;
    Ok(AuditPage { entries, total, page, pages })
}
