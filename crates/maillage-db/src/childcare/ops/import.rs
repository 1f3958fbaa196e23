//! Importing checked rows into a register: every row or none, in one
//! transaction. A childminder is recognised by her approval number, a
//! facility by its identifier, so importing a file twice changes nothing
//! the second time; places change only when the file gives others. The
//! plan (`childcare::import::plan`) is made from what is stored: a dry run
//! shows it without writing, or locking, anything; the import makes it
//! again inside its write transaction and carries it out.

use std::collections::HashMap;

use maillage_domain::Permission;
use maillage_domain::childcare::import::plan::{PlacesStep, Planned, Step, plan_childminders, plan_facilities};
use maillage_domain::childcare::import::{ChildminderRow, FacilityRow, ImportProblem, Mapping};
use maillage_domain::childcare::offer::succession;
use maillage_domain::childcare::{Capacity, Holder};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

use super::super::{bulk, capacities, childminders, facilities};
use crate::ops::{Ctx, OpResult};
use crate::{Actor, DbError};

/// One record the import changes, and which of its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    pub line: usize,
    pub label: String,
    pub fields: Vec<&'static str>,
}

/// What an import did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Records whose places changed.
    pub places: usize,
    /// The records changed, with the fields that change.
    pub changes: Vec<RecordChange>,
    /// Problems only the register knows (places starting before the ones
    /// recorded): with any, nothing is written.
    pub problems: Vec<ImportProblem>,
}

fn column(mapping: &Mapping, key: &str) -> String {
    mapping.get(key).cloned().unwrap_or_default()
}

/// Every capacity of the territory, by holder.
async fn capacities_by(
    db: &impl ConnectionTrait,
    t: i32,
    of: fn(Holder) -> Option<i32>,
) -> Result<HashMap<i32, Vec<Capacity>>, DbError> {
    let mut out: HashMap<i32, Vec<Capacity>> = HashMap::new();
    for c in capacities::all(db, t).await? {
        if let Some(id) = of(c.holder) {
            out.entry(id).or_default().push(c);
        }
    }
    Ok(out)
}

fn childminder_of(h: Holder) -> Option<i32> {
    if let Holder::Childminder(id) = h { Some(id) } else { None }
}

fn facility_of(h: Holder) -> Option<i32> {
    if let Holder::Facility(id) = h { Some(id) } else { None }
}

/// The report of a plan; `places_column` names the places' date column.
fn report_of<F>(plan: &[Planned<F>], places_column: &str) -> ImportReport {
    let mut report = ImportReport::default();
    for p in plan {
        match &p.step {
            Step::Create(_) => report.created += 1,
            Step::Update { changed, .. } => {
                report.updated += 1;
                report.changes.push(RecordChange { line: p.line, label: p.label.clone(), fields: changed.clone() });
            }
            Step::Unchanged { .. } => report.unchanged += 1,
        }
        match &p.places {
            PlacesStep::Keep => {}
            PlacesStep::Add(_) => report.places += 1,
            PlacesStep::Refused(message) => report.problems.push(ImportProblem {
                line: p.line,
                column: places_column.to_owned(),
                message: message.clone(),
            }),
        }
    }
    report
}

