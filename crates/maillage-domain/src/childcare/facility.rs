//! Facilities of the register: every kind of EAJE, and MAM.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::Weekdays;
use crate::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    CrecheCollective,
    MultiAccueil,
    MicroCreche,
    CrecheFamiliale,
    CrecheParentale,
    HalteGarderie,
    JardinEnfants,
    /// Maison d'assistants maternels: childminders working together.
    Mam,
}

impl FacilityKind {
    pub const ALL: [FacilityKind; 8] = [
        FacilityKind::CrecheCollective,
        FacilityKind::MultiAccueil,
        FacilityKind::MicroCreche,
        FacilityKind::CrecheFamiliale,
        FacilityKind::CrecheParentale,
        FacilityKind::HalteGarderie,
        FacilityKind::JardinEnfants,
        FacilityKind::Mam,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FacilityKind::CrecheCollective => "creche_collective",
            FacilityKind::MultiAccueil => "multi_accueil",
            FacilityKind::MicroCreche => "micro_creche",
            FacilityKind::CrecheFamiliale => "creche_familiale",
            FacilityKind::CrecheParentale => "creche_parentale",
            FacilityKind::HalteGarderie => "halte_garderie",
            FacilityKind::JardinEnfants => "jardin_enfants",
            FacilityKind::Mam => "mam",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            FacilityKind::CrecheCollective => "Crèche collective",
            FacilityKind::MultiAccueil => "Multi-accueil",
            FacilityKind::MicroCreche => "Micro-crèche",
            FacilityKind::CrecheFamiliale => "Crèche familiale",
            FacilityKind::CrecheParentale => "Crèche parentale",
            FacilityKind::HalteGarderie => "Halte-garderie",
            FacilityKind::JardinEnfants => "Jardin d'enfants",
            FacilityKind::Mam => "Maison d'assistants maternels (MAM)",
        }
    }
}

/// How the CAF funds a facility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Funding {
    /// Prestation de service unique: families pay by the national scale.
    Psu,
    /// Families are paid the PAJE's CMG and pay the facility's price.
    Paje,
}

impl Funding {
    pub const ALL: [Funding; 2] = [Funding::Psu, Funding::Paje];

    pub fn code(self) -> &'static str {
        match self {
            Funding::Psu => "psu",
            Funding::Paje => "paje",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Funding::Psu => "PSU (tarif selon les revenus, barème national de la CAF)",
            Funding::Paje => "PAJE (prix fixé par la structure, aide de la CAF aux familles)",
        }
    }

    pub fn short_label(self) -> &'static str {
        match self {
            Funding::Psu => "PSU",
            Funding::Paje => "PAJE",
        }
    }
}

/// A facility, as stored (its places are dated capacities, apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facility {
    pub id: i32,
    pub territory_id: i32,
    pub name: String,
    pub kind: FacilityKind,
    /// FINESS or SIRET number: what an import recognises it by.
    pub identifier: String,
    /// Who runs it (« gestionnaire »): the commune, an association, a company.
    pub manager: String,
    pub address: String,
    pub sector: String,
    /// `None` for a MAM, which the CAF funds through the families.
    pub funding: Option<Funding>,
    pub opening_days: Weekdays,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub phone: String,
    pub email: String,
    pub version: i32,
}

impl Facility {
    /// « du lundi au vendredi, 7 h 30 – 18 h 30 ».
    pub fn opening_label(&self) -> String {
        format!("{}, {}\u{a0}– {}", self.opening_days.label(), hour(self.opens_at), hour(self.closes_at))
    }
}

fn hour(t: NaiveTime) -> String {
    // Non-breaking spaces: « 7 h 30 » never breaks across lines.
    t.format("%-H\u{a0}h\u{a0}%M").to_string().replace("\u{a0}h\u{a0}00", "\u{a0}h")
}

/// A facility as typed: the days are checkboxes named by day (`mon`…`sun`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct FacilityForm {
    pub name: String,
    pub kind: String,
    pub identifier: String,
    pub manager: String,
    pub address: String,
    pub sector: String,
    pub funding: String,
    pub mon: String,
    pub tue: String,
    pub wed: String,
    pub thu: String,
    pub fri: String,
    pub sat: String,
    pub sun: String,
    pub opens_at: String,
    pub closes_at: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityFields {
    pub name: String,
    pub kind: FacilityKind,
    pub identifier: String,
    pub manager: String,
    pub address: String,
    pub sector: String,
    pub funding: Option<Funding>,
    pub opening_days: Weekdays,
    pub opens_at: NaiveTime,
    pub closes_at: NaiveTime,
    pub phone: String,
    pub email: String,
}

/// An hour typed as `07:30` (what `<input type="time">` sends) or `7h30`.
pub fn parse_time(errors: &mut FieldErrors, field: &str, value: &str) -> Option<NaiveTime> {
    let v = value.trim().to_lowercase().replace('h', ":");
    let v = if v.ends_with(':') { format!("{v}00") } else { v };
    match NaiveTime::parse_from_str(&v, "%H:%M") {
        Ok(t) => Some(t),
        Err(_) if value.trim().is_empty() => {
            errors.add(field, "Ce champ est obligatoire.");
            None
        }
        Err(_) => {
            errors.add(field, "Heure invalide (exemple : 07:30).");
            None
        }
    }
}

impl FacilityForm {
    pub fn days(&self) -> Weekdays {
        let checked = [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ];
        Weekdays::from_codes(checked.into_iter().filter(|(_, v)| !v.is_empty()).map(|(c, _)| c))
    }

