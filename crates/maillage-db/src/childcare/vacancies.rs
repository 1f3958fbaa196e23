//! Declarations of free places. Each declaration is kept; the latest of a
//! holder is the one that counts.

use chrono::{NaiveDate, Weekday};
use maillage_domain::childcare::{AgeBand, FreePlaces, Holder, VacancyDeclaration};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{vacancy, vacancy_declaration as declaration};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result};

pub(crate) fn holder_of(d: &declaration::Model) -> Result<Holder> {
    match (d.facility_id, d.childminder_id) {
        (Some(f), None) => Ok(Holder::Facility(f)),
        (None, Some(c)) => Ok(Holder::Childminder(c)),
        _ => Err(DbError::Decode(format!("déclaration sans titulaire unique (vacancy_declarations {})", d.id))),
    }
}

pub(crate) fn decode(d: declaration::Model, cells: &[vacancy::Model]) -> Result<VacancyDeclaration> {
    let mut free = FreePlaces::default();
    for c in cells {
        let band = AgeBand::from_code(&c.age_band).ok_or_else(|| {
            DbError::Decode(format!("tranche d'âge « {} » inconnue (vacancies {})", c.age_band, c.id))
        })?;
        let day = u8::try_from(c.weekday).ok().and_then(|n| Weekday::try_from(n).ok());
        let day = day.ok_or_else(|| DbError::Decode(format!("jour {} inconnu (vacancies {})", c.weekday, c.id)))?;
        let places =
            u32::try_from(c.places).map_err(|_| DbError::Decode(format!("places négatives (vacancies {})", c.id)))?;
        free.set(day, band, places);
    }
    Ok(VacancyDeclaration {
        id: d.id,
        holder: holder_of(&d)?,
        declared_on: d.declared_on,
        available_from: d.available_from,
        declared_by: d.declared_by,
        free,
    })
}

/// The latest declaration of a holder, if any.
pub async fn latest(
    db: &impl ConnectionTrait,
    territory_id: i32,
    holder: Holder,
) -> Result<Option<VacancyDeclaration>> {
    let q = scoped::<declaration::Entity>(territory_id);
    let q = match holder {
        Holder::Facility(id) => q.filter(declaration::Column::FacilityId.eq(id)),
        Holder::Childminder(id) => q.filter(declaration::Column::ChildminderId.eq(id)),
    };
    let Some(d) = q.order_by_desc(declaration::Column::Id).one(db).await? else { return Ok(None) };
    let cells = scoped::<vacancy::Entity>(territory_id).filter(vacancy::Column::DeclarationId.eq(d.id)).all(db).await?;
    decode(d, &cells).map(Some)
}

fn describe(free: &FreePlaces) -> String {
    if free.is_empty() {
        return "aucune place disponible".to_owned();
    }
    let cells: Vec<String> = free
        .cells()
        .map(|(d, b, n)| format!("{} {} : {n}", maillage_domain::childcare::Weekdays::day_label(d), b.label()))
        .collect();
    cells.join(" ; ")
}

/// Records a declaration of `holder`; `label` names it in the audit log.
pub async fn declare(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    holder: Holder,
    declared_on: NaiveDate,
    available_from: NaiveDate,
    free: &FreePlaces,
    label: &str,
) -> Result<VacancyDeclaration> {
    let txn = crate::begin_write(db).await?;
    let (entity, holder_id) = match holder {
        Holder::Facility(id) => ("facility", id),
        Holder::Childminder(id) => ("childminder", id),
    };
    let row = declaration::ActiveModel {
        territory_id: Set(actor.territory_id),
        facility_id: Set(matches!(holder, Holder::Facility(_)).then_some(holder_id)),
        childminder_id: Set(matches!(holder, Holder::Childminder(_)).then_some(holder_id)),
        declared_on: Set(declared_on),
        available_from: Set(available_from),
        declared_by: Set(actor.name.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut cells = Vec::new();
    for (day, band, places) in free.cells() {
        let cell = vacancy::ActiveModel {
            territory_id: Set(actor.territory_id),
            declaration_id: Set(row.id),
            weekday: Set(day.num_days_from_monday() as i32),
            age_band: Set(band.code().to_owned()),
            places: Set(places as i32),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        cells.push(cell);
    }
    let mut changes = Changes::new();
    changes.compare("Places disponibles", "", describe(free)).compare(
        "À partir du",
        "",
        available_from.format("%d/%m/%Y"),
    );
    let summary = format!("Places disponibles déclarées pour {label}");
    audit::record(&txn, actor, entity, holder_id, "vacancies", &summary, &changes).await?;
    txn.commit().await?;
    decode(row, &cells)
}
