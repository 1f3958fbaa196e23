//! The sectors' population figures, and their import: all or nothing, a
//! line per sector and year, a column the file lacks keeping what is held,
//! each change in the audit log with the figure before and after.

use std::collections::HashMap;

use maillage_domain::Permission;
use maillage_domain::audit::Changes;
use maillage_domain::needs::population::{Population, PopulationRow};
use sea_orm::{ActiveModelTrait, ConnectionTrait, QueryOrder, Set};

use super::sectors;
use crate::entity::sector_population as row;
use crate::ops::{Ctx, OpResult};
use crate::scoped::scoped;
use crate::{Result, audit};

fn count(n: Option<i32>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

fn stored(n: Option<u32>) -> Option<i32> {
    n.and_then(|n| i32::try_from(n).ok())
}

fn decode(m: row::Model) -> Population {
    Population {
        sector_id: m.sector_id,
        year: m.year,
        children_under_3: count(m.children_under_3),
        births: count(m.births),
        at_school_at_2: count(m.at_school_at_2),
        source: m.source,
    }
}

/// Every figure of the territory, by year then sector.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Population>> {
    let rows = scoped::<row::Entity>(territory_id)
        .order_by_asc(row::Column::Year)
        .order_by_asc(row::Column::SectorId)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(decode).collect())
}

/// What an import did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

fn written(n: Option<u32>) -> String {
    n.map_or_else(String::new, |n| n.to_string())
}

/// A line to write: the row held (if any), the figures after, what changes.
struct Write {
    before: Option<row::Model>,
    after: Population,
    code: String,
    changes: Changes,
}

/// What importing `rows` changes, read from `db` (the transaction, or the
/// database itself for a dry run, which locks nothing).
async fn plan(db: &impl ConnectionTrait, t: i32, rows: &[PopulationRow]) -> Result<(ImportReport, Vec<Write>)> {
    let codes: HashMap<String, i32> = sectors::list(db, t).await?.into_iter().map(|s| (s.code, s.id)).collect();
    let held: HashMap<(i32, i32), row::Model> =
        scoped::<row::Entity>(t).all(db).await?.into_iter().map(|m| ((m.sector_id, m.year), m)).collect();
    let mut report = ImportReport::default();
    let mut writes = Vec::new();
    for r in rows {
        // Checked against the same sectors by the caller; a sector deleted
        // since is not found, and the whole import stops.
        let sector_id = *codes.get(&r.sector).ok_or(crate::DbError::NotFound)?;
        let before = held.get(&(sector_id, r.year)).cloned();
        let old = before.clone().map(decode).unwrap_or(Population {
            sector_id,
            year: r.year,
            children_under_3: None,
            births: None,
            at_school_at_2: None,
            source: String::new(),
        });
        let after = Population {
            sector_id,
            year: r.year,
            children_under_3: r.children_under_3.unwrap_or(old.children_under_3),
            births: r.births.unwrap_or(old.births),
            at_school_at_2: r.at_school_at_2.unwrap_or(old.at_school_at_2),
            source: r.source.clone().unwrap_or_else(|| old.source.clone()),
        };
        let mut changes = Changes::new();
        changes
            .compare("Enfants de moins de 3 ans", written(old.children_under_3), written(after.children_under_3))
            .compare("Naissances", written(old.births), written(after.births))
            .compare("Enfants de 2 ans scolarisés", written(old.at_school_at_2), written(after.at_school_at_2))
            .compare("Source", &old.source, &after.source);
        match &before {
            None => report.created += 1,
            Some(_) if changes.is_empty() => {
                report.unchanged += 1;
                continue;
            }
            Some(_) => report.updated += 1,
        }
        writes.push(Write { before, after, code: r.sector.clone(), changes });
    }
    Ok((report, writes))
}

/// Imports checked `rows` (see `population_rows`): a line per sector and
/// year, created or updated field by field; a dry run writes nothing.
pub async fn import(cx: &Ctx<'_>, rows: &[PopulationRow], dry_run: bool) -> OpResult<ImportReport> {
    cx.require(Permission::EditSectors)?;
    let t = cx.territory();
    if dry_run {
        return Ok(plan(cx.db, t, rows).await?.0);
    }
    let txn = crate::begin_write(cx.db).await?;
    let (report, writes) = plan(&txn, t, rows).await?;
    let mut entries = Vec::new();
    for w in writes {
        let created = w.before.is_none();
        let mut model: row::ActiveModel = match w.before {
            Some(m) => m.into(),
            None => row::ActiveModel {
                territory_id: Set(t),
                sector_id: Set(w.after.sector_id),
                year: Set(w.after.year),
                ..Default::default()
            },
        };
        model.children_under_3 = Set(stored(w.after.children_under_3));
        model.births = Set(stored(w.after.births));
        model.at_school_at_2 = Set(stored(w.after.at_school_at_2));
        model.source = Set(w.after.source.clone());
        let saved = if created { model.insert(&txn).await? } else { model.update(&txn).await? };
        let summary = format!("Chiffres de population {} du secteur « {} »", w.after.year, w.code);
        entries.push(audit::entry(
            cx.actor,
            "sector_population",
            saved.id,
            if created { "create" } else { "update" },
            &summary,
            &w.changes,
        ));
    }
    if !entries.is_empty() {
        audit::record_many(&txn, t, entries).await?;
    }
    txn.commit().await?;
    Ok(report)
}
