//! The relais moves a request along: which statuses it may choose, and the
//! form that says so (a found solution names its mode; the note is shown
//! to the family on its page).

use super::{CareMode, RequestStatus};
use crate::validation::{FieldErrors, optional_text};

impl RequestStatus {
    /// What the relais may set from `self`: any step of the search while
    /// the request is open; a closed request may only be searched again.
    /// « Expirée » is the platform's, never chosen.
    pub fn relais_choices(self) -> Vec<RequestStatus> {
        use RequestStatus::*;
        let all = [Incomplete, Searching, Proposed, Solved, NoSolution, Cancelled];
        if self.is_open() { all.into_iter().filter(|s| *s != self).collect() } else { vec![Searching] }
    }
}

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
    pub solved_mode: String,
    pub note: String,
}

/// A checked change of status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: RequestStatus,
    pub solved_mode: Option<CareMode>,
    pub note: String,
}

impl StatusForm {
    pub fn validate(&self, current: RequestStatus) -> Result<StatusChange, FieldErrors> {
        let mut errors = FieldErrors::new();
        let status = match RequestStatus::from_code(self.status.trim()) {
            Some(s) if s == current => {
                errors.add("status", "C'est déjà le statut de la demande.");
                None
            }
            Some(s) if current.relais_choices().contains(&s) => Some(s),
            Some(_) if current.is_open() => {
                errors.add("status", "Ce statut ne se choisit pas : la plateforme le donne elle-même.");
                None
            }
            Some(_) => {
                errors.add("status", "Une demande close ne peut qu'être remise en recherche.");
                None
            }
            None => {
                errors.add("status", "Choisissez un statut dans la liste.");
                None
            }
        };
        let solved_mode = match (status, self.solved_mode.trim()) {
            (Some(RequestStatus::Solved), "") => {
                errors.add("solved_mode", "Indiquez le mode d'accueil trouvé.");
                None
            }
            (Some(RequestStatus::Solved), code) => {
                let mode = CareMode::from_code(code);
                if mode.is_none() {
                    errors.add("solved_mode", "Choisissez un mode d'accueil dans la liste.");
                }
                mode
            }
            _ => None,
        };
        let note = optional_text(&mut errors, "note", &self.note, 500);
        match status {
            Some(status) if errors.is_empty() => Ok(StatusChange { status, solved_mode, note }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(status: &str, mode: &str) -> StatusForm {
        StatusForm { status: status.into(), solved_mode: mode.into(), note: String::new() }
    }

    #[test]
    fn a_solution_names_its_mode() {
        let open = RequestStatus::Searching;
        assert!(form("solved", "").validate(open).unwrap_err().get("solved_mode").is_some());
        assert!(form("solved", "nounou").validate(open).unwrap_err().get("solved_mode").is_some());
        let change = form("solved", "childminder").validate(open).unwrap();
        assert_eq!((change.status, change.solved_mode), (RequestStatus::Solved, Some(CareMode::Childminder)));
        assert_eq!(form("proposed", "mam").validate(open).unwrap().solved_mode, None, "only a solution has a mode");
    }

    #[test]
    fn a_closed_request_is_only_searched_again_and_expiry_is_never_chosen() {
        assert!(form("proposed", "").validate(RequestStatus::Cancelled).is_err());
        assert!(form("searching", "").validate(RequestStatus::Cancelled).is_ok());
        assert!(form("expired", "").validate(RequestStatus::Searching).is_err());
        assert!(form("filed", "").validate(RequestStatus::Searching).is_err());
        assert!(form("searching", "").validate(RequestStatus::Searching).is_err(), "no change");
        for s in RequestStatus::ALL {
            assert!(!s.relais_choices().contains(&RequestStatus::Expired));
            assert!(!s.relais_choices().contains(&s));
        }
    }
}