    /// The form showing a stored facility.
    pub fn of(f: &Facility) -> FacilityForm {
        let on = |d| if f.opening_days.contains(d) { "on".to_owned() } else { String::new() };
        use chrono::Weekday::*;
        FacilityForm {
            name: f.name.clone(),
            kind: f.kind.code().to_owned(),
            identifier: f.identifier.clone(),
            manager: f.manager.clone(),
            address: f.address.clone(),
            sector: f.sector.clone(),
            funding: f.funding.map(|x| x.code().to_owned()).unwrap_or_default(),
            mon: on(Mon),
            tue: on(Tue),
            wed: on(Wed),
            thu: on(Thu),
            fri: on(Fri),
            sat: on(Sat),
            sun: on(Sun),
            opens_at: f.opens_at.format("%H:%M").to_string(),
            closes_at: f.closes_at.format("%H:%M").to_string(),
            phone: f.phone.clone(),
            email: f.email.clone(),
        }
    }

    pub fn validate(&self) -> Result<FacilityFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, 200);
        let kind = FacilityKind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Choisissez un type d'établissement dans la liste.");
        }
        let identifier = optional_text(&mut errors, "identifier", &self.identifier, 40);
        if !identifier.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.add("identifier", "Chiffres et lettres seulement (n° FINESS ou SIRET, sans espace).");
        }
        let manager = required_text(&mut errors, "manager", &self.manager, 200);
        let address = required_text(&mut errors, "address", &self.address, 300);
        let sector = optional_text(&mut errors, "sector", &self.sector, 100);
        let funding = match (self.funding.trim(), kind) {
            ("", Some(FacilityKind::Mam)) => None,
            (_, Some(FacilityKind::Mam)) => {
                errors.add("funding", "Une MAM n'a pas de financement propre : choisissez « Sans objet (MAM) ».");
                None
            }
            ("", _) => {
                errors.add("funding", "Choisissez le financement : PSU ou PAJE.");
                None
            }
            (code, _) => {
                let f = Funding::from_code(code);
                if f.is_none() {
                    errors.add("funding", "Choisissez le financement : PSU ou PAJE.");
                }
                f
            }
        };
        let opening_days = self.days();
        if opening_days.is_empty() {
            errors.add("mon", "Cochez au moins un jour d'ouverture.");
        }
        let opens_at = parse_time(&mut errors, "opens_at", &self.opens_at);
        let closes_at = parse_time(&mut errors, "closes_at", &self.closes_at);
        if let (Some(o), Some(c)) = (opens_at, closes_at)
            && c <= o
        {
            errors.add("closes_at", "La fermeture doit suivre l'ouverture.");
        }
        let phone = optional_text(&mut errors, "phone", &self.phone, 30);
        let email = optional_text(&mut errors, "email", &self.email, 254);
        if !email.is_empty() {
            crate::accounts::validate_email(&mut errors, "email", &email);
        }
        for (field, value) in
            [("name", &name), ("manager", &manager), ("address", &address), ("sector", &sector), ("phone", &phone)]
        {
            crate::validation::one_line(&mut errors, field, value);
        }
        match (kind, opens_at, closes_at) {
            (Some(kind), Some(opens_at), Some(closes_at)) if errors.is_empty() => Ok(FacilityFields {
                name,
                kind,
                identifier: identifier.to_uppercase(),
                manager,
                address,
                sector,
                funding,
                opening_days,
                opens_at,
                closes_at,
                phone,
                email: email.to_lowercase(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> FacilityForm {
        FacilityForm {
            name: "Multi-accueil Les Lucioles".into(),
            kind: "multi_accueil".into(),
            manager: "Commune".into(),
            address: "3 rue des Écoles".into(),
            funding: "psu".into(),
            mon: "on".into(),
            tue: "on".into(),
            wed: "on".into(),
            thu: "on".into(),
            fri: "on".into(),
            opens_at: "07:30".into(),
            closes_at: "18h30".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_facility_reads_its_opening_hours() {
        let f = good().validate().unwrap();
        assert_eq!(f.opening_days, Weekdays::WORKING_WEEK);
        assert_eq!(f.closes_at, NaiveTime::from_hms_opt(18, 30, 0).unwrap());
    }

    #[test]
    fn each_wrong_field_gets_its_message() {
        let e = FacilityForm {
            kind: "creche".into(),
            opens_at: "25:00".into(),
            closes_at: "06:00".into(),
            identifier: "12 34".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.get("name"), Some("Ce champ est obligatoire."));
        assert!(e.get("kind").unwrap().contains("type d'établissement"));
        assert!(e.get("identifier").unwrap().contains("sans espace"));
        assert!(e.get("funding").unwrap().contains("PSU ou PAJE"));
        assert!(e.get("mon").unwrap().contains("jour d'ouverture"));
        assert!(e.get("opens_at").unwrap().contains("Heure invalide"));
        let e = FacilityForm { closes_at: "07:00".into(), ..good() }.validate().unwrap_err();
        assert_eq!(e.get("closes_at"), Some("La fermeture doit suivre l'ouverture."));
    }

    #[test]
    fn a_mam_has_no_funding_of_its_own() {
        let f = FacilityForm { kind: "mam".into(), funding: String::new(), ..good() }.validate().unwrap();
        assert_eq!(f.funding, None);
        let e = FacilityForm { kind: "mam".into(), funding: "psu".into(), ..good() }.validate().unwrap_err();
        assert!(e.get("funding").unwrap().contains("Sans objet"));
    }

    #[test]
    fn one_line_fields_refuse_tabs_and_line_breaks() {
        let e = FacilityForm { sector: "Nord\tSud".into(), name: "A\r\nB".into(), ..good() }.validate().unwrap_err();
        assert!(e.get("sector").unwrap().contains("Une seule ligne"));
        assert!(e.get("name").unwrap().contains("Une seule ligne"));
        assert_eq!(good().validate().unwrap().opening_days.label(), "du lundi au vendredi");
    }
}
