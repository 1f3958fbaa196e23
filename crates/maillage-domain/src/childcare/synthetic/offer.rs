//! The synthetic offer of a territory: facilities of every kind but MAM
//! (a MAM's places are its childminders', which would blur the totals),
//! childminders with three or four places, and the free places some of
//! them declared lately.

use chrono::{Days, NaiveDate, NaiveTime, Weekday};

use super::{SyntheticTerritory, mix};
use crate::childcare::{
    AgeBand, CapacityFields, ChildminderFields, FacilityFields, FacilityKind, FreePlaces, Funding, Holder, Places,
    VacancyDeclaration, Weekdays,
};

/// What a territory's registers hold, before anything has an id.
#[derive(Debug, Clone, Default)]
pub struct SyntheticOffer {
    pub facilities: Vec<(FacilityFields, CapacityFields)>,
    pub childminders: Vec<(ChildminderFields, CapacityFields)>,
}

const FIRST_NAMES: [&str; 16] = [
    "Nathalie",
    "Sandrine",
    "Isabelle",
    "Valérie",
    "Stéphanie",
    "Sylvie",
    "Céline",
    "Karine",
    "Fatima",
    "Aurélie",
    "Sophie",
    "Christelle",
    "Laetitia",
    "Nadia",
    "Virginie",
    "Patricia",
];
const LAST_NAMES: [&str; 16] = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefebvre", "Michel", "Garcia", "Benali",
];

/// A facility kind and its usual places, drawn so that the average is
/// about 32 places, as in the national register.
fn facility_kind(h: u64) -> (FacilityKind, u32) {
    let spread = (h >> 8) % 100;
    match h % 100 {
        0..40 => (FacilityKind::MicroCreche, 10 + (spread % 3) as u32),
        40..78 => (FacilityKind::MultiAccueil, 20 + (spread % 51) as u32),
        78..90 => (FacilityKind::CrecheCollective, 40 + (spread % 41) as u32),
        90..93 => (FacilityKind::CrecheFamiliale, 30 + (spread % 31) as u32),
        93..96 => (FacilityKind::CrecheParentale, 15 + (spread % 11) as u32),
        96..99 => (FacilityKind::HalteGarderie, 15 + (spread % 11) as u32),
        _ => (FacilityKind::JardinEnfants, 30 + (spread % 31) as u32),
    }
}

fn weekdays_mon_fri() -> Weekdays {
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri]
        .into_iter()
        .fold(Weekdays::empty(), Weekdays::with)
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

/// The registers of `t`; capacities valid from a past opening or approval.
pub fn offer(t: &SyntheticTerritory, today: NaiveDate) -> SyntheticOffer {
    let mut out = SyntheticOffer::default();
    let salt = u64::from(t.index) << 32;
    for sector in &t.sectors {
        for _ in 0..sector.facilities {
            let n = out.facilities.len() as u64;
            let h = mix(salt | n, 1);
            let (kind, places) = facility_kind(h);
            let infant = if kind == FacilityKind::JardinEnfants { 0 } else { places * 3 / 10 };
            let (toddler, preschool) = if kind == FacilityKind::JardinEnfants {
                (places / 2, places - places / 2)
            } else {
                (places - infant, 0)
            };
            let fields = FacilityFields {
                name: format!("{} {} n° {}", kind.label(), sector.name, n + 1),
                kind,
                identifier: format!("9{:04}{:04}", t.index % 10_000, n),
                manager: if h.is_multiple_of(3) {
                    format!("Commune de {}", sector.name)
                } else {
                    "Association gestionnaire".into()
                },
                address: format!("{} rue de la République, {}", 1 + h % 120, sector.name),
                sector: sector.name.clone(),
                funding: Some(if kind == FacilityKind::MicroCreche && h.is_multiple_of(2) {
                    Funding::Paje
                } else {
                    Funding::Psu
                }),
                opening_days: weekdays_mon_fri(),
                opens_at: time(7, 30),
                closes_at: time(18, 30),
                phone: String::new(),
                email: String::new(),
            };
            let opened = today - Days::new(365 + (h >> 20) % 7_000);
            let capacity = CapacityFields {
                valid_from: opened,
                valid_to: None,
                places: Places { infant, toddler, preschool },
                employer_places: if h.is_multiple_of(5) { places / 5 } else { 0 },
            };
            out.facilities.push((fields, capacity));
        }
        for _ in 0..sector.childminders {
            let n = out.childminders.len() as u64;
            let h = mix(salt | n, 2);
            // Ages 26 to 67, more of them over 50, as in the profession.
            let age = 26 + ((h % 42).max((h >> 8) % 42)) as i32;
            let fields = ChildminderFields {
                first_name: FIRST_NAMES[(h >> 16) as usize % 16].to_owned(),
                last_name: LAST_NAMES[(h >> 24) as usize % 16].to_owned(),
                approval_number: format!("AGR-{:06}", n + 1),
                birth_year: chrono::Datelike::year(&today) - age,
                sector: sector.name.clone(),
                mam_id: None,
                active: (h >> 32) % 100 >= 5,
                phone: String::new(),
                email: String::new(),
            };
            let capacity = CapacityFields {
                valid_from: today - Days::new(200 + (h >> 40) % 5_000),
                valid_to: None,
                places: Places { infant: 1, toddler: 2, preschool: u32::from((h >> 48).is_multiple_of(2)) },
                employer_places: 0,
            };
            out.childminders.push((fields, capacity));
        }
    }
    out
}

/// The latest free places declared by some of `holders` (each with its
/// places and whether it is active): about a third of the childminders and
/// half of the facilities, within the last five months (so some are « à
/// confirmer »).
pub fn declarations(
    t: &SyntheticTerritory,
    holders: &[(Holder, Places, bool)],
    today: NaiveDate,
) -> Vec<VacancyDeclaration> {
    let salt = u64::from(t.index) << 32;
    let mut out = Vec::new();
    for (n, (holder, places, active)) in holders.iter().enumerate() {
        let h = mix(salt | n as u64, 3);
        let (share, by) = match holder {
            Holder::Facility(_) => (50, "la direction"),
            Holder::Childminder(_) => (35, "l'assistante maternelle"),
        };
        if !active || h % 100 >= share {
            continue;
        }
        let declared_on = today - Days::new((h >> 8) % 150);
        let mut free = FreePlaces::default();
        for (i, day) in Weekdays::all_days().take(5).enumerate() {
            for band in [AgeBand::Infant, AgeBand::Toddler] {
                let room = places.get(band);
                let draw = (h >> (16 + 3 * i + usize::from(band == AgeBand::Toddler))) % 4;
                let n = if draw == 0 { 0 } else { room.min(u32::try_from(draw).unwrap_or(1)) };
                if n > 0 {
                    free.set(day, band, n);
                }
            }
        }
        out.push(VacancyDeclaration {
            id: 0,
            holder: *holder,
            declared_on,
            available_from: declared_on + Days::new((h >> 40) % 60),
            declared_by: by.to_owned(),
            free,
        });
    }
    out
}
