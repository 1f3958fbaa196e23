//! `maillage sectors import`: a territory's sectors from a GeoJSON file,
//! checked feature by feature (RFC 7946, a code and a name each, no code
//! twice), all or nothing, known by code from one import to the next. A
//! file of communes is matched against the embedded commune list and the
//! codes it does not know are said (communes merged since the file was
//! made), without refusing the file.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use maillage_carto::geojson::{self, Feature, GeoJsonError};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::needs::sector::{SectorRow, unknown_communes};

/// Lines of a list printed before « … and N more ».
const SHOWN: usize = 50;

/// The properties the user chose, if any.
pub struct Properties {
    pub code: Option<String>,
    pub name: Option<String>,
}

fn list<T: std::fmt::Display>(items: &[T]) {
    for item in items.iter().take(SHOWN) {
        eprintln!("  {item}");
    }
    if items.len() > SHOWN {
        eprintln!("  … et {} autre(s).", items.len() - SHOWN);
    }
}

/// The property chosen, or the usual one when every feature has it.
fn choose(features: &[Feature], chosen: &Option<String>, usual: &[&str], what: &str, flag: &str) -> Result<String> {
    let found = geojson::properties(features);
    if let Some(p) = chosen {
        if found.iter().any(|(n, _)| n == p) {
            return Ok(p.clone());
        }
    } else if let Some(p) = usual.iter().find(|u| found.iter().any(|(n, _)| n == *u)) {
        return Ok((*p).to_owned());
    }
    eprintln!("Propriétés des entités, avec quelques valeurs :");
    for (name, examples) in &found {
        eprintln!("  {name} : {}", examples.join(", "));
    }
    match chosen {
        Some(p) => bail!("les entités n'ont pas de propriété « {p} » : choisissez celle du {what} avec {flag}"),
        None => bail!("choisissez la propriété qui donne le {what} de chaque secteur avec {flag}"),
    }
}

pub async fn import(
    db: &DatabaseConnection,
    territory: &str,
    file: &Path,
    chosen: &Properties,
    dry_run: bool,
) -> Result<()> {
    let t = crate::cli::territory_by_slug(db, territory).await?;
    let bytes = std::fs::read(file).with_context(|| format!("lecture de {} impossible", file.display()))?;
    let features = match geojson::parse(&bytes, chosen.code.as_deref().or(Some("code"))) {
        Ok(features) => features,
        Err(GeoJsonError::Features { problems, total }) => {
            list(&problems);
            bail!("{} entité(s) sur {total} ne peuvent pas être lues : rien n'a été importé", problems.len());
        }
        Err(e) => bail!("{} : {e}", file.display()),
    };
    let code = choose(
        &features,
        &chosen.code,
        &["code", "CODE", "insee", "INSEE_COM", "code_insee"],
        "code",
        "--code-property",
    )?;
    let name =
        choose(&features, &chosen.name, &["nom", "name", "NOM", "libelle", "NOM_COM"], "nom", "--name-property")?;
    eprintln!("{} : {} entité(s), code « {code} », nom « {name} ».", file.display(), features.len());
    let rows: Vec<SectorRow> = features
        .iter()
        .map(|f| SectorRow {
            number: f.number,
            code: f.text(&code).unwrap_or_default(),
            name: f.text(&name).unwrap_or_default(),
            geometry: f.geometry_json(),
        })
        .collect();
    let communes: HashSet<String> = maillage_domain::geo::communes().into_iter().map(|c| c.code).collect();
    let unknown = unknown_communes(&rows, &communes);
    if !unknown.is_empty() {
        eprintln!(
            "{} code(s) ne correspondent à aucune commune de la liste officielle 2026 (commune fusionnée depuis ?), importés tels quels :",
            unknown.len()
        );
        let lines: Vec<String> =
            unknown.iter().map(|r| format!("entité {} : {} ({})", r.number, r.code, r.name)).collect();
        list(&lines);
    }
    let actor = Actor::command_line(t.id, "ligne de commande");
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    let cx = Ctx { db, actor: &actor, today };
    let report = match maillage_db::needs::sectors::import(&cx, &rows, dry_run).await {
        Ok(r) => r,
        Err(OpError::Refused(r)) => bail!("refusé : {r:?}"),
        Err(OpError::Storage(e)) => return Err(e.into()),
    };
    if !report.problems.is_empty() {
        list(&report.problems);
        bail!("{} problème(s) : rien n'a été importé", report.problems.len());
    }
    list(&report.changes);
    let verb = if dry_run { "seraient" } else { "sont" };
    println!(
        "{} secteur(s) {verb} créé(s), {} modifié(s), {} inchangé(s){}.",
        report.created,
        report.updated,
        report.unchanged,
        if dry_run { " (essai : rien n'a été écrit)" } else { "" }
    );
    Ok(())
}
