//! A synthetic national dataset over the real commune list, for scale
//! tests and benchmarks (`maillage generate`): one territory per EPCI (and
//! one per commune outside any), whose sectors are its communes; the offer
//! and the demand spread by population, so that Paris's EPCI holds a tenth
//! of everything and a village of 200 people a childminder or none.
//!
//! Everything is computed from indexes with a fixed hash (no random
//! generator): the same call gives the same records on every machine, and
//! a benchmark can name « the same request » on SQLite and PostgreSQL.

mod demand;
mod offer;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

pub use demand::{SyntheticRequest, requests};
pub use offer::{SyntheticOffer, declarations, offer};

use crate::geo::{Commune, Epci};

/// The country's offer and demand, as `DESIGN.md` §4 states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub childminders: u64,
    pub facilities: u64,
    /// Authorised places of the facilities (childminders' places come on
    /// top: three or four each).
    pub facility_places: u64,
    /// Filed over the last twelve months.
    pub requests: u64,
}

pub const NATIONAL: Totals =
    Totals { childminders: 260_000, facilities: 13_000, facility_places: 420_000, requests: 700_000 };

/// How much of the country to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scale {
    National,
    /// The communes of one département (`69`, `2A`, `974`), with their
    /// share of the national totals: a quick run.
    Departement(String),
}

/// A sector of a synthetic territory: a commune, and its share of each total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticSector {
    /// The commune's name, with its INSEE code when two communes of the
    /// territory share a name.
    pub name: String,
    pub code: String,
    pub population: u32,
    pub childminders: u32,
    pub facilities: u32,
    pub requests: u32,
}

/// A territory to create, with its sectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticTerritory {
    /// `epci-200046977`, or `commune-97501` for a commune outside any EPCI.
    pub slug: String,
    pub name: String,
    /// Its rank in the dataset: salts every hash, so territories differ.
    pub index: u32,
    pub sectors: Vec<SyntheticSector>,
}

impl SyntheticTerritory {
    pub fn population(&self) -> u64 {
        self.sectors.iter().map(|s| u64::from(s.population)).sum()
    }
}

/// A number from `(i, salt)` that looks random and is the same everywhere
/// (splitmix64's finaliser).
pub fn mix(i: u64, salt: u64) -> u64 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// `total × share`, rounded up or down at random in proportion to the
/// fraction, so that small communes get their fair chance of one.
fn apportion(total: u64, population: u32, national: u64, salt: u64) -> u32 {
    let exact = total as f64 * f64::from(population) / national.max(1) as f64;
    let floor = exact.floor();
    let draw = (mix(salt, 7) % 1_000_000) as f64 / 1_000_000.0;
    let n = if draw < exact - floor { floor + 1.0 } else { floor };
    n as u32
}

/// The territories of `scale`, sorted by slug; an unknown département is
/// said in French.
pub fn territories(communes: &[Commune], epcis: &[Epci], scale: &Scale) -> Result<Vec<SyntheticTerritory>, String> {
    let national: u64 = communes.iter().map(|c| u64::from(c.population)).sum();
    let chosen: Vec<&Commune> = match scale {
        Scale::National => communes.iter().collect(),
        Scale::Departement(code) => communes.iter().filter(|c| c.departement == *code).collect(),
    };
    if chosen.is_empty() {
        let Scale::Departement(code) = scale else { return Err("Aucune commune dans la liste.".to_owned()) };
        return Err(format!("Aucune commune dans le département « {code} » (exemples : 01, 2A, 69, 974)."));
    }
    let names: HashMap<&str, &str> = epcis.iter().map(|e| (e.code.as_str(), e.name.as_str())).collect();
    let mut groups: BTreeMap<String, (String, Vec<&Commune>)> = BTreeMap::new();
    for c in chosen {
        let (slug, name) = match &c.epci {
            Some(e) => {
                (format!("epci-{e}"), names.get(e.as_str()).map_or_else(|| format!("EPCI {e}"), |n| (*n).to_owned()))
            }
            None => (format!("commune-{}", c.code.to_lowercase()), c.name.clone()),
        };
        groups.entry(slug).or_insert_with(|| (name, Vec::new())).1.push(c);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (index, (slug, (name, members))) in groups.into_iter().enumerate() {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for c in &members {
            *seen.entry(c.name.as_str()).or_default() += 1;
        }
        let sectors = members
            .iter()
            .map(|c| {
                let salt = c.code.bytes().fold(0_u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
                SyntheticSector {
                    name: if seen[c.name.as_str()] > 1 { format!("{} ({})", c.name, c.code) } else { c.name.clone() },
                    code: c.code.clone(),
                    population: c.population,
                    childminders: apportion(NATIONAL.childminders, c.population, national, salt),
                    facilities: apportion(NATIONAL.facilities, c.population, national, salt ^ 1),
                    requests: apportion(NATIONAL.requests, c.population, national, salt ^ 2),
                }
            })
            .collect();
        out.push(SyntheticTerritory { slug, name, index: index as u32, sectors });
    }
    Ok(out)
}

/// A tracking code no other synthetic request has: the `n`-th code of a
/// fixed permutation of the 40-bit code space.
pub fn code(n: u64) -> String {
    const MASK: u64 = (1 << 40) - 1;
    // Multiplying by an odd number and xor-shifting are both invertible
    // modulo 2^40: distinct `n` give distinct codes.
    let mut x = (n.wrapping_mul(0x5851_F42D_4C95_7F2D | 1)) & MASK;
    x ^= x >> 20;
    x = x.wrapping_mul(0x2545_F491_4F6C_DD1D | 1) & MASK;
    x ^= x >> 17;
    let mut bytes = [0_u8; super::request::code::LENGTH];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = ((x >> (5 * i)) & 31) as u8;
    }
    super::request::code::from_bytes(bytes)
}
