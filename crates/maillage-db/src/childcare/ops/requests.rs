//! Families' requests: filed on the public form or by the relais for a
//! family met in person; then followed by the family through its private
//! link (schedule, « toujours d'actualité », cancellation) and read by the
//! relais, each read in the audit log.

use chrono::NaiveDate;
use maillage_domain::audit::{Change, Changes};
use maillage_domain::childcare::matching::{Candidate, Match, compatible};
use maillage_domain::childcare::request::confirmation::{ConfirmationPolicy, FollowUp};
use maillage_domain::childcare::request::{CONSENT_TEXT, RequestForm, StatusForm};
use maillage_domain::childcare::{
    CareMode, CareRequest, FacilityKind, Holder, RequestEvent, RequestStatus, VacancyDeclaration,
};
use maillage_domain::outbox::{care_request_filed, care_request_reminder, care_request_status};
use maillage_domain::{Permission, Refusal};

use super::super::requests::{self, RequestChange};
use super::super::{childminders, facilities, vacancies};
use crate::ops::{Ctx, OpResult};
use crate::{Actor, DatabaseConnection};

/// The sectors a family may choose: those of the territory's offer.
pub async fn request_sectors(db: &DatabaseConnection, territory_id: i32) -> OpResult<Vec<String>> {
    let mut sectors = childminders::sectors(db, territory_id).await?;
    for f in facilities::list(db, territory_id).await? {
        if !f.sector.is_empty() && !sectors.contains(&f.sector) {
            sectors.push(f.sector);
        }
    }
    sectors.sort_by_key(|s| maillage_domain::text::sort_key(s));
    Ok(sectors)
}

/// Where the private links point: `{base}/suivi/{token}`.
pub fn tracking_link(base: &str, token: &str) -> String {
    format!("{}/suivi/{token}", base.trim_end_matches('/'))
}

/// Files the request of a family on the public form of territory
/// `territory_id`. Returns the request and its private link's token.
pub async fn file_request_public(
    db: &DatabaseConnection,
    territory_id: i32,
    territory_name: &str,
    today: NaiveDate,
    form: &RequestForm,
    link_base: &str,
) -> OpResult<(CareRequest, String)> {
    let fields = form.validate(today, &request_sectors(db, territory_id).await?)?;
    let actor = Actor::family(territory_id);
    let message = |r: &CareRequest, token: &str| {
        (!r.email.is_empty())
            .then(|| care_request_filed(&r.email, &r.code, territory_name, &tracking_link(link_base, token)))
    };
    let note = "Demande déposée par la famille en ligne.";
    Ok(requests::create(db, &actor, &fields, today, CONSENT_TEXT, note, message).await?)
}

/// Files a request for a family met in person or on the phone: the relais
/// has read them the consent text (the form's checkbox says so).
pub async fn file_request(
    cx: &Ctx<'_>,
    territory_name: &str,
    form: &RequestForm,
    link_base: &str,
) -> OpResult<(CareRequest, String)> {
    cx.require(Permission::FollowRequests)?;
    let fields = form.validate(cx.today, &request_sectors(cx.db, cx.territory()).await?)?;
    let message = |r: &CareRequest, token: &str| {
        (!r.email.is_empty())
            .then(|| care_request_filed(&r.email, &r.code, territory_name, &tracking_link(link_base, token)))
    };
    let note = format!("Demande enregistrée par {} pour la famille.", cx.actor.name);
    Ok(requests::create(cx.db, cx.actor, &fields, cx.today, CONSENT_TEXT, &note, message).await?)
}

/// A request and its history, for the relais: the read is audited.
pub async fn read_request(cx: &Ctx<'_>, id: i32) -> OpResult<(CareRequest, Vec<RequestEvent>)> {
    cx.require(Permission::FollowRequests)?;
    let r = requests::get(cx.db, cx.territory(), id).await?;
    let events = requests::events(cx.db, cx.territory(), id).await?;
    requests::record_read(cx.db, cx.actor, &r).await?;
    Ok((r, events))
}

/// The request a private link opens, with its history. The family's own
/// reads are not audited: the link is theirs, and a public GET writes nothing.
pub async fn family_request(db: &DatabaseConnection, token: &str) -> OpResult<(CareRequest, Vec<RequestEvent>)> {
    let r = requests::by_token(db, token).await?;
    let events = requests::events(db, r.territory_id, r.id).await?;
    Ok((r, events))
}

const CLOSED: &str = "Cette demande est close : déposez-en une nouvelle si votre besoin a changé.";

/// The request of `token`, if the family may still change it; refused on
/// the field `closed` otherwise.
async fn open_request(db: &DatabaseConnection, token: &str) -> OpResult<CareRequest> {
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

/// The family cancels its request; cancelling it again changes nothing.
pub async fn family_cancel(db: &DatabaseConnection, token: &str, today: NaiveDate) -> OpResult<CareRequest> {
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
        changes: Changes(vec![Change {
            field: "Statut".to_owned(),
            before: r.status.label().to_owned(),
            after: RequestStatus::Cancelled.label().to_owned(),
        }]),
    };
    Ok(requests::change(db, &Actor::family(r.territory_id), r.id, r.version, change).await?)
}

