//! Storage: entities and the repository functions that query them.
//!
//! Every function that reads or writes a territory's records takes the
//! territory's id and filters on it, so a caller cannot reach another
//! territory's rows by guessing an id: it gets [`DbError::NotFound`].
//! Writes that users make go through [`audit::record`] in the same
//! transaction.

pub mod accounts;
pub mod audit;
mod bulk;
pub mod childcare;
mod decode;
mod entity;
pub mod maintenance;
pub mod needs;
pub mod ops;
pub mod outbox;
pub mod plan;
mod scoped;
pub use scoped::Reach;
pub mod sessions;
pub mod territory;

use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database};
pub use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};
use sea_orm_migration::MigratorTrait;

/// Who does a write, in which territory, with which role: operations check
/// the role and record the name in the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    pub territory_id: i32,
    pub user_id: Option<i32>,
    /// The user's name, or « ligne de commande » for the CLI.
    pub name: String,
    /// The command line and the demo act as coordinators.
    pub role: maillage_domain::Role,
}

/// The name the platform's own steps are recorded under.
pub const PLATFORM: &str = "Maillage";

impl Actor {
    /// The command line (or the demo) administering a territory.
    pub fn command_line(territory_id: i32, name: &str) -> Actor {
        Actor { territory_id, user_id: None, name: name.to_owned(), role: maillage_domain::Role::Coordinator }
    }

    /// The platform itself, on its own schedule (reminders, expiry, purge).
    pub fn platform(territory_id: i32) -> Actor {
        Actor::command_line(territory_id, PLATFORM)
    }

    /// A family acting through its request's private link. Its rights come
    /// from the link, checked by the family's operations; the role given is
    /// one that may write nothing, should the actor reach any other.
    pub fn family(territory_id: i32) -> Actor {
        Actor { territory_id, user_id: None, name: "La famille".to_owned(), role: maillage_domain::Role::CafPartner }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("introuvable")]
    NotFound,
    /// The record changed since the caller read it (optimistic locking).
    #[error("modifié entre-temps par quelqu'un d'autre")]
    Conflict,
    /// A unique value is already taken, e.g. an e-mail.
    #[error("déjà utilisé : {0}")]
    Duplicate(&'static str),
    /// A rule on other records, checked inside the write transaction (where
    /// it cannot change under the writer): the field and the French message.
    #[error("{1}")]
    Rule(&'static str, String),
    /// A stored value the domain does not know (an unknown status code…).
    #[error("donnée illisible : {0}")]
    Decode(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

pub type Result<T, E = DbError> = std::result::Result<T, E>;

/// Opens a pool. SQLite files are created if missing and use WAL so readers
/// never wait for the writer; foreign keys are on (sqlx's default).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        options.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(10))
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
        });
    } else {
        options.max_connections(16);
    }
    Database::connect(options).await
}

/// Applies pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    maillage_migration::Migrator::up(db, None).await
}

/// Pending migration names, for `maillage migrate --status`-like output.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    Ok(maillage_migration::Migrator::get_pending_migrations(db).await?.iter().map(|m| m.name().to_owned()).collect())
}

/// Now, in UTC, cut to microseconds: PostgreSQL keeps no more, and a value
/// must read back equal to what was written on both backends.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::{SubsecRound, Utc};
    Utc::now().trunc_subsecs(6)
}

/// Begins a write transaction. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads then writes fails
/// with « database is locked » when another writer got there in between,
/// whereas an immediate one waits its turn (the busy timeout). PostgreSQL
/// ignores the mode.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    let options = sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    db.begin_with_options(options).await
}

/// Whether a database error is a unique-constraint violation.
pub(crate) fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

/// Checks that the database answers; used by `/healthz`.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}
