//! A family's childcare request (« demande d'accueil »), filed once at the
//! single window: the child, when and how long, the care modes wanted, the
//! sectors accepted, how to reach the family; then its statuses, each
//! dated and attributed.

pub mod code;
pub mod confirmation;
pub mod form;
pub mod schedule;
pub mod status;

use chrono::{DateTime, NaiveDate, Utc};

use super::AgeBand;
use super::age::age_in_months;
pub use form::{RequestFields, RequestForm};
pub use schedule::Schedule;
pub use status::{StatusChange, StatusForm};

/// What the family agrees to when filing, stored with the request. Each
/// promise is kept by the tracking page (see, change the schedule,
/// download, erase) and by the purge (the retention period).
pub const CONSENT_TEXT: &str = "J'accepte que la commune et son relais petite enfance enregistrent cette demande \
     pour me proposer un mode d'accueil, la transmettent aux structures et aux assistant·e·s maternel·le·s \
     susceptibles d'y répondre, et me contactent à son sujet. Mon nom et mes coordonnées sont conservés tant \
     que la demande est en cours, puis 24 mois après sa clôture ; ensuite seuls restent des chiffres anonymes. \
     Avec mon lien de suivi, je peux à tout moment la consulter, changer mes horaires, télécharger ce qui \
     est enregistré ou tout effacer ; le relais corrige mes coordonnées sur simple appel.";

/// Months a closed request keeps its personal data, unless configured.
pub const RETENTION_MONTHS: u32 = 24;

/// The care modes a family may ask for, in the words families use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CareMode {
    /// Crèche, multi-accueil, micro-crèche, halte-garderie…
    Collective,
    Childminder,
    Mam,
    /// At the family's home, by an employee (« garde à domicile »).
    Home,
}

impl CareMode {
    pub const ALL: [CareMode; 4] = [CareMode::Collective, CareMode::Childminder, CareMode::Mam, CareMode::Home];

    pub fn code(self) -> &'static str {
        match self {
            CareMode::Collective => "collective",
            CareMode::Childminder => "childminder",
            CareMode::Mam => "mam",
            CareMode::Home => "home",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            CareMode::Collective => "Accueil collectif (crèche, multi-accueil, micro-crèche)",
            CareMode::Childminder => "Assistant·e maternel·le",
            CareMode::Mam => "Maison d'assistant·e·s maternel·le·s (MAM)",
            CareMode::Home => "Garde à domicile",
        }
    }

    pub fn short_label(self) -> &'static str {
        match self {
            CareMode::Collective => "accueil collectif",
            CareMode::Childminder => "assistant·e maternel·le",
            CareMode::Mam => "MAM",
            CareMode::Home => "garde à domicile",
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    Filed,
    Incomplete,
    Searching,
    Proposed,
    Solved,
    NoSolution,
    Cancelled,
    Expired,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 8] = [
        RequestStatus::Filed,
        RequestStatus::Incomplete,
        RequestStatus::Searching,
        RequestStatus::Proposed,
        RequestStatus::Solved,
        RequestStatus::NoSolution,
        RequestStatus::Cancelled,
        RequestStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Filed => "filed",
            RequestStatus::Incomplete => "incomplete",
            RequestStatus::Searching => "searching",
            RequestStatus::Proposed => "proposed",
            RequestStatus::Solved => "solved",
            RequestStatus::NoSolution => "no_solution",
            RequestStatus::Cancelled => "cancelled",
            RequestStatus::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Filed => "Déposée",
            RequestStatus::Incomplete => "À compléter",
            RequestStatus::Searching => "En recherche",
            RequestStatus::Proposed => "Proposition faite",
            RequestStatus::Solved => "Solution trouvée",
            RequestStatus::NoSolution => "Sans solution",
            RequestStatus::Cancelled => "Annulée",
            RequestStatus::Expired => "Expirée",
        }
    }

    /// What the status means for the family, on their tracking page.
    pub fn explanation(self) -> &'static str {
        match self {
            RequestStatus::Filed => "Votre demande est enregistrée ; le relais petite enfance va l'étudier.",
            RequestStatus::Incomplete => "Il manque une information : le relais petite enfance vous contacte.",
            RequestStatus::Searching => "Le relais petite enfance cherche un accueil qui corresponde à votre demande.",
            RequestStatus::Proposed => "Une proposition vous a été faite : répondez-y auprès du relais.",
            RequestStatus::Solved => "Votre enfant a une solution d'accueil.",
            RequestStatus::NoSolution => "Aucune solution n'a pu être trouvée pour cette demande.",
            RequestStatus::Cancelled => "Cette demande a été annulée.",
            RequestStatus::Expired => "Cette demande a expiré faute de confirmation.",
        }
    }

    /// Still followed: the family may update or confirm it.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Filed | RequestStatus::Incomplete | RequestStatus::Searching | RequestStatus::Proposed
        )
    }
}

