//! The childcare repositories: facilities, childminders, their dated
//! capacities and free places; families' requests.

pub mod bulk;
pub mod candidates;
pub mod capacities;
pub mod childminders;
pub mod facilities;
pub mod imports;
pub mod ops;
pub mod projects;
pub mod reminders;
pub mod requests;
pub mod statistics;
pub mod synthetic;
pub mod vacancies;

/// One page of a list, and how many rows there are in all.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    /// The page shown, counted from 0 (the last one when asked past it).
    pub page: u64,
    pub pages: u64,
}
