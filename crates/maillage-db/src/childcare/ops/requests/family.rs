//! What the family does through its private link: read its request,
//! change its schedule, confirm it, cancel it, erase it.

use chrono::NaiveDate;
use maillage_domain::Refusal;
use maillage_domain::audit::{Change, Changes};
use maillage_domain::childcare::request::RequestForm;
use maillage_domain::childcare::{CareRequest, RequestEvent, RequestStatus};

use super::super::super::requests::{self, RequestChange};
use super::CLOSED;
use crate::ops::OpResult;
use crate::{Actor, DatabaseConnection};

/// The request a private link opens, with its history. The family's own
/// reads are not audited: the link is theirs, and a public GET writes nothing.
pub async fn family_request(db: &DatabaseConnection, token: &str) -> OpResult<(CareRequest, Vec<RequestEvent>)> {
    let r = requests::by_token(db, token).await?;
    let events = requests::events(db, r.territory_id, r.id).await?;
    Ok((r, events))
}

/// The request of `token`, if the family may still change it; refused on
/// the field `closed` otherwise.
pub(super) async fn open_request(db: &DatabaseConnection, token: &str) -> OpResult<CareRequest> {
    let r = requests::by_token(db, token).await?;
    if !r.status.is_open() {
        return Err(Refusal::field("closed", CLOSED).into());
    }
    Ok(r)
}

/// The family changes its weekly schedule.
pub async fn family_update_schedule(
    db: &DatabaseConnection,
    token: &str,
    form: &RequestForm,
    today: NaiveDate,
) -> OpResult<CareRequest> {
    let r = open_request(db, token).await?;
    let schedule = form.validate_schedule()?;
    if schedule == r.schedule {
        return Ok(r);
    }
    let change = RequestChange {
        today,
        set: requests::set_schedule(&schedule),
        status: r.status,
        note: &format!("Horaires modifiés par la famille : {}.", schedule.label()),
        summary: format!("Demande d'accueil {} : horaires modifiés", r.code),
        message: None,
        changes: Changes(vec![Change {
            field: "Horaires".to_owned(),
            before: r.schedule.label(),
            after: schedule.label(),
        }]),
    };
    Ok(requests::change(db, &Actor::family(r.territory_id), r.id, r.version, change).await?)
}

/// The family says the request is still needed (« toujours d'actualité »).
pub async fn family_confirm(db: &DatabaseConnection, token: &str, today: NaiveDate) -> OpResult<CareRequest> {
    let r = open_request(db, token).await?;
    // Already confirmed today (a double tap): nothing more to record.
    if r.confirmed_on == today && r.reminded_on.is_none_or(|d| d <= today) {
        return Ok(r);
    }
    let change = RequestChange {
        today,
        set: requests::set_confirmed(today),
        status: r.status,
        note: "Demande confirmée : toujours d'actualité.",
        summary: format!("Demande d'accueil {} confirmée par la famille", r.code),
        message: None,
        changes: Changes(vec![Change {
            field: "Confirmée le".to_owned(),
            before: r.confirmed_on.to_string(),
            after: today.to_string(),
        }]),
    };
    Ok(requests::change(db, &Actor::family(r.territory_id), r.id, r.version, change).await?)
}

/// The family cancels its request; cancelling it again changes nothing,
/// even when the two taps race (the second finds it cancelled meanwhile).
pub async fn family_cancel(db: &DatabaseConnection, token: &str, today: NaiveDate) -> OpResult<CareRequest> {
    match cancel(db, token, today).await {
        Err(e) => match requests::by_token(db, token).await {
            Ok(now) if now.status == RequestStatus::Cancelled => Ok(now),
            _ => Err(e),
        },
        done => done,
    }
}

async fn cancel(db: &DatabaseConnection, token: &str, today: NaiveDate) -> OpResult<CareRequest> {
    let r = requests::by_token(db, token).await?;
    if r.status == RequestStatus::Cancelled {
        return Ok(r);
    }
    let r = open_request(db, token).await?;
    let change = RequestChange {
        today,
        set: requests::set_nothing(),
        status: RequestStatus::Cancelled,
        note: "Demande annulée par la famille.",
        summary: format!("Demande d'accueil {} annulée par la famille", r.code),
        message: None,
        changes: requests::status_changed(r.status, RequestStatus::Cancelled.label()),
    };
    Ok(requests::change(db, &Actor::family(r.territory_id), r.id, r.version, change).await?)
}

/// The family erases its request through its link: closed if it was
/// still open, then its personal data erased at once. The link dies with it.
pub async fn family_erase(db: &DatabaseConnection, token: &str, today: NaiveDate) -> OpResult<String> {
    let r = requests::by_token(db, token).await?;
    let family = Actor::family(r.territory_id);
    if r.status.is_open() {
        family_cancel(db, token, today).await?;
    }
    let note = "Données personnelles effacées à la demande de la famille.";
    let erased = requests::anonymise(db, &family, r.id, today, note).await?;
    Ok(erased.code)
}
