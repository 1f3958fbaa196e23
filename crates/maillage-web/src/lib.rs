//! HTTP: the pages, the JSON API and authentication.
//!
//! Organised by capability (`plan`, `accounts`, `audit`, and later
//! `childcare`, `needs`, `directory`): each holds its pages, its API handlers
//! and the `routes` function that registers them with their permission. The
//! shared machinery sits apart: [`routes`] (the guard and the route table),
//! [`auth`] (sessions, CSRF, tokens), [`pages`] (layout, flash messages),
//! [`form`] (fields drawn next to their errors), [`problem`] (the API's
//! `application/problem+json`) and [`AppError`].
//!
//! A request goes: security headers → session → CSRF check (state-changing
//! requests with a session cookie) → the route's permission check
//! ([`routes`]) → a thin handler that validates input with
//! `maillage-domain`, calls `maillage-db` repositories and renders a template
//! or JSON.
//!
//! Error policy: handlers return [`AppError`]. Pages render a French error
//! page with the right status; the API answers `application/problem+json`
//! (RFC 9457). Internal errors are logged with their cause but shown to the
//! user only as « erreur interne », and nothing a family typed is logged.

pub mod accounts;
pub mod antibot;
pub mod audit;
pub mod auth;
mod cache;
pub mod charts;
pub mod childcare;
mod cookies;
mod error;
pub mod extract;
pub mod form;
mod headers;
pub mod pages;
pub mod plan;
pub mod problem;
pub mod routes;

use std::sync::Arc;

use maillage_db::DatabaseConnection;

pub use error::AppError;
pub use routes::{Access, RouteInfo, app, route_table};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// The dashboards computed, by territory and convention (see [`cache`]).
    pub(crate) dashboards: Arc<cache::RevisionCache<(i32, i32), Option<plan::pages::dashboard::Computed>>>,
    /// The offer on a date, by territory and date (see [`cache`]).
    pub(crate) offers:
        Arc<cache::RevisionCache<(i32, chrono::NaiveDate), maillage_domain::childcare::summary::OfferSummary>>,
    /// Childcare statistics, by territory and year (see [`cache`]).
    pub(crate) statistics: Arc<cache::RevisionCache<(i32, i32), childcare::statistics::Computed>>,
    /// Who is signed in, by account and territory: read again once the
    /// territory's revision moves (every account change is audited, so it
    /// bumps it), so a signed-in page costs the session and one query.
    pub(crate) signed_in: Arc<cache::RevisionCache<(i32, i32), Option<auth::CurrentUser>>>,
    /// The public forms' guard against robots (see [`antibot`]).
    pub(crate) antibot: Arc<antibot::AntiBot>,
}

/// Where « now » comes from: the system in production, a fixed instant in
/// tests, so that « late » and « this year » do not depend on the day the
/// suite runs.
pub trait Clock: Send + Sync {
    fn now(&self) -> chrono::DateTime<chrono::Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}

/// Always the same instant.
pub struct FixedClock(pub chrono::DateTime<chrono::Utc>);

impl Clock for FixedClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Cookies get `Secure` and pages send HSTS when served over HTTPS.
    pub secure_cookies: bool,
    /// Shown on every page when the territory is a demo.
    pub demo_banner: bool,
    /// The address people reach the site at, without a trailing slash:
    /// links sent to them (invitations) are built from it, never from the
    /// request's `Host` header, which a client chooses.
    pub public_url: String,
    /// Proxies whose `X-Forwarded-For` names the client ([`auth::ClientAddr`]).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Whether a mail server sends the outbox (else messages wait, and the
    /// outbox page says so).
    pub smtp_configured: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            demo_banner: false,
            public_url: "http://127.0.0.1:8080".to_owned(),
            trusted_proxies: Vec::new(),
            smtp_configured: false,
        }
    }
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> Self {
        Self {
            db,
            config: Arc::new(config),
            clock: Arc::new(SystemClock),
            dashboards: Arc::default(),
            offers: Arc::default(),
            statistics: Arc::default(),
            signed_in: Arc::default(),
            antibot: Arc::default(),
        }
    }

    /// The same state with another clock (tests).
    pub fn with_clock(self, clock: impl Clock + 'static) -> Self {
        Self { clock: Arc::new(clock), ..self }
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// What an operation needs: the database, who acts, and today.
    pub fn ctx<'a>(&'a self, actor: &'a maillage_db::Actor) -> maillage_db::ops::Ctx<'a> {
        maillage_db::ops::Ctx { db: &self.db, actor, today: self.today() }
    }

    /// Today in France: what « late » and « this year » are measured against.
    pub fn today(&self) -> chrono::NaiveDate {
        maillage_domain::time::date_in_france(self.now())
    }
}
