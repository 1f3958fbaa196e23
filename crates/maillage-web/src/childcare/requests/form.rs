//! The request form, drawn the same for a family (public, with its guard
//! against robots) and for the relais filing for a family.

use maillage_domain::FieldErrors;
use maillage_domain::childcare::CareMode;
use maillage_domain::childcare::Weekdays;
use maillage_domain::childcare::request::form::MODE_CHOICES;
use maillage_domain::childcare::request::schedule::field_names;
use maillage_domain::childcare::request::{CONSENT_TEXT, RequestForm};
use maillage_domain::childcare::vacancy::DAYS;

use crate::pages::ErrorSummary;

/// A row of the schedule's table.
pub struct DayRow {
    pub label: &'static str,
    pub from_name: String,
    pub to_name: String,
}

/// Labels of the fields, for the error summary; the schedule's fields are
/// named by their day.
const LABELS: [(&str, &str); 13] = [
    ("child_first_name", "Prénom de l'enfant"),
    ("child_born", "L'enfant est-il né ?"),
    ("child_date", "Date de naissance ou date prévue"),
    ("start_on", "Date d'entrée souhaitée"),
    ("schedule", "Jours et horaires"),
    ("sectors", "Secteurs où l'accueil vous convient"),
    ("home_sector", "Votre quartier ou commune"),
    ("parent_name", "Votre nom et prénom"),
    ("email", "Adresse électronique"),
    ("phone", "Téléphone"),
    ("notes", "Précisions"),
    ("consent", "Accord pour l'enregistrement"),
    ("closed", "Demande"),
];

pub struct RequestFormView {
    pub action: String,
    pub form: RequestForm,
    pub errors: FieldErrors,
    pub sectors: Vec<String>,
    /// The public form: the honeypot and the signed instant it was served.
    pub stamp: Option<String>,
    /// Why the form came back when no field is wrong (sent too soon, too
    /// many requests from the connection).
    pub notice: Option<&'static str>,
    pub submit: &'static str,
}

impl RequestFormView {
    pub fn v(&self, name: &str) -> String {
        self.form.get(name)
    }

    pub fn err(&self, name: &str) -> Option<String> {
        self.errors.get(name).map(str::to_owned)
    }

    pub fn days(&self) -> Vec<DayRow> {
        DAYS.iter()
            .map(|d| {
                let (from_name, to_name) = field_names(*d);
                DayRow { label: Weekdays::day_label(*d), from_name, to_name }
            })
            .collect()
    }

    /// (name, position label) of each mode choice.
    pub fn mode_choices(&self) -> Vec<(String, String)> {
        (1..=MODE_CHOICES)
            .map(|i| {
                let label = if i == 1 { "1er choix".to_owned() } else { format!("{i}e choix (facultatif)") };
                (format!("mode_{i}"), label)
            })
            .collect()
    }

    pub fn modes(&self) -> Vec<(&'static str, &'static str)> {
        CareMode::ALL.iter().map(|m| (m.code(), m.label())).collect()
    }

    pub fn sector_ticked(&self, sector: &str) -> bool {
        self.form.sectors().iter().any(|s| s == sector)
    }

    pub fn consent_text(&self) -> &'static str {
        CONSENT_TEXT
    }

    pub fn honeypot(&self) -> &'static str {
        crate::antibot::HONEYPOT
    }

    pub fn summary(&self) -> ErrorSummary {
        let label = |field: &str| -> String {
            if let Some((_, l)) = LABELS.iter().find(|(f, _)| *f == field) {
                return (*l).to_owned();
            }
            if let Some(i) = field.strip_prefix("mode_") {
                return if i == "1" {
                    "Mode d'accueil, 1er choix".to_owned()
                } else {
                    format!("Mode d'accueil, {i}e choix")
                };
            }
            for d in DAYS {
                let (from, to) = field_names(d);
                if field == from {
                    return format!("Arrivée le {}", Weekdays::day_label(d));
                }
                if field == to {
                    return format!("Départ le {}", Weekdays::day_label(d));
                }
            }
            field.to_owned()
        };
        let anchor = |field: &str| match field {
            "child_born" => "child_born-born".to_owned(),
            "sectors" => "secteurs".to_owned(),
            "schedule" => "mon_from".to_owned(),
            "closed" => "statut".to_owned(),
            f => f.to_owned(),
        };
        ErrorSummary {
            items: self
                .errors
                .iter()
                .map(|e| (anchor(&e.field), format!("{} : {}", label(&e.field), e.message)))
                .collect(),
        }
    }
}
