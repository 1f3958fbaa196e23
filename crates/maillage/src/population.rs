//! `maillage population import`: the sectors' figures by year from a
//! spreadsheet, checked line by line (known sector, year, counts), all or
//! nothing, as the registers' imports are.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::needs::population::{POPULATION_FIELDS, population_rows};

pub async fn import(
    db: &DatabaseConnection,
    territory: &str,
    file: &Path,
    overrides: &[String],
    dry_run: bool,
) -> Result<()> {
    let t = crate::cli::territory_by_slug(db, territory).await?;
    let bytes = std::fs::read(file).with_context(|| format!("lecture de {} impossible", file.display()))?;
    let table = maillage_tabular::read(&bytes).map_err(|e| anyhow::anyhow!("{} : {e}", file.display()))?;
    eprintln!("{} : {}, {} ligne(s).", file.display(), table.read_as, table.rows.len());
    let mapping = crate::import::mapping(&POPULATION_FIELDS, &table.headers, None, overrides)?;
    let sectors: HashSet<String> =
        maillage_db::needs::sectors::list(db, t.id).await?.into_iter().map(|s| s.code).collect();
    if sectors.is_empty() {
        bail!(
            "le territoire « {territory} » n'a pas encore de secteurs : importez-les d'abord (maillage sectors import)"
        );
    }
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    let lines = table.rows.iter().map(|r| (r.line, r.cells.as_slice()));
    let rows = match population_rows(&table.headers, lines, &mapping, &sectors, today.year()) {
        Ok(rows) => rows,
        Err(problems) => {
            crate::import::print_problems(&problems);
            bail!("{} problème(s) : rien n'a été importé", problems.len());
        }
    };
    let actor = Actor::command_line(t.id, "ligne de commande");
    let cx = Ctx { db, actor: &actor, today };
    let report = match maillage_db::needs::population::import(&cx, &rows, dry_run).await {
        Ok(r) => r,
        Err(OpError::Refused(r)) => bail!("refusé : {r:?}"),
        Err(OpError::Storage(e)) => return Err(e.into()),
    };
    let verb = if dry_run { "seraient" } else { "sont" };
    println!(
        "{} ligne(s) de chiffres {verb} créée(s), {} modifiée(s), {} inchangée(s){}.",
        report.created,
        report.updated,
        report.unchanged,
        if dry_run { " (essai : rien n'a été écrit)" } else { "" }
    );
    Ok(())
}
