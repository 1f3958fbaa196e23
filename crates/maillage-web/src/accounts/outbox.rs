//! The territory's outbox, for the coordinator: every message the platform
//! sent or will send, with its state. Bodies that held a one-time link are
//! erased once sent and never shown.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maillage_db::outbox;
use serde::Deserialize;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::pages::{Layout, page_number, render};
use crate::{AppError, AppState};

const PER_PAGE: u64 = 50;

struct Row {
    created: String,
    recipient: String,
    kind: &'static str,
    subject: String,
    state: &'static str,
    detail: String,
}

#[derive(Template)]
#[template(path = "accounts/outbox.html")]
struct OutboxPage {
    layout: Layout,
    rows: Vec<Row>,
    /// « 1 message », « 3 messages ».
    total_label: String,
    page: u64,
    pages: u64,
    smtp: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    page: String,
}

pub async fn list_messages(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let asked = page_number(&q.page);
    let result = outbox::list(&state.db, user.territory_id, asked, PER_PAGE).await?;
    let rows = result
        .messages
        .into_iter()
        .map(|m| Row {
            created: maillage_domain::time::french_date_time(m.created_at),
            detail: match (m.sent_at, m.last_error.is_empty()) {
                (Some(at), _) => format!("le {}", maillage_domain::time::french_date_time(at)),
                (None, false) => format!(
                    "{} : {}",
                    maillage_domain::text::count(i64::from(m.attempts), "essai", "essais"),
                    m.last_error
                ),
                (None, true) => String::new(),
            },
            recipient: m.recipient,
            kind: m.kind.label(),
            subject: m.subject,
            state: m.state.label(),
        })
        .collect();
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = OutboxPage {
        layout,
        rows,
        total_label: maillage_domain::text::count(result.total as i64, "message", "messages"),
        page: result.page,
        pages: result.pages,
        smtp: state.config.smtp_configured,
    };
    Ok(render(&page)?.into_response())
}
