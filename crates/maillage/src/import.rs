//! `maillage childminders import`: a register file (CSV, XLSX, ODS) into a
//! territory, the same checks and the same all-or-nothing operation as
//! the import pages, for files too large to upload (a département's, the
//! country's).

use std::path::Path;

use anyhow::{Context, Result, bail};
use maillage_db::DatabaseConnection;
use maillage_db::childcare::{imports, ops};
use maillage_db::ops::Ctx;
use maillage_domain::childcare::import::{
    CHILDMINDER_FIELDS, ImportField, ImportProblem, Mapping, check_mapping, childminder_rows, propose,
};

/// Problems printed before « … and N more ».
const SHOWN: usize = 50;

pub(crate) fn print_problems(problems: &[ImportProblem]) {
    for p in problems.iter().take(SHOWN) {
        if p.column.is_empty() {
            eprintln!("ligne {} : {}", p.line, p.message);
        } else {
            eprintln!("ligne {}, colonne « {} » : {}", p.line, p.column, p.message);
        }
    }
    if problems.len() > SHOWN {
        eprintln!("… et {} autre(s) problème(s).", problems.len() - SHOWN);
    }
}

/// The columns of `fields` in a file: proposed from its headers and the
/// territory's last mapping, `--map field=Header` pairs on top, then
/// checked; a field left without its column is said and nothing imported.
pub(crate) fn mapping(
    fields: &[ImportField],
    headers: &[String],
    last: Option<&Mapping>,
    overrides: &[String],
) -> Result<Mapping> {
    let mut mapping = propose(fields, headers, last);
    for pair in overrides {
        let Some((field, header)) = pair.split_once('=') else {
            bail!("--map « {pair} » : écrivez champ=Colonne (exemple : {}=Ma colonne)", fields[0].key);
        };
        if !fields.iter().any(|f| f.key == field.trim()) {
            let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
            bail!("--map : champ « {} » inconnu (champs : {})", field.trim(), known.join(", "));
        }
        mapping.insert(field.trim().to_owned(), header.trim().to_owned());
    }
    let errors = check_mapping(fields, headers, &mapping);
    if !errors.is_empty() {
        for e in errors.iter() {
            eprintln!("colonne pour « {} » : {}", e.field, e.message);
        }
        bail!("colonnes à préciser avec --map champ=Colonne : rien n'a été importé");
    }
    Ok(mapping)
}

pub async fn childminders(
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
    let last = imports::last_mapping(db, t.id, "childminders").await?;
    let mapping = mapping(&CHILDMINDER_FIELDS, &table.headers, last.as_ref(), overrides)?;
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    let rows = match childminder_rows(
        &table.headers,
        table.rows.iter().map(|r| (r.line, r.cells.as_slice())),
        &mapping,
        today,
    ) {
        Ok(rows) => rows,
        Err(problems) => {
            print_problems(&problems);
            bail!("{} problème(s) dans le fichier : rien n'a été importé", problems.len());
        }
    };
    let actor = maillage_db::Actor::command_line(t.id, "import en ligne de commande");
    let cx = Ctx { db, actor: &actor, today };
    let report = ops::import_childminders(&cx, &rows, &mapping, dry_run)
        .await
        .map_err(|e| anyhow::anyhow!("import refusé : {e:?}"))?;
    if !report.problems.is_empty() {
        print_problems(&report.problems);
        bail!("{} problème(s) avec le registre : rien n'a été importé", report.problems.len());
    }
    let verb = if dry_run { "Essai (rien n'a été écrit)" } else { "Import terminé" };
    println!(
        "{verb} : {} ajouté·e·s, {} modifié·e·s, {} inchangé·e·s ; places changées pour {}.",
        report.created, report.updated, report.unchanged, report.places
    );
    if !dry_run {
        imports::remember_mapping(db, t.id, "childminders", &mapping).await?;
    }
    Ok(())
}
