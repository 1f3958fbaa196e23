//! The audit log, for the coordinator.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maillage_db::audit::{self, AuditFilter, Change};
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, page_number, render};
use crate::{AppError, AppState};

const PER_PAGE: u64 = 50;

const ENTITIES: [(&str, &str); 17] = [
    ("", "Tous"),
    ("action", "Actions"),
    ("milestone", "Jalons"),
    ("budget_line", "Budget"),
    ("indicator", "Indicateurs"),
    ("axis", "Axes"),
    ("decision", "Décisions"),
    ("indicator_value", "Valeurs d'indicateurs"),
    ("journal_entry", "Journal des actions"),
    ("convention", "Conventions"),
    ("meeting", "Réunions"),
    ("user", "Comptes"),
    ("api_token", "Jetons d'accès"),
    ("facility", "Établissements"),
    ("childminder", "Assistant·e·s maternel·le·s"),
    ("care_request", "Demandes d'accueil"),
    ("facility_project", "Projets d'établissement"),
];

struct EntryView {
    at: String,
    actor: String,
    summary: String,
    changes: Vec<Change>,
}

#[derive(Template)]
#[template(path = "audit/audit.html")]
struct AuditPage {
    layout: Layout,
    entries: Vec<EntryView>,
    entities: [(&'static str, &'static str); 17],
    users: Vec<(String, String)>,
    user: String,
    entity: String,
    /// « 1 modification », « 12 modifications ».
    total_label: String,
    page: u64,
    pages: u64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    entity: String,
    /// A user's id, or empty for everyone.
    user: String,
    /// Counted from 0; anything that is not a page number is the first page.
    page: String,
}

pub async fn list_audit(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let entity = ENTITIES.iter().find(|(code, _)| *code == q.entity).map_or("", |(code, _)| code);
    let accounts = maillage_db::accounts::list_users(&state.db, user.territory_id).await?;
    let user_id = q.user.parse::<i32>().ok().filter(|id| accounts.iter().any(|u| u.id == *id));
    let filter = AuditFilter { entity: (!entity.is_empty()).then(|| entity.to_owned()), user_id, ..Default::default() };
    let mut users = vec![(String::new(), "Tout le monde".to_owned())];
    users.extend(accounts.into_iter().map(|u| (u.id.to_string(), u.display_name)));
    let asked = page_number(&q.page);
    let result = audit::list(&state.db, user.territory_id, &filter, asked, PER_PAGE).await?;
    let entries = result
        .entries
        .into_iter()
        .map(|e| EntryView {
            at: maillage_domain::time::french_date_time(e.at),
            actor: e.actor,
            summary: e.summary,
            changes: e.changes,
        })
        .collect();
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = AuditPage {
        layout,
        entries,
        entities: ENTITIES,
        entity: entity.to_owned(),
        users,
        user: user_id.map(|id| id.to_string()).unwrap_or_default(),
        total_label: maillage_domain::text::count(result.total as i64, "modification", "modifications"),
        page: result.page,
        pages: result.pages,
    };
    Ok(render(&page)?.into_response())
}
