//! Facility projects, by the relais and the coordinator: created, corrected,
//! moved along by dated steps, and opened into the register.

use maillage_domain::childcare::FacilityForm;
use maillage_domain::childcare::project::{Project, ProjectForm, StepForm};
use maillage_domain::validation::required_date;
use maillage_domain::{FieldErrors, Permission, Refusal};

use super::super::projects;
use crate::DbError;
use crate::ops::{Ctx, OpResult};

const DUPLICATE_IDENTIFIER: &str = "Un établissement de ce territoire a déjà cet identifiant.";

/// A new project, at its first contact today.
pub async fn create_project(cx: &Ctx<'_>, form: &ProjectForm) -> OpResult<Project> {
    cx.require(Permission::EditRegisters)?;
    let fields = form.validate()?;
    Ok(projects::create(cx.db, cx.actor, &fields, cx.today).await?)
}

pub async fn update_project(cx: &Ctx<'_>, id: i32, version: i32, form: &ProjectForm) -> OpResult<Project> {
    cx.require(Permission::EditRegisters)?;
    projects::get(cx.db, cx.territory(), id).await?;
    let fields = form.validate()?;
    Ok(projects::update(cx.db, cx.actor, id, version, &fields).await?)
}

/// A step reached (or the abandon), dated, after the previous one.
pub async fn record_project_step(cx: &Ctx<'_>, id: i32, version: i32, form: &StepForm) -> OpResult<Project> {
    cx.require(Permission::EditRegisters)?;
    let project = projects::get(cx.db, cx.territory(), id).await?;
    let last = projects::steps(cx.db, cx.territory(), id).await?.last().map(|s| s.on).unwrap_or(cx.today);
    let (stage, on, note) = form.validate(project.stage, last, cx.today)?;
    Ok(projects::record_step(cx.db, cx.actor, id, version, stage, on, &note).await?)
}

/// Opens the project: `form` is the facility as the register holds it
/// (pre-filled from the project), `on` the opening day.
pub async fn open_project(
    cx: &Ctx<'_>,
    id: i32,
    version: i32,
    form: &FacilityForm,
    on: &str,
) -> OpResult<(Project, i32)> {
    cx.require(Permission::EditRegisters)?;
    let project = projects::get(cx.db, cx.territory(), id).await?;
    let last = projects::steps(cx.db, cx.territory(), id).await?.last().map(|s| s.on).unwrap_or(cx.today);
    let mut errors = FieldErrors::new();
    let opened_on = required_date(&mut errors, "opened_on", on);
    if opened_on.is_some_and(|d| d < last) {
        errors.add("opened_on", "L'ouverture suit la dernière étape : choisissez une date plus tardive.");
    }
    let fields = match form.validate() {
        Ok(fields) if errors.is_empty() => fields,
        Ok(_) => return Err(errors.into()),
        Err(mut more) => {
            for e in errors.iter() {
                more.add(&e.field, e.message.clone());
            }
            return Err(more.into());
        }
    };
    if !project.stage.is_live() {
        return Err(Refusal::field("opened_on", "Ce projet est clos : il ne peut plus ouvrir.").into());
    }
    let Some(opened_on) = opened_on else { return Err(errors.into()) };
    match projects::open(cx.db, cx.actor, id, version, &fields, opened_on).await {
        Err(DbError::Duplicate(_)) => Err(Refusal::field("identifier", DUPLICATE_IDENTIFIER).into()),
        other => Ok(other?),
    }
}
