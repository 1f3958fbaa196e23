//! Dated capacities: a facility's authorised places, a childminder's
//! approved ones. Rows are never rewritten but to close them.

use chrono::NaiveDate;
use maillage_domain::childcare::{Capacity, CapacityFields, Holder};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::capacity;
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, decode};

fn of_holder(territory_id: i32, holder: Holder) -> sea_orm::Select<capacity::Entity> {
    let q = scoped::<capacity::Entity>(territory_id);
    match holder {
        Holder::Facility(id) => q.filter(capacity::Column::FacilityId.eq(id)),
        Holder::Childminder(id) => q.filter(capacity::Column::ChildminderId.eq(id)),
    }
}

/// One holder's capacities, oldest first.
pub async fn of(db: &impl ConnectionTrait, territory_id: i32, holder: Holder) -> Result<Vec<Capacity>> {
    let rows = of_holder(territory_id, holder).order_by_asc(capacity::Column::ValidFrom).all(db).await?;
    decode::all(rows, decode::capacity)
}

/// Every capacity of the territory valid at some time in `from..=to`.
pub async fn valid_between(
    db: &impl ConnectionTrait,
    territory_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Capacity>> {
    let rows = scoped::<capacity::Entity>(territory_id)
        .filter(capacity::Column::ValidFrom.lte(to))
        .filter(capacity::Column::ValidTo.is_null().or(capacity::Column::ValidTo.gte(from)))
        .all(db)
        .await?;
    decode::all(rows, decode::capacity)
}

fn describe(p: &CapacityFields) -> String {
    let mut s = format!(
        "{} places ({} de moins de 18 mois, {} de 18 mois à 3 ans, {} de 3 à 6 ans)",
        p.places.total(),
        p.places.infant,
        p.places.toddler,
        p.places.preschool
    );
    if p.employer_places > 0 {
        s.push_str(&format!(", dont {} réservées entreprises", p.employer_places));
    }
    s
}

/// Adds a capacity to `holder` and closes `closing` (the one running on its
/// first day) in one transaction; `label` names the holder in the audit log.
pub async fn add(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    holder: Holder,
    new: &CapacityFields,
    closing: Option<(i32, NaiveDate)>,
    label: &str,
) -> Result<Capacity> {
    let txn = crate::begin_write(db).await?;
    let (entity, holder_id) = match holder {
        Holder::Facility(id) => ("facility", id),
        Holder::Childminder(id) => ("childminder", id),
    };
    let mut changes = Changes::new();
    if let Some((id, end)) = closing {
        let closed = capacity::Entity::update_many()
            .col_expr(capacity::Column::ValidTo, sea_orm::sea_query::Expr::value(end))
            .filter(capacity::Column::Id.eq(id))
            .filter(capacity::Column::TerritoryId.eq(actor.territory_id))
            .exec(&txn)
            .await?;
        if closed.rows_affected == 0 {
            return Err(DbError::Conflict);
        }
        changes.compare("Capacité précédente, fin", "", end.format("%d/%m/%Y"));
    }
    let row = capacity::ActiveModel {
        territory_id: Set(actor.territory_id),
        facility_id: Set(matches!(holder, Holder::Facility(_)).then_some(holder_id)),
        childminder_id: Set(matches!(holder, Holder::Childminder(_)).then_some(holder_id)),
        valid_from: Set(new.valid_from),
        valid_to: Set(new.valid_to),
        infant: Set(new.places.infant as i32),
        toddler: Set(new.places.toddler as i32),
        preschool: Set(new.places.preschool as i32),
        employer_places: Set(new.employer_places as i32),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    changes.compare("Capacité", "", describe(new)).compare("À partir du", "", new.valid_from.format("%d/%m/%Y"));
    if let Some(to) = new.valid_to {
        changes.compare("Jusqu'au", "", to.format("%d/%m/%Y"));
    }
    let summary = format!("Nouvelle capacité pour {label}");
    audit::record(&txn, actor, entity, holder_id, "capacity", &summary, &changes).await?;
    txn.commit().await?;
    decode::capacity(row)
}