/// Adds the planned places of `holder` (checked again under the lock).
async fn add_places(
    txn: &DatabaseTransaction,
    actor: &Actor,
    holder: Holder,
    p: &PlacesStep,
    label: &str,
) -> Result<Option<String>, DbError> {
    let PlacesStep::Add(capacity) = p else { return Ok(None) };
    match capacities::add(txn, actor, holder, capacity, |existing| succession(existing, capacity), label).await {
        Ok(_) => Ok(None),
        Err(capacities::AddError::Refused(errors)) => {
            Ok(Some(errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ")))
        }
        Err(capacities::AddError::Storage(e)) => Err(e),
    }
}

/// Keeps the work, or throws it away when a problem was found.
async fn finish(txn: DatabaseTransaction, report: ImportReport) -> OpResult<ImportReport> {
    if report.problems.is_empty() {
        txn.commit().await.map_err(DbError::from)?;
    } else {
        txn.rollback().await.map_err(DbError::from)?;
    }
    Ok(report)
}

/// Imports `rows` (checked by `childcare::import::childminder_rows` with
/// `mapping`), or with `dry_run` says what the import would do.
pub async fn import_childminders(
    cx: &Ctx<'_>,
    rows: &[ChildminderRow],
    mapping: &Mapping,
    dry_run: bool,
) -> OpResult<ImportReport> {
    cx.require(Permission::EditRegisters)?;
    let t = cx.territory();
    let places_column = column(mapping, "valid_from");
    if dry_run {
        let existing = childminders::all(cx.db, t).await?;
        let caps = capacities_by(cx.db, t, childminder_of).await?;
        return Ok(report_of(&plan_childminders(rows, &existing, &caps, mapping), &places_column));
    }
    let txn = crate::begin_write(cx.db).await?;
    let existing = childminders::all(&txn, t).await?;
    let caps = capacities_by(&txn, t, childminder_of).await?;
    let plan = plan_childminders(rows, &existing, &caps, mapping);
    let mut report = report_of(&plan, &places_column);
    if !report.problems.is_empty() {
        return finish(txn, report).await;
    }
    let mams: HashMap<i32, String> =
        facilities::list_mams(&txn, t).await?.into_iter().map(|f| (f.id, f.name)).collect();
    // New childminders go in together (a national file holds 260,000):
    // nothing of theirs can be refused, they have no places yet.
    let new: Vec<_> = plan
        .iter()
        .filter_map(|p| match (&p.step, &p.places) {
            (Step::Create(fields), PlacesStep::Add(c)) => Some((fields.clone(), Some(*c))),
            (Step::Create(fields), _) => Some((fields.clone(), None)),
            _ => None,
        })
        .collect();
    bulk::create_childminders(&txn, cx.actor, &new, &mams).await?;
    for p in &plan {
        let id = match &p.step {
            Step::Create(_) => continue,
            Step::Update { id, version, fields, .. } => {
                let mam = fields.mam_id.and_then(|m| mams.get(&m)).map_or("", String::as_str);
                childminders::update(&txn, cx.actor, *id, *version, fields, (mam, mam)).await?.id
            }
            Step::Unchanged { id } => *id,
        };
        if let Some(message) = add_places(&txn, cx.actor, Holder::Childminder(id), &p.places, &p.label).await? {
            report.problems.push(ImportProblem { line: p.line, column: places_column.clone(), message });
        }
    }
    finish(txn, report).await
}

/// Imports `rows` (checked by `childcare::import::facility_rows` with
/// `mapping`), or with `dry_run` says what the import would do.
pub async fn import_facilities(
    cx: &Ctx<'_>,
    rows: &[FacilityRow],
    mapping: &Mapping,
    dry_run: bool,
) -> OpResult<ImportReport> {
    cx.require(Permission::EditRegisters)?;
    let t = cx.territory();
    let places_column = column(mapping, "valid_from");
    if dry_run {
        let existing = facilities::list(cx.db, t).await?;
        let caps = capacities_by(cx.db, t, facility_of).await?;
        return Ok(report_of(&plan_facilities(rows, &existing, &caps, mapping), &places_column));
    }
    let txn = crate::begin_write(cx.db).await?;
    let existing = facilities::list(&txn, t).await?;
    let caps = capacities_by(&txn, t, facility_of).await?;
    let plan = plan_facilities(rows, &existing, &caps, mapping);
    let mut report = report_of(&plan, &places_column);
    if !report.problems.is_empty() {
        return finish(txn, report).await;
    }
    for p in &plan {
        let id = match &p.step {
            Step::Create(fields) => facilities::create(&txn, cx.actor, fields).await?.id,
            Step::Update { id, version, fields, .. } => {
                match facilities::update(&txn, cx.actor, *id, *version, fields).await {
                    Ok(saved) => saved.id,
                    // A MAM with childminders cannot change kind: said on its line.
                    Err(DbError::Rule(_, message)) => {
                        report.problems.push(ImportProblem { line: p.line, column: column(mapping, "kind"), message });
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Step::Unchanged { id } => *id,
        };
        if let Some(message) = add_places(&txn, cx.actor, Holder::Facility(id), &p.places, &p.label).await? {
            report.problems.push(ImportProblem { line: p.line, column: places_column.clone(), message });
        }
    }
    finish(txn, report).await
}
