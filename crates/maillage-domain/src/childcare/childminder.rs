//! Childminders of the register (« assistant·e·s maternel·le·s »): their
//! approval (« agrément ») numbers; the places approved are dated
//! capacities, apart.

use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Childminder {
    pub id: i32,
    pub territory_id: i32,
    pub first_name: String,
    pub last_name: String,
    /// The PMI's approval number: what an import recognises them by.
    pub approval_number: String,
    /// For the workforce outlook (retirements).
    pub birth_year: i32,
    pub sector: String,
    /// The MAM they work in, if any (a facility of kind MAM).
    pub mam_id: Option<i32>,
    /// Working as a childminder: only active childminders count in the offer.
    pub active: bool,
    pub phone: String,
    pub email: String,
    pub version: i32,
    /// The account with which they declare their own free places, if any.
    pub user_id: Option<i32>,
}

impl Childminder {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Years of birth a working childminder may have.
pub const BIRTH_YEARS: std::ops::RangeInclusive<i32> = 1940..=2010;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ChildminderForm {
    pub first_name: String,
    pub last_name: String,
    pub approval_number: String,
    pub birth_year: String,
    pub sector: String,
    pub mam_id: String,
    /// A checkbox: « on » when checked.
    pub active: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildminderFields {
    pub first_name: String,
    pub last_name: String,
    pub approval_number: String,
    pub birth_year: i32,
    pub sector: String,
    pub mam_id: Option<i32>,
    pub active: bool,
    pub phone: String,
    pub email: String,
}

impl ChildminderForm {
    pub fn of(c: &Childminder) -> ChildminderForm {
        ChildminderForm {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            approval_number: c.approval_number.clone(),
            birth_year: c.birth_year.to_string(),
            sector: c.sector.clone(),
            mam_id: c.mam_id.map(|id| id.to_string()).unwrap_or_default(),
            active: if c.active { "on".into() } else { String::new() },
            phone: c.phone.clone(),
            email: c.email.clone(),
        }
    }

    /// Checks the fields; whether `mam_id` names a MAM of the territory is
    /// the operation's to check.
    pub fn validate(&self) -> Result<ChildminderFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let first_name = required_text(&mut errors, "first_name", &self.first_name, 100);
        let last_name = required_text(&mut errors, "last_name", &self.last_name, 100);
        let approval_number = required_text(&mut errors, "approval_number", &self.approval_number, 40);
        if !approval_number.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.')) {
            errors.add("approval_number", "Chiffres, lettres, tirets, points et barres obliques seulement.");
        }
        let birth_year = match self.birth_year.trim().parse::<i32>() {
            Ok(y) if BIRTH_YEARS.contains(&y) => Some(y),
            _ => {
                errors.add(
                    "birth_year",
                    format!("Une année de naissance de {} à {}.", BIRTH_YEARS.start(), BIRTH_YEARS.end()),
                );
                None
            }
        };
        let sector = optional_text(&mut errors, "sector", &self.sector, 100);
        let mam_id = match self.mam_id.trim() {
            "" => None,
            raw => {
                let id = raw.parse::<i32>().ok();
                if id.is_none() {
                    errors.add("mam_id", "Choisissez une MAM dans la liste.");
                }
                id
            }
        };
        let phone = optional_text(&mut errors, "phone", &self.phone, 30);
        let email = optional_text(&mut errors, "email", &self.email, 254);
        if !email.is_empty() {
            crate::accounts::validate_email(&mut errors, "email", &email);
        }
        for (field, value) in
            [("first_name", &first_name), ("last_name", &last_name), ("sector", &sector), ("phone", &phone)]
        {
            crate::validation::one_line(&mut errors, field, value);
        }
        match birth_year {
            Some(birth_year) if errors.is_empty() => Ok(ChildminderFields {
                first_name,
                last_name,
                approval_number: approval_number.to_uppercase(),
                birth_year,
                sector,
                mam_id,
                // A checkbox sends « on »; anything else (« off », « non ») is unchecked.
                active: self.active == "on",
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

    fn stored(f: ChildminderFields) -> Childminder {
        Childminder {
            id: 1,
            territory_id: 1,
            first_name: f.first_name,
            last_name: f.last_name,
            approval_number: f.approval_number,
            birth_year: f.birth_year,
            sector: f.sector,
            mam_id: f.mam_id,
            active: f.active,
            phone: f.phone,
            email: f.email,
            version: 1,
            user_id: None,
        }
    }

    #[test]
    fn a_childminder_needs_a_name_an_approval_and_a_birth_year() {
        let e = ChildminderForm {
            birth_year: "1890".into(),
            approval_number: "12 34".into(),
            mam_id: "x".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.get("first_name"), Some("Ce champ est obligatoire."));
        assert!(e.get("approval_number").unwrap().contains("seulement"));
        assert_eq!(e.get("birth_year"), Some("Une année de naissance de 1940 à 2010."));
        assert!(e.get("mam_id").is_some());
        let ok = ChildminderForm {
            first_name: "Awa".into(),
            last_name: "Diallo".into(),
            approval_number: "am-2019/042".into(),
            birth_year: "1968".into(),
            active: "on".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.approval_number, "AM-2019/042");
        assert!(ok.active);
        let off = ChildminderForm { active: "off".into(), ..ChildminderForm::of(&stored(ok)) };
        assert!(!off.validate().unwrap().active, "only a checked box (« on ») means active");
    }
}
