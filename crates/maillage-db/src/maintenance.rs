//! Housekeeping run on a schedule by `maillage serve`: rows that only ever
//! grow and are useless once old, and uploads waiting for an import that
//! nobody finished (they hold names and telephone numbers).

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;
use crate::entity::{login_attempt, session};

/// How long failed and successful sign-in attempts are kept: long enough
/// for throttling (15 minutes) and for a coordinator to look at yesterday.
pub const LOGIN_ATTEMPTS_KEPT_HOURS: i64 = 48;

/// How long an uploaded file waits for its import.
pub const UPLOADS_KEPT_HOURS: i64 = 24;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub login_attempts: u64,
    pub uploads: u64,
}

/// Deletes expired sessions, old sign-in attempts and forgotten uploads.
pub async fn purge(db: &impl ConnectionTrait, now: chrono::DateTime<chrono::Utc>) -> Result<Purged> {
    let sessions = session::Entity::delete_many().filter(session::Column::ExpiresAt.lte(now)).exec(db).await?;
    let cutoff = now - chrono::Duration::hours(LOGIN_ATTEMPTS_KEPT_HOURS);
    let attempts =
        login_attempt::Entity::delete_many().filter(login_attempt::Column::AttemptedAt.lt(cutoff)).exec(db).await?;
    let uploads =
        crate::childcare::imports::purge_uploads(db, now - chrono::Duration::hours(UPLOADS_KEPT_HOURS)).await?;
    Ok(Purged { sessions: sessions.rows_affected, login_attempts: attempts.rows_affected, uploads })
}
