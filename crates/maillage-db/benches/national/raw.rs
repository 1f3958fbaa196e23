//! The baselines: the rows Maillage reads, fetched with plain SQL through
//! the same connection and left undecoded; and the national register file.

use chrono::NaiveDate;
use maillage_domain::childcare::synthetic::{SyntheticTerritory, offer};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value};

const OPEN: &str = "('filed', 'incomplete', 'searching', 'proposed')";

/// `sql` with its `?` numbered for PostgreSQL.
fn statement(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Statement {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut n = 0;
        sql.chars()
            .map(|c| {
                if c == '?' {
                    n += 1;
                    format!("${n}")
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

async fn fetch(db: &impl ConnectionTrait, sql: &str, values: Vec<Value>) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(statement(db, sql, values)).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Every open request, as (territory, id).
pub async fn open_requests(db: &DatabaseConnection) -> Vec<(i32, i32)> {
    let sql = format!("SELECT territory_id, id FROM care_requests WHERE status IN {OPEN} ORDER BY id");
    let rows = fetch(db, &sql, vec![]).await;
    rows.iter().map(|r| (r.try_get("", "territory_id").unwrap(), r.try_get("", "id").unwrap())).collect()
}

/// The holders of `sectors`, their declarations and the cells of these.
pub async fn candidates(db: &DatabaseConnection, t: i32, sectors: &[String]) {
    let (within, values): (String, Vec<Value>) = if sectors.is_empty() {
        (String::new(), vec![])
    } else {
        (format!(" AND sector IN ({})", marks(sectors.len())), sectors.iter().map(|s| s.as_str().into()).collect())
    };
    let with = |first: Vec<Value>| first.into_iter().chain(values.clone()).collect::<Vec<Value>>();
    let facilities = format!("SELECT id FROM facilities WHERE territory_id = ?{within}");
    let childminders = format!("SELECT id FROM childminders WHERE territory_id = ? AND active = ?{within}");
    fetch(
        db,
        &format!("SELECT id, name, kind, sector FROM facilities WHERE territory_id = ?{within}"),
        with(vec![t.into()]),
    )
    .await;
    let sql = format!(
        "SELECT id, first_name, last_name, sector, mam_id FROM childminders WHERE territory_id = ? AND active = ?{within}"
    );
    fetch(db, &sql, with(vec![t.into(), true.into()])).await;
    for (kind, holders, values) in [
        ("facility_id", &facilities, with(vec![t.into()])),
        ("childminder_id", &childminders, with(vec![t.into(), true.into()])),
    ] {
        let declarations =
            format!("SELECT id FROM vacancy_declarations WHERE territory_id = ? AND {kind} IN ({holders})");
        let both: Vec<Value> = vec![t.into()].into_iter().chain(values).collect();
        let sql = declarations.replacen("SELECT id FROM", "SELECT * FROM", 1) + " ORDER BY id";
        fetch(db, &sql, both.clone()).await;
        let sql = format!("SELECT * FROM vacancies WHERE territory_id = ? AND declaration_id IN ({declarations})");
        fetch(db, &sql, vec![t.into()].into_iter().chain(both).collect()).await;
    }
}

/// Sectors with at least `min` open requests, as (territory, sector).
pub async fn busy_sectors(db: &DatabaseConnection, min: i64) -> Vec<(i32, String)> {
    let sql = format!(
        "SELECT territory_id, home_sector FROM care_requests WHERE status IN {OPEN} \
         GROUP BY territory_id, home_sector HAVING count(*) >= ? ORDER BY territory_id, home_sector"
    );
    let rows = fetch(db, &sql, vec![min.into()]).await;
    rows.iter().map(|r| (r.try_get("", "territory_id").unwrap(), r.try_get("", "home_sector").unwrap())).collect()
}

/// The queue's count and its first page.
pub async fn queue(db: &DatabaseConnection, t: i32, sector: &str) {
    let filter = format!("FROM care_requests WHERE territory_id = ? AND status IN {OPEN} AND home_sector = ?");
    fetch(db, &format!("SELECT count(*) AS n {filter}"), vec![t.into(), sector.into()]).await;
    let sql = format!("SELECT * {filter} ORDER BY start_on, id LIMIT 50");
    fetch(db, &sql, vec![t.into(), sector.into()]).await;
}

/// The ids of `plan`'s territories.
pub async fn territory_ids(db: &DatabaseConnection, plan: &[SyntheticTerritory]) -> Vec<i32> {
    let slugs: std::collections::HashSet<&str> = plan.iter().map(|t| t.slug.as_str()).collect();
    let rows = fetch(db, "SELECT id, slug FROM territories ORDER BY id", vec![]).await;
    rows.iter()
        .filter(|r| slugs.contains(r.try_get::<String>("", "slug").unwrap().as_str()))
        .map(|r| r.try_get("", "id").unwrap())
        .collect()
}

/// What the statistics of `year` read for territory `t`, or for every
/// territory at once (`None`).
pub async fn year_rows(db: &DatabaseConnection, t: Option<i32>, year: i32, today: NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
    // One territory's rows, or the country's: `territory_id = ?` or `? IS NOT NULL`.
    let (scope, d_scope, t) = match t {
        Some(t) => ("territory_id = ?", "d.territory_id = ?", t),
        None => ("? = 0", "? = 0", 0),
    };
    fetch(db, &format!("SELECT * FROM facilities WHERE {scope}"), vec![t.into()]).await;
    let sql = format!(
        "SELECT territory_id, id, sector, birth_year, active, mam_id FROM childminders WHERE {scope} ORDER BY id"
    );
    fetch(db, &sql, vec![t.into()]).await;
    let sql =
        format!("SELECT * FROM capacities WHERE {scope} AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)");
    fetch(db, &sql, vec![t.into(), last.max(today).into(), first.min(today).into()]).await;
    let sql = format!(
        "SELECT territory_id, home_sector, filed_on, start_on, status, solved_mode, closed_on FROM care_requests \
         WHERE {scope} AND start_on BETWEEN ? AND ?"
    );
    fetch(db, &sql, vec![t.into(), first.into(), last.into()]).await;
    let sql = format!(
        "SELECT d.territory_id, d.id, d.facility_id, d.childminder_id, d.declared_on, d.available_from, \
         CAST(MAX(CASE WHEN v.age_band = 'infant' THEN v.places ELSE 0 END) \
            + MAX(CASE WHEN v.age_band = 'toddler' THEN v.places ELSE 0 END) AS integer) AS places \
         FROM vacancy_declarations d \
         LEFT JOIN vacancies v ON v.declaration_id = d.id AND v.territory_id = d.territory_id \
         WHERE {d_scope} AND d.declared_on <= ? \
         GROUP BY d.territory_id, d.id, d.facility_id, d.childminder_id, d.declared_on, d.available_from \
         ORDER BY d.declared_on, d.id"
    );
    fetch(db, &sql, vec![t.into(), last.into()]).await;
}

/// Every childminder of `plan` as the PMI's file would list them: `;`,
/// Windows-1252, approval numbers unique in the country. Returns the
/// bytes and the number of childminders.
pub fn childminders_file(plan: &[SyntheticTerritory], today: NaiveDate) -> (Vec<u8>, usize) {
    let mut text = String::from(
        "Nom;Prénom;N° d'agrément;Année de naissance;Secteur;En activité;Téléphone;Courriel;\
         Moins de 18 mois;18 mois à 3 ans;3 à 6 ans;Date d'agrément\r\n",
    );
    let mut count = 0;
    for t in plan {
        for (c, cap) in offer(t, today).childminders {
            count += 1;
            text.push_str(&format!(
                "{};{};{}-{};{};{};{};06 00 00 00 00;;{};{};{};{}\r\n",
                c.last_name.to_uppercase(),
                c.first_name,
                t.index,
                c.approval_number,
                c.birth_year,
                c.sector,
                if c.active { "oui" } else { "non" },
                cap.places.infant,
                cap.places.toddler,
                cap.places.preschool,
                cap.valid_from.format("%d/%m/%Y")
            ));
        }
    }
    (encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(), count)
}

/// The same childminders and their places, inserted with plain multi-row
/// INSERTs of 400 rows in one transaction: no checks, no audit lines.
pub async fn insert_childminders(db: &DatabaseConnection, t: i32, plan: &[SyntheticTerritory], today: NaiveDate) {
    let txn = db.begin().await.unwrap();
    for territory in plan {
        let records = offer(territory, today).childminders;
        for chunk in records.chunks(50) {
            let mut values: Vec<Value> = Vec::new();
            let rows: Vec<String> = chunk
                .iter()
                .map(|(c, _)| {
                    values.extend([
                        t.into(),
                        c.first_name.as_str().into(),
                        c.last_name.as_str().into(),
                        format!("{}-{}", territory.index, c.approval_number).into(),
                        c.birth_year.into(),
                        c.sector.as_str().into(),
                        c.active.into(),
                        "06 00 00 00 00".into(),
                        "".into(),
                        1.into(),
                    ]);
                    format!("({})", marks(10))
                })
                .collect();
            let sql = format!(
                "INSERT INTO childminders (territory_id, first_name, last_name, approval_number, birth_year, sector, \
                 active, phone, email, version) VALUES {} RETURNING id",
                rows.join(", ")
            );
            let ids: Vec<i32> = fetch(&txn, &sql, values).await.iter().map(|r| r.try_get("", "id").unwrap()).collect();
            let mut values: Vec<Value> = Vec::new();
            let rows: Vec<String> = chunk
                .iter()
                .zip(&ids)
                .map(|((_, cap), id)| {
                    values.extend([
                        t.into(),
                        (*id).into(),
                        cap.valid_from.into(),
                        (cap.places.infant as i32).into(),
                        (cap.places.toddler as i32).into(),
                        (cap.places.preschool as i32).into(),
                        0.into(),
                    ]);
                    format!("({})", marks(7))
                })
                .collect();
            let sql = format!(
                "INSERT INTO capacities (territory_id, childminder_id, valid_from, infant, toddler, preschool, \
                 employer_places) VALUES {}",
                rows.join(", ")
            );
            txn.execute_raw(statement(&txn, &sql, values)).await.unwrap();
        }
    }
    txn.commit().await.unwrap();
}