/// The relais moves a request along; the family is told by message (if it
/// gave an address) and sees the change, with the note, on its page.
pub async fn change_status(
    cx: &Ctx<'_>,
    territory_name: &str,
    id: i32,
    version: i32,
    form: &StatusForm,
) -> OpResult<CareRequest> {
    cx.require(Permission::FollowRequests)?;
    let r = requests::get(cx.db, cx.territory(), id).await?;
    let change = form.validate(r.status)?;
    let label = match change.solved_mode {
        Some(mode) => format!("{} ({})", change.status.label(), mode.short_label()),
        None => change.status.label().to_owned(),
    };
    let note = if change.note.is_empty() { format!("Statut : {label}.") } else { change.note.clone() };
    let message =
        (!r.email.is_empty()).then(|| care_request_status(&r.email, &r.code, &label, &change.note, territory_name));
    let request_change = RequestChange {
        today: cx.today,
        set: requests::set_solved_mode(change.solved_mode),
        status: change.status,
        note: &note,
        summary: format!("Demande d'accueil {} : {}", r.code, label.to_lowercase()),
        changes: Changes(vec![Change {
            field: "Statut".to_owned(),
            before: r.status.label().to_owned(),
            after: label,
        }]),
        message,
    };
    Ok(requests::change(cx.db, cx.actor, id, version, request_change).await?)
}

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
        changes: Changes(vec![Change {
            field: "Statut".to_owned(),
            before: r.status.label().to_owned(),
            after: RequestStatus::Expired.label().to_owned(),
        }]),
        message: None,
    };
    let platform = Actor::command_line(territory_id, "Maillage");
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
                let platform = Actor::command_line(r.territory_id, "Maillage");
                requests::change(db, &platform, r.id, r.version, change).await?;
                done.reminded += 1;
            }
        }
    }
    Ok(done)
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

/// Erases the personal data of the requests closed more than
/// `retention_months` ago, every territory (`maillage purge`, and serve
/// every quarter of an hour). Returns how many.
pub async fn purge_closed_requests(db: &DatabaseConnection, today: NaiveDate, retention_months: u32) -> OpResult<u64> {
    let Some(cutoff) = today.checked_sub_months(chrono::Months::new(retention_months)) else { return Ok(0) };
    let mut erased = 0;
    for (territory_id, id) in requests::closed_before(db, cutoff).await? {
        let platform = Actor::command_line(territory_id, "Maillage");
        let note = format!("Données personnelles effacées : demande close depuis plus de {retention_months} mois.");
        requests::anonymise(db, &platform, id, today, &note).await?;
        erased += 1;
    }
    Ok(erased)
}

/// The territory's declared free places that answer request `id`, best
/// first (see [`compatible`]): facilities and active childminders.
pub async fn compatible_offers(cx: &Ctx<'_>, r: &CareRequest) -> OpResult<Vec<Match>> {
    cx.require(Permission::FollowRequests)?;
    let t = cx.territory();
    let mut latest = vacancies::latest_of_territory(cx.db, t).await?;
    let mut candidates = Vec::new();
    for f in facilities::list(cx.db, t).await? {
        if let Some(d) = latest.remove(&Holder::Facility(f.id)) {
            let mode = if f.kind == FacilityKind::Mam { CareMode::Mam } else { CareMode::Collective };
            candidates.push(candidate(d, f.name, mode, f.sector));
        }
    }
    for c in childminders::all(cx.db, t).await?.into_iter().filter(|c| c.active) {
        if let Some(d) = latest.remove(&Holder::Childminder(c.id)) {
            let mode = if c.mam_id.is_some() { CareMode::Mam } else { CareMode::Childminder };
            candidates.push(candidate(d, c.full_name(), mode, c.sector));
        }
    }
    Ok(compatible(r, &candidates, cx.today))
}

fn candidate(d: VacancyDeclaration, name: String, mode: CareMode, sector: String) -> Candidate {
    Candidate {
        holder: d.holder,
        name,
        mode,
        sector,
        free: d.free,
        available_from: d.available_from,
        declared_on: d.declared_on,
    }
}

/// « Proposer »: the relais proposes `holder`'s free place to the family;
/// the request becomes « proposition faite » and the family is told.
pub async fn propose(
    cx: &Ctx<'_>,
    territory_name: &str,
    id: i32,
    version: i32,
    holder: Holder,
) -> OpResult<CareRequest> {
    cx.require(Permission::FollowRequests)?;
    let r = requests::get(cx.db, cx.territory(), id).await?;
    let offer = compatible_offers(cx, &r).await?.into_iter().find(|m| m.candidate.holder == holder);
    let Some(offer) = offer else {
        let message = "Cette place ne correspond plus à la demande : rechargez la liste des offres compatibles.";
        return Err(Refusal::field("holder", message).into());
    };
    if !r.status.is_open() {
        return Err(Refusal::field("holder", CLOSED).into());
    }
    let c = &offer.candidate;
    let note = format!(
        "Proposition : {} ({}, secteur {}), place libre dès le {}. Appelez le relais pour donner votre réponse.",
        c.name,
        c.mode.short_label(),
        c.sector,
        maillage_domain::time::french_date(c.available_from)
    );
    let label = RequestStatus::Proposed.label();
    let message = (!r.email.is_empty()).then(|| care_request_status(&r.email, &r.code, label, &note, territory_name));
    // Proposing again (another place) is allowed: each proposal is a line of the history.
    let change = RequestChange {
        today: cx.today,
        set: requests::set_solved_mode(None),
        status: RequestStatus::Proposed,
        note: &note,
        summary: format!("Demande d'accueil {} : proposition faite", r.code),
        changes: Changes(vec![Change {
            field: "Statut".to_owned(),
            before: r.status.label().to_owned(),
            after: label.to_owned(),
        }]),
        message,
    };
    Ok(requests::change(cx.db, cx.actor, id, version, change).await?)
}
