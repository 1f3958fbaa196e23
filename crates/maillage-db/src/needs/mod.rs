//! The needs capability: sectors with their shapes (and, later, the
//! population figures and the multi-year plan).

pub mod population;
pub mod sectors;
