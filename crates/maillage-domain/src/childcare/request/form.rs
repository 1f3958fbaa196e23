//! The request as typed, on the public form or by the relais: one set of
//! rules for both, every error on its field.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};

use super::schedule::{Schedule, field_names, parse_schedule};
use super::{CareMode, Child};
use crate::childcare::vacancy::DAYS;
use crate::validation::{FieldErrors, one_line, optional_text, required_date, required_text};

/// How many modes a family may rank.
pub const MODE_CHOICES: usize = 4;

/// The form's fields by name: the schedule's hours are `mon_from`,
/// `mon_to`…; the modes `mode_1`…`mode_4` in order of preference; each
/// accepted sector a checkbox `sector_N` whose value is the sector.
#[derive(Debug, Clone, Default)]
pub struct RequestForm(BTreeMap<String, String>);

/// How to reach the family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub parent_name: String,
    pub email: String,
    pub phone: String,
}

/// What the form holds once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFields {
    pub child: Child,
    pub start_on: NaiveDate,
    pub schedule: Schedule,
    pub modes: Vec<CareMode>,
    pub sectors: Vec<String>,
    pub home_sector: String,
    pub parent_name: String,
    pub email: String,
    pub phone: String,
    pub notes: String,
}

impl RequestForm {
    /// From a form's fields, whatever else they hold (the CSRF token…).
    pub fn from_fields(fields: BTreeMap<String, String>) -> RequestForm {
        RequestForm(fields)
    }

