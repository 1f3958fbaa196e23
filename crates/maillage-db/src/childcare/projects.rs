//! Facility projects and their steps. Opening one adds the facility and
//! its first capacity to the register in the same transaction.

use chrono::NaiveDate;
use maillage_domain::childcare::project::{Project, ProjectFields, ProjectStage, ProjectStep};
use maillage_domain::childcare::{CapacityFields, FacilityFields, FacilityKind, Holder, Places};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};

use super::{capacities, facilities};
use crate::audit::{self, Changes};
use crate::entity::{facility_project as row, facility_project_step as step};
use crate::scoped::scoped;
use crate::{Actor, DbError, Result};

fn decode(m: row::Model) -> Result<Project> {
    let unknown =
        |what: &str, code: &str| DbError::Decode(format!("{what} « {code} » inconnu (facility_projects {})", m.id));
    let kind = FacilityKind::from_code(&m.kind).ok_or_else(|| unknown("type", &m.kind))?;
    let stage = ProjectStage::from_code(&m.stage).ok_or_else(|| unknown("étape", &m.stage))?;
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    Ok(Project {
        id: m.id,
        territory_id: m.territory_id,
        name: m.name,
        holder: m.holder,
        kind,
        planned: Places { infant: count(m.infant), toddler: count(m.toddler), preschool: count(m.preschool) },
        sector: m.sector,
        expected_opening: m.expected_opening,
        stage,
        facility_id: m.facility_id,
        version: m.version,
    })
}

fn decode_step(m: step::Model) -> Result<ProjectStep> {
    let stage = ProjectStage::from_code(&m.stage)
        .ok_or_else(|| DbError::Decode(format!("étape « {} » inconnue (facility_project_steps {})", m.stage, m.id)))?;
    Ok(ProjectStep { stage, on: m.happened_on, note: m.note, actor: m.actor })
}

/// The territory's projects, live ones first, then by expected opening.
pub async fn list(db: &impl ConnectionTrait, territory_id: i32) -> Result<Vec<Project>> {
    let rows = scoped::<row::Entity>(territory_id).order_by_asc(row::Column::Id).all(db).await?;
    let mut projects = rows.into_iter().map(decode).collect::<Result<Vec<_>>>()?;
    projects.sort_by_key(|p| (!p.stage.is_live(), p.expected_opening.is_none(), p.expected_opening, p.id));
    Ok(projects)
}

