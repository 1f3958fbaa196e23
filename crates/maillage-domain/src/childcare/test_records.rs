//! Records for the domain's tests: a facility and a childminder with
//! every field filled plainly; a test changes what it is about with
//! struct update syntax.

use super::{Childminder, Facility, FacilityKind, Weekdays};

pub(crate) fn facility(id: i32) -> Facility {
    Facility {
        id,
        territory_id: 1,
        name: format!("F{id}"),
        kind: FacilityKind::MultiAccueil,
        identifier: String::new(),
        manager: String::new(),
        address: String::new(),
        sector: String::new(),
        funding: None,
        opening_days: Weekdays::WORKING_WEEK,
        opens_at: chrono::NaiveTime::MIN,
        closes_at: chrono::NaiveTime::MIN,
        phone: String::new(),
        email: String::new(),
        version: 1,
    }
}

pub(crate) fn childminder(id: i32) -> Childminder {
    Childminder {
        id,
        territory_id: 1,
        first_name: String::new(),
        last_name: String::new(),
        approval_number: String::new(),
        birth_year: 1970,
        sector: String::new(),
        mam_id: None,
        active: true,
        phone: String::new(),
        email: String::new(),
        version: 1,
        user_id: None,
    }
}
