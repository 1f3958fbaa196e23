//! The synthetic demand of a territory: families' requests filed over the
//! last twelve months in each sector, moved along as a relais would (most
//! find a place, some none, some cancel or let them expire), each with the
//! history of its statuses.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};

use super::{SyntheticTerritory, code, mix};
use crate::childcare::request::Schedule;
use crate::childcare::{CareMode, CareRequest, Child, RequestStatus};

/// A request and the days its status changed, oldest first (the first is
/// its filing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticRequest {
    pub request: CareRequest,
    pub history: Vec<(NaiveDate, RequestStatus, String)>,
}

const CHILDREN: [&str; 8] = ["Léa", "Gabriel", "Jade", "Raphaël", "Louise", "Adam", "Emma", ""];
const PARENTS: [&str; 8] = [
    "Sarah Benali",
    "Julien Moreau",
    "Claire Petit",
    "Mehdi Haddad",
    "Laura Nguyen",
    "Thomas Girard",
    "Inès Lefebvre",
    "Aïcha Diallo",
];

fn schedule(h: u64) -> Schedule {
    let hours = [(8, 0, 17, 30), (7, 30, 18, 0), (8, 30, 16, 30), (9, 0, 17, 0)][(h % 4) as usize];
    let from = NaiveTime::from_hms_opt(hours.0, hours.1, 0).expect("valid time");
    let to = NaiveTime::from_hms_opt(hours.2, hours.3, 0).expect("valid time");
    let days = [Weekday::Mon, Weekday::Tue, Weekday::Thu, Weekday::Fri, Weekday::Wed];
    let count = 3 + ((h >> 4) % 3) as usize;
    Schedule::new(days.iter().take(count).map(|d| (*d, from, to)).collect()).expect("days from Monday to Friday")
}

/// The requests of `t`, their tracking codes numbered from `first_code`
/// (so that no two synthetic requests share one).
pub fn requests(t: &SyntheticTerritory, first_code: u64, today: NaiveDate) -> Vec<SyntheticRequest> {
    let salt = u64::from(t.index) << 32;
    let mut out = Vec::new();
    for (s, sector) in t.sectors.iter().enumerate() {
        for _ in 0..sector.requests {
            let n = out.len() as u64;
            let h = mix(salt | n, 4);
            let g = mix(salt | n, 5);
            let filed = today - Days::new((h % 365).min((h >> 9) % 365));
            let expected = (h >> 18).is_multiple_of(5);
            let child_date = if expected {
                filed + Days::new(20 + (h >> 21) % 200)
            } else {
                filed - Days::new(30 + (h >> 21) % 700)
            };
            let start = child_date.max(filed) + Months::new(2 + ((h >> 31) % 8) as u32);
            let start = start.with_day(1).unwrap_or(start);
            let mut modes = vec![CareMode::Collective, CareMode::Childminder, CareMode::Mam];
            modes.rotate_left(((h >> 35) % 2) as usize);
            modes.truncate(1 + ((h >> 37) % 3) as usize);
            let mut sectors = vec![sector.name.clone()];
            if t.sectors.len() > 1 && (h >> 40).is_multiple_of(2) {
                sectors.push(t.sectors[(s + 1) % t.sectors.len()].name.clone());
            }
            let online = !(h >> 42).is_multiple_of(4);
            let mut request = CareRequest {
                id: 0,
                territory_id: 0,
                code: code(first_code + n),
                child: Child { first_name: CHILDREN[(g % 8) as usize].to_owned(), born: !expected, date: child_date },
                start_on: start,
                schedule: schedule(g >> 3),
                modes,
                sectors,
                home_sector: sector.name.clone(),
                parent_name: PARENTS[((g >> 8) % 8) as usize].to_owned(),
                email: String::new(),
                phone: format!(
                    "06 {:02} {:02} {:02} {:02}",
                    (g >> 12) % 100,
                    (g >> 20) % 100,
                    (g >> 28) % 100,
                    n % 100
                ),
                notes: String::new(),
                status: RequestStatus::Filed,
                solved_mode: None,
                filed_on: filed,
                filed_by: if online { "la famille".to_owned() } else { "Relais Petite Enfance".to_owned() },
                confirmed_on: filed,
                reminded_on: None,
                closed_on: None,
                anonymised_on: None,
                version: 1,
            };
            let history = follow(&mut request, g >> 36, today);
            out.push(SyntheticRequest { request, history });
        }
    }
    out
}

/// Moves `r` along as the relais would have by `today`, from draw `h`.
fn follow(r: &mut CareRequest, h: u64, today: NaiveDate) -> Vec<(NaiveDate, RequestStatus, String)> {
    let mut history = vec![(r.filed_on, RequestStatus::Filed, "Demande déposée.".to_owned())];
    let seen = r.filed_on + Days::new(2 + h % 10);
    if seen > today {
        return history;
    }
    step(r, &mut history, RequestStatus::Searching, seen, "Statut : en recherche.");
    let decided = (r.start_on - Days::new((h >> 4) % 45)).max(seen + Days::new(7));
    let outcome = (h >> 10) % 100;
    let (status, on, note) = if decided > today {
        if outcome >= 35 {
            return history;
        }
        (RequestStatus::Proposed, seen, "Une place pourrait vous convenir : appelez-nous.")
    } else if outcome < 64 {
        let first = r.modes[0];
        r.solved_mode = Some(if (h >> 17).is_multiple_of(4) { *r.modes.last().unwrap_or(&first) } else { first });
        (RequestStatus::Solved, decided, "Statut : solution trouvée.")
    } else if outcome < 77 {
        (RequestStatus::NoSolution, decided, "Aucune place n'a pu être trouvée à ces horaires.")
    } else if outcome < 90 {
        (RequestStatus::Cancelled, decided, "Demande annulée par la famille.")
    } else {
        (RequestStatus::Expired, decided, "Demande expirée : elle n'a pas été confirmée.")
    };
    step(r, &mut history, status, on, note);
    history
}

fn step(
    r: &mut CareRequest,
    history: &mut Vec<(NaiveDate, RequestStatus, String)>,
    status: RequestStatus,
    on: NaiveDate,
    note: &str,
) {
    r.status = status;
    r.version += 1;
    if !status.is_open() {
        r.closed_on = Some(on);
    }
    history.push((on, status, note.to_owned()));
}
