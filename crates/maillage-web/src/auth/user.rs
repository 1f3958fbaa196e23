//! The signed-in user, from a session cookie or an API token.

use axum::http::{HeaderMap, header};
use maillage_domain::Role;
use tower_sessions::Session;

use super::{
    ABSOLUTE_LIFETIME_HOURS, SEEN_REFRESH_SECONDS, SESSION_SEEN, SESSION_STARTED, SESSION_TERRITORY, SESSION_USER,
};
use crate::AppState;
use maillage_db::accounts::secrets as tokens;

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i32,
    pub territory_id: i32,
    pub territory_name: String,
    pub is_demo: bool,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Signed in with an API token rather than a session.
    pub via_token: bool,
    /// With a read-only token: the API refuses every write.
    pub read_only: bool,
    /// The territory's revision when the request began (see `cache`).
    pub revision: i64,
    /// The territories the account may switch to (active grants), by name;
    /// empty for a token.
    pub territories: Vec<(i32, String)>,
}

impl CurrentUser {
    pub fn actor(&self) -> maillage_db::Actor {
        maillage_db::Actor {
            territory_id: self.territory_id,
            user_id: Some(self.id),
            name: self.display_name.clone(),
            role: self.role,
        }
    }

    pub fn can(&self, permission: maillage_domain::Permission) -> bool {
        self.role.can(permission)
    }
}

/// Whether API tokens are honoured on this path: only under `/api/v1/`.
/// Pages (token and user management, password changes) need a session,
/// which a stolen token cannot mint.
pub fn accepts_tokens(path: &str) -> bool {
    path.starts_with("/api/v1/")
}

/// The token of an `Authorization: Bearer …` header (the scheme in any case).
pub fn bearer_token(value: &axum::http::HeaderValue) -> Option<&str> {
    let (scheme, token) = value.to_str().ok()?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// `Ok(None)` when nobody is signed in; a bad token is nobody too, and so is
/// a token sent to a page.
pub async fn resolve_user(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
    path: &str,
) -> Result<Option<CurrentUser>, crate::AppError> {
    let authorization = headers.get(header::AUTHORIZATION).filter(|_| accepts_tokens(path));
    let (user, via_token, read_only) = if let Some(value) = authorization {
        // A request that names a token is judged by it alone: an unreadable
        // or unknown one is nobody, never the session cookie beside it (the
        // CSRF check let it through as a token request).
        let Some(token) = bearer_token(value) else {
            return Ok(None);
        };
        match maillage_db::accounts::find_token(&state.db, &tokens::hash(token)).await? {
            Some((token, user)) => (user, true, token.read_only),
            None => return Ok(None),
        }
    } else {
        let Some(id) = session.get::<i32>(SESSION_USER).await.ok().flatten() else {
            return Ok(None);
        };
        let now = chrono::Utc::now().timestamp();
        let started = session.get::<i64>(SESSION_STARTED).await.ok().flatten();
        if started.is_none_or(|s| now - s > ABSOLUTE_LIFETIME_HOURS * 3600) {
            let _ = session.flush().await;
            return Ok(None);
        }
        let seen = session.get::<i64>(SESSION_SEEN).await.ok().flatten();
        if seen.is_none_or(|s| now - s > SEEN_REFRESH_SECONDS) {
            // Marks the session modified: its row and cookie get a new idle expiry.
            let _ = session.insert(SESSION_SEEN, now).await;
        }
        // The territory the session works in, chosen at sign-in or with the
        // switcher; its grant must still be active.
        let Some(territory) = session.get::<i32>(SESSION_TERRITORY).await.ok().flatten() else {
            return Ok(None);
        };
        // The territory's row is read on every request: its revision says
        // whether what is kept of the account is still true.
        let here = match maillage_db::territory::get(&state.db, territory).await {
            Ok(t) => t,
            Err(maillage_db::DbError::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let kept = state
            .signed_in
            .get_or_compute((id, territory), here.revision, state.today(), async {
                let Some(found) = maillage_db::accounts::signed_in(&state.db, territory, id).await? else {
                    return Ok::<_, crate::AppError>(None);
                };
                if !found.user.is_active {
                    return Ok(None);
                }
                let territories = found
                    .grants
                    .iter()
                    .filter(|g| g.state == maillage_domain::accounts::GrantState::Active)
                    .map(|g| (g.territory_id, g.territory_name.clone()))
                    .collect();
                Ok(Some(current_user(found.user, &found.territory, false, false, territories)))
            })
            .await?;
        return Ok(kept.as_ref().clone().map(|user| CurrentUser {
            revision: here.revision,
            territory_name: here.name,
            is_demo: here.is_demo,
            ..user
        }));
    };
    let territory = maillage_db::territory::get(&state.db, user.territory_id).await?;
    Ok(Some(current_user(user, &territory, via_token, read_only, Vec::new())))
}

fn current_user(
    user: maillage_db::accounts::User,
    territory: &maillage_domain::territory::Territory,
    via_token: bool,
    read_only: bool,
    territories: Vec<(i32, String)>,
) -> CurrentUser {
    let role = user.role;
    CurrentUser {
        id: user.id,
        territory_id: user.territory_id,
        territory_name: territory.name.clone(),
        is_demo: territory.is_demo,
        email: user.email,
        display_name: user.display_name,
        role,
        via_token,
        read_only,
        revision: territory.revision,
        territories,
    }
}
