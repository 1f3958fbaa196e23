//! The plan's writes, one operation each (see [`crate::ops`]).

mod actions;
mod components;
mod conventions;
mod meetings;
mod reviews;

pub use actions::*;
pub use components::*;
pub use conventions::*;
pub use meetings::*;
pub use reviews::*;
