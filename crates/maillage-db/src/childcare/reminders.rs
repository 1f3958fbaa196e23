//! Reminders for free places that became « à confirmer »: once per
//! declaration, to the accounts that declare for the holder (the
//! childminder's own, the facility's managers). Run on a schedule by
//! `maillage serve`, for every territory.

use std::collections::HashMap;

use chrono::NaiveDate;
use maillage_domain::accounts::GrantState;
use maillage_domain::childcare::vacancy::is_stale;
use maillage_domain::outbox;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession, TransactionTrait,
};

use crate::Result;
use crate::entity::{childminder, facility, facility_manager, grant, user, vacancy_declaration as declaration};

/// Queues the reminders due on `today`; `link` is where people confirm
/// (the `/mes-places` page at the public address). Returns how many
/// messages were queued.
pub async fn remind_stale(db: &(impl ConnectionTrait + TransactionTrait), today: NaiveDate, link: &str) -> Result<u64> {
    // The latest declaration of each holder, across territories.
    let mut latest: HashMap<(Option<i32>, Option<i32>), declaration::Model> = HashMap::new();
    for d in declaration::Entity::find().order_by_asc(declaration::Column::Id).all(db).await? {
        latest.insert((d.facility_id, d.childminder_id), d);
    }
    let mut queued = 0;
    for d in latest.into_values().filter(|d| d.reminded_on.is_none() && is_stale(d.declared_on, today)) {
        let (holder, accounts) = match (d.facility_id, d.childminder_id) {
            (Some(f), None) => {
                let Some(f) = facility::Entity::find_by_id(f).one(db).await? else { continue };
                let ids: Vec<i32> = facility_manager::Entity::find()
                    .filter(facility_manager::Column::FacilityId.eq(f.id))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|m| m.user_id)
                    .collect();
                (f.name, ids)
            }
            (None, Some(c)) => {
                let Some(c) = childminder::Entity::find_by_id(c).one(db).await? else { continue };
                (format!("{} {}", c.first_name, c.last_name), c.user_id.into_iter().collect())
            }
            _ => continue,
        };
        // Only accounts still active in the territory.
        let active: Vec<i32> = grant::Entity::find()
            .filter(grant::Column::TerritoryId.eq(d.territory_id))
            .filter(grant::Column::UserId.is_in(accounts))
            .filter(grant::Column::State.eq(GrantState::Active.code()))
            .all(db)
            .await?
            .into_iter()
            .map(|g| g.user_id)
            .collect();
        let people = user::Entity::find().filter(user::Column::Id.is_in(active)).all(db).await?;
        if people.is_empty() {
            // Nobody to tell: the relais sees « à confirmer » on the sheet.
            continue;
        }
        let txn = crate::begin_write(db).await?;
        let declared_on = d.declared_on.format("%d/%m/%Y").to_string();
        for p in &people {
            let draft = outbox::vacancy_reminder(&p.email, &p.display_name, &holder, &declared_on, link);
            crate::outbox::queue(&txn, d.territory_id, &draft).await?;
            queued += 1;
        }
        declaration::Entity::update_many()
            .col_expr(declaration::Column::RemindedOn, sea_orm::sea_query::Expr::value(today))
            .filter(declaration::Column::Id.eq(d.id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
    }
    Ok(queued)
}
