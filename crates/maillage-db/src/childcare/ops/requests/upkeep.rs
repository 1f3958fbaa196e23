//! What the platform does on its own schedule: remind the families that
//! have not confirmed, let unanswered requests expire, erase the personal
//! data of requests closed past their retention.

use chrono::NaiveDate;
use maillage_domain::Refusal;
use maillage_domain::audit::{Change, Changes};
use maillage_domain::childcare::request::confirmation::{ConfirmationPolicy, FollowUp};
use maillage_domain::childcare::{CareRequest, RequestStatus};
use maillage_domain::outbox::care_request_reminder;

use super::super::super::requests::{self, RequestChange};
use super::CLOSED;
use crate::ops::OpResult;
use crate::{Actor, DatabaseConnection};

/// The platform closes a request its family did not confirm in time.
pub async fn expire_request(
    db: &DatabaseConnection,
    territory_id: i32,
    id: i32,
    today: NaiveDate,
) -> OpResult<CareRequest> {
    let r = requests::get(db, territory_id, id).await?;
    if !r.status.is_open() {
        return Err(Refusal::field("closed", CLOSED).into());
    }
    let change = RequestChange {
        today,
        set: requests::set_solved_mode(None),
        status: RequestStatus::Expired,
        note: "Demande expirée : elle n'a pas été confirmée à temps.",
        summary: format!("Demande d'accueil {} expirée", r.code),
        changes: requests::status_changed(r.status, RequestStatus::Expired.label()),
        message: None,
    };
    let platform = Actor::platform(territory_id);
    Ok(requests::change(db, &platform, r.id, r.version, change).await?)
}

/// What [`follow_up_requests`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FollowedUp {
    pub reminded: u64,
    pub expired: u64,
}

/// Reminds the families that have not confirmed their request for a
/// while, and lets expire the requests whose reminder went unanswered
/// (every territory; run on a schedule by `maillage serve`). A family
/// without an address is reminded in its history only: the relais sees
/// the request « à relancer » there and may call.
pub async fn follow_up_requests(
    db: &DatabaseConnection,
    today: NaiveDate,
    policy: ConfirmationPolicy,
) -> OpResult<FollowedUp> {
    let mut done = FollowedUp::default();
    let Some(horizon) = today.checked_sub_months(chrono::Months::new(policy.remind_after_months)) else {
        return Ok(done);
    };
    let mut names = std::collections::HashMap::new();
    for r in requests::unconfirmed_since(db, horizon).await? {
        match policy.due(r.confirmed_on, r.reminded_on, today) {
            FollowUp::Nothing => {}
            FollowUp::Expire => {
                expire_request(db, r.territory_id, r.id, today).await?;
                done.expired += 1;
            }
            FollowUp::Remind => {
                if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(r.territory_id) {
                    slot.insert(crate::territory::get(db, r.territory_id).await?.name);
                }
                let territory = &names[&r.territory_id];
                let expires = policy.expires_on(today).map(maillage_domain::time::french_date).unwrap_or_default();
                let message =
                    (!r.email.is_empty()).then(|| care_request_reminder(&r.email, &r.code, territory, &expires));
                let change = RequestChange {
                    today,
                    set: requests::set_reminded(today),
                    status: r.status,
                    note: &format!("Rappel : confirmez la demande avant le {expires}, sans quoi elle expirera."),
                    summary: format!("Demande d'accueil {} : rappel de confirmation", r.code),
                    changes: Changes(vec![Change {
                        field: "Rappel".to_owned(),
                        before: String::new(),
                        after: today.to_string(),
                    }]),
                    message,
                };
                let platform = Actor::platform(r.territory_id);
                requests::change(db, &platform, r.id, r.version, change).await?;
                done.reminded += 1;
            }
        }
    }
    Ok(done)
}

/// Erases the personal data of the requests closed more than
/// `retention_months` ago, every territory (`maillage purge`, and serve
/// every quarter of an hour). Returns how many.
pub async fn purge_closed_requests(db: &DatabaseConnection, today: NaiveDate, retention_months: u32) -> OpResult<u64> {
    let Some(cutoff) = today.checked_sub_months(chrono::Months::new(retention_months)) else { return Ok(0) };
    let mut erased = 0;
    for (territory_id, id) in requests::closed_before(db, cutoff).await? {
        let platform = Actor::platform(territory_id);
        let note = format!("Données personnelles effacées : demande close depuis plus de {retention_months} mois.");
        requests::anonymise(db, &platform, id, today, &note).await?;
        erased += 1;
    }
    Ok(erased)
}
