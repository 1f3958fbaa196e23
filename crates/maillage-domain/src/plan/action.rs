//! An action of the plan, and its forms: what a coordinator may change on an
//! action, and the smaller part an action lead may change. Both come in as the strings a form
//! or a JSON body sent, and leave validated or with one French message per
//! wrong field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::status::ActionStatus;
use crate::validation::{FieldErrors, lines, optional_date, optional_text, required_text};

/// An action of the plan (« fiche action »), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: i32,
    pub convention_id: i32,
    pub axis_id: i32,
    /// « 1.3 »: the axis code and the action's rank in it.
    pub code: String,
    pub title: String,
    pub objectives: String,
    pub audience: String,
    /// The service or person accountable, as the plan names it.
    pub lead_name: String,
    /// The account that may update the action, if any.
    pub lead_user_id: Option<i32>,
    pub partners: Vec<String>,
    pub sectors: Vec<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub progress: i32,
    pub position: i32,
    /// Bumped by every update: an edit based on an older one is refused.
    pub version: i32,
}

impl Action {
    /// The coordinator's form, filled with what is stored.
    pub fn form(&self) -> ActionForm {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        ActionForm {
            title: self.title.clone(),
            objectives: self.objectives.clone(),
            audience: self.audience.clone(),
            lead_name: self.lead_name.clone(),
            lead_user_id: self.lead_user_id.map(|i| i.to_string()).unwrap_or_default(),
            partners: self.partners.join("\n"),
            sectors: self.sectors.join("\n"),
            starts_on: date(self.starts_on),
            ends_on: date(self.ends_on),
            status: self.status.code().to_owned(),
            progress: self.progress.to_string(),
        }
    }
}

/// What the coordinator's form sends. Every field is text, as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ActionForm {
    pub title: String,
    pub objectives: String,
    pub audience: String,
    pub lead_name: String,
    /// The account of the action lead, as an id, or empty for none.
    pub lead_user_id: String,
    pub partners: String,
    pub sectors: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
    pub progress: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionFields {
    pub title: String,
    pub objectives: String,
    pub audience: String,
    pub lead_name: String,
    pub lead_user_id: Option<i32>,
    pub partners: Vec<String>,
    pub sectors: Vec<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub status: ActionStatus,
    pub progress: i32,
}

/// What an action lead may change on the actions they lead.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LeadUpdateForm {
    pub status: String,
    pub progress: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeadUpdate {
    pub status: ActionStatus,
    pub progress: i32,
}

fn status(errors: &mut FieldErrors, value: &str) -> ActionStatus {
    ActionStatus::from_code(value.trim()).unwrap_or_else(|| {
        errors.add("status", "Choisissez un statut dans la liste.");
        ActionStatus::NotStarted
    })
}

fn progress(errors: &mut FieldErrors, value: &str) -> i32 {
    let value = value.trim().trim_end_matches('%').trim();
    if value.is_empty() {
        return 0;
    }
    match value.parse::<i32>() {
        Ok(p) if (0..=100).contains(&p) => p,
        _ => {
            errors.add("progress", "L'avancement est un nombre entier de 0 à 100.");
            0
        }
    }
}

/// A done action is 100 % done; anything else would confuse the dashboard.
fn check_done_is_complete(errors: &mut FieldErrors, status: ActionStatus, progress: i32) {
    if status == ActionStatus::Done && progress != 100 {
        errors.add("progress", "Une action réalisée est avancée à 100 %.");
    }
}

impl ActionForm {
    /// `lead_ids` are the accounts that may be named lead (the territory's users).
    pub fn validate(&self, lead_ids: &[i32]) -> Result<ActionFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = required_text(&mut errors, "title", &self.title, 300);
        let objectives = optional_text(&mut errors, "objectives", &self.objectives, 5000);
        let audience = optional_text(&mut errors, "audience", &self.audience, 1000);
        let lead_name = optional_text(&mut errors, "lead_name", &self.lead_name, 200);
        let lead_user_id = match self.lead_user_id.trim() {
            "" => None,
            raw => match raw.parse::<i32>() {
                Ok(id) if lead_ids.contains(&id) => Some(id),
                _ => {
                    errors.add("lead_user_id", "Choisissez un compte dans la liste.");
                    None
                }
            },
        };
        let partners = lines(&optional_text(&mut errors, "partners", &self.partners, 2000));
        let sectors = lines(&optional_text(&mut errors, "sectors", &self.sectors, 1000));
        let starts_on = optional_date(&mut errors, "starts_on", &self.starts_on);
        let ends_on = optional_date(&mut errors, "ends_on", &self.ends_on);
        if let (Some(s), Some(e)) = (starts_on, ends_on)
            && e < s
        {
            errors.add("ends_on", "La date de fin doit suivre la date de début.");
        }
        let status = status(&mut errors, &self.status);
        let progress = progress(&mut errors, &self.progress);
        check_done_is_complete(&mut errors, status, progress);
        errors.into_result(ActionFields {
            title,
            objectives,
            audience,
            lead_name,
            lead_user_id,
            partners,
            sectors,
            starts_on,
            ends_on,
            status,
            progress,
        })
    }
}

impl ActionForm {
    /// The part of the form an action lead may send.
    pub fn lead_part(&self) -> LeadUpdateForm {
        LeadUpdateForm { status: self.status.clone(), progress: self.progress.clone() }
    }
}

impl LeadUpdateForm {
    pub fn validate(&self) -> Result<LeadUpdate, FieldErrors> {
        let mut errors = FieldErrors::new();
        let status = status(&mut errors, &self.status);
        let progress = progress(&mut errors, &self.progress);
        check_done_is_complete(&mut errors, status, progress);
        errors.into_result(LeadUpdate { status, progress })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ActionForm {
        ActionForm {
            title: "Mettre en place un bus itinérant".into(),
            status: "in_progress".into(),
            progress: "40".into(),
            starts_on: "2024-01-01".into(),
            ends_on: "2025-06-30".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_passes() {
        let fields = form().validate(&[]).unwrap();
        assert_eq!(fields.progress, 40);
        assert_eq!(fields.status, ActionStatus::InProgress);
    }

    #[test]
    fn every_wrong_field_gets_a_french_message() {
        let bad = ActionForm {
            title: "  ".into(),
            status: "en_cours".into(),
            progress: "140".into(),
            starts_on: "2025-01-01".into(),
            ends_on: "2024-01-01".into(),
            lead_user_id: "99".into(),
            ..Default::default()
        };
        let errors = bad.validate(&[1, 2]).unwrap_err();
        assert_eq!(errors.get("title"), Some("Ce champ est obligatoire."));
        assert!(errors.get("status").is_some());
        assert!(errors.get("progress").unwrap().contains("0 à 100"));
        assert!(errors.get("ends_on").unwrap().contains("suivre"));
        assert!(errors.get("lead_user_id").is_some());
    }

    #[test]
    fn done_means_complete() {
        let update = LeadUpdateForm { status: "done".into(), progress: "90".into() };
        assert!(update.validate().unwrap_err().get("progress").is_some());
        let update = LeadUpdateForm { status: "done".into(), progress: "100 %".into() };
        assert_eq!(update.validate().unwrap().progress, 100);
    }
}
