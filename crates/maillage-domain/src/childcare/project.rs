//! Facility projects (the convention's actions 1.5 and 1.6): a MAM, a
//! micro-crèche, a multi-accueil that someone plans to open, followed from
//! the first contact to the opening (or the abandon). An opened project
//! becomes a facility of the register; its planned places count in the
//! needs map's projections until then.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::offer::places;
use super::{FacilityKind, Places};
use crate::validation::{FieldErrors, one_line, optional_date, optional_text, required_date, required_text};

/// The steps of a project, in their usual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProjectStage {
    FirstContact,
    Feasibility,
    Premises,
    PmiOpinion,
    Authorisation,
    Opened,
    Abandoned,
}

impl ProjectStage {
    pub const ALL: [ProjectStage; 7] = [
        ProjectStage::FirstContact,
        ProjectStage::Feasibility,
        ProjectStage::Premises,
        ProjectStage::PmiOpinion,
        ProjectStage::Authorisation,
        ProjectStage::Opened,
        ProjectStage::Abandoned,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ProjectStage::FirstContact => "first_contact",
            ProjectStage::Feasibility => "feasibility",
            ProjectStage::Premises => "premises",
            ProjectStage::PmiOpinion => "pmi_opinion",
            ProjectStage::Authorisation => "authorisation",
            ProjectStage::Opened => "opened",
            ProjectStage::Abandoned => "abandoned",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            ProjectStage::FirstContact => "Premier contact",
            ProjectStage::Feasibility => "Étude de faisabilité",
            ProjectStage::Premises => "Local trouvé",
            ProjectStage::PmiOpinion => "Avis de la PMI",
            ProjectStage::Authorisation => "Autorisation",
            ProjectStage::Opened => "Ouverture",
            ProjectStage::Abandoned => "Abandon",
        }
    }

    /// Still going: its planned places count in the projections.
    pub fn is_live(self) -> bool {
        !matches!(self, ProjectStage::Opened | ProjectStage::Abandoned)
    }

    /// The stages a step may record now: any of the search's while the
    /// project is live (an opinion may come before the premises), never
    /// « ouverture » (opening creates the facility, apart), and nothing
    /// once opened or abandoned.
    pub fn next_choices(self) -> Vec<ProjectStage> {
        if !self.is_live() {
            return Vec::new();
        }
        Self::ALL.into_iter().filter(|s| *s != ProjectStage::Opened).collect()
    }
}

/// A project as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    pub id: i32,
    pub territory_id: i32,
    pub name: String,
    /// Who carries it: a person, an association, a company.
    pub holder: String,
    pub kind: FacilityKind,
    pub planned: Places,
    pub sector: String,
    pub expected_opening: Option<NaiveDate>,
    /// The latest step.
    pub stage: ProjectStage,
    /// The facility it became, once opened.
    pub facility_id: Option<i32>,
    pub version: i32,
}

