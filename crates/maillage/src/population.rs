//! `maillage population import`: the sectors' figures by year from a
//! spreadsheet, checked line by line (known sector, year, counts), all or
//! nothing, as the registers' imports are.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::Datelike;
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::childcare::import::{Mapping, check_mapping, propose};
use maillage_domain::needs::population::{POPULATION_FIELDS, population_rows};

/// `--map field=Header` pairs over the mapping proposed from the headers.
fn mapping(headers: &[String], overrides: &[String]) -> Result<Mapping> {
    let mut mapping = propose(&POPULATION_FIELDS, headers, None);
    for pair in overrides {
        let Some((field, header)) = pair.split_once('=') else {
            bail!("--map « {pair} » : écrivez champ=Colonne (exemple : children_under_3=Pop 0-2 ans)");
        };
        if !POPULATION_FIELDS.iter().any(|f| f.key == field.trim()) {
            let known: Vec<&str> = POPULATION_FIELDS.iter().map(|f| f.key).collect();
            bail!("--map : champ « {} » inconnu (champs : {})", field.trim(), known.join(", "));
        }
        mapping.insert(field.trim().to_owned(), header.trim().to_owned());
    }
    Ok(mapping)
}

pub async fn import(
    db: &DatabaseConnection,
    territory: &str,
    file: &Path,
    overrides: &[String],
    dry_run: bool,
) -> Result<()> {
    let t = maillage_db::territory::find_by_slug(db, territory)
        .await
        .map_err(|_| anyhow::anyhow!("territoire « {territory} » introuvable (voir `maillage territory list`)"))?;
    let bytes = std::fs::read(file).with_context(|| format!("lecture de {} impossible", file.display()))?;
    let table = maillage_tabular::read(&bytes).map_err(|e| anyhow::anyhow!("{} : {e}", file.display()))?;
    eprintln!("{} : {}, {} ligne(s).", file.display(), table.read_as, table.rows.len());
    let mapping = mapping(&table.headers, overrides)?;
    let errors = check_mapping(&POPULATION_FIELDS, &table.headers, &mapping);
    if !errors.is_empty() {
        for e in errors.iter() {
            eprintln!("colonne pour « {} » : {}", e.field, e.message);
        }
        bail!("colonnes à préciser avec --map champ=Colonne : rien n'a été importé");
    }
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
            for p in problems.iter().take(50) {
                match p.column.as_str() {
                    "" => eprintln!("ligne {} : {}", p.line, p.message),
                    column => eprintln!("ligne {}, colonne « {column} » : {}", p.line, p.message),
                }
            }
            if problems.len() > 50 {
                eprintln!("… et {} autre(s) problème(s).", problems.len() - 50);
            }
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
