//! Families' requests and their history. Audit entries name a request by
//! its tracking code, never by the family: the audit log outlives the
//! request's personal data (see [`anonymise`] in the purge).

use chrono::{Datelike, NaiveDate};
use maillage_domain::childcare::request::code;
use maillage_domain::childcare::request::{RequestFields, Schedule};
use maillage_domain::childcare::{CareMode, CareRequest, Child, RequestEvent, RequestStatus};
use maillage_domain::outbox::Draft;
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use super::Page;
use crate::accounts::secrets;
use crate::audit::{self, Change, Changes};
use crate::entity::{care_request as row, care_request_event as event};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result, is_unique_violation, now};

fn unknown(what: &str, code: &str, id: i32) -> DbError {
    DbError::Decode(format!("{what} « {code} » inconnu (care_requests {id})"))
}

fn decode(m: row::Model) -> Result<CareRequest> {
    let status = RequestStatus::from_code(&m.status).ok_or_else(|| unknown("statut", &m.status, m.id))?;
    let mut modes = Vec::new();
    for c in m.modes.split(',').filter(|c| !c.is_empty()) {
        modes.push(CareMode::from_code(c).ok_or_else(|| unknown("mode", c, m.id))?);
    }
    let solved_mode = match m.solved_mode.as_deref() {
        None => None,
        Some(c) => Some(CareMode::from_code(c).ok_or_else(|| unknown("mode", c, m.id))?),
    };
    let schedule = Schedule::decode(&m.schedule).ok_or_else(|| unknown("horaire", &m.schedule, m.id))?;
    Ok(CareRequest {
        id: m.id,
        territory_id: m.territory_id,
        code: m.code,
        child: Child { first_name: m.child_first_name, born: m.child_born, date: m.child_date },
        start_on: m.start_on,
        schedule,
        modes,
        sectors: crate::decode::lines(&m.sectors),
        home_sector: m.home_sector,
        parent_name: m.parent_name,
        email: m.email,
        phone: m.phone,
        notes: m.notes,
        status,
        solved_mode,
        filed_on: m.filed_on,
        filed_by: m.filed_by,
        confirmed_on: m.confirmed_on,
        reminded_on: m.reminded_on,
        closed_on: m.closed_on,
        anonymised_on: m.anonymised_on,
        version: m.version,
    })
}

fn decode_event(m: event::Model) -> Result<RequestEvent> {
    let status = RequestStatus::from_code(&m.status)
        .ok_or_else(|| DbError::Decode(format!("statut « {} » inconnu (care_request_events {})", m.status, m.id)))?;
    Ok(RequestEvent { at: m.at, status, actor: m.actor, note: m.note })
}

fn modes_code(modes: &[CareMode]) -> String {
    modes.iter().map(|m| m.code()).collect::<Vec<_>>().join(",")
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<CareRequest> {
    decode(crate::scoped::get::<row::Entity>(db, territory_id, id).await?)
}

/// The request a private link opens, whatever its territory.
pub async fn by_token(db: &impl ConnectionTrait, token: &str) -> Result<CareRequest> {
    let found = row::Entity::find().filter(row::Column::TokenHash.eq(secrets::hash(token))).one(db).await?;
    decode(found.ok_or(DbError::NotFound)?)
}

/// The request of a tracking code (already normalised) in the territory.
pub async fn by_code(db: &impl ConnectionTrait, territory_id: i32, code: &str) -> Result<CareRequest> {
    let found = scoped::<row::Entity>(territory_id).filter(row::Column::Code.eq(code)).one(db).await?;
    decode(found.ok_or(DbError::NotFound)?)
}

/// The history of a request, oldest first.
pub async fn events(db: &impl ConnectionTrait, territory_id: i32, request_id: i32) -> Result<Vec<RequestEvent>> {
    let rows = scoped::<event::Entity>(territory_id)
        .filter(event::Column::RequestId.eq(request_id))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    rows.into_iter().map(decode_event).collect()
}

/// Which requests the relais' queue shows.
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    /// One status; `None` for every open one (the queue's default).
    pub status: Option<RequestStatus>,
    /// Every status, closed ones included (overrides `status`).
    pub all: bool,
    /// Where the family lives.
    pub home_sector: String,
    /// Desired start within [from, to).
    pub start_between: Option<(NaiveDate, NaiveDate)>,
    /// Among the modes the family asked for.
    pub mode: Option<CareMode>,
}

