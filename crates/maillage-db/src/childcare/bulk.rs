//! Registers and requests written many at a time: a large import's new
//! childminders, and the synthetic national dataset. A record created here
//! gets the same lines in the audit log as one created from its page; the
//! caller holds the write transaction, so a failure leaves nothing behind.

use std::collections::HashMap;

use maillage_domain::childcare::synthetic::SyntheticRequest;
use maillage_domain::childcare::{CapacityFields, ChildminderFields, FacilityFields, Holder, VacancyDeclaration};
use sea_orm::{ConnectionTrait, Set};

use super::{capacities, childminders, facilities};
use crate::accounts::secrets;
use crate::audit::{self, Changes};
use crate::bulk::{insert, insert_returning};
use crate::entity::{
    care_request, care_request_event, childminder, facility, vacancy, vacancy_declaration as declaration,
};
use crate::{Actor, DbError, Result};

fn capacity_lines(
    actor: &Actor,
    entity: &str,
    created: &[(i32, &str, &CapacityFields)],
) -> Vec<crate::entity::audit_entry::ActiveModel> {
    created
        .iter()
        .map(|(id, label, new)| {
            let mut changes = Changes::new();
            capacities::describe_new(&mut changes, new);
            audit::entry(actor, entity, *id, "capacity", &format!("Nouvelle capacité pour {label}"), &changes)
        })
        .collect()
}

/// Creates `items` (each with its first capacity, if any) and returns
/// their ids in the same order. `mam_names` names the MAMs they join.
pub async fn create_childminders(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    items: &[(ChildminderFields, Option<CapacityFields>)],
    mam_names: &HashMap<i32, String>,
) -> Result<Vec<i32>> {
    let t = actor.territory_id;
    let mams: Vec<i32> = items.iter().filter_map(|(c, _)| c.mam_id).collect();
    childminders::check_mams(txn, t, &mams).await?;
    let rows = items
        .iter()
        .map(|(c, _)| {
            childminders::columns(
                c,
                childminder::ActiveModel { territory_id: Set(t), version: Set(1), ..Default::default() },
            )
        })
        .collect();
    let stored = insert_returning(txn, rows).await.map_err(childminders::duplicate)?;
    let by_number: HashMap<&str, i32> = stored.iter().map(|r| (r.approval_number.as_str(), r.id)).collect();
    let ids: Vec<i32> = items
        .iter()
        .map(|(c, _)| by_number.get(c.approval_number.as_str()).copied())
        .collect::<Option<_>>()
        .ok_or_else(|| DbError::Decode("assistant·e maternel·le introuvable après son insertion".to_owned()))?;
    let mut lines = Vec::with_capacity(items.len() * 2);
    let mut labels = Vec::with_capacity(items.len());
    for ((c, _), id) in items.iter().zip(&ids) {
        let mam = c.mam_id.and_then(|m| mam_names.get(&m)).map_or("", String::as_str);
        let summary = format!("Assistant·e maternel·le ajouté·e au registre : {} {}", c.first_name, c.last_name);
        lines.push(audit::entry(
            actor,
            "childminder",
            *id,
            "create",
            &summary,
            &childminders::changes(None, c, ("", mam)),
        ));
        labels.push(format!("{} {}", c.first_name, c.last_name));
    }
    let places: Vec<(i32, &str, &CapacityFields)> = items
        .iter()
        .zip(&ids)
        .zip(&labels)
        .filter_map(|(((_, cap), id), label)| cap.as_ref().map(|cap| (*id, label.as_str(), cap)))
        .collect();
    let rows = places.iter().map(|(id, _, cap)| capacities::new_row(t, Holder::Childminder(*id), cap)).collect();
    insert(txn, rows).await?;
    lines.extend(capacity_lines(actor, "childminder", &places));
    audit::record_many(txn, t, lines).await?;
    Ok(ids)
}

/// Creates `items` (each with an identifier of its own, and its first
/// capacity) and returns their ids in the same order.
pub async fn create_facilities(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    items: &[(FacilityFields, CapacityFields)],
) -> Result<Vec<i32>> {
    let t = actor.territory_id;
    let rows = items
        .iter()
        .map(|(f, _)| {
            facilities::columns(
                f,
                facility::ActiveModel { territory_id: Set(t), version: Set(1), ..Default::default() },
            )
        })
        .collect();
    let stored = insert_returning(txn, rows).await.map_err(facilities::duplicate)?;
    let by_identifier: HashMap<&str, i32> =
        stored.iter().filter_map(|r| r.identifier.as_deref().map(|i| (i, r.id))).collect();
    let ids: Vec<i32> = items
        .iter()
        .map(|(f, _)| by_identifier.get(f.identifier.as_str()).copied())
        .collect::<Option<_>>()
        .ok_or_else(|| DbError::Decode("établissement sans identifiant dans une création groupée".to_owned()))?;
    let mut lines: Vec<_> = items
        .iter()
        .zip(&ids)
        .map(|((f, _), id)| {
            let summary = format!("Établissement ajouté au registre : {}", f.name);
            audit::entry(actor, "facility", *id, "create", &summary, &facilities::changes(None, f))
        })
        .collect();
    let rows =
        items.iter().zip(&ids).map(|((_, cap), id)| capacities::new_row(t, Holder::Facility(*id), cap)).collect();
    insert(txn, rows).await?;
    let places: Vec<(i32, &str, &CapacityFields)> =
        items.iter().zip(&ids).map(|((f, cap), id)| (*id, f.name.as_str(), cap)).collect();
    lines.extend(capacity_lines(actor, "facility", &places));
    audit::record_many(txn, t, lines).await?;
    Ok(ids)
}

