//! Housekeeping run on a schedule by `maillage serve`: rows that only ever
//! grow and are useless once old.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;
use crate::entity::{login_attempt, session};

/// How long failed and successful sign-in attempts are kept: long enough
/// for throttling (15 minutes) and for a coordinator to look at yesterday.
pub const LOGIN_ATTEMPTS_KEPT_HOURS: i64 = 48;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub login_attempts: u64,
}

/// Deletes expired sessions and old sign-in attempts.
pub async fn purge(db: &impl ConnectionTrait, now: chrono::DateTime<chrono::Utc>) -> Result<Purged> {
    let sessions = session::Entity::delete_many().filter(session::Column::ExpiresAt.lte(now)).exec(db).await?;
    let cutoff = now - chrono::Duration::hours(LOGIN_ATTEMPTS_KEPT_HOURS);
    let attempts =
        login_attempt::Entity::delete_many().filter(login_attempt::Column::AttemptedAt.lt(cutoff)).exec(db).await?;
    Ok(Purged { sessions: sessions.rows_affected, login_attempts: attempts.rows_affected })
}
