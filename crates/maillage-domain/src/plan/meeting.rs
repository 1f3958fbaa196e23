//! Committee meetings of a convention and their decisions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Comité de pilotage (COPIL): elected officials and the CAF decide.
    SteeringCommittee,
    /// Comité technique (COTECH): staff prepare and follow up.
    TechnicalCommittee,
    /// A working group on one theme (petite enfance, jeunesse…).
    Thematic,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 3] =
        [MeetingKind::SteeringCommittee, MeetingKind::TechnicalCommittee, MeetingKind::Thematic];

    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::SteeringCommittee => "steering_committee",
            MeetingKind::TechnicalCommittee => "technical_committee",
            MeetingKind::Thematic => "thematic",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::SteeringCommittee => "Comité de pilotage (COPIL)",
            MeetingKind::TechnicalCommittee => "Comité technique (COTECH)",
            MeetingKind::Thematic => "Comité thématique",
        }
    }
}

/// One sitting of a committee, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i32,
    pub convention_id: i32,
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub title: String,
    pub attendees: Vec<String>,
    /// The meeting's minutes (« compte rendu »).
    pub minutes: String,
}

/// What a committee decided, about an action of the convention or in general.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: i32,
    pub meeting_id: i32,
    pub action_id: Option<i32>,
    pub body: String,
}

/// A decision as the form sends it: its text, and the action it is about
/// (an id of the meeting's convention, or empty).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub body: String,
    pub action_id: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MeetingForm {
    pub kind: String,
    pub held_on: String,
    pub title: String,
    pub attendees: String,
    pub minutes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFields {
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    pub title: String,
    pub attendees: Vec<String>,
    pub minutes: String,
}

impl MeetingForm {
    pub fn validate(&self) -> Result<MeetingFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = MeetingKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez un type de réunion dans la liste.");
        }
        let held_on = crate::validation::required_date(&mut errors, "held_on", &self.held_on);
        let title = required_text(&mut errors, "title", &self.title, 200);
        let attendees = crate::validation::lines(&optional_text(&mut errors, "attendees", &self.attendees, 5000));
        let minutes = optional_text(&mut errors, "minutes", &self.minutes, 20000);
        match (kind, held_on) {
            (Some(kind), Some(held_on)) if errors.is_empty() => {
                Ok(MeetingFields { kind, held_on, title, attendees, minutes })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_needs_a_kind_a_date_and_a_title() {
        let errors = MeetingForm { kind: "copil".into(), held_on: "31/02/2025".into(), ..Default::default() }
            .validate()
            .unwrap_err();
        assert!(errors.get("kind").is_some());
        assert!(errors.get("held_on").unwrap().contains("AAAA-MM-JJ"));
        assert_eq!(errors.get("title"), Some("Ce champ est obligatoire."));
        let ok = MeetingForm {
            kind: "steering_committee".into(),
            held_on: "2025-03-12".into(),
            title: "COPIL de mi-parcours".into(),
            ..Default::default()
        };
        assert_eq!(ok.validate().unwrap().kind, MeetingKind::SteeringCommittee);
    }
}