/// Records `declarations` of free places (one per holder at most): the
/// synthetic dataset's, written without an audit line each (its generation
/// is one).
pub async fn insert_declarations(
    txn: &impl ConnectionTrait,
    territory_id: i32,
    declarations: &[VacancyDeclaration],
) -> Result<()> {
    let rows = declarations
        .iter()
        .map(|d| declaration::ActiveModel {
            territory_id: Set(territory_id),
            facility_id: Set(if let Holder::Facility(id) = d.holder { Some(id) } else { None }),
            childminder_id: Set(if let Holder::Childminder(id) = d.holder { Some(id) } else { None }),
            declared_on: Set(d.declared_on),
            available_from: Set(d.available_from),
            declared_by: Set(d.declared_by.clone()),
            ..Default::default()
        })
        .collect();
    let stored = insert_returning(txn, rows).await?;
    let ids: HashMap<(Option<i32>, Option<i32>), i32> =
        stored.iter().map(|r| ((r.facility_id, r.childminder_id), r.id)).collect();
    let mut cells = Vec::new();
    for d in declarations {
        let key = match d.holder {
            Holder::Facility(id) => (Some(id), None),
            Holder::Childminder(id) => (None, Some(id)),
        };
        let id = ids[&key];
        cells.extend(d.free.cells().map(|(day, band, places)| vacancy::ActiveModel {
            territory_id: Set(territory_id),
            declaration_id: Set(id),
            weekday: Set(day.num_days_from_monday() as i32),
            age_band: Set(band.code().to_owned()),
            places: Set(places as i32),
            ..Default::default()
        }));
    }
    insert(txn, cells).await?;
    Ok(())
}

/// Records synthetic requests and their histories. Their private links
/// are random and thrown away: nobody can open them.
pub async fn insert_synthetic_requests(
    txn: &impl ConnectionTrait,
    territory_id: i32,
    requests: &[SyntheticRequest],
) -> Result<()> {
    let rows = requests
        .iter()
        .map(|s| {
            let r = &s.request;
            care_request::ActiveModel {
                territory_id: Set(territory_id),
                code: Set(r.code.clone()),
                token_hash: Set(secrets::hash(&secrets::random_secret())),
                child_first_name: Set(r.child.first_name.clone()),
                child_born: Set(r.child.born),
                child_date: Set(r.child.date),
                start_on: Set(r.start_on),
                schedule: Set(r.schedule.encode()),
                modes: Set(r.modes.iter().map(|m| m.code()).collect::<Vec<_>>().join(",")),
                sectors: Set(r.sectors.join("\n")),
                home_sector: Set(r.home_sector.clone()),
                parent_name: Set(r.parent_name.clone()),
                email: Set(r.email.clone()),
                phone: Set(r.phone.clone()),
                notes: Set(r.notes.clone()),
                status: Set(r.status.code().to_owned()),
                solved_mode: Set(r.solved_mode.map(|m| m.code().to_owned())),
                filed_on: Set(r.filed_on),
                filed_by: Set(r.filed_by.clone()),
                confirmed_on: Set(r.confirmed_on),
                reminded_on: Set(r.reminded_on),
                closed_on: Set(r.closed_on),
                anonymised_on: Set(r.anonymised_on),
                consent: Set(maillage_domain::childcare::request::CONSENT_TEXT.to_owned()),
                version: Set(r.version),
                ..Default::default()
            }
        })
        .collect();
    let stored = insert_returning(txn, rows).await?;
    let ids: HashMap<&str, i32> = stored.iter().map(|r| (r.code.as_str(), r.id)).collect();
    let mut events = Vec::new();
    for s in requests {
        let id = ids[s.request.code.as_str()];
        for (i, (on, status, note)) in s.history.iter().enumerate() {
            let at = on.and_hms_opt(9, 0, 0).expect("valid time").and_utc();
            let actor = if i == 0 { &s.request.filed_by } else { "Relais Petite Enfance" };
            events.push(care_request_event::ActiveModel {
                territory_id: Set(territory_id),
                request_id: Set(id),
                at: Set(at),
                status: Set(status.code().to_owned()),
                actor: Set(actor.to_owned()),
                note: Set(note.clone()),
                ..Default::default()
            });
        }
    }
    insert(txn, events).await?;
    Ok(())
}
