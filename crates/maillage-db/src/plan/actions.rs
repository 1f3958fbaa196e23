//! Actions: reading one, and the two kinds of update (the coordinator's full
//! form, the action lead's status and progress), both refused when the
//! action changed since the editor read it.

use maillage_domain::plan::{ActionFields, ActionStatus, LeadUpdate};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::audit::{self, Changes};
use crate::entity::{action, milestone};
use crate::{Actor, DbError, Result, now};

pub use crate::entity::action::Model as Action;
pub use crate::entity::milestone::Model as MilestoneRow;

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Action> {
    action::Entity::find_by_id(id)
        .filter(action::Column::TerritoryId.eq(territory_id))
        .one(db)
        .await?
        .ok_or(DbError::NotFound)
}

pub async fn milestones(
    db: &impl ConnectionTrait,
    territory_id: i32,
    action_id: i32,
) -> Result<Vec<MilestoneRow>> {
    Ok(milestone::Entity::find()
        .filter(milestone::Column::TerritoryId.eq(territory_id))
        .filter(milestone::Column::ActionId.eq(action_id))
        .order_by_asc(milestone::Column::DueOn)
        .all(db)
        .await?)
}

pub async fn list_led_by(
    db: &impl ConnectionTrait,
    territory_id: i32,
    user_id: i32,
) -> Result<Vec<Action>> {
    Ok(action::Entity::find()
        .filter(action::Column::TerritoryId.eq(territory_id))
        .filter(action::Column::LeadUserId.eq(user_id))
        .order_by_asc(action::Column::Code)
        .all(db)
        .await?)
}

fn status_label(code: &str) -> &'static str {
    ActionStatus::from_code(code).map_or("?", ActionStatus::label)
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// Applies the update only if the row is still at `expected_version`.
/// `lead_label` turns a lead's account id into a name for the audit log.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    f: &ActionFields,
    lead_label: impl Fn(Option<i32>) -> String,
) -> Result<Action> {
    let current = get(db, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes
        .compare("Intitulé", &current.title, &f.title)
        .compare("Objectifs", &current.objectives, &f.objectives)
        .compare("Public", &current.audience, &f.audience)
        .compare("Pilote", &current.lead_name, &f.lead_name)
        .compare(
            "Compte du pilote",
            lead_label(current.lead_user_id),
            lead_label(f.lead_user_id),
        )
        .compare("Partenaires", &current.partners, &f.partners)
        .compare("Secteurs", &current.sectors, &f.sectors)
        .compare(
            "Début",
            date_text(current.starts_on),
            date_text(f.starts_on),
        )
        .compare("Fin", date_text(current.ends_on), date_text(f.ends_on))
        .compare("Statut", status_label(&current.status), f.status.label())
        .compare(
            "Avancement",
            format!("{} %", current.progress),
            format!("{} %", f.progress),
        );
    let result = action::Entity::update_many()
        .col_expr(action::Column::Title, Expr::value(f.title.clone()))
        .col_expr(
            action::Column::Objectives,
            Expr::value(f.objectives.clone()),
        )
        .col_expr(action::Column::Audience, Expr::value(f.audience.clone()))
        .col_expr(action::Column::LeadName, Expr::value(f.lead_name.clone()))
        .col_expr(action::Column::LeadUserId, Expr::value(f.lead_user_id))
        .col_expr(action::Column::Partners, Expr::value(f.partners.clone()))
        .col_expr(action::Column::Sectors, Expr::value(f.sectors.clone()))
        .col_expr(action::Column::StartsOn, Expr::value(f.starts_on))
        .col_expr(action::Column::EndsOn, Expr::value(f.ends_on))
        .col_expr(action::Column::Status, Expr::value(f.status.code()))
        .col_expr(action::Column::Progress, Expr::value(f.progress))
        .col_expr(action::Column::Version, Expr::value(expected_version + 1))
        .col_expr(action::Column::UpdatedAt, Expr::value(now()))
        .filter(action::Column::Id.eq(id))
        .filter(action::Column::TerritoryId.eq(actor.territory_id))
        .filter(action::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    audit::record(
        db,
        actor,
        "action",
        id,
        "update",
        &format!("Action {} modifiée", current.code),
        &changes,
    )
    .await?;
    get(db, actor.territory_id, id).await
}

/// The action lead's update: status and progress only.
pub async fn update_progress(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    u: &LeadUpdate,
) -> Result<Action> {
    let current = get(db, actor.territory_id, id).await?;
    let mut changes = Changes::new();
    changes
        .compare("Statut", status_label(&current.status), u.status.label())
        .compare(
            "Avancement",
            format!("{} %", current.progress),
            format!("{} %", u.progress),
        );
    let result = action::Entity::update_many()
        .col_expr(action::Column::Status, Expr::value(u.status.code()))
        .col_expr(action::Column::Progress, Expr::value(u.progress))
        .col_expr(action::Column::Version, Expr::value(expected_version + 1))
        .col_expr(action::Column::UpdatedAt, Expr::value(now()))
        .filter(action::Column::Id.eq(id))
        .filter(action::Column::TerritoryId.eq(actor.territory_id))
        .filter(action::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    audit::record(
        db,
        actor,
        "action",
        id,
        "update",
        &format!("Avancement de l'action {} mis à jour", current.code),
        &changes,
    )
    .await?;
    get(db, actor.territory_id, id).await
}
