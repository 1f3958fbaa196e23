//! Loading a parsed plan file into a territory, in one transaction.

use maillage_domain::plan::import::Plan;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::join_lines;
use crate::audit::{self, Changes};
use crate::entity::{action, axis, budget_line, convention, indicator, indicator_value, milestone};
use crate::{Actor, Result, accounts, decode, now};

/// Inserts the plan as a new active convention. The caller opens and commits
/// the transaction, so a failure leaves nothing behind.
pub async fn import_plan(
    db: &impl ConnectionTrait,
    actor: &Actor,
    plan: &Plan,
) -> Result<maillage_domain::plan::Convention> {
    let stamp = now();
    let t = actor.territory_id;
    let c = &plan.convention;
    let conv = convention::ActiveModel {
        territory_id: Set(t),
        title: Set(c.title.clone()),
        starts_on: Set(c.starts_on),
        ends_on: Set(c.ends_on),
        status: Set(maillage_domain::plan::ConventionStatus::Active.code().to_owned()),
        signatories: Set(join_lines(&c.signatories)),
        replaces: Set(c.replaces.clone()),
        diagnostic: Set(c.diagnostic.clone()),
        purpose: Set(c.purpose.clone()),
        renewed_from_id: Set(None),
        version: Set(1),
        updated_at: Set(stamp),
        ..Default::default()
    }
    .insert(db)
    .await?;

    for (axis_pos, a) in plan.axes.iter().enumerate() {
        let axis_row = axis::ActiveModel {
            territory_id: Set(t),
            convention_id: Set(conv.id),
            code: Set(a.code.clone()),
            title: Set(a.title.clone()),
            rationale: Set(a.rationale.clone()),
            position: Set(axis_pos as i32),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (pos, def) in a.actions.iter().enumerate() {
            let details = def.details.as_ref();
            let lead_user_id = match details.and_then(|f| f.lead_email.as_deref()) {
                Some(email) => accounts::find_in(db, t, email).await?.filter(|u| u.is_active).map(|u| u.id),
                None => None,
            };
            let action_row = action::ActiveModel {
                territory_id: Set(t),
                convention_id: Set(conv.id),
                axis_id: Set(axis_row.id),
                code: Set(def.code.clone()),
                title: Set(def.title.clone()),
                objectives: Set(details.map(|f| f.objectives.clone()).unwrap_or_default()),
                audience: Set(details.map(|f| f.audience.clone()).unwrap_or_default()),
                lead_name: Set(details.map(|f| f.lead.clone()).unwrap_or_default()),
                lead_user_id: Set(lead_user_id),
                partners: Set(details.map(|f| join_lines(&f.partners)).unwrap_or_default()),
                sectors: Set(details.map(|f| join_lines(&f.sectors)).unwrap_or_default()),
                starts_on: Set(details.and_then(|f| f.starts_on)),
                ends_on: Set(details.and_then(|f| f.ends_on)),
                status: Set(details.map_or("not_started", |f| f.status.code()).to_owned()),
                progress: Set(details.map_or(0, |f| f.progress)),
                position: Set(pos as i32),
                version: Set(1),
                updated_at: Set(stamp),
                ..Default::default()
            }
            .insert(db)
            .await?;
            let Some(details) = details else { continue };
            for m in &details.milestones {
                milestone::ActiveModel {
                    territory_id: Set(t),
                    action_id: Set(action_row.id),
                    title: Set(m.title.clone()),
                    due_on: Set(m.due_on),
                    done_on: Set(m.done_on),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
            for b in &details.budget {
                budget_line::ActiveModel {
                    territory_id: Set(t),
                    action_id: Set(action_row.id),
                    year: Set(b.year),
                    funder: Set(b.funder.clone()),
                    planned: Set(b.planned),
                    spent: Set(b.spent),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
            for (ipos, ind) in details.indicators.iter().enumerate() {
                let ind_row = indicator::ActiveModel {
                    territory_id: Set(t),
                    action_id: Set(action_row.id),
                    name: Set(ind.name.clone()),
                    unit: Set(ind.unit.clone()),
                    direction: Set(ind.direction.code().to_owned()),
                    baseline: Set(ind.baseline),
                    baseline_year: Set(ind.baseline_year),
                    position: Set(ipos as i32),
                    live_figure: Set(ind.live_figure.map(|f| f.code())),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                for (year, (target, actual)) in &ind.values {
                    indicator_value::ActiveModel {
                        territory_id: Set(t),
                        indicator_id: Set(ind_row.id),
                        year: Set(*year),
                        target: Set(*target),
                        actual: Set(*actual),
                        source: Set(if actual.is_some() { ind.source.clone() } else { String::new() }),
                        updated_at: Set(stamp),
                        ..Default::default()
                    }
                    .insert(db)
                    .await?;
                }
            }
        }
    }
    let actions: usize = plan.axes.iter().map(|a| a.actions.len()).sum();
    let mut changes = Changes::new();
    changes.compare("Plan importé", "", format!("{} axes, {actions} actions", plan.axes.len()));
    audit::record(db, actor, "convention", conv.id, "import", &format!("Plan importé : {}", conv.title), &changes)
        .await?;
    decode::convention(conv)
}
