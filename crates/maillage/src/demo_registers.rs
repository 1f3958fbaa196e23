//! The demo territory's childcare registers: the facilities of
//! `demo/registers.toml` with the history of their places, and about 120
//! childminders drawn from fixed lists (the same every time), written
//! through the registers' operations.

use anyhow::{Context, Result, anyhow};
use maillage_db::childcare::ops;
use maillage_db::ops::{Ctx, OpError};
use maillage_domain::childcare::{CapacityForm, ChildminderForm, FacilityForm, Holder};
use serde::Deserialize;

const REGISTERS: &str = include_str!("../demo/registers.toml");

#[derive(Deserialize)]
struct Registers {
    facility: Vec<FacilityEntry>,
}

#[derive(Deserialize)]
struct FacilityEntry {
    name: String,
    kind: String,
    #[serde(default)]
    identifier: String,
    manager: String,
    address: String,
    sector: String,
    #[serde(default)]
    funding: String,
    days: Vec<String>,
    hours: [String; 2],
    capacity: Vec<CapacityEntry>,
}

#[derive(Deserialize)]
struct CapacityEntry {
    from: String,
    #[serde(default)]
    infant: u32,
    #[serde(default)]
    toddler: u32,
    #[serde(default)]
    preschool: u32,
    #[serde(default)]
    employer: u32,
}

fn refused(what: &str, e: OpError) -> anyhow::Error {
    anyhow!("démonstration, {what} : {e:?}")
}

const FIRST_NAMES: [&str; 24] = [
    "Amina",
    "Béatrice",
    "Carole",
    "Delphine",
    "Élodie",
    "Fatou",
    "Géraldine",
    "Hélène",
    "Isabelle",
    "Joëlle",
    "Karima",
    "Laurence",
    "Malika",
    "Nathalie",
    "Océane",
    "Patricia",
    "Rachida",
    "Sandrine",
    "Sylvie",
    "Valérie",
    "Yasmina",
    "Zoé",
    "Marc",
    "Thierry",
];
const LAST_NAMES: [&str; 30] = [
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Haddad",
    "Nguyen",
];
const SECTORS: [&str; 3] = ["Centre", "Quartiers Nord", "Hameaux"];

/// How many childminders the demo has.
pub const CHILDMINDERS: u32 = 120;

/// A number from `i` that looks random but is the same on every run.
fn mix(i: u32, salt: u32) -> u32 {
    let mut x = i.wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503);
    x ^= x >> 15;
    x = x.wrapping_mul(2_246_822_519);
    x ^ (x >> 13)
}

