//! A territory's sectors, and their import: all or nothing, known by code
//! from one import to the next, each sector created or changed in the
//! audit log (the shape's change said, not its thousands of points).

use maillage_domain::Permission;
use maillage_domain::audit::Changes;
use maillage_domain::needs::sector::{self, Change, RowProblem, Sector, SectorRow};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set};

use crate::entity::sector as row;
use crate::ops::{Ctx, OpResult};
use crate::scoped::scoped;
use crate::{Result, audit};

fn decode(m: row::Model) -> Sector {
    Sector { id: m.id, territory_id: m.territory_id, code: m.code, name: m.name, geometry: m.geometry }
}

/// The territory's sectors, by name.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Sector>> {
    let rows = scoped::<row::Entity>(territory_id).order_by_asc(row::Column::Name).all(db).await?;
    Ok(rows.into_iter().map(decode).collect())
}

/// One sector by its code.
pub async fn by_code(db: &impl ConnectionTrait, territory_id: i32, code: &str) -> Result<Option<Sector>> {
    let found = scoped::<row::Entity>(territory_id).filter(row::Column::Code.eq(code)).one(db).await?;
    Ok(found.map(decode))
}

/// What an import did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// « Entité 3 (« 35238 », Rennes) : nom, contour », one line a sector
    /// created or changed.
    pub changes: Vec<String>,
    /// With any, nothing is written.
    pub problems: Vec<RowProblem>,
}

fn report(planned: &[(SectorRow, Change)]) -> ImportReport {
    let mut r = ImportReport::default();
    for (s, change) in planned {
        let what = match change {
            Change::New => {
                r.created += 1;
                "nouveau secteur".to_owned()
            }
            Change::Known { changed, .. } if changed.is_empty() => {
                r.unchanged += 1;
                continue;
            }
            Change::Known { changed, .. } => {
                r.updated += 1;
                changed.join(", ")
            }
        };
        r.changes.push(format!("Entité {} (« {} », {}) : {what}", s.number, s.code, s.name));
    }
    r
}

/// Imports `rows` (read from a file with the properties the user chose):
/// every row checked first; a dry run says what would change and writes
/// nothing.
pub async fn import(cx: &Ctx<'_>, rows: &[SectorRow], dry_run: bool) -> OpResult<ImportReport> {
    cx.require(Permission::EditSectors)?;
    let problems = sector::check(rows);
    if !problems.is_empty() {
        return Ok(ImportReport { problems, ..Default::default() });
    }
    let t = cx.territory();
    if dry_run {
        return Ok(report(&sector::plan(rows, &list(cx.db, t).await?)));
    }
    let txn = crate::begin_write(cx.db).await?;
    let planned = sector::plan(rows, &list(&txn, t).await?);
    let mut entries = Vec::new();
    for (s, change) in &planned {
        match change {
            Change::New => {
                let created = row::ActiveModel {
                    territory_id: Set(t),
                    code: Set(s.code.clone()),
                    name: Set(s.name.clone()),
                    geometry: Set(s.geometry.clone()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                let mut c = Changes::new();
                c.compare("Code", "", &s.code).compare("Nom", "", &s.name);
                entries.push(audit::entry(
                    cx.actor,
                    "sector",
                    created.id,
                    "create",
                    &format!("Secteur « {} » importé", s.name),
                    &c,
                ));
            }
            Change::Known { changed, .. } if changed.is_empty() => {}
            Change::Known { id, .. } => {
                let before = crate::scoped::get::<row::Entity>(&txn, t, *id).await?;
                let mut c = Changes::new();
                c.compare("Nom", &before.name, &s.name);
                if before.geometry != s.geometry {
                    c.compare("Contour", "précédent", "celui du fichier importé");
                }
                let mut update: row::ActiveModel = before.into();
                update.name = Set(s.name.clone());
                update.geometry = Set(s.geometry.clone());
                update.update(&txn).await?;
                entries.push(audit::entry(
                    cx.actor,
                    "sector",
                    *id,
                    "update",
                    &format!("Secteur « {} » réimporté", s.name),
                    &c,
                ));
            }
        }
    }
    if !entries.is_empty() {
        audit::record_many(&txn, t, entries).await?;
    }
    txn.commit().await?;
    Ok(report(&planned))
}
