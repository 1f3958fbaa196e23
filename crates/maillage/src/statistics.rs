//! `maillage statistics`: a year's figures for every territory of the
//! deployment, sector by sector, in the partners' version (no count under
//! 5, none that a subtraction would give back), as the CSV a CAF or the
//! CNAF hosting the country hands over. The country is read in one pass
//! (`statistics::country_year_facts`), each territory computed as its own
//! `/statistiques` page computes it, so a figure reads the same in both.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, bail};
use chrono::{Datelike, NaiveDate};
use maillage_db::DatabaseConnection;
use maillage_db::childcare::statistics::{YearFacts, country_year_facts};
use maillage_tabular::{Cell, Sheet};
use maillage_web::childcare::statistics::Computed;
use maillage_web::childcare::statistics::sheets::{self, View};

/// The partners' sector sheet of one territory's facts.
fn sectors_sheet(facts: &YearFacts, year: i32, today: NaiveDate) -> Sheet {
    let computed = Computed::of(facts, year, today);
    let view = View { partners: true, hidden: &computed.hidden, sector: None };
    sheets::sectors(&computed.statistics, &view)
}

pub async fn export(db: &DatabaseConnection, year: Option<i32>, out: &Path) -> anyhow::Result<()> {
    let today = maillage_domain::time::date_in_france(chrono::Utc::now());
    let latest = today.year() + 5;
    let year = year.unwrap_or(today.year());
    if !(2000..=latest).contains(&year) {
        bail!("--year : une année de 2000 à {latest}, par exemple {}.", today.year());
    }
    let started = std::time::Instant::now();
    let names: HashMap<i32, String> =
        maillage_db::territory::list(db).await?.into_iter().map(|t| (t.id, t.name)).collect();
    let country = country_year_facts(db, year, today).await?.context("une année sans calendrier")?;
    let mut headers = vec!["Territoire".to_owned()];
    headers.extend(sectors_sheet(&YearFacts::default(), year, today).headers);
    let mut rows = Vec::new();
    for (territory, facts) in &country {
        let name = names.get(territory).cloned().unwrap_or_default();
        let sheet = sectors_sheet(facts, year, today);
        for row in sheet.rows.into_iter().chain(std::iter::once(sheet.totals)) {
            rows.push(std::iter::once(Cell::Text(name.clone())).chain(row).collect());
        }
    }
    let lines = rows.len();
    let sheet = Sheet { name: format!("Statistiques {year}"), headers, rows, totals: Vec::new() };
    let bytes = maillage_tabular::to_csv(&sheet)?;
    std::fs::write(out, bytes).with_context(|| format!("écriture de {}", out.display()))?;
    println!(
        "Statistiques {year} de {} territoire(s), {lines} ligne(s), version pour les partenaires (comptes de moins de 5 masqués), en {:.1} s : {}",
        country.len(),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
