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
use crate::scoped::{Reach, scoped, within};
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

/// The capacities of these holders valid on `date`.
pub async fn valid_on_for(
    db: &impl ConnectionTrait,
    territory_id: i32,
    holders: &[Holder],
    date: NaiveDate,
) -> Result<Vec<Capacity>> {
    let ids = |f: fn(&Holder) -> Option<i32>| holders.iter().filter_map(f).collect::<Vec<i32>>();
    let facilities = ids(|h| if let Holder::Facility(id) = h { Some(*id) } else { None });
    let childminders = ids(|h| if let Holder::Childminder(id) = h { Some(*id) } else { None });
    let rows = scoped::<capacity::Entity>(territory_id)
        .filter(capacity::Column::ValidFrom.lte(date))
        .filter(capacity::Column::ValidTo.is_null().or(capacity::Column::ValidTo.gte(date)))
        .filter(capacity::Column::FacilityId.is_in(facilities).or(capacity::Column::ChildminderId.is_in(childminders)))
        .all(db)
        .await?;
    decode::all(rows, decode::capacity)
}

/// Every capacity of the territory, past, running and to come.
pub async fn all(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Capacity>> {
    let rows = scoped::<capacity::Entity>(territory_id).all(db).await?;
    decode::all(rows, decode::capacity)
}

/// Every capacity of the territory valid at some time in `from..=to`.
pub async fn valid_between(
    db: &impl ConnectionTrait,
    territory_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Capacity>> {
    Ok(valid_between_in(db, Reach::Territory(territory_id), from, to).await?.into_iter().map(|(_, c)| c).collect())
}

/// [`valid_between`] of one territory or of the country, each with its
/// territory.
pub(crate) async fn valid_between_in(
    db: &impl ConnectionTrait,
    reach: Reach,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i32, Capacity)>> {
    let rows = within::<capacity::Entity>(reach)
        .filter(capacity::Column::ValidFrom.lte(to))
        .filter(capacity::Column::ValidTo.is_null().or(capacity::Column::ValidTo.gte(from)))
        .all(db)
        .await?;
    rows.into_iter().map(|m| Ok((m.territory_id, decode::capacity(m)?))).collect()
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

/// What the audit log says of a new capacity.
pub(crate) fn describe_new(changes: &mut Changes, new: &CapacityFields) {
    changes.compare("Capacité", "", describe(new)).compare("À partir du", "", new.valid_from.format("%d/%m/%Y"));
    if let Some(to) = new.valid_to {
        changes.compare("Jusqu'au", "", to.format("%d/%m/%Y"));
    }
}

/// A new capacity's row.
pub(crate) fn new_row(territory_id: i32, holder: Holder, new: &CapacityFields) -> capacity::ActiveModel {
    capacity::ActiveModel {
        territory_id: Set(territory_id),
        facility_id: Set(if let Holder::Facility(id) = holder { Some(id) } else { None }),
        childminder_id: Set(if let Holder::Childminder(id) = holder { Some(id) } else { None }),
        valid_from: Set(new.valid_from),
        valid_to: Set(new.valid_to),
        infant: Set(new.places.infant as i32),
        toddler: Set(new.places.toddler as i32),
        preschool: Set(new.places.preschool as i32),
        employer_places: Set(new.employer_places as i32),
        ..Default::default()
    }
}

/// Takes the holder's row lock until the transaction ends, so that two
/// writers of one holder's capacities run one after the other (SQLite's
/// write transactions already do; on PostgreSQL this UPDATE does).
pub(crate) async fn lock_holder(txn: &impl ConnectionTrait, territory_id: i32, holder: Holder) -> Result<()> {
    use crate::entity::{childminder, facility};
    let touched = match holder {
        Holder::Facility(id) => {
            facility::Entity::update_many()
                .col_expr(facility::Column::Version, sea_orm::sea_query::Expr::col(facility::Column::Version))
                .filter(facility::Column::Id.eq(id))
                .filter(facility::Column::TerritoryId.eq(territory_id))
                .exec(txn)
                .await?
                .rows_affected
        }
        Holder::Childminder(id) => {
            childminder::Entity::update_many()
                .col_expr(childminder::Column::Version, sea_orm::sea_query::Expr::col(childminder::Column::Version))
                .filter(childminder::Column::Id.eq(id))
                .filter(childminder::Column::TerritoryId.eq(territory_id))
                .exec(txn)
                .await?
                .rows_affected
        }
    };
    if touched == 0 { Err(DbError::NotFound) } else { Ok(()) }
}

/// Adds a capacity to `holder` in one transaction, the holder locked: the
/// capacities are read again there and `decide` says which one the new one
/// closes (or refuses it), so that two simultaneous additions never leave
/// two capacities running on one day. `label` names the holder in the
/// audit log.
pub async fn add<E>(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    holder: Holder,
    new: &CapacityFields,
    decide: impl FnOnce(&[Capacity]) -> std::result::Result<Option<(i32, NaiveDate)>, E>,
    label: &str,
) -> std::result::Result<Capacity, AddError<E>> {
    let txn = crate::begin_write(db).await?;
    lock_holder(&txn, actor.territory_id, holder).await?;
    let existing = of(&txn, actor.territory_id, holder).await?;
    let closing = decide(&existing).map_err(AddError::Refused)?;
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
            return Err(DbError::Conflict.into());
        }
        changes.compare("Fin de la capacité précédente", "", end.format("%d/%m/%Y"));
    }
    let row = new_row(actor.territory_id, holder, new).insert(&txn).await?;
    describe_new(&mut changes, new);
    let summary = format!("Nouvelle capacité pour {label}");
    audit::record(&txn, actor, entity, holder_id, "capacity", &summary, &changes).await?;
    txn.commit().await?;
    Ok(decode::capacity(row)?)
}

/// Why a capacity was not added: the caller's rule refused it, or storage.
#[derive(Debug)]
pub enum AddError<E> {
    Refused(E),
    Storage(DbError),
}

impl<E> From<DbError> for AddError<E> {
    fn from(e: DbError) -> Self {
        AddError::Storage(e)
    }
}

impl<E> From<sea_orm::DbErr> for AddError<E> {
    fn from(e: sea_orm::DbErr) -> Self {
        AddError::Storage(DbError::Db(e))
    }
}
