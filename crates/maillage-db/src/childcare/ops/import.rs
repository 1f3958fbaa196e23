//! Importing checked rows into the childminders' register: every row or
//! none, in one transaction. A childminder is recognised by her approval
//! number, so importing a file twice changes nothing the second time; her
//! places change only when the file gives others. A dry run does the very
//! same work and rolls it back, so its report is what the import will do.

use std::collections::HashMap;

use maillage_domain::Permission;
use maillage_domain::childcare::import::{ChildminderRow, ImportProblem};
use maillage_domain::childcare::offer::succession;
use maillage_domain::childcare::{Childminder, ChildminderFields, Holder};

use super::super::{capacities, childminders, facilities};
use crate::DbError;
use crate::ops::{Ctx, OpResult};

/// What an import did, or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Childminders whose places changed.
    pub places: usize,
    /// Problems only the register knows (places starting before the ones
    /// recorded): with any, nothing is written.
    pub problems: Vec<ImportProblem>,
}

fn same(c: &Childminder, f: &ChildminderFields) -> bool {
    c.first_name == f.first_name
        && c.last_name == f.last_name
        && c.approval_number == f.approval_number
        && c.birth_year == f.birth_year
        && c.sector == f.sector
        && c.active == f.active
        && c.phone == f.phone
        && c.email == f.email
}

/// Imports `rows` (checked by `childcare::import::childminder_rows`);
/// `valid_from_column` names the column of the places' date in problems.
pub async fn import_childminders(
    cx: &Ctx<'_>,
    rows: &[ChildminderRow],
    valid_from_column: &str,
    dry_run: bool,
) -> OpResult<ImportReport> {
    cx.require(Permission::EditRegisters)?;
    let t = cx.territory();
    let txn = crate::begin_write(cx.db).await?;
    let mams: HashMap<i32, String> =
        facilities::list_mams(&txn, t).await?.into_iter().map(|f| (f.id, f.name)).collect();
    let mut known: HashMap<String, Childminder> =
        childminders::all(&txn, t).await?.into_iter().map(|c| (c.approval_number.to_uppercase(), c)).collect();
    let mut report = ImportReport::default();
    for row in rows {
        let key = row.fields.approval_number.to_uppercase();
        let (id, label) = match known.get(&key) {
            Some(c) => {
                // The file says nothing of MAMs: hers stays.
                let fields = ChildminderFields { mam_id: c.mam_id, ..row.fields.clone() };
                if same(c, &fields) {
                    report.unchanged += 1;
                } else {
                    let mam = c.mam_id.and_then(|id| mams.get(&id)).map_or("", String::as_str);
                    childminders::update(&txn, cx.actor, c.id, c.version, &fields, (mam, mam)).await?;
                    report.updated += 1;
                }
                (c.id, c.full_name())
            }
            None => {
                let created = childminders::create(&txn, cx.actor, &row.fields, "").await?;
                report.created += 1;
                let label = created.full_name();
                let id = created.id;
                known.insert(key, created);
                (id, label)
            }
        };
        let Some(capacity) = &row.capacity else { continue };
        let holder = Holder::Childminder(id);
        let recorded = capacities::of(&txn, t, holder).await?;
        let running = recorded.iter().filter(|c| c.valid_to.is_none()).max_by_key(|c| c.valid_from);
        if running.is_some_and(|c| c.places == capacity.places) {
            continue;
        }
        match capacities::add(&txn, cx.actor, holder, capacity, |existing| succession(existing, capacity), &label).await
        {
            Ok(_) => report.places += 1,
            Err(capacities::AddError::Refused(errors)) => {
                report.problems.extend(errors.iter().map(|e| ImportProblem {
                    line: row.line,
                    column: valid_from_column.to_owned(),
                    message: e.message.clone(),
                }));
            }
            Err(capacities::AddError::Storage(e)) => return Err(e.into()),
        }
    }
    if dry_run || !report.problems.is_empty() {
        txn.rollback().await.map_err(DbError::from)?;
    } else {
        txn.commit().await.map_err(DbError::from)?;
    }
    Ok(report)
}
