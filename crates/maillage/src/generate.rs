//! `maillage generate`: the synthetic national dataset, for scale tests
//! and benchmarks (see `maillage_domain::childcare::synthetic`).

use std::time::Instant;

use anyhow::{Result, anyhow};
use maillage_db::DatabaseConnection;
use maillage_domain::childcare::synthetic::{Scale, SyntheticTerritory};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ScaleArg {
    /// The whole country: 1,353 territories, about 260,000 childminders.
    National,
    /// One département (see --departement): a quick run.
    Departement,
}

/// The territories to generate, or why none (checked before the database
/// is opened: a mistyped département creates no empty file).
pub fn plan(scale: ScaleArg, departement: &str) -> Result<Vec<SyntheticTerritory>> {
    let scale = match scale {
        ScaleArg::National => Scale::National,
        ScaleArg::Departement => Scale::Departement(departement.trim().to_uppercase()),
    };
    maillage_db::childcare::synthetic::plan(&scale).map_err(|e| anyhow!(e))
}

pub async fn run(db: &DatabaseConnection, territories: &[SyntheticTerritory]) -> Result<()> {
    let total = territories.len();
    println!("{total} territoire(s) à générer (un par EPCI, ses communes pour secteurs).");
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    let started = Instant::now();
    let mut count = 0;
    let done = maillage_db::childcare::synthetic::generate(db, territories, today, |t, so_far| {
        count += 1;
        if count % 100 == 0 || count == total || t.sectors.len() > 100 {
            println!(
                "  {count}/{total} {} ({} communes) : {} demandes en tout, {:.0} s",
                t.name,
                t.sectors.len(),
                so_far.requests,
                started.elapsed().as_secs_f64()
            );
        }
    })
    .await
    .map_err(|e| anyhow!("génération interrompue : {e}"))?;
    println!(
        "Fait en {:.0} s : {} territoires, {} secteurs, {} établissements ({} places), {} assistant·e·s maternel·le·s, {} déclarations de places libres, {} demandes.",
        started.elapsed().as_secs_f64(),
        done.territories,
        done.sectors,
        done.facilities,
        done.facility_places,
        done.childminders,
        done.declarations,
        done.requests
    );
    if let Some(largest) = territories.iter().max_by_key(|t| t.population()) {
        println!(
            "\nAucun compte n'est créé. Pour ouvrir le plus grand territoire ({}) :\n  \
             echo 'un mot de passe de 12 caractères ou plus' | maillage [--data-dir …] user add --territory {} \
             --role coordinator --email vous@exemple.fr --name \"Votre nom\"\n\
             puis `maillage serve` ; `maillage territory list` donne les autres territoires, \
             `maillage user grant` y ouvre le même compte.",
            largest.name, largest.slug
        );
    }
    Ok(())
}
