//! The outbox: messages stored in the same transaction as what caused them,
//! then sent by `maillage serve`'s sender (any process may send: a message
//! is claimed before it is tried).

use maillage_domain::outbox::{Draft, MAX_ATTEMPTS, Message, MessageKind, MessageState};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use crate::entity::message;
use crate::scoped::scoped;
use crate::{DbError, Result, now};

fn decode(m: message::Model) -> Result<Message> {
    let kind =
        MessageKind::from_code(&m.kind).ok_or_else(|| DbError::Decode(format!("type de message « {} »", m.kind)))?;
    let state =
        MessageState::from_code(&m.state).ok_or_else(|| DbError::Decode(format!("état de message « {} »", m.state)))?;
    Ok(Message {
        id: m.id,
        kind,
        recipient: m.recipient,
        subject: m.subject,
        body: m.body,
        state,
        attempts: m.attempts,
        last_error: m.last_error,
        created_at: m.created_at,
        sent_at: m.sent_at,
    })
}

/// Stores a message to send; call it inside the transaction of what caused it.
pub async fn queue(db: &impl ConnectionTrait, territory_id: i32, draft: &Draft) -> Result<Message> {
    let row = message::ActiveModel {
        territory_id: Set(territory_id),
        kind: Set(draft.kind.code().to_owned()),
        recipient: Set(draft.recipient.clone()),
        subject: Set(draft.subject.clone()),
        body: Set(draft.body.clone()),
        secret: Set(draft.secret),
        state: Set(MessageState::Pending.code().to_owned()),
        attempts: Set(0),
        last_error: Set(String::new()),
        created_at: Set(now()),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    decode(row)
}

pub struct OutboxPage {
    pub messages: Vec<Message>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// A territory's messages, newest first.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32, page: u64, per_page: u64) -> Result<OutboxPage> {
    let query = scoped::<message::Entity>(territory_id);
    let total = query.clone().count(db).await?;
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let rows = query.order_by_desc(message::Column::Id).offset(page * per_page).limit(per_page).all(db).await?;
    let messages = rows.into_iter().map(decode).collect::<Result<_>>()?;
    Ok(OutboxPage { messages, total, page, pages })
}

/// A message to try now: its id and what to send.
pub struct Outgoing {
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// Claims up to `limit` pending messages (any territory): each attempt is
/// counted before it is made, so a message is not tried twice at once.
pub async fn claim_pending(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<Outgoing>> {
    let rows = message::Entity::find()
        .filter(message::Column::State.eq(MessageState::Pending.code()))
        .order_by_asc(message::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut out = Vec::new();
    for m in rows {
        let claimed = message::Entity::update_many()
            .col_expr(message::Column::Attempts, Expr::value(m.attempts + 1))
            .filter(message::Column::Id.eq(m.id))
            .filter(message::Column::Attempts.eq(m.attempts))
            .exec(db)
            .await?;
        if claimed.rows_affected == 1 {
            out.push(Outgoing { id: m.id, recipient: m.recipient, subject: m.subject, body: m.body });
        }
    }
    Ok(out)
}

/// Sent: a body holding a one-time link is erased, the rest stays readable.
pub async fn mark_sent(db: &impl ConnectionTrait, id: i32) -> Result<()> {
    let Some(m) = message::Entity::find_by_id(id).one(db).await? else { return Ok(()) };
    let mut row: message::ActiveModel = m.clone().into();
    row.state = Set(MessageState::Sent.code().to_owned());
    row.sent_at = Set(Some(now()));
    row.last_error = Set(String::new());
    if m.secret {
        row.body = Set(String::new());
    }
    row.update(db).await?;
    Ok(())
}

/// Not sent this time: given up after [`MAX_ATTEMPTS`].
pub async fn mark_failed(db: &impl ConnectionTrait, id: i32, error: &str) -> Result<()> {
    let Some(m) = message::Entity::find_by_id(id).one(db).await? else { return Ok(()) };
    let state = if m.attempts >= MAX_ATTEMPTS { MessageState::Failed } else { MessageState::Pending };
    let mut row: message::ActiveModel = m.into();
    row.state = Set(state.code().to_owned());
    row.last_error = Set(error.chars().take(500).collect());
    row.update(db).await?;
    Ok(())
}