/// Page `page` (from 0, clamped to the last) of the territory's requests
/// that `filter` keeps, the earliest desired start first.
pub async fn list(
    db: &impl ConnectionTrait,
    territory_id: i32,
    filter: &RequestFilter,
    page: u64,
    per_page: u64,
) -> Result<Page<CareRequest>> {
    let mut q = scoped::<row::Entity>(territory_id);
    if !filter.all {
        q = match filter.status {
            Some(s) => q.filter(row::Column::Status.eq(s.code())),
            None => {
                q.filter(row::Column::Status.is_in(RequestStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code())))
            }
        };
    }
    if !filter.home_sector.is_empty() {
        q = q.filter(row::Column::HomeSector.eq(filter.home_sector.as_str()));
    }
    if let Some((from, to)) = filter.start_between {
        q = q.filter(row::Column::StartOn.gte(from)).filter(row::Column::StartOn.lt(to));
    }
    if let Some(mode) = filter.mode {
        // Mode codes are letters only and none holds another.
        q = q.filter(row::Column::Modes.contains(mode.code()));
    }
    let q = q.order_by_asc(row::Column::StartOn).order_by_asc(row::Column::Id);
    let total = q.clone().count(db).await?;
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let rows = q.paginate(db, per_page).fetch_page(page).await?;
    let items = rows.into_iter().map(decode).collect::<Result<_>>()?;
    Ok(Page { items, total, page, pages })
}