/// One step, dated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectStep {
    pub stage: ProjectStage,
    pub on: NaiveDate,
    pub note: String,
    pub actor: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProjectForm {
    pub name: String,
    pub holder: String,
    pub kind: String,
    pub infant: String,
    pub toddler: String,
    pub preschool: String,
    pub sector: String,
    pub expected_opening: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFields {
    pub name: String,
    pub holder: String,
    pub kind: FacilityKind,
    pub planned: Places,
    pub sector: String,
    pub expected_opening: Option<NaiveDate>,
}

impl ProjectForm {
    pub fn of(p: &Project) -> ProjectForm {
        let n = |v: u32| if v == 0 { String::new() } else { v.to_string() };
        ProjectForm {
            name: p.name.clone(),
            holder: p.holder.clone(),
            kind: p.kind.code().to_owned(),
            infant: n(p.planned.infant),
            toddler: n(p.planned.toddler),
            preschool: n(p.planned.preschool),
            sector: p.sector.clone(),
            expected_opening: p.expected_opening.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    pub fn validate(&self) -> Result<ProjectFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 200);
        let holder = required_text(&mut errors, "holder", &self.holder, 200);
        let sector = optional_text(&mut errors, "sector", &self.sector, 100);
        for (field, value) in [("name", &name), ("holder", &holder), ("sector", &sector)] {
            one_line(&mut errors, field, value);
        }
        let kind = FacilityKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez le type d'accueil dans la liste.");
        }
        let planned = Places {
            infant: places(&mut errors, "infant", &self.infant),
            toddler: places(&mut errors, "toddler", &self.toddler),
            preschool: places(&mut errors, "preschool", &self.preschool),
        };
        let planned_ok = ["infant", "toddler", "preschool"].iter().all(|f| errors.get(f).is_none());
        if planned_ok && planned.total() == 0 {
            errors.add("infant", "Indiquez au moins une place prévue.");
        }
        let expected_opening = optional_date(&mut errors, "expected_opening", &self.expected_opening);
        match kind {
            Some(kind) if errors.is_empty() => {
                Ok(ProjectFields { name, holder, kind, planned, sector, expected_opening })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct StepForm {
    pub stage: String,
    pub on: String,
    pub note: String,
}

impl StepForm {
    /// A step of a project now at `current`, on a day not before `last`
    /// (the latest step's) and not after `today`.
    pub fn validate(
        &self,
        current: ProjectStage,
        last: NaiveDate,
        today: NaiveDate,
    ) -> Result<(ProjectStage, NaiveDate, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let stage = match ProjectStage::from_code(self.stage.trim()) {
            Some(s) if current.next_choices().contains(&s) => Some(s),
            Some(ProjectStage::Opened) if current.is_live() => {
                errors.add(
                    "stage",
                    "L'ouverture s'enregistre avec « Ouvrir l'établissement », qui l'ajoute au registre.",
                );
                None
            }
            Some(_) if !current.is_live() => {
                errors.add("stage", "Ce projet est clos : il ne change plus.");
                None
            }
            _ => {
                errors.add("stage", "Choisissez une étape dans la liste.");
                None
            }
        };
        let on = required_date(&mut errors, "on", &self.on);
        if let Some(on) = on {
            if on < last {
                errors.add("on", "Une étape suit la précédente : choisissez une date plus tardive.");
            } else if on > today {
                errors.add("on", "Une étape franchie : sa date n'est pas encore venue.");
            }
        }
        let note = optional_text(&mut errors, "note", &self.note, 1000);
        match (stage, on) {
            (Some(stage), Some(on)) if errors.is_empty() => Ok((stage, on, note)),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_project_needs_a_name_a_holder_a_kind_and_places() {
        let f = ProjectForm {
            name: "MAM Les Coccinelles".into(),
            holder: "Association Les Coccinelles".into(),
            kind: "mam".into(),
            infant: "4".into(),
            toddler: "8".into(),
            expected_opening: "2027-09-01".into(),
            ..Default::default()
        };
        let p = f.validate().unwrap();
        assert_eq!((p.kind, p.planned.total()), (FacilityKind::Mam, 12));
        for (field, broken) in [
            ("name", ProjectForm { name: String::new(), ..f.clone() }),
            ("kind", ProjectForm { kind: "garderie".into(), ..f.clone() }),
            ("infant", ProjectForm { infant: String::new(), toddler: String::new(), ..f.clone() }),
            ("toddler", ProjectForm { toddler: "-2".into(), ..f.clone() }),
            ("expected_opening", ProjectForm { expected_opening: "2027-02-30".into(), ..f.clone() }),
            ("holder", ProjectForm { holder: "A\tB".into(), ..f.clone() }),
        ] {
            assert!(broken.validate().unwrap_err().get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn steps_go_forward_in_time_and_a_closed_project_takes_none() {
        let step = |stage: &str, on: &str| StepForm { stage: stage.into(), on: on.into(), note: String::new() };
        let (last, today) = (d("2026-03-01"), d("2026-12-01"));
        let live = ProjectStage::Feasibility;
        assert!(step("premises", "2026-04-01").validate(live, last, today).is_ok());
        assert!(step("pmi_opinion", "2026-04-01").validate(live, last, today).is_ok(), "in any order");
        assert!(step("premises", "2026-02-01").validate(live, last, today).unwrap_err().get("on").is_some());
        assert!(step("premises", "2027-01-01").validate(live, last, today).unwrap_err().get("on").is_some());
        assert!(step("opened", "2026-04-01").validate(live, last, today).unwrap_err().get("stage").is_some());
        assert!(step("premises", "2026-04-01").validate(ProjectStage::Abandoned, last, today).is_err());
        assert!(ProjectStage::Opened.next_choices().is_empty());
    }
}
