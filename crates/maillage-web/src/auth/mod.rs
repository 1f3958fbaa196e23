//! Who is asking: passwords, sessions, CSRF and API tokens.

pub mod csrf;
pub mod password;
pub mod store;
pub mod tokens;
mod user;

pub use user::{CurrentUser, accepts_tokens, resolve_user};

/// Session keys.
pub const SESSION_USER: &str = "user_id";
pub const SESSION_CSRF: &str = "csrf";