pub async fn get(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<Project> {
    decode(crate::scoped::get::<row::Entity>(db, territory_id, id).await?)
}

/// Its steps, oldest first.
pub async fn steps(db: &impl ConnectionTrait, territory_id: i32, project_id: i32) -> Result<Vec<ProjectStep>> {
    let rows = scoped::<step::Entity>(territory_id)
        .filter(step::Column::ProjectId.eq(project_id))
        .order_by_asc(step::Column::HappenedOn)
        .order_by_asc(step::Column::Id)
        .all(db)
        .await?;
    rows.into_iter().map(decode_step).collect()
}

fn columns(f: &ProjectFields, mut m: row::ActiveModel) -> row::ActiveModel {
    m.name = Set(f.name.clone());
    m.holder = Set(f.holder.clone());
    m.kind = Set(f.kind.code().to_owned());
    m.infant = Set(f.planned.infant as i32);
    m.toddler = Set(f.planned.toddler as i32);
    m.preschool = Set(f.planned.preschool as i32);
    m.sector = Set(f.sector.clone());
    m.expected_opening = Set(f.expected_opening);
    m
}

fn changes(before: Option<&Project>, f: &ProjectFields) -> Changes {
    let mut c = Changes::new();
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    let places = |p: Places| format!("{} + {} + {}", p.infant, p.toddler, p.preschool);
    c.compare("Nom", before.map(|p| p.name.clone()).unwrap_or_default(), &f.name)
        .compare("Porteur", before.map(|p| p.holder.clone()).unwrap_or_default(), &f.holder)
        .compare("Type", before.map(|p| p.kind.label()).unwrap_or_default(), f.kind.label())
        .compare("Places prévues", before.map(|p| places(p.planned)).unwrap_or_default(), places(f.planned))
        .compare("Secteur", before.map(|p| p.sector.clone()).unwrap_or_default(), &f.sector)
        .compare("Ouverture prévue", date(before.and_then(|p| p.expected_opening)), date(f.expected_opening));
    c
}

async fn add_step(
    db: &impl ConnectionTrait,
    actor: &Actor,
    project_id: i32,
    stage: ProjectStage,
    on: NaiveDate,
    note: &str,
) -> Result<()> {
    step::ActiveModel {
        territory_id: Set(actor.territory_id),
        project_id: Set(project_id),
        stage: Set(stage.code().to_owned()),
        happened_on: Set(on),
        note: Set(note.to_owned()),
        actor: Set(actor.name.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A new project, at its first contact on `first_contact`.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    f: &ProjectFields,
    first_contact: NaiveDate,
) -> Result<Project> {
    let txn = crate::begin_write(db).await?;
    let base = row::ActiveModel {
        territory_id: Set(actor.territory_id),
        stage: Set(ProjectStage::FirstContact.code().to_owned()),
        facility_id: Set(None),
        version: Set(1),
        ..Default::default()
    };
    let saved = columns(f, base).insert(&txn).await?;
    add_step(&txn, actor, saved.id, ProjectStage::FirstContact, first_contact, "").await?;
    let summary = format!("Projet d'établissement ajouté : {}", f.name);
    audit::record(&txn, actor, "facility_project", saved.id, "create", &summary, &changes(None, f)).await?;
    txn.commit().await?;
    decode(saved)
}

/// Saves the project's fields if it is still at `expected_version`.
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    f: &ProjectFields,
) -> Result<Project> {
    let txn = crate::begin_write(db).await?;
    let before = get(&txn, actor.territory_id, id).await?;
    let sets = columns(f, row::ActiveModel { version: Set(expected_version.saturating_add(1)), ..Default::default() });
    let done = row::Entity::update_many()
        .set(sets)
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::TerritoryId.eq(actor.territory_id))
        .filter(row::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(DbError::Conflict);
    }
    let summary = format!("Projet d'établissement modifié : {}", f.name);
    audit::record(&txn, actor, "facility_project", id, "update", &summary, &changes(Some(&before), f)).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Moves the project (at `expected_version`) to `stage` on `on`.
pub async fn record_step(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    stage: ProjectStage,
    on: NaiveDate,
    note: &str,
) -> Result<Project> {
    let txn = crate::begin_write(db).await?;
    let before = get(&txn, actor.territory_id, id).await?;
    bump(&txn, actor, id, expected_version, stage, None).await?;
    add_step(&txn, actor, id, stage, on, note).await?;
    let mut c = Changes::new();
    c.compare("Étape", before.stage.label(), stage.label());
    let summary = format!("Projet {} : {}", before.name, stage.label().to_lowercase());
    audit::record(&txn, actor, "facility_project", id, "step", &summary, &c).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok(saved)
}

async fn bump(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: i32,
    expected_version: i32,
    stage: ProjectStage,
    facility_id: Option<i32>,
) -> Result<()> {
    let mut sets = row::ActiveModel {
        version: Set(expected_version.saturating_add(1)),
        stage: Set(stage.code().to_owned()),
        ..Default::default()
    };
    if facility_id.is_some() {
        sets.facility_id = Set(facility_id);
    }
    let done = row::Entity::update_many()
        .set(sets)
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::TerritoryId.eq(actor.territory_id))
        .filter(row::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if done.rows_affected == 0 { Err(DbError::Conflict) } else { Ok(()) }
}

/// Opens the project: the facility `fields` and its first capacity (the
/// planned places, from `on`) join the register, the project points to
/// it and records its opening. All or nothing.
pub async fn open(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor,
    id: i32,
    expected_version: i32,
    fields: &FacilityFields,
    on: NaiveDate,
) -> Result<(Project, i32)> {
    let txn = crate::begin_write(db).await?;
    let project = get(&txn, actor.territory_id, id).await?;
    if !project.stage.is_live() {
        return Err(DbError::Rule("on", "Ce projet est clos : il ne peut plus ouvrir.".to_owned()));
    }
    let facility = facilities::create(&txn, actor, fields).await?;
    let capacity = CapacityFields { valid_from: on, valid_to: None, places: project.planned, employer_places: 0 };
    let none_before = |_: &[maillage_domain::childcare::Capacity]| Ok::<_, ()>(None);
    capacities::add(&txn, actor, Holder::Facility(facility.id), &capacity, none_before, &facility.name).await.map_err(
        |e| match e {
            capacities::AddError::Storage(e) => e,
            capacities::AddError::Refused(()) => DbError::Conflict,
        },
    )?;
    bump(&txn, actor, id, expected_version, ProjectStage::Opened, Some(facility.id)).await?;
    let note = format!("Ouvert : « {} » ajouté au registre des établissements.", facility.name);
    add_step(&txn, actor, id, ProjectStage::Opened, on, &note).await?;
    let mut c = Changes::new();
    c.compare("Étape", project.stage.label(), ProjectStage::Opened.label());
    let summary = format!("Projet {} : ouverture, établissement ajouté au registre", project.name);
    audit::record(&txn, actor, "facility_project", id, "open", &summary, &c).await?;
    let saved = get(&txn, actor.territory_id, id).await?;
    txn.commit().await?;
    Ok((saved, facility.id))
}
