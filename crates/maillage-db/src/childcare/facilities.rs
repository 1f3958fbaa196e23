//! Facilities of the register (EAJE of every kind, MAM).

use maillage_domain::childcare::{Facility, FacilityFields, FacilityKind};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{facility, facility_manager};
use crate::scoped::{Reach, scoped, within};
use crate::{Actor, DbError, Result, decode, is_unique_violation};

/// The territory's facilities, by name.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Facility>> {
    Ok(list_in(db, Reach::Territory(territory_id)).await?.into_iter().map(|(_, f)| f).collect())
}

/// [`list`] of one territory or of the country, each with its territory.
pub(crate) async fn list_in(db: &impl ConnectionTrait, reach: Reach) -> Result<Vec<(i32, Facility)>> {
    let rows = within::<facility::Entity>(reach).order_by_asc(facility::Column::Name).all(db).await?;
    rows.into_iter().map(|m| Ok((m.territory_id, decode::facility(m)?))).collect()
}

/// The territory's MAM, by name: what a childminder can belong to.
pub async fn list_mams(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Facility>> {
    let rows = scoped::<facility::Entity>(territory_id)
        .filter(facility::Column::Kind.eq(FacilityKind::Mam.code()))
        .order_by_asc(facility::Column::Name)
        .all(db)
        .await?;
    decode::all(rows, decode::facility)
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Facility> {
    decode::facility(crate::scoped::get::<facility::Entity>(db, territory_id, id).await?)
}

/// The accounts that manage a facility.
pub async fn managers(db: &impl ConnectionTrait, territory_id: i32, facility_id: i32) -> Result<Vec<i32>> {
    let rows = scoped::<facility_manager::Entity>(territory_id)
        .filter(facility_manager::Column::FacilityId.eq(facility_id))
        .order_by_asc(facility_manager::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| r.user_id).collect())
}

/// The facilities an account manages, by name.
pub async fn of_manager(db: &impl ConnectionTrait, territory_id: i32, user_id: i32) -> Result<Vec<Facility>> {
    let ids: Vec<i32> = scoped::<facility_manager::Entity>(territory_id)
        .filter(facility_manager::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.facility_id)
        .collect();
    let rows = scoped::<facility::Entity>(territory_id)
        .filter(facility::Column::Id.is_in(ids))
        .order_by_asc(facility::Column::Name)
        .all(db)
        .await?;
    decode::all(rows, decode::facility)
}

/// Makes `user_id` a manager of the facility (`add`) or no longer one;
/// `account` names the account in the audit log.
pub async fn set_manager(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    facility_id: i32,
    user_id: i32,
    add: bool,
    account: &str,
) -> Result<()> {
    let txn = crate::begin_write(db).await?;
    let f = get(&txn, actor.territory_id, facility_id).await?;
    let mut changes = Changes::new();
    if add {
        facility_manager::ActiveModel {
            territory_id: Set(actor.territory_id),
            facility_id: Set(facility_id),
            user_id: Set(user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                DbError::Rule("user_id", "Ce compte gère déjà cet établissement.".to_owned())
            } else {
                DbError::Db(e)
            }
        })?;
        changes.compare("Gestionnaire en ligne", "", account);
    } else {
        let removed = facility_manager::Entity::delete_many()
            .filter(facility_manager::Column::FacilityId.eq(facility_id))
            .filter(facility_manager::Column::UserId.eq(user_id))
            .filter(facility_manager::Column::TerritoryId.eq(actor.territory_id))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            // Already not a manager (a second click): nothing to record.
            return Ok(());
        }
        changes.compare("Gestionnaire en ligne", account, "");
    }
    let summary = format!("Gestionnaires en ligne de {}", f.name);
    audit::record(&txn, actor, "facility", facility_id, "managers", &summary, &changes).await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) fn columns(f: &FacilityFields, mut row: facility::ActiveModel) -> facility::ActiveModel {
    row.name = Set(f.name.clone());
    row.kind = Set(f.kind.code().to_owned());
    row.identifier = Set(Some(f.identifier.clone()).filter(|i| !i.is_empty()));
    row.manager = Set(f.manager.clone());
    row.address = Set(f.address.clone());
    row.sector = Set(f.sector.clone());
    row.funding = Set(f.funding.map(|x| x.code().to_owned()));
    row.opening_days = Set(f.opening_days.bits());
    row.opens_at = Set(f.opens_at);
    row.closes_at = Set(f.closes_at);
    row.phone = Set(f.phone.clone());
    row.email = Set(f.email.clone());
    row
}

