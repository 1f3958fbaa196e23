//! Yearly reviews of a convention and their analyses per axis.

use std::collections::BTreeMap;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set, TransactionSession, TransactionTrait,
};

use crate::audit::{self, Changes};
use crate::entity::{review, review_analysis};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, now};

pub use maillage_domain::plan::review::Review;

async fn with_analyses(db: &impl ConnectionTrait, territory_id: i32, row: review::Model) -> Result<Review> {
    let analyses = scoped::<review_analysis::Entity>(territory_id)
        .filter(review_analysis::Column::ReviewId.eq(row.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.axis_id, a.body))
        .collect();
    Ok(Review {
        id: row.id,
        convention_id: row.convention_id,
        year: row.year,
        closed_at: row.closed_at,
        closed_by: row.closed_by,
        analyses,
    })
}

/// The convention's reviews, by year.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32, convention_id: i32) -> Result<Vec<Review>> {
    let rows = scoped::<review::Entity>(territory_id)
        .filter(review::Column::ConventionId.eq(convention_id))
        .order_by_asc(review::Column::Year)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(with_analyses(db, territory_id, row).await?);
    }
    Ok(out)
}

async fn find_row(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
    year: i32,
) -> Result<Option<review::Model>> {
    Ok(scoped::<review::Entity>(territory_id)
        .filter(review::Column::ConventionId.eq(convention_id))
        .filter(review::Column::Year.eq(year))
        .one(db)
        .await?)
}

/// The review of `year`, if someone started it.
pub async fn find(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
    year: i32,
) -> Result<Option<Review>> {
    match find_row(db, territory_id, convention_id, year).await? {
        Some(row) => Ok(Some(with_analyses(db, territory_id, row).await?)),
        None => Ok(None),
    }
}

/// The review's row, created open if it does not exist yet.
async fn open_row(db: &impl ConnectionTrait, actor: &Actor, convention_id: i32, year: i32) -> Result<review::Model> {
    if let Some(row) = find_row(db, actor.territory_id, convention_id, year).await? {
        return Ok(row);
    }
    Ok(review::ActiveModel {
        territory_id: Set(actor.territory_id),
        convention_id: Set(convention_id),
        year: Set(year),
        closed_at: Set(None),
        closed_by: Set(String::new()),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Writes the analyses (one per axis id); a closed review refuses with
/// [`DbError::Conflict`] and changes nothing.
pub async fn save(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    convention_id: i32,
    year: i32,
    analyses: &BTreeMap<i32, String>,
) -> Result<Review> {
    let txn = crate::begin_write(db).await?;
    let row = open_row(&txn, actor, convention_id, year).await?;
    if row.closed_at.is_some() {
        return Err(DbError::Conflict);
    }
    let before = with_analyses(&txn, actor.territory_id, row.clone()).await?.analyses;
    let mut changes = Changes::new();
    for (axis_id, body) in analyses {
        let old = before.get(axis_id).cloned().unwrap_or_default();
        if &old == body {
            continue;
        }
        changes.compare(&format!("Analyse de l'axe (n° {axis_id})"), &old, body);
        let existing = scoped::<review_analysis::Entity>(actor.territory_id)
            .filter(review_analysis::Column::ReviewId.eq(row.id))
            .filter(review_analysis::Column::AxisId.eq(*axis_id))
            .one(&txn)
            .await?;
        match existing {
            Some(a) => {
                let mut a: review_analysis::ActiveModel = a.into();
                a.body = Set(body.clone());
                a.update(&txn).await?;
            }
            None => {
                review_analysis::ActiveModel {
                    territory_id: Set(actor.territory_id),
                    review_id: Set(row.id),
                    axis_id: Set(*axis_id),
                    body: Set(body.clone()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
    }
    let mut touched: review::ActiveModel = row.clone().into();
    touched.updated_at = Set(now());
    let row = touched.update(&txn).await?;
    if !changes.is_empty() {
        audit::record(
            &txn,
            actor,
            "review",
            row.id,
            "update",
            &format!("Bilan {year} : analyses enregistrées"),
            &changes,
        )
        .await?;
    }
    let review = with_analyses(&txn, actor.territory_id, row).await?;
    txn.commit().await?;
    Ok(review)
}

/// Closes the review of `year` (the committee adopted it): nothing changes
/// it afterwards. Closing twice is a [`DbError::Conflict`].
pub async fn close(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    convention_id: i32,
    year: i32,
) -> Result<Review> {
    let txn = crate::begin_write(db).await?;
    let row = open_row(&txn, actor, convention_id, year).await?;
    if row.closed_at.is_some() {
        return Err(DbError::Conflict);
    }
    let mut closing: review::ActiveModel = row.into();
    closing.closed_at = Set(Some(now()));
    closing.closed_by = Set(actor.name.clone());
    closing.updated_at = Set(now());
    let row = closing.update(&txn).await?;
    let mut changes = Changes::new();
    changes.compare("État", "en cours", "clos");
    audit::record(&txn, actor, "review", row.id, "close", &format!("Bilan {year} clos"), &changes).await?;
    let review = with_analyses(&txn, actor.territory_id, row).await?;
    txn.commit().await?;
    Ok(review)
}
