//! What an import will do to the register, decided before anything is
//! written: which rows create a record, which change one (and which
//! fields), which leave it as it is, and whose places change. The dry run
//! shows this plan without a single write; the import carries it out.
//! A field the file has no column for keeps what the register holds: a
//! list without telephones does not erase them.

use std::collections::HashMap;

use super::{ChildminderRow, FacilityRow, Mapping};
use crate::childcare::offer::succession;
use crate::childcare::{Capacity, CapacityFields, Childminder, ChildminderFields, Facility, FacilityFields};

/// What becomes of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<F> {
    Create(F),
    /// The record `id` at `version` takes `fields`; `changed` names them.
    Update {
        id: i32,
        version: i32,
        fields: F,
        changed: Vec<&'static str>,
    },
    Unchanged {
        id: i32,
    },
}

/// What becomes of its places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacesStep {
    /// The file gives none, or the same as the running capacity.
    Keep,
    Add(CapacityFields),
    /// The register refuses them (they start before the recorded ones).
    Refused(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned<F> {
    pub line: usize,
    /// « DIALLO Awa », « Les Lucioles ».
    pub label: String,
    pub step: Step<F>,
    pub places: PlacesStep,
}

fn places_step(capacity: Option<&CapacityFields>, recorded: &[Capacity]) -> PlacesStep {
    let Some(capacity) = capacity else { return PlacesStep::Keep };
    let running = recorded.iter().filter(|c| c.valid_to.is_none()).max_by_key(|c| c.valid_from);
    if running.is_some_and(|c| c.places == capacity.places) {
        return PlacesStep::Keep;
    }
    match succession(recorded, capacity) {
        Ok(_) => PlacesStep::Add(*capacity),
        Err(errors) => PlacesStep::Refused(errors.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ")),
    }
}

/// A sector as the register already spells it: « quartiers nord » is
/// « Quartiers Nord » when that exists, so a list typed by hand does not
/// split a sector in two.
fn spelled(sector: &str, known: &[&str]) -> String {
    let n = super::normalise(sector);
    known.iter().find(|k| super::normalise(k) == n).map_or_else(|| sector.to_owned(), |k| (*k).to_owned())
}

fn mapped(mapping: &Mapping, key: &str) -> bool {
    mapping.get(key).is_some_and(|h| !h.is_empty())
}

/// The labels of the fields whose values differ.
fn differing(pairs: &[(&'static str, bool)]) -> Vec<&'static str> {
    pairs.iter().filter(|(_, same)| !same).map(|(label, _)| *label).collect()
}

/// The childminders' plan; `capacities` are those of each childminder.
pub fn plan_childminders(
    rows: &[ChildminderRow],
    existing: &[Childminder],
    capacities: &HashMap<i32, Vec<Capacity>>,
    mapping: &Mapping,
) -> Vec<Planned<ChildminderFields>> {
    let by_number: HashMap<String, &Childminder> =
        existing.iter().map(|c| (c.approval_number.to_uppercase(), c)).collect();
    let known: Vec<&str> = existing.iter().map(|c| c.sector.as_str()).filter(|s| !s.is_empty()).collect();
    rows.iter()
        .map(|row| {
            let f = &ChildminderFields { sector: spelled(&row.fields.sector, &known), ..row.fields.clone() };
            let label = format!("{} {}", f.last_name, f.first_name);
            let Some(c) = by_number.get(&f.approval_number.to_uppercase()) else {
                return Planned {
                    line: row.line,
                    label,
                    step: Step::Create(f.clone()),
                    places: places_step(row.capacity.as_ref(), &[]),
                };
            };
            let keep = |key: &str| !mapped(mapping, key);
            let fields = ChildminderFields {
                // The file says nothing of MAMs: hers stays.
                mam_id: c.mam_id,
                sector: if keep("sector") { c.sector.clone() } else { f.sector.clone() },
                active: if keep("active") { c.active } else { f.active },
                phone: if keep("phone") { c.phone.clone() } else { f.phone.clone() },
                email: if keep("email") { c.email.clone() } else { f.email.clone() },
                ..f.clone()
            };
            let changed = differing(&[
                ("Nom", c.last_name == fields.last_name),
                ("Prénom", c.first_name == fields.first_name),
                ("N° d'agrément", c.approval_number == fields.approval_number),
                ("Année de naissance", c.birth_year == fields.birth_year),
                ("Secteur", c.sector == fields.sector),
                ("En activité", c.active == fields.active),
                ("Téléphone", c.phone == fields.phone),
                ("Courriel", c.email == fields.email),
            ]);
            let step = if changed.is_empty() {
                Step::Unchanged { id: c.id }
            } else {
                Step::Update { id: c.id, version: c.version, fields, changed }
            };
            let recorded = capacities.get(&c.id).map_or(&[][..], Vec::as_slice);
            Planned { line: row.line, label, step, places: places_step(row.capacity.as_ref(), recorded) }
        })
        .collect()
}

/// The facilities' plan; `capacities` are those of each facility.
pub fn plan_facilities(
    rows: &[FacilityRow],
    existing: &[Facility],
    capacities: &HashMap<i32, Vec<Capacity>>,
    mapping: &Mapping,
) -> Vec<Planned<FacilityFields>> {
    let by_identifier: HashMap<String, &Facility> =
        existing.iter().filter(|f| !f.identifier.is_empty()).map(|f| (f.identifier.to_uppercase(), f)).collect();
    let known: Vec<&str> = existing.iter().map(|f| f.sector.as_str()).filter(|s| !s.is_empty()).collect();
    rows.iter()
        .map(|row| {
            let f = &FacilityFields { sector: spelled(&row.fields.sector, &known), ..row.fields.clone() };
            let label = f.name.clone();
            let Some(x) = by_identifier.get(&f.identifier.to_uppercase()) else {
                return Planned {
                    line: row.line,
                    label,
                    step: Step::Create(f.clone()),
                    places: places_step(row.capacity.as_ref(), &[]),
                };
            };
            let keep = |key: &str| !mapped(mapping, key);
            let fields = FacilityFields {
                sector: if keep("sector") { x.sector.clone() } else { f.sector.clone() },
                funding: if keep("funding") { x.funding } else { f.funding },
                opening_days: if keep("days") { x.opening_days } else { f.opening_days },
                opens_at: if keep("opens_at") { x.opens_at } else { f.opens_at },
                closes_at: if keep("closes_at") { x.closes_at } else { f.closes_at },
                phone: if keep("phone") { x.phone.clone() } else { f.phone.clone() },
                email: if keep("email") { x.email.clone() } else { f.email.clone() },
                ..f.clone()
            };
            let changed = differing(&[
                ("Nom", x.name == fields.name),
                ("Type", x.kind == fields.kind),
                ("Gestionnaire", x.manager == fields.manager),
                ("Adresse", x.address == fields.address),
                ("Secteur", x.sector == fields.sector),
                ("Financement", x.funding == fields.funding),
                ("Jours d'ouverture", x.opening_days == fields.opening_days),
                ("Heure d'ouverture", x.opens_at == fields.opens_at),
                ("Heure de fermeture", x.closes_at == fields.closes_at),
                ("Téléphone", x.phone == fields.phone),
                ("Courriel", x.email == fields.email),
            ]);
            let step = if changed.is_empty() {
                Step::Unchanged { id: x.id }
            } else {
                Step::Update { id: x.id, version: x.version, fields, changed }
            };
            let recorded = capacities.get(&x.id).map_or(&[][..], Vec::as_slice);
            Planned { line: row.line, label, step, places: places_step(row.capacity.as_ref(), recorded) }
        })
        .collect()
}