pub(crate) fn changes(before: Option<&Facility>, f: &FacilityFields) -> Changes {
    let mut c = Changes::new();
    let b = |get: fn(&Facility) -> String| before.map(get).unwrap_or_default();
    c.compare("Nom", b(|x| x.name.clone()), &f.name)
        .compare("Type", b(|x| x.kind.label().to_owned()), f.kind.label())
        .compare("Identifiant", b(|x| x.identifier.clone()), &f.identifier)
        .compare("Gestionnaire", b(|x| x.manager.clone()), &f.manager)
        .compare("Adresse", b(|x| x.address.clone()), &f.address)
        .compare("Secteur", b(|x| x.sector.clone()), &f.sector)
        .compare(
            "Financement",
            b(|x| x.funding.map(|f| f.short_label()).unwrap_or("").to_owned()),
            f.funding.map(|f| f.short_label()).unwrap_or(""),
        )
        .compare("Jours d'ouverture", b(|x| x.opening_days.label()), f.opening_days.label())
        .compare("Ouverture", b(|x| x.opens_at.format("%H:%M").to_string()), f.opens_at.format("%H:%M"))
        .compare("Fermeture", b(|x| x.closes_at.format("%H:%M").to_string()), f.closes_at.format("%H:%M"))
        .compare("Téléphone", b(|x| x.phone.clone()), &f.phone)
        .compare("Adresse e-mail", b(|x| x.email.clone()), &f.email);
    c
}

pub(crate) fn duplicate(e: sea_orm::DbErr) -> DbError {
    if is_unique_violation(&e) { DbError::Duplicate("identifier") } else { DbError::Db(e) }
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    f: &FacilityFields,
) -> Result<Facility> {
    let txn = crate::begin_write(db).await?;
    let row = columns(
        f,
        facility::ActiveModel { territory_id: Set(actor.territory_id), version: Set(1), ..Default::default() },
    )
    .insert(&txn)
    .await
    .map_err(duplicate)?;
    let summary = format!("Établissement ajouté au registre : {}", f.name);
    audit::record(&txn, actor, "facility", row.id, "create", &summary, &changes(None, f)).await?;
    txn.commit().await?;
    decode::facility(row)
}

/// Saves the facility if it is still at `expected_version`.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    f: &FacilityFields,
) -> Result<Facility> {
    let txn = crate::begin_write(db).await?;
    let before = get(&txn, actor.territory_id, id).await?;
    let sets =
        columns(f, facility::ActiveModel { version: Set(expected_version.saturating_add(1)), ..Default::default() });
    let result = facility::Entity::update_many()
        .set(sets)
        .filter(facility::Column::Id.eq(id))
        .filter(facility::Column::TerritoryId.eq(actor.territory_id))
        .filter(facility::Column::Version.eq(expected_version))
        .exec(&txn)
        .await
        .map_err(duplicate)?;
    if result.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    // Checked after the UPDATE, which holds the row: a childminder cannot
    // join this MAM meanwhile (`childminders::check_mam` waits for it).
    if before.kind == FacilityKind::Mam && f.kind != FacilityKind::Mam {
        let members = crate::entity::childminder::Entity::find()
            .filter(crate::entity::childminder::Column::MamId.eq(id))
            .count(&txn)
            .await?;
        if members > 0 {
            let message = "Des assistant·e·s maternel·le·s travaillent dans cette MAM : retirez-les d'abord de la MAM.";
            return Err(DbError::Rule("kind", message.to_owned()));
        }
    }
    let summary = format!("Établissement modifié : {}", f.name);
    audit::record(&txn, actor, "facility", id, "update", &summary, &changes(Some(&before), f)).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}
