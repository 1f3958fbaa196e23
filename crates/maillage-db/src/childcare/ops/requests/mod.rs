//! Families' requests, one operation per write: filed on the public form
//! or by the relais (`filing`); followed by the family through its private
//! link (`family`); read, moved along and matched by the relais
//! (`relais`); reminded, expired and purged by the platform (`upkeep`).

mod family;
mod filing;
mod relais;
mod upkeep;

pub use family::*;
pub use filing::*;
pub use relais::*;
pub use upkeep::*;

/// Why a closed request changes no more.
const CLOSED: &str = "Cette demande est close : déposez-en une nouvelle si votre besoin a changé.";
