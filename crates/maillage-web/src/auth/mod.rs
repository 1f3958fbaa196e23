//! Who is asking: sessions, CSRF, API tokens, the client's address.
//! Password hashes and token secrets live in `maillage_db::accounts`, where
//! the command line finds them too.

mod client;
pub mod csrf;
pub mod store;
mod user;

pub use client::ClientAddr;
pub use user::{CurrentUser, accepts_tokens, resolve_user};

/// Session keys.
pub const SESSION_USER: &str = "user_id";
pub const SESSION_CSRF: &str = "csrf";
/// The territory the session works in (the account may hold several grants).
pub const SESSION_TERRITORY: &str = "territory_id";
/// When the session was opened (Unix seconds): it ends after
/// [`ABSOLUTE_LIFETIME_HOURS`] whatever the activity.
pub const SESSION_STARTED: &str = "started";
/// When activity last pushed the idle expiry back (Unix seconds).
pub const SESSION_SEEN: &str = "seen";

/// A session ends after this long, active or not.
pub const ABSOLUTE_LIFETIME_HOURS: i64 = 12;
/// Activity pushes the idle expiry back at most this often, so that reading
/// pages does not write the session row on every request.
pub const SEEN_REFRESH_SECONDS: i64 = 300;
