//! The demo territory's demand: 400 families' requests over three years,
//! filed on the public form or by the relais, moved along by the relais
//! (most found a place, some did not, some cancelled or let them expire),
//! written through the requests' operations and dated on the days they
//! happened. Families give a phone number only: the outbox stays the
//! coordinator's.

use anyhow::{Result, anyhow};
use chrono::{Datelike, Days, Months, NaiveDate};
use maillage_db::childcare::{ops, requests};
use maillage_db::ops::{Ctx, OpError};
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::childcare::request::{RequestForm, StatusForm};
use maillage_domain::childcare::{CareMode, CareRequest};

/// How many requests the demo has.
pub const REQUESTS: u32 = 400;

const PARENTS: [&str; 16] = [
    "Sarah Benali",
    "Julien Moreau",
    "Claire Petit",
    "Mehdi Haddad",
    "Laura Nguyen",
    "Thomas Girard",
    "Inès Lefebvre",
    "Kevin Roux",
    "Manon Fournier",
    "Youssef Amrani",
    "Camille Durand",
    "Chloé Lambert",
    "Nicolas Bonnet",
    "Aïcha Diallo",
    "Pauline Mercier",
    "Antoine Simon",
];
const CHILDREN: [&str; 12] =
    ["Léa", "Gabriel", "Jade", "Raphaël", "Louise", "Adam", "Emma", "Noah", "Alice", "Sacha", "Lina", ""];
const SECTORS: [&str; 3] = ["Centre", "Quartiers Nord", "Hameaux"];

/// A number from `i` that looks random but is the same on every run.
fn mix(i: u32, salt: u32) -> u32 {
    let mut x = i.wrapping_mul(2_654_435_761) ^ salt.wrapping_mul(40_503);
    x ^= x >> 15;
    x = x.wrapping_mul(2_246_822_519);
    x ^ (x >> 13)
}

fn refused(what: &str, e: OpError) -> anyhow::Error {
    anyhow!("démonstration, demande {what} : {e:?}")
}

/// The request form of family `i`, filed on `filed`.
fn form(i: u32, filed: NaiveDate) -> RequestForm {
    let mut f = RequestForm::default();
    let expected = mix(i, 1).is_multiple_of(5);
    let child_date = if expected {
        filed + Days::new(u64::from(20 + mix(i, 2) % 200))
    } else {
        filed - Days::new(u64::from(30 + mix(i, 2) % 700))
    };
    let start = child_date.max(filed) + Months::new(2 + mix(i, 3) % 8);
    let start = start.with_day(1).unwrap_or(start);
    f.set("child_first_name", CHILDREN[(mix(i, 4) % 12) as usize]);
    f.set("child_born", if expected { "expected" } else { "born" });
    f.set("child_date", child_date.to_string());
    f.set("start_on", start.to_string());
    let days = 3 + mix(i, 5) % 3;
    let (arrive, leave) =
        [("08:00", "17:30"), ("07:30", "18:00"), ("08:30", "16:30"), ("09:00", "17:00")][(mix(i, 6) % 4) as usize];
    for code in ["mon", "tue", "wed", "thu", "fri"].iter().take(days as usize) {
        f.set(&format!("{code}_from"), arrive);
        f.set(&format!("{code}_to"), leave);
    }
    let mut modes = [CareMode::Collective, CareMode::Childminder, CareMode::Mam];
    modes.rotate_left((mix(i, 7) % 3) as usize);
    for (n, m) in modes.iter().take(1 + (mix(i, 8) % 3) as usize).enumerate() {
        f.set(&format!("mode_{}", n + 1), m.code());
    }
    let home = SECTORS[(mix(i, 9) % 3) as usize];
    f.set("home_sector", home);
    if !mix(i, 10).is_multiple_of(3) {
        f.set("sector_0", home);
    }
    f.set("parent_name", PARENTS[(mix(i, 11) % 16) as usize]);
    f.set("phone", format!("06 {:02} {:02} {:02} {:02}", mix(i, 12) % 100, mix(i, 13) % 100, i / 100, i % 100));
    f.set("consent", "on");
    f
}

/// The relais moves request `id` to `form`'s status on `on`.
async fn step(
    db: &DatabaseConnection,
    relais: &Actor,
    territory_name: &str,
    r: &CareRequest,
    on: NaiveDate,
    form: StatusForm,
) -> Result<CareRequest> {
    let cx = Ctx { db, actor: relais, today: on };
    ops::change_status(&cx, territory_name, r.id, r.version, &form).await.map_err(|e| refused(&r.code, e))
}

fn status(code: &str, mode: &str, note: &str) -> StatusForm {
    StatusForm { status: code.to_owned(), solved_mode: mode.to_owned(), note: note.to_owned() }
}

pub async fn load(db: &DatabaseConnection, relais: &Actor, territory_name: &str, today: NaiveDate) -> Result<()> {
    for i in 0..REQUESTS {
        // Spread over three years, a little more recently (the window is new).
        let back = (mix(i, 20) % 1095).min(mix(i, 21) % 1095);
        let filed = today - Days::new(u64::from(back));
        let cx = Ctx { db, actor: relais, today: filed };
        let form = form(i, filed);
        let online = !mix(i, 22).is_multiple_of(4);
        let (r, token) = if online {
            ops::file_request_public(db, relais.territory_id, territory_name, filed, &form, "http://127.0.0.1:8080")
                .await
        } else {
            ops::file_request(&cx, territory_name, &form, "http://127.0.0.1:8080").await
        }
        .map_err(|e| refused(&i.to_string(), e))?;
        let mut days = vec![filed];
        let seen = filed + Days::new(u64::from(2 + mix(i, 23) % 10));
        if seen > today {
            continue; // still « déposée »
        }
        let r = step(db, relais, territory_name, &r, seen, status("searching", "", "")).await?;
        days.push(seen);
        let decided = (r.start_on - Days::new(u64::from(mix(i, 24) % 45))).max(seen + Days::new(7));
        let outcome = mix(i, 26) % 100;
        if decided > today {
            if outcome < 35 {
                let note = "Une place pourrait vous convenir : appelez-nous.";
                step(db, relais, territory_name, &r, seen, status("proposed", "", note)).await?;
                days.push(seen);
            }
        } else if outcome < 64 {
            let first = r.modes[0];
            let mode = if mix(i, 27).is_multiple_of(4) { *r.modes.last().unwrap_or(&first) } else { first };
            step(db, relais, territory_name, &r, decided, status("solved", mode.code(), "")).await?;
            days.push(decided);
        } else if outcome < 77 {
            let note = "Aucune place n'a pu être trouvée à ces horaires.";
            step(db, relais, territory_name, &r, decided, status("no_solution", "", note)).await?;
            days.push(decided);
        } else if outcome < 90 {
            ops::family_cancel(db, &token, decided).await.map_err(|e| refused(&r.code, e))?;
            days.push(decided);
        } else {
            ops::expire_request(db, relais.territory_id, r.id, decided).await.map_err(|e| refused(&r.code, e))?;
            days.push(decided);
        }
        requests::date_history(db, relais.territory_id, r.id, &days).await?;
    }
    Ok(())
}
