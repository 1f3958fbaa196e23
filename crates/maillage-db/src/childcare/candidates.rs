//! The free places a request could take: the latest declaration of every
//! facility and active childminder in the sectors the family accepts. Read
//! by sector through indexes, so that a territory of 26,000 childminders
//! costs what its few sectors hold, not what the territory holds.

use std::collections::HashMap;

use maillage_domain::childcare::matching::Candidate;
use maillage_domain::childcare::{CareMode, FacilityKind, Holder};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

use super::vacancies;
use crate::Result;
use crate::entity::{childminder, facility, vacancy, vacancy_declaration as declaration};
use crate::scoped::scoped;

/// The holders' names, modes and sectors, by holder.
type Holders = HashMap<Holder, (String, CareMode, String)>;

/// Facilities and active childminders of the territory in `sectors`
/// (every sector when empty).
async fn holders(db: &impl ConnectionTrait, t: i32, sectors: &[String]) -> Result<Holders> {
    let mut f = scoped::<facility::Entity>(t).select_only().columns([
        facility::Column::Id,
        facility::Column::Name,
        facility::Column::Kind,
        facility::Column::Sector,
    ]);
    let mut c = scoped::<childminder::Entity>(t)
        .select_only()
        .columns([
            childminder::Column::Id,
            childminder::Column::FirstName,
            childminder::Column::LastName,
            childminder::Column::Sector,
        ])
        .column(childminder::Column::MamId)
        .filter(childminder::Column::Active.eq(true));
    if !sectors.is_empty() {
        f = f.filter(facility::Column::Sector.is_in(sectors.iter().map(String::as_str)));
        c = c.filter(childminder::Column::Sector.is_in(sectors.iter().map(String::as_str)));
    }
    let mut out = Holders::new();
    for (id, name, kind, sector) in f.into_tuple::<(i32, String, String, String)>().all(db).await? {
        let mode = if kind == FacilityKind::Mam.code() { CareMode::Mam } else { CareMode::Collective };
        out.insert(Holder::Facility(id), (name, mode, sector));
    }
    for (id, first, last, sector, mam) in c.into_tuple::<(i32, String, String, String, Option<i32>)>().all(db).await? {
        let mode = if mam.is_some() { CareMode::Mam } else { CareMode::Childminder };
        out.insert(Holder::Childminder(id), (format!("{first} {last}"), mode, sector));
    }
    Ok(out)
}

/// The candidates of the territory in `sectors` (every sector when empty):
/// each holder's latest declaration, with its name, mode and sector.
pub async fn in_sectors(db: &impl ConnectionTrait, t: i32, sectors: &[String]) -> Result<Vec<Candidate>> {
    let mut holders = holders(db, t, sectors).await?;
    if holders.is_empty() {
        return Ok(Vec::new());
    }
    // The holders again, as subqueries: a list of thousands of ids would
    // hit the bound-parameter limits.
    let mut facilities = Query::select();
    facilities.column(facility::Column::Id).from(facility::Entity).and_where(facility::Column::TerritoryId.eq(t));
    let mut childminders = Query::select();
    childminders
        .column(childminder::Column::Id)
        .from(childminder::Entity)
        .and_where(childminder::Column::TerritoryId.eq(t))
        .and_where(childminder::Column::Active.eq(true));
    if !sectors.is_empty() {
        facilities.and_where(facility::Column::Sector.is_in(sectors.iter().map(String::as_str)));
        childminders.and_where(childminder::Column::Sector.is_in(sectors.iter().map(String::as_str)));
    }
    // Two queries rather than one with OR: PostgreSQL reads an OR of two
    // subqueries by scanning every declaration of the territory.
    let mut declarations = scoped::<declaration::Entity>(t)
        .filter(declaration::Column::FacilityId.in_subquery(facilities))
        .order_by_asc(declaration::Column::Id)
        .all(db)
        .await?;
    declarations.extend(
        scoped::<declaration::Entity>(t)
            .filter(declaration::Column::ChildminderId.in_subquery(childminders))
            .order_by_asc(declaration::Column::Id)
            .all(db)
            .await?,
    );
    // Declarations are only ever added: a holder's latest is its last.
    let mut latest: HashMap<Holder, declaration::Model> = HashMap::new();
    for d in declarations {
        latest.insert(vacancies::holder_of(&d)?, d);
    }
    let ids: Vec<i32> = latest.values().map(|d| d.id).collect();
    let mut cells: HashMap<i32, Vec<vacancy::Model>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows =
            scoped::<vacancy::Entity>(t).filter(vacancy::Column::DeclarationId.is_in(chunk.to_vec())).all(db).await?;
        for c in rows {
            cells.entry(c.declaration_id).or_default().push(c);
        }
    }
    let mut out = Vec::with_capacity(latest.len());
    for (holder, d) in latest {
        let Some((name, mode, sector)) = holders.remove(&holder) else { continue };
        let own = cells.remove(&d.id).unwrap_or_default();
        let d = vacancies::decode(d, &own)?;
        out.push(Candidate {
            holder,
            name,
            mode,
            sector,
            free: d.free,
            available_from: d.available_from,
            declared_on: d.declared_on,
        });
    }
    Ok(out)
}
