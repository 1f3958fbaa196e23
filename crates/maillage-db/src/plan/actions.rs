//! Actions: reading one, and the two kinds of update (the coordinator's full
//! form, the action lead's status and progress), both refused when the
//! action changed since the editor read it.

use maillage_domain::plan::{ActionFields, Axis, LeadUpdate};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession, TransactionTrait,
};

use super::join_lines;
use crate::audit::{self, Changes};
use crate::entity::{action, axis};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, decode, now};

pub use maillage_domain::plan::Action;

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Action> {
    decode::action(crate::scoped::get::<action::Entity>(db, territory_id, id).await?)
}

pub async fn axis_of(db: &impl ConnectionTrait, territory_id: i32, a: &Action) -> Result<Axis> {
    Ok(decode::axis(crate::scoped::get::<axis::Entity>(db, territory_id, a.axis_id).await?))
}

pub async fn list_for_convention(
    db: &impl ConnectionTrait,
    territory_id: i32,
    convention_id: i32,
) -> Result<Vec<Action>> {
    let rows = scoped::<action::Entity>(territory_id)
        .filter(action::Column::ConventionId.eq(convention_id))
        .order_by_asc(action::Column::AxisId)
        .order_by_asc(action::Column::Position)
        .all(db)
        .await?;
    decode::all(rows, decode::action)
}

pub async fn list_led_by(db: &impl ConnectionTrait, territory_id: i32, user_id: i32) -> Result<Vec<Action>> {
    let rows = scoped::<action::Entity>(territory_id)
        .filter(action::Column::LeadUserId.eq(user_id))
        .order_by_asc(action::Column::Code)
        .all(db)
        .await?;
    decode::all(rows, decode::action)
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

/// Applies the update only if the row is still at `expected_version`.
/// `lead_label` turns a lead's account id into a name for the audit log.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    f: &ActionFields,
    lead_label: impl Fn(Option<i32>) -> String,
) -> Result<Action> {
    let current = get(db, actor.territory_id, id).await?;
    let (partners, sectors) = (join_lines(&f.partners), join_lines(&f.sectors));
    let mut changes = Changes::new();
    changes
        .compare("Intitulé", &current.title, &f.title)
        .compare("Objectifs", &current.objectives, &f.objectives)
        .compare("Public", &current.audience, &f.audience)
        .compare("Pilote", &current.lead_name, &f.lead_name)
        .compare("Compte du pilote", lead_label(current.lead_user_id), lead_label(f.lead_user_id))
        .compare("Partenaires", join_lines(&current.partners), &partners)
        .compare("Secteurs", join_lines(&current.sectors), &sectors)
        .compare("Début", date_text(current.starts_on), date_text(f.starts_on))
        .compare("Fin", date_text(current.ends_on), date_text(f.ends_on))
        .compare("Statut", current.status.label(), f.status.label())
        .compare("Avancement", format!("{} %", current.progress), format!("{} %", f.progress));
    let sets = vec![
        (action::Column::Title, Expr::value(f.title.clone())),
        (action::Column::Objectives, Expr::value(f.objectives.clone())),
        (action::Column::Audience, Expr::value(f.audience.clone())),
        (action::Column::LeadName, Expr::value(f.lead_name.clone())),
        (action::Column::LeadUserId, Expr::value(f.lead_user_id)),
        (action::Column::Partners, Expr::value(partners)),
        (action::Column::Sectors, Expr::value(sectors)),
        (action::Column::StartsOn, Expr::value(f.starts_on)),
        (action::Column::EndsOn, Expr::value(f.ends_on)),
        (action::Column::Status, Expr::value(f.status.code())),
        (action::Column::Progress, Expr::value(f.progress)),
    ];
    let summary = format!("Action {} modifiée", current.code);
    save_versioned(db, actor, id, expected_version, sets, &summary, &changes).await
}

/// The action lead's update: status and progress only.
pub async fn update_progress(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    u: &LeadUpdate,
) -> Result<Action> {
    let current = get(db, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes.compare("Statut", current.status.label(), u.status.label()).compare(
        "Avancement",
        format!("{} %", current.progress),
        format!("{} %", u.progress),
    );
    let sets = vec![
        (action::Column::Status, Expr::value(u.status.code())),
        (action::Column::Progress, Expr::value(u.progress)),
    ];
    let summary = format!("Avancement de l'action {} mis à jour", current.code);
    save_versioned(db, actor, id, expected_version, sets, &summary, &changes).await
}

/// Writes `sets` only if the row is still at `expected_version`, bumps the
/// version and records the audit entry, all in one transaction: a refused or
/// failed write leaves neither the change nor its audit line.
async fn save_versioned<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    sets: Vec<(action::Column, SimpleExpr)>,
    summary: &str,
    changes: &Changes,
) -> Result<Action> {
    let txn = crate::begin_write(db).await?;
    let mut update = action::Entity::update_many();
    for (column, value) in sets {
        update = update.col_expr(column, value);
    }
    let result = update
        .col_expr(action::Column::Version, Expr::value(expected_version + 1))
        .col_expr(action::Column::UpdatedAt, Expr::value(now()))
        .filter(action::Column::Id.eq(id))
        .filter(action::Column::TerritoryId.eq(actor.territory_id))
        .filter(action::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    audit::record(&txn, actor, "action", id, "update", summary, changes).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}
