//! The needs map's figures, as plain functions: the CNAF coverage rate
//! and its components ([`coverage`]), and the rate a few years ahead
//! ([`projection`]). Definitions follow the CNAF's (ONAPE, REPSS Famille
//! indicator 1.4.1; see the project's `reference/indicators.md`): places
//! for 100 children under 3, capacity and not use, every component's
//! source and vintage shown beside it by the pages.

pub mod coverage;
pub mod population;
pub mod projection;
pub mod sector;

#[cfg(test)]
mod tests;
