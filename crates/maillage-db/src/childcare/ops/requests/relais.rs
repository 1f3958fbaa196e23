//! What the relais does with a request: open it (audited), move it along,
//! see the free places that answer it, propose one.

use maillage_domain::audit::{Change, Changes};
use maillage_domain::childcare::matching::{Match, compatible};
use maillage_domain::childcare::request::{RequestForm, StatusForm};
use maillage_domain::childcare::{CareRequest, Holder, RequestEvent, RequestStatus};
use maillage_domain::outbox::care_request_status;
use maillage_domain::{Permission, Refusal};

use super::super::super::candidates;
use super::super::super::requests::{self, RequestChange};
use super::CLOSED;
use crate::ops::{Ctx, OpResult};

/// A request and its history, for the relais: the read is audited.
pub async fn read_request(cx: &Ctx<'_>, id: i32) -> OpResult<(CareRequest, Vec<RequestEvent>)> {
    cx.require(Permission::FollowRequests)?;
    let r = requests::get(cx.db, cx.territory(), id).await?;
    let events = requests::events(cx.db, cx.territory(), id).await?;
    requests::record_read(cx.db, cx.actor, &r).await?;
    Ok((r, events))
}

/// The relais corrects how to reach the family (on the family's call, as
/// the consent text promises). The audit log says that they changed, not
/// what they are: it outlives the request's personal data.
pub async fn correct_contact(cx: &Ctx<'_>, id: i32, version: i32, form: &RequestForm) -> OpResult<CareRequest> {
    cx.require(Permission::FollowRequests)?;
    let r = requests::get(cx.db, cx.territory(), id).await?;
    if r.anonymised_on.is_some() {
        return Err(Refusal::field(
            "parent_name",
            "Les données de cette demande sont effacées : elles ne se corrigent plus.",
        )
        .into());
    }
    let contact = form.validate_contact()?;
    let change = RequestChange {
        today: cx.today,
        set: requests::set_contact(&contact),
        status: r.status,
        note: "Coordonnées corrigées par le relais.",
        summary: format!("Demande d'accueil {} : coordonnées corrigées", r.code),
        changes: Changes(vec![Change {
            field: "Coordonnées".to_owned(),
            before: String::new(),
            after: "corrigées".to_owned(),
        }]),
        message: None,
    };
    Ok(requests::change(cx.db, cx.actor, id, version, change).await?)
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
        changes: requests::status_changed(r.status, label),
        message,
    };
    Ok(requests::change(cx.db, cx.actor, id, version, request_change).await?)
}

/// The territory's declared free places that answer request `id`, best
/// first (see [`compatible`]): facilities and active childminders of the
/// sectors the family accepts.
pub async fn compatible_offers(cx: &Ctx<'_>, r: &CareRequest) -> OpResult<Vec<Match>> {
    cx.require(Permission::FollowRequests)?;
    let candidates = candidates::in_sectors(cx.db, cx.territory(), &r.sectors).await?;
    Ok(compatible(r, &candidates, cx.today))
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
        changes: requests::status_changed(r.status, label),
        message,
    };
    Ok(requests::change(cx.db, cx.actor, id, version, change).await?)
}
