//! Writes on the registers: facilities, childminders and their capacities,
//! by the relais and the coordinator.

use maillage_domain::Permission;
use maillage_domain::Refusal;
use maillage_domain::audit::Change;
use maillage_domain::childcare::offer::succession;
use maillage_domain::childcare::{
    Capacity, CapacityForm, Childminder, ChildminderForm, Facility, FacilityForm, FacilityKind, Holder,
};

use super::super::{capacities, childminders, facilities};
use crate::DbError;
use crate::ops::{Ctx, OpError, OpResult};

/// What is stored now against what the refused form was based on, by label.
fn differences(pairs: &[(&str, String, String)]) -> Vec<Change> {
    pairs
        .iter()
        .filter(|(_, now, mine)| now.trim() != mine.trim())
        .map(|(field, now, mine)| Change { field: (*field).to_owned(), before: mine.clone(), after: now.clone() })
        .collect()
}

fn facility_differences(now: &FacilityForm, mine: &FacilityForm) -> Vec<Change> {
    differences(&[
        ("Nom", now.name.clone(), mine.name.clone()),
        ("Type", now.kind.clone(), mine.kind.clone()),
        ("Identifiant", now.identifier.clone(), mine.identifier.clone()),
        ("Gestionnaire", now.manager.clone(), mine.manager.clone()),
        ("Adresse", now.address.clone(), mine.address.clone()),
        ("Secteur", now.sector.clone(), mine.sector.clone()),
        ("Financement", now.funding.clone(), mine.funding.clone()),
        ("Jours d'ouverture", now.days().label(), mine.days().label()),
        ("Ouverture", now.opens_at.clone(), mine.opens_at.clone()),
        ("Fermeture", now.closes_at.clone(), mine.closes_at.clone()),
        ("Téléphone", now.phone.clone(), mine.phone.clone()),
        ("Adresse e-mail", now.email.clone(), mine.email.clone()),
    ])
}

fn storage(e: DbError, field: &str, message: &str) -> OpError {
    match e {
        DbError::Duplicate(_) => Refusal::field(field, message).into(),
        other => other.into(),
    }
}

const DUPLICATE_IDENTIFIER: &str = "Un établissement de ce territoire a déjà cet identifiant.";
const DUPLICATE_APPROVAL: &str =
    "Une assistante maternelle ou un assistant maternel de ce territoire a déjà ce numéro d'agrément.";

pub async fn create_facility(cx: &Ctx<'_>, form: &FacilityForm) -> OpResult<Facility> {
    cx.require(Permission::EditRegisters)?;
    let fields = form.validate()?;
    facilities::create(cx.db, cx.actor, &fields).await.map_err(|e| storage(e, "identifier", DUPLICATE_IDENTIFIER))
}

/// Saves a facility if still at `version`; a MAM with childminders stays a
/// MAM (checked by the repository, inside its transaction).
pub async fn update_facility(cx: &Ctx<'_>, id: i32, version: i32, form: &FacilityForm) -> OpResult<Facility> {
    cx.require(Permission::EditRegisters)?;
    facilities::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    match facilities::update(cx.db, cx.actor, id, version, &fields).await {
        Err(DbError::Conflict) => {
            let now = facilities::get(cx.db, cx.territory(), id).await?;
            Err(Refusal::Conflict(facility_differences(&FacilityForm::of(&now), form)).into())
        }
        other => other.map_err(|e| storage(e, "identifier", DUPLICATE_IDENTIFIER)),
    }
}

/// The name of the MAM `mam_id` names, refused unless it is a MAM of the territory.
async fn mam_name(cx: &Ctx<'_>, mam_id: Option<i32>) -> OpResult<String> {
    let Some(id) = mam_id else { return Ok(String::new()) };
    match facilities::get(cx.db, cx.territory(), id).await {
        Ok(f) if f.kind == FacilityKind::Mam => Ok(f.name),
        Ok(_) | Err(DbError::NotFound) => Err(Refusal::field("mam_id", "Choisissez une MAM dans la liste.").into()),
        Err(e) => Err(e.into()),
    }
}

pub async fn create_childminder(cx: &Ctx<'_>, form: &ChildminderForm) -> OpResult<Childminder> {
    cx.require(Permission::EditRegisters)?;
    let fields = form.validate()?;
    let mam = mam_name(cx, fields.mam_id).await?;
    childminders::create(cx.db, cx.actor, &fields, &mam)
        .await
        .map_err(|e| storage(e, "approval_number", DUPLICATE_APPROVAL))
}

pub async fn update_childminder(cx: &Ctx<'_>, id: i32, version: i32, form: &ChildminderForm) -> OpResult<Childminder> {
    cx.require(Permission::EditRegisters)?;
    let current = childminders::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    let before = mam_name(cx, current.mam_id).await.unwrap_or_default();
    let after = mam_name(cx, fields.mam_id).await?;
    match childminders::update(cx.db, cx.actor, id, version, &fields, (&before, &after)).await {
        Err(DbError::Conflict) => {
            let now = ChildminderForm::of(&childminders::get(cx.db, cx.territory(), id).await?);
            Err(Refusal::Conflict(differences(&[
                ("Prénom", now.first_name, form.first_name.clone()),
                ("Nom", now.last_name, form.last_name.clone()),
                ("N° d'agrément", now.approval_number, form.approval_number.clone()),
                ("Année de naissance", now.birth_year, form.birth_year.clone()),
                ("Secteur", now.sector, form.sector.clone()),
                ("En activité", now.active, form.active.clone()),
                ("Téléphone", now.phone, form.phone.clone()),
                ("Adresse e-mail", now.email, form.email.clone()),
            ]))
            .into())
        }
        other => other.map_err(|e| storage(e, "approval_number", DUPLICATE_APPROVAL)),
    }
}

/// A new capacity for a facility or a childminder of the territory, from a
/// date after every recorded one; the running capacity ends the day before.
pub async fn add_capacity(cx: &Ctx<'_>, holder: Holder, form: &CapacityForm) -> OpResult<Capacity> {
    cx.require(Permission::EditRegisters)?;
    let label = match holder {
        Holder::Facility(id) => facilities::get(cx.db, cx.territory(), id).await?.name,
        Holder::Childminder(id) => childminders::get(cx.db, cx.territory(), id).await?.full_name(),
    };
    let fields = form.validate()?;
    if matches!(holder, Holder::Childminder(_)) && fields.employer_places > 0 {
        return Err(Refusal::field(
            "employer_places",
            "Les places réservées entreprises sont celles d'un établissement.",
        )
        .into());
    }
    let decide = |existing: &[Capacity]| succession(existing, &fields);
    match capacities::add(cx.db, cx.actor, holder, &fields, decide, &label).await {
        Ok(c) => Ok(c),
        Err(capacities::AddError::Refused(errors)) => Err(errors.into()),
        Err(capacities::AddError::Storage(e)) => Err(e.into()),
    }
}