async fn add_event(
    db: &impl ConnectionTrait,
    actor: &Actor,
    request_id: i32,
    status: RequestStatus,
    note: &str,
) -> Result<()> {
    event::ActiveModel {
        territory_id: Set(actor.territory_id),
        request_id: Set(request_id),
        at: Set(now()),
        status: Set(status.code().to_owned()),
        actor: Set(actor.name.clone()),
        note: Set(note.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records a new request; returns it with its private link's token (shown
/// once: only its hash is kept). `note` opens its history; `message`,
/// given the request and the token, is queued in the same transaction.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    f: &RequestFields,
    today: NaiveDate,
    consent: &str,
    note: &str,
    message: impl Fn(&CareRequest, &str) -> Option<Draft>,
) -> Result<(CareRequest, String)> {
    // A code already taken (one chance in a billion per request) is drawn again.
    for _ in 0..5 {
        let mut random = [0u8; code::LENGTH];
        rand::rng().fill_bytes(&mut random);
        let tracking = code::from_bytes(random);
        let token = secrets::random_secret();
        let txn = crate::begin_write(db).await?;
        let inserted = row::ActiveModel {
            territory_id: Set(actor.territory_id),
            code: Set(tracking.clone()),
            token_hash: Set(secrets::hash(&token)),
            child_first_name: Set(f.child.first_name.clone()),
            child_born: Set(f.child.born),
            child_date: Set(f.child.date),
            start_on: Set(f.start_on),
            schedule: Set(f.schedule.encode()),
            modes: Set(modes_code(&f.modes)),
            sectors: Set(f.sectors.join("\n")),
            home_sector: Set(f.home_sector.clone()),
            parent_name: Set(f.parent_name.clone()),
            email: Set(f.email.clone()),
            phone: Set(f.phone.clone()),
            notes: Set(f.notes.clone()),
            status: Set(RequestStatus::Filed.code().to_owned()),
            solved_mode: Set(None),
            filed_on: Set(today),
            filed_by: Set(actor.name.clone()),
            confirmed_on: Set(today),
            reminded_on: Set(None),
            closed_on: Set(None),
            anonymised_on: Set(None),
            consent: Set(consent.to_owned()),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let inserted = match inserted {
            Ok(r) => r,
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        add_event(&txn, actor, inserted.id, RequestStatus::Filed, note).await?;
        let summary = format!("Demande d'accueil {tracking} déposée");
        let changes = Changes(vec![Change {
            field: "Statut".to_owned(),
            before: String::new(),
            after: RequestStatus::Filed.label().to_owned(),
        }]);
        audit::record(&txn, actor, "care_request", inserted.id, "create", &summary, &changes).await?;
        let request = decode(inserted)?;
        if let Some(draft) = message(&request, &token) {
            crate::outbox::queue(&txn, actor.territory_id, &draft).await?;
        }
        txn.commit().await?;
        return Ok((request, token));
    }
    Err(DbError::Decode("aucun code de suivi libre après cinq tirages".to_owned()))
}

/// A change of an open request: the new values go in `set`, the history
/// gets `note` with the (new) status, the audit log `summary` and `changes`.
pub struct RequestChange<'a> {
    /// The day it happens: a request closed on it keeps its data from then
    /// for the retention period.
    pub today: NaiveDate,
    pub set: row::ActiveModel,
    pub status: RequestStatus,
    pub note: &'a str,
    pub summary: String,
    pub changes: Changes,
    /// To the family, queued with the change.
    pub message: Option<Draft>,
}

/// Applies `change` if the request is still at `expected_version`.
pub async fn change(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    change: RequestChange<'_>,
) -> Result<CareRequest> {
    let txn = crate::begin_write(db).await?;
    let mut set = change.set;
    set.version = Set(expected_version.saturating_add(1));
    set.status = Set(change.status.code().to_owned());
    let before = get(&txn, actor.territory_id, id).await?;
    if before.status.is_open() != change.status.is_open() {
        set.closed_on = Set((!change.status.is_open()).then_some(change.today));
    }
    let result = row::Entity::update_many()
        .set(set)
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::TerritoryId.eq(actor.territory_id))
        .filter(row::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    add_event(&txn, actor, id, change.status, change.note).await?;
    audit::record(&txn, actor, "care_request", id, "update", &change.summary, &change.changes).await?;
    if let Some(draft) = &change.message {
        crate::outbox::queue(&txn, actor.territory_id, draft).await?;
    }
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// The audit line of a change of status, from `before` to `after` (a label).
pub fn status_changed(before: RequestStatus, after: impl Into<String>) -> Changes {
    Changes(vec![Change { field: "Statut".to_owned(), before: before.label().to_owned(), after: after.into() }])
}

/// The new row values of corrected contact details.
pub fn set_contact(c: &maillage_domain::childcare::request::form::Contact) -> row::ActiveModel {
    row::ActiveModel {
        parent_name: Set(c.parent_name.clone()),
        email: Set(c.email.clone()),
        phone: Set(c.phone.clone()),
        ..Default::default()
    }
}

/// The new row values of a schedule change.
pub fn set_schedule(schedule: &Schedule) -> row::ActiveModel {
    row::ActiveModel { schedule: Set(schedule.encode()), ..Default::default() }
}

/// The new row values of a confirmation on `today`.
pub fn set_confirmed(today: NaiveDate) -> row::ActiveModel {
    row::ActiveModel { confirmed_on: Set(today), ..Default::default() }
}

/// The new row values of a reminder sent on `today`.
pub fn set_reminded(today: NaiveDate) -> row::ActiveModel {
    row::ActiveModel { reminded_on: Set(Some(today)), ..Default::default() }
}

/// Open requests of every territory last confirmed on or before `day`:
/// those a reminder or an expiry may be due for.
pub async fn unconfirmed_since(db: &impl ConnectionTrait, day: NaiveDate) -> Result<Vec<CareRequest>> {
    let open = RequestStatus::ALL.iter().filter(|s| s.is_open()).map(|s| s.code());
    let rows = row::Entity::find()
        .filter(row::Column::Status.is_in(open))
        .filter(row::Column::ConfirmedOn.lte(day))
        .order_by_asc(row::Column::Id)
        .all(db)
        .await?;
    rows.into_iter().map(decode).collect()
}

/// The mode of a solution (none for any other status).
pub fn set_solved_mode(mode: Option<CareMode>) -> row::ActiveModel {
    row::ActiveModel { solved_mode: Set(mode.map(|m| m.code().to_owned())), ..Default::default() }
}

/// Nothing but the status (and version) changes.
pub fn set_nothing() -> row::ActiveModel {
    <row::ActiveModel as Default>::default()
}

/// A member of staff read the request: in the audit log, without bumping
/// the territory's revision (nothing computed from the records changed).
pub async fn record_read(db: &impl ConnectionTrait, actor: &Actor, r: &CareRequest) -> Result<()> {
    let summary = format!("Demande d'accueil {} consultée", r.code);
    audit::record_read(db, actor, "care_request", r.id, &summary).await
}

/// Dates the events of a request one by one, oldest first, at 10:00 in
/// France: for histories generated after the fact (the demo, the synthetic
/// national dataset), whose events happened on other days than today.
pub async fn date_history(
    db: &(impl ConnectionTrait + TransactionTrait),
    territory_id: i32,
    request_id: i32,
    days: &[NaiveDate],
) -> Result<()> {
    let txn = crate::begin_write(db).await?;
    let rows = scoped::<event::Entity>(territory_id)
        .filter(event::Column::RequestId.eq(request_id))
        .order_by_asc(event::Column::Id)
        .all(&txn)
        .await?;
    for (row, day) in rows.into_iter().zip(days) {
        let at = day.and_hms_opt(9, 0, 0).map(|t| t.and_utc()).ok_or(DbError::NotFound)?;
        event::Entity::update_many()
            .col_expr(event::Column::At, sea_orm::sea_query::Expr::value(at))
            .filter(event::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Requests closed on or before `day` whose personal data is still held.
pub async fn closed_before(db: &impl ConnectionTrait, day: NaiveDate) -> Result<Vec<(i32, i32)>> {
    let rows = row::Entity::find()
        .filter(row::Column::ClosedOn.lte(day))
        .filter(row::Column::AnonymisedOn.is_null())
        .order_by_asc(row::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.territory_id, r.id)).collect())
}

/// Erases the personal data of a closed request, keeping what statistics
/// need (dates, ages by month, schedule, modes, sectors, statuses): names,
/// contact, notes and the history's notes go, and the private link stops
/// working. `note` says why in its history.
pub async fn anonymise(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    today: NaiveDate,
    note: &str,
) -> Result<CareRequest> {
    let txn = crate::begin_write(db).await?;
    let r = get(&txn, actor.territory_id, id).await?;
    let month = r.child.date.with_day(1).unwrap_or(r.child.date);
    let dead_link = secrets::hash(&secrets::random_secret());
    let set = row::ActiveModel {
        child_first_name: Set(String::new()),
        child_date: Set(month),
        parent_name: Set(String::new()),
        email: Set(String::new()),
        phone: Set(String::new()),
        notes: Set(String::new()),
        token_hash: Set(dead_link),
        anonymised_on: Set(Some(today)),
        version: Set(r.version.saturating_add(1)),
        ..Default::default()
    };
    row::Entity::update_many()
        .set(set)
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::TerritoryId.eq(actor.territory_id))
        .exec(&txn)
        .await?;
    event::Entity::update_many()
        .col_expr(event::Column::Note, sea_orm::sea_query::Expr::value(""))
        .filter(event::Column::RequestId.eq(id))
        .exec(&txn)
        .await?;
    add_event(&txn, actor, id, r.status, note).await?;
    let summary = format!("Demande d'accueil {} : données personnelles effacées", r.code);
    audit::record(&txn, actor, "care_request", id, "anonymise", &summary, &Changes::default()).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}