pub async fn load(cx: &Ctx<'_>) -> Result<()> {
    let registers: Registers = toml::from_str(REGISTERS).context("demo/registers.toml")?;
    let mut mams = Vec::new();
    for f in registers.facility {
        let has = |d: &str| if f.days.iter().any(|x| x == d) { "on".to_owned() } else { String::new() };
        let form = FacilityForm {
            name: f.name.clone(),
            kind: f.kind.clone(),
            identifier: f.identifier,
            manager: f.manager,
            address: f.address,
            sector: f.sector.clone(),
            funding: f.funding,
            mon: has("mon"),
            tue: has("tue"),
            wed: has("wed"),
            thu: has("thu"),
            fri: has("fri"),
            sat: has("sat"),
            sun: has("sun"),
            opens_at: f.hours[0].clone(),
            closes_at: f.hours[1].clone(),
            ..Default::default()
        };
        let saved = ops::create_facility(cx, &form).await.map_err(|e| refused(&f.name, e))?;
        for c in f.capacity {
            let form = CapacityForm {
                valid_from: c.from,
                infant: c.infant.to_string(),
                toddler: c.toddler.to_string(),
                preschool: c.preschool.to_string(),
                employer_places: c.employer.to_string(),
                ..Default::default()
            };
            ops::add_capacity(cx, Holder::Facility(saved.id), &form).await.map_err(|e| refused(&f.name, e))?;
        }
        if f.kind == "mam" {
            mams.push((saved.id, f.sector));
        }
    }
    for i in 0..CHILDMINDERS {
        let sector = SECTORS[(mix(i, 1) % 3) as usize];
        // One in ten works in a MAM of their sector, when there is one.
        let mam = mams.iter().find(|(_, s)| s == sector && mix(i, 2).is_multiple_of(10)).map(|(id, _)| id.to_string());
        let birth_year = 1960 + mix(i, 3) % 39;
        let form = ChildminderForm {
            first_name: FIRST_NAMES[(mix(i, 4) % 24) as usize].to_owned(),
            last_name: LAST_NAMES[(mix(i, 5) % 30) as usize].to_owned(),
            approval_number: format!("AM-69-{:04}", 1000 + i * 7),
            birth_year: birth_year.to_string(),
            sector: sector.to_owned(),
            mam_id: mam.unwrap_or_default(),
            // About one in twelve has stopped working.
            active: if mix(i, 6).is_multiple_of(12) { String::new() } else { "on".to_owned() },
            ..Default::default()
        };
        let saved = ops::create_childminder(cx, &form).await.map_err(|e| refused(&form.approval_number, e))?;
        // Approved for 2 to 4 children: a baby for half of them, an older
        // child for a third; some renewed later with one more place.
        let start_year = 2008 + mix(i, 7) % 16;
        let places = 2 + mix(i, 8) % 3;
        let infant = mix(i, 11) % 2;
        let preschool = u32::from(mix(i, 12).is_multiple_of(3));
        let toddler = places.saturating_sub(infant + preschool).max(1);
        let first = CapacityForm {
            valid_from: format!("{start_year}-{:02}-01", 1 + mix(i, 9) % 12),
            infant: infant.to_string(),
            toddler: toddler.to_string(),
            preschool: preschool.to_string(),
            ..Default::default()
        };
        ops::add_capacity(cx, Holder::Childminder(saved.id), &first).await.map_err(|e| refused("agrément", e))?;
        if start_year < 2020 && mix(i, 10).is_multiple_of(3) {
            let renewed = CapacityForm {
                valid_from: format!("{}-09-01", start_year + 5),
                toddler: (toddler + 1).to_string(),
                ..first
            };
            ops::add_capacity(cx, Holder::Childminder(saved.id), &renewed).await.map_err(|e| refused("agrément", e))?;
        }
    }
    Ok(())
}

/// Two projects the relais follows: a MAM with its premises found, a
/// micro-crèche waiting for the PMI's opinion.
pub async fn load_projects(cx: &Ctx<'_>) -> Result<()> {
    use chrono::{Datelike, Months};
    use maillage_domain::childcare::project::{ProjectForm, StepForm};
    let today = cx.today;
    let next_september = chrono::NaiveDate::from_ymd_opt(today.year() + 1, 9, 1).unwrap_or(today);
    let projects = [
        (
            "MAM Les Coccinelles",
            "Association Les Coccinelles",
            "mam",
            "4",
            "8",
            "Quartiers Nord",
            10,
            vec![("feasibility", 8, ""), ("premises", 3, "Rez-de-chaussée de 130 m² rue des Acacias, bail signé.")],
        ),
        (
            "Micro-crèche Les Lilas",
            "SAS Petits Pas",
            "micro_creche",
            "3",
            "9",
            "Hameaux",
            14,
            vec![
                ("feasibility", 12, ""),
                ("premises", 7, "Ancienne école du hameau, travaux en cours."),
                ("pmi_opinion", 1, "Visite de la PMI prévue, dossier complet."),
            ],
        ),
    ];
    for (name, holder, kind, infant, toddler, sector, months_ago, steps) in projects {
        let first = today.checked_sub_months(Months::new(months_ago)).unwrap_or(today);
        let form = ProjectForm {
            name: name.into(),
            holder: holder.into(),
            kind: kind.into(),
            infant: infant.into(),
            toddler: toddler.into(),
            sector: sector.into(),
            expected_opening: next_september.to_string(),
            ..Default::default()
        };
        let at = Ctx { db: cx.db, actor: cx.actor, today: first };
        let mut project = ops::create_project(&at, &form).await.map_err(|e| refused(name, e))?;
        for (stage, months_ago, note) in steps {
            let on = today.checked_sub_months(Months::new(months_ago)).unwrap_or(today);
            let at = Ctx { db: cx.db, actor: cx.actor, today: on };
            let step = StepForm { stage: stage.into(), on: on.to_string(), note: note.into() };
            project = ops::record_project_step(&at, project.id, project.version, &step)
                .await
                .map_err(|e| refused(name, e))?;
        }
    }
    Ok(())
}
