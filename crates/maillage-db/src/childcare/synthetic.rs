//! Writes the synthetic dataset (`maillage_domain::childcare::synthetic`)
//! into a database: each territory in one transaction, its records in
//! statements of a few hundred rows.

use std::collections::HashMap;

use chrono::NaiveDate;
use maillage_domain::childcare::synthetic::{self, Scale, SyntheticTerritory};
use maillage_domain::childcare::{Holder, Places};
use maillage_domain::geo;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, TransactionSession, TransactionTrait};

use super::bulk;
use crate::audit::{self, Changes};
use crate::entity::care_request;
use crate::{Actor, DbError, Result};

/// What a generation wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generated {
    pub territories: u64,
    pub sectors: u64,
    pub facilities: u64,
    pub facility_places: u64,
    pub childminders: u64,
    pub declarations: u64,
    pub requests: u64,
}

/// The territories `scale` covers, or why none.
pub fn plan(scale: &Scale) -> std::result::Result<Vec<SyntheticTerritory>, String> {
    synthetic::territories(&geo::communes(), &geo::epcis(), scale)
}

/// Writes `territories` dated `today`; `progress` hears after each one.
/// Refuses, before writing anything, a database holding a real territory
/// or one of these already. Each territory is written in one transaction:
/// an error leaves those before it.
pub async fn generate(
    db: &(impl ConnectionTrait + TransactionTrait),
    territories: &[SyntheticTerritory],
    today: NaiveDate,
    mut progress: impl FnMut(&SyntheticTerritory, &Generated),
) -> Result<Generated> {
    let all = crate::territory::list(db).await?;
    // Synthetic records beside real ones would mix into nobody's figures,
    // but a mistyped --data-dir would fill a production database.
    let real: Vec<&str> = all.iter().filter(|t| !t.is_demo).map(|t| t.slug.as_str()).collect();
    if !real.is_empty() {
        return Err(DbError::Rule(
            "slug",
            format!(
                "Cette base contient des territoires réels ({}) : générez les données synthétiques dans une base à part (--data-dir ou --database-url).",
                real.join(", ")
            ),
        ));
    }
    let existing: std::collections::HashSet<String> = all.into_iter().map(|t| t.slug).collect();
    for t in territories {
        if existing.contains(&t.slug) {
            return Err(DbError::Rule(
                "slug",
                format!("Le territoire « {} » existe déjà : générez les données dans une base neuve.", t.slug),
            ));
        }
    }
    // Codes follow the requests already stored, so two generations in one
    // database never draw the same.
    let mut next_code = care_request::Entity::find().count(db).await?;
    let mut done = Generated::default();
    for t in territories {
        let txn = crate::begin_write(db).await?;
        let territory = crate::territory::create(&txn, &t.slug, &t.name, true).await?;
        let actor = Actor::command_line(territory.id, "génération de données synthétiques");
        let offer = synthetic::offer(t, today);
        let facilities = bulk::create_facilities(&txn, &actor, &offer.facilities).await?;
        let items: Vec<_> = offer.childminders.iter().map(|(c, cap)| (c.clone(), Some(*cap))).collect();
        let childminders = bulk::create_childminders(&txn, &actor, &items, &HashMap::new()).await?;
        let mut holders: Vec<(Holder, Places, bool)> = facilities
            .iter()
            .zip(&offer.facilities)
            .map(|(id, (_, c))| (Holder::Facility(*id), c.places, true))
            .collect();
        holders.extend(
            childminders
                .iter()
                .zip(&offer.childminders)
                .map(|(id, (f, c))| (Holder::Childminder(*id), c.places, f.active)),
        );
        let declarations = synthetic::declarations(t, &holders, today);
        bulk::insert_declarations(&txn, territory.id, &declarations).await?;
        let requests = synthetic::requests(t, next_code, today);
        next_code += requests.len() as u64;
        bulk::insert_synthetic_requests(&txn, territory.id, &requests).await?;
        let summary = format!(
            "Données synthétiques générées : {} établissements, {} assistant·e·s maternel·le·s, {} demandes",
            facilities.len(),
            childminders.len(),
            requests.len()
        );
        audit::record(&txn, &actor, "territory", territory.id, "generate", &summary, &Changes::new()).await?;
        txn.commit().await?;
        done.territories += 1;
        done.sectors += t.sectors.len() as u64;
        done.facilities += facilities.len() as u64;
        done.facility_places += offer.facilities.iter().map(|(_, c)| u64::from(c.places.total())).sum::<u64>();
        done.childminders += childminders.len() as u64;
        done.declarations += declarations.len() as u64;
        done.requests += requests.len() as u64;
        progress(t, &done);
    }
    Ok(done)
}
