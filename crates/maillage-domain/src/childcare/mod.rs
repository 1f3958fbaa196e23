//! Childcare 0-3 (« offre et demande d'accueil »): the registers of
//! facilities and childminders with their dated capacities, the age of a
//! child on a date, and the offer on any date.

pub mod age;
pub mod childminder;
pub mod facility;
pub mod import;
pub mod matching;
pub mod offer;
pub mod project;
pub mod request;
pub mod statistics;
pub mod summary;
pub mod synthetic;
#[cfg(test)]
pub(crate) mod test_records;
pub mod vacancy;
pub mod week;
pub mod workforce;

pub use age::AgeBand;
pub use childminder::{Childminder, ChildminderFields, ChildminderForm};
pub use facility::{Facility, FacilityFields, FacilityForm, FacilityKind, Funding};
pub use offer::{Capacity, CapacityFields, CapacityForm, Holder, Places};
pub use request::{CareMode, CareRequest, Child, RequestEvent, RequestStatus};
pub use vacancy::{FreePlaces, VacancyDeclaration, VacancyForm};
pub use week::Weekdays;