    /// Every field and its value, as a form would send them.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of a field as typed, empty if absent.
    pub fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.0.insert(name.to_owned(), value.into());
    }

    /// The sectors ticked.
    pub fn sectors(&self) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k.starts_with("sector_") && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// The form showing `fields`, to correct the schedule or to edit.
    pub fn of(f: &RequestFields) -> RequestForm {
        let mut form = RequestForm::default();
        form.set("child_first_name", &f.child.first_name);
        form.set("child_born", if f.child.born { "born" } else { "expected" });
        form.set("child_date", f.child.date.to_string());
        form.set("start_on", f.start_on.to_string());
        form.set_schedule(&f.schedule);
        for (i, m) in f.modes.iter().enumerate() {
            form.set(&format!("mode_{}", i + 1), m.code());
        }
        for (i, s) in f.sectors.iter().enumerate() {
            form.set(&format!("sector_{i}"), s);
        }
        form.set("home_sector", &f.home_sector);
        form.set("parent_name", &f.parent_name);
        form.set("email", &f.email);
        form.set("phone", &f.phone);
        form.set("notes", &f.notes);
        form
    }

    pub fn set_schedule(&mut self, schedule: &Schedule) {
        for day in DAYS {
            let (from, to) = field_names(day);
            let hours = schedule.hours_of(day);
            self.set(&from, hours.map(|h| h.0.format("%H:%M").to_string()).unwrap_or_default());
            self.set(&to, hours.map(|h| h.1.format("%H:%M").to_string()).unwrap_or_default());
        }
    }

    /// Only the schedule, as the family changes it on its tracking page.
    pub fn validate_schedule(&self) -> Result<Schedule, FieldErrors> {
        let mut errors = FieldErrors::new();
        let schedule = parse_schedule(&mut errors, |n| self.get(n));
        if errors.is_empty() { Ok(schedule) } else { Err(errors) }
    }

    /// Checks every field on `today`; `known_sectors` are those the
    /// territory's offer is in (a sector outside them is refused).
    pub fn validate(&self, today: NaiveDate, known_sectors: &[String]) -> Result<RequestFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let child = self.child(&mut errors, today);
        let start_on = self.start_on(&mut errors, today, child.as_ref());
        let schedule = parse_schedule(&mut errors, |n| self.get(n));
        let modes = self.modes(&mut errors);
        let mut sectors = Vec::new();
        for s in self.sectors() {
            if !known_sectors.contains(&s) {
                errors.add("sectors", "Choisissez les secteurs dans la liste.");
            } else if !sectors.contains(&s) {
                sectors.push(s);
            }
        }
        let home_sector = self.get("home_sector").trim().to_owned();
        if !home_sector.is_empty() && !known_sectors.contains(&home_sector) {
            errors.add("home_sector", "Choisissez votre secteur dans la liste.");
        }
        let Contact { parent_name, email, phone } = self.contact(&mut errors);
        let notes = optional_text(&mut errors, "notes", &self.get("notes"), 1000);
        if self.get("consent") != "on" {
            errors.add("consent", "Cochez cette case pour que la demande puisse être enregistrée.");
        }
        match (child, start_on) {
            (Some(child), Some(start_on)) if errors.is_empty() => Ok(RequestFields {
                child,
                start_on,
                schedule,
                modes,
                sectors,
                home_sector,
                parent_name,
                email,
                phone,
                notes,
            }),
            _ => Err(errors),
        }
    }

    /// Only how to reach the family, as the relais corrects it.
    pub fn validate_contact(&self) -> Result<Contact, FieldErrors> {
        let mut errors = FieldErrors::new();
        let contact = self.contact(&mut errors);
        if errors.is_empty() { Ok(contact) } else { Err(errors) }
    }

    /// A name, and an address or a phone number at least.
    fn contact(&self, errors: &mut FieldErrors) -> Contact {
        let parent_name = required_text(errors, "parent_name", &self.get("parent_name"), 120);
        let email = optional_text(errors, "email", &self.get("email"), 254);
        if !email.is_empty() {
            crate::accounts::validate_email(errors, "email", &email);
        }
        let phone = optional_text(errors, "phone", &self.get("phone"), 30);
        if !phone.is_empty() && !phone.chars().all(|c| c.is_ascii_digit() || " +.-()".contains(c)) {
            errors.add("phone", "Un numéro de téléphone : des chiffres, avec espaces ou points si vous voulez.");
        }
        if email.is_empty() && phone.is_empty() {
            errors.add(
                "email",
                "Indiquez une adresse électronique ou un numéro de téléphone pour que le relais vous réponde.",
            );
        }
        for (field, value) in [("parent_name", &parent_name), ("phone", &phone)] {
            one_line(errors, field, value);
        }
        Contact { parent_name, email: email.to_lowercase(), phone }
    }

    fn child(&self, errors: &mut FieldErrors, today: NaiveDate) -> Option<Child> {
        let first_name = optional_text(errors, "child_first_name", &self.get("child_first_name"), 60);
        one_line(errors, "child_first_name", &first_name);
        let born = match self.get("child_born").as_str() {
            "born" => Some(true),
            "expected" => Some(false),
            _ => {
                errors.add("child_born", "Indiquez si l'enfant est né ou si sa naissance est attendue.");
                None
            }
        };
        let date = required_date(errors, "child_date", &self.get("child_date"))?;
        let born = born?;
        let six_years_ago = today.checked_sub_months(Months::new(72))?;
        if born && date > today {
            errors.add(
                "child_date",
                "La date de naissance est passée : pour une naissance attendue, cochez « attendu ».",
            );
            return None;
        }
        if born && date <= six_years_ago {
            errors.add("child_date", "Le relais petite enfance accompagne les familles d'enfants de moins de 6 ans.");
            return None;
        }
        let month_ago = today.checked_sub_days(Days::new(31))?;
        let ten_months = today.checked_add_months(Months::new(10))?;
        if !born && !(month_ago..=ten_months).contains(&date) {
            errors.add(
                "child_date",
                "Une naissance attendue dans les dix prochains mois ; si l'enfant est né, cochez « né » et donnez sa date de naissance.",
            );
            return None;
        }
        Some(Child { first_name, born, date })
    }

    fn start_on(&self, errors: &mut FieldErrors, today: NaiveDate, child: Option<&Child>) -> Option<NaiveDate> {
        let start = required_date(errors, "start_on", &self.get("start_on"))?;
        let three_years = today.checked_add_months(Months::new(36))?;
        if start < today || start > three_years {
            errors.add("start_on", "Une date à venir, dans les trois prochaines années.");
            return None;
        }
        if let Some(child) = child
            && child.band_on(start).is_none()
        {
            let message = if start <= child.date {
                "L'accueil commence après la naissance : choisissez une date plus tardive."
            } else {
                "L'enfant aura 6 ans ou plus à cette date : le relais accompagne l'accueil des plus jeunes."
            };
            errors.add("start_on", message);
            return None;
        }
        Some(start)
    }

    fn modes(&self, errors: &mut FieldErrors) -> Vec<CareMode> {
        let mut modes = Vec::new();
        for i in 1..=MODE_CHOICES {
            let field = format!("mode_{i}");
            let raw = self.get(&field);
            if raw.trim().is_empty() {
                continue;
            }
            match CareMode::from_code(raw.trim()) {
                Some(m) if modes.contains(&m) => errors.add(&field, "Ce mode d'accueil est déjà choisi plus haut."),
                Some(m) => modes.push(m),
                None => errors.add(&field, "Choisissez un mode d'accueil dans la liste."),
            }
        }
        if modes.is_empty() && errors.get("mode_1").is_none() {
            errors.add("mode_1", "Choisissez au moins un mode d'accueil.");
        }
        modes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::childcare::AgeBand;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sectors() -> Vec<String> {
        vec!["Centre".to_owned(), "Nord".to_owned()]
    }

    fn filled() -> RequestForm {
        let mut f = RequestForm::default();
        for (k, v) in [
            ("child_first_name", "Léa"),
            ("child_born", "born"),
            ("child_date", "2026-06-01"),
            ("start_on", "2027-01-04"),
            ("mon_from", "08:00"),
            ("mon_to", "17:30"),
            ("tue_from", "08:00"),
            ("tue_to", "17:30"),
            ("mode_1", "collective"),
            ("mode_2", "childminder"),
            ("sector_0", "Centre"),
            ("home_sector", "Centre"),
            ("parent_name", "Camille Martin"),
            ("email", "Camille@Exemple.fr"),
            ("consent", "on"),
        ] {
            f.set(k, v);
        }
        f
    }

    #[test]
    fn a_complete_request_is_accepted() {
        let r = filled().validate(d("2026-12-01"), &sectors()).unwrap();
        assert_eq!(r.modes, vec![CareMode::Collective, CareMode::Childminder]);
        assert_eq!(r.child.band_on(r.start_on), Some(AgeBand::Infant));
        assert_eq!(r.email, "camille@exemple.fr");
        assert_eq!(r.sectors, vec!["Centre".to_owned()]);
        let again = RequestForm::of(&r);
        let mut again = again;
        again.set("consent", "on");
        assert_eq!(again.validate(d("2026-12-01"), &sectors()), Ok(r), "the form of a request reads back to it");
    }

    #[test]
    fn each_mistake_is_reported_on_its_field() {
        let today = d("2026-12-01");
        let cases: &[(&str, &str, &str)] = &[
            ("child_born", "", "child_born"),
            ("child_date", "2027-02-01", "child_date"),
            ("child_date", "2019-01-01", "child_date"),
            ("start_on", "2026-11-01", "start_on"),
            ("start_on", "2031-01-01", "start_on"),
            ("mode_1", "nounou", "mode_1"),
            ("mode_2", "collective", "mode_2"),
            ("sector_0", "Ailleurs", "sectors"),
            ("home_sector", "Ailleurs", "home_sector"),
            ("parent_name", "", "parent_name"),
            ("email", "pas une adresse", "email"),
            ("phone", "=HYPERLINK(1)", "phone"),
            ("consent", "", "consent"),
            ("parent_name", "Camille\tMartin", "parent_name"),
        ];
        for (field, value, reported) in cases {
            let mut f = filled();
            f.set(field, *value);
            let errors = f.validate(today, &sectors()).unwrap_err();
            assert!(errors.get(reported).is_some(), "{field}={value:?}: {errors:?}");
        }
    }

    #[test]
    fn an_expected_child_starts_after_the_birth() {
        let mut f = filled();
        f.set("child_born", "expected");
        f.set("child_date", "2027-03-15");
        f.set("start_on", "2027-03-01");
        let errors = f.validate(d("2026-12-01"), &sectors()).unwrap_err();
        assert_eq!(
            errors.get("start_on"),
            Some("L'accueil commence après la naissance : choisissez une date plus tardive.")
        );
        f.set("start_on", "2027-09-01");
        assert!(f.validate(d("2026-12-01"), &sectors()).is_ok());
    }

    #[test]
    fn a_family_reachable_by_phone_only_is_fine_but_not_by_nothing() {
        let mut f = filled();
        f.set("email", "");
        assert!(f.validate(d("2026-12-01"), &sectors()).unwrap_err().get("email").is_some());
        f.set("phone", "06 12 34 56 78");
        assert!(f.validate(d("2026-12-01"), &sectors()).is_ok());
    }
}
