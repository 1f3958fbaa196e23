//! The demo territory: the seed convention word for word, a third of its
//! actions with an invented fiche, one account per role, and a history
//! (committees, journal notes, yearly reviews: see `demo_history`), and a
//! childcare offer (facilities and childminders: see `demo_registers`) and
//! demand (families' requests: see `demo_requests`).

use std::path::Path;

use anyhow::Result;
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::Role;

const SEED_PLAN: &str = include_str!("../demo/ctg-plan-2023-2026.toml");
const DEMO_FICHES: &str = include_str!("../demo/fiches.toml");

pub const DEMO_ACCOUNTS: [(Role, &str, &str); 7] = [
    (Role::Coordinator, "coordination@demo.maillage.fr", "Camille Martin"),
    (Role::ActionLead, "pilote@demo.maillage.fr", "Karim Benali"),
    (Role::Elected, "elu@demo.maillage.fr", "Sophie Leroy"),
    (Role::CafPartner, "caf@demo.maillage.fr", "Julien Morel"),
    (Role::Relais, "relais@demo.maillage.fr", "Nadia Girard"),
    (Role::FacilityManager, "creche@demo.maillage.fr", "Paul Fontaine"),
    (Role::Childminder, "asmat@demo.maillage.fr", "Isabelle Roux"),
];

/// Deletes the demo database file and returns the URL of a fresh one.
pub fn reset_database(data_dir: &Path) -> Result<String> {
    std::fs::create_dir_all(data_dir)?;
    for suffix in ["", "-wal", "-shm"] {
        let path = data_dir.join(format!("demo.sqlite{suffix}"));
        if path.exists() {
            std::fs::remove_file(path)?;
        }
    }
    crate::cli::sqlite_url(data_dir, "demo.sqlite")
}

/// The seed plan followed by the demo fiches, as one plan file.
pub fn plan_text() -> String {
    format!("{SEED_PLAN}\n{DEMO_FICHES}")
}

pub async fn load(db: &DatabaseConnection, password: Option<&str>) -> Result<()> {
    let territory =
        maillage_db::territory::create(db, "ville-de-demo", "Ville-de-Démo (commune fictive)", true).await?;
    let actor = Actor::command_line(territory.id, "démonstration");
    println!("\nComptes de démonstration (données fictives) :");
    for (role, email, name) in DEMO_ACCOUNTS {
        let secret = password
            .map(str::to_owned)
            .unwrap_or_else(|| maillage_db::accounts::secrets::random_secret()[..16].to_owned());
        let cx = maillage_db::ops::Ctx {
            db,
            actor: &actor,
            today: maillage_domain::time::date_in_france(chrono::Utc::now()),
        };
        maillage_db::accounts::ops::create_user(&cx, email, name, role, &secret)
            .await
            .map_err(|e| anyhow::anyhow!("compte de démonstration {email} : {e}"))?;
        println!("  {:<42} {:<32} mot de passe : {secret}", role.label(), email);
    }
    let plan = maillage_domain::plan::import::parse_plan(&plan_text())
        .map_err(|errors| anyhow::anyhow!("demo plan invalid: {errors:?}"))?;
    let txn = maillage_db::begin_write(db).await?;
    let convention = maillage_db::plan::import::import_plan(&txn, &actor, &plan).await?;
    txn.commit().await?;
    // The fiches' lead writes the journal notes under their own name.
    let lead_email = DEMO_ACCOUNTS.iter().find(|(r, ..)| *r == Role::ActionLead).map(|(_, e, _)| *e).unwrap_or("");
    let lead = maillage_db::accounts::find_in(db, territory.id, lead_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("compte de démonstration {lead_email} absent"))?;
    let lead = Actor { territory_id: territory.id, user_id: Some(lead.id), name: lead.display_name, role: lead.role };
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    crate::demo_history::load(db, &actor, &lead, convention.id, today).await?;
    crate::demo_registers::load(&maillage_db::ops::Ctx { db, actor: &actor, today }).await?;
    crate::demo_registers::load_projects(&maillage_db::ops::Ctx { db, actor: &actor, today }).await?;
    // The relais follows the families' requests under her own name.
    let relais_email = DEMO_ACCOUNTS.iter().find(|(r, ..)| *r == Role::Relais).map(|(_, e, _)| *e).unwrap_or("");
    let relais = maillage_db::accounts::find_in(db, territory.id, relais_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("compte de démonstration {relais_email} absent"))?;
    let relais =
        Actor { territory_id: territory.id, user_id: Some(relais.id), name: relais.display_name, role: relais.role };
    crate::demo_requests::load(db, &relais, &territory.name, today).await?;
    println!();
    Ok(())
}