/// The child: born, or expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// Optional: a family may prefer not to give it.
    pub first_name: String,
    pub born: bool,
    /// The birth date, or the expected date.
    pub date: NaiveDate,
}

impl Child {
    /// The age band on `on`: an expected child is counted from the expected date.
    pub fn band_on(&self, on: NaiveDate) -> Option<AgeBand> {
        age_in_months(self.date, on).and_then(AgeBand::of_months)
    }

    /// « Léa, né·e le 3 mars 2025 », or « Naissance prévue le 3 mars 2026 »
    /// without a first name.
    pub fn label(&self) -> String {
        let date = crate::time::french_date(self.date);
        match (self.first_name.is_empty(), self.born) {
            (true, true) => format!("Né·e le {date}"),
            (true, false) => format!("Naissance prévue le {date}"),
            (false, true) => format!("{}, né·e le {date}", self.first_name),
            (false, false) => format!("{}, naissance prévue le {date}", self.first_name),
        }
    }
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareRequest {
    pub id: i32,
    pub territory_id: i32,
    pub code: String,
    pub child: Child,
    pub start_on: NaiveDate,
    pub schedule: Schedule,
    /// In the family's order of preference.
    pub modes: Vec<CareMode>,
    /// Sectors the family accepts; empty is any.
    pub sectors: Vec<String>,
    /// Where the family lives: the nearest offers are there.
    pub home_sector: String,
    pub parent_name: String,
    pub email: String,
    pub phone: String,
    pub notes: String,
    pub status: RequestStatus,
    /// With « solution trouvée »: by which mode.
    pub solved_mode: Option<CareMode>,
    pub filed_on: NaiveDate,
    /// « la famille », or the relais who filed it for them.
    pub filed_by: String,
    /// Filing, or the family's last « toujours d'actualité ».
    pub confirmed_on: NaiveDate,
    /// The last reminder to confirm, if any.
    pub reminded_on: Option<NaiveDate>,
    /// When it was closed (solved, without solution, cancelled, expired).
    pub closed_on: Option<NaiveDate>,
    /// When its personal data was erased: by the family, or after the
    /// retention period.
    pub anonymised_on: Option<NaiveDate>,
    pub version: i32,
}

/// One change of a request: its status (possibly unchanged), when, by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestEvent {
    pub at: DateTime<Utc>,
    pub status: RequestStatus,
    pub actor: String,
    /// What happened, in words the family may read.
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_expected_child_is_counted_from_the_expected_date() {
        let child = Child { first_name: String::new(), born: false, date: d("2027-03-10") };
        assert_eq!(child.band_on(d("2027-03-01")), None, "not born yet on the start date");
        assert_eq!(child.band_on(d("2027-09-01")), Some(AgeBand::Infant));
        assert_eq!(child.band_on(d("2028-09-10")), Some(AgeBand::Toddler));
        assert_eq!(child.label(), "Naissance prévue le 10 mars 2027");
    }

    #[test]
    fn codes_and_labels_are_distinct() {
        for (i, a) in RequestStatus::ALL.iter().enumerate() {
            assert_eq!(RequestStatus::from_code(a.code()), Some(*a));
            assert!(RequestStatus::ALL[i + 1..].iter().all(|b| a.label() != b.label()));
        }
        for m in CareMode::ALL {
            assert_eq!(CareMode::from_code(m.code()), Some(m));
        }
    }
}
