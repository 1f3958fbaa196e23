//! /projets: facility projects (MAM, micro-crèches, multi-accueils to come),
//! their dated steps, and their opening into the register.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::{ops, projects};
use maillage_domain::childcare::project::{Project, ProjectForm, ProjectStage, StepForm};
use maillage_domain::childcare::{FacilityForm, FacilityKind};
use maillage_domain::time::french_date;
use maillage_domain::{FieldErrors, Permission};
use serde::Deserialize;
use tower_sessions::Session;

use super::facilities::facility_fields;
use super::{HistoryLine, Outcome, RegisterForm, history};
use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::form::{FieldKind, FormField, field};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

struct Row {
    id: i32,
    name: String,
    kind: &'static str,
    sector: String,
    planned: u32,
    stage: &'static str,
    expected: String,
}

#[derive(Template)]
#[template(path = "childcare/projects.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    can_edit: bool,
    live_places: u32,
}

pub async fn list_projects(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let all = projects::list(&state.db, user.territory_id).await?;
    let live_places = all.iter().filter(|p| p.stage.is_live()).map(|p| p.planned.total()).sum();
    let rows = all
        .into_iter()
        .map(|p| Row {
            id: p.id,
            kind: p.kind.label(),
            sector: if p.sector.is_empty() { "—".to_owned() } else { p.sector.clone() },
            planned: p.planned.total(),
            stage: p.stage.label(),
            expected: p.expected_opening.map_or("—".to_owned(), french_date),
            name: p.name,
        })
        .collect();
    let page = ListPage {
        layout: Layout::new(&state, &session, Some(&user)).await,
        rows,
        can_edit: user.can(Permission::EditRegisters),
        live_places,
    };
    Ok(render(&page)?.into_response())
}

fn project_fields(form: &ProjectForm, errors: &FieldErrors) -> Vec<FormField> {
    let mut kinds = vec![(String::new(), "Choisir…".to_owned())];
    kinds.extend(FacilityKind::ALL.iter().map(|k| (k.code().to_owned(), k.label().to_owned())));
    let mut holder = field("holder", "Porteur du projet", &form.holder, errors, FieldKind::Text);
    holder.hint = Some("Une personne, une association, une entreprise : qui porte le projet.");
    let mut opening =
        field("expected_opening", "Ouverture prévue (facultatif)", &form.expected_opening, errors, FieldKind::Date);
    opening.hint =
        Some("Les places prévues comptent dans les projections de la carte des besoins à partir de cette date.");
    vec![
        field("name", "Nom du projet", &form.name, errors, FieldKind::Text),
        holder,
        field("kind", "Type d'accueil", &form.kind, errors, FieldKind::Select(kinds)),
        field("infant", "Places prévues de moins de 18 mois", &form.infant, errors, FieldKind::Number),
        field("toddler", "Places prévues de 18 mois à 3 ans", &form.toddler, errors, FieldKind::Number),
        field("preschool", "Places prévues de 3 à 6 ans", &form.preschool, errors, FieldKind::Number),
        field("sector", "Secteur", &form.sector, errors, FieldKind::Text),
        opening,
    ]
}

fn form_page(
    heading: String,
    action: String,
    version: Option<i32>,
    form: &ProjectForm,
    errors: &FieldErrors,
) -> RegisterForm {
    RegisterForm {
        layout: Layout::bare(),
        heading,
        back_url: "/projets".to_owned(),
        back_label: "Retour aux projets",
        action,
        version,
        fields: project_fields(form, errors),
        conflict: Vec::new(),
        submit: "Enregistrer le projet",
    }
}

pub async fn new_project(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let page = form_page(
        "Nouveau projet d'établissement".into(),
        "/projets/nouveau".into(),
        None,
        &ProjectForm::default(),
        &FieldErrors::new(),
    );
    page.answer(&state, &session, &user, None).await
}

pub async fn create_project(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<ProjectForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::create_project(&state.ctx(&actor), &form).await {
        Ok(p) => {
            flash("Projet enregistré, à l'étape du premier contact.");
            Ok(Redirect::to(&format!("/projets/{}", p.id)).into_response())
        }
        Err(e) => {
            let outcome = Outcome::of(e)?;
            let errors = match &outcome {
                Outcome::Invalid(errors) => errors.clone(),
                Outcome::Conflict(_) => FieldErrors::new(),
            };
            let page =
                form_page("Nouveau projet d'établissement".into(), "/projets/nouveau".into(), None, &form, &errors);
            page.answer(&state, &session, &user, Some(&outcome)).await
        }
    }
}

pub async fn edit_project(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let p = projects::get(&state.db, user.territory_id, id).await?;
    let page = form_page(
        format!("Modifier : {}", p.name),
        format!("/projets/{id}/modifier"),
        Some(p.version),
        &ProjectForm::of(&p),
        &FieldErrors::new(),
    );
    page.answer(&state, &session, &user, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionedProject {
    version: String,
    #[serde(flatten)]
    form: ProjectForm,
}

pub async fn update_project(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(post): Form<VersionedProject>,
) -> Result<Response, AppError> {
    let version = crate::pages::version(&post.version)?;
    let actor = user.actor();
    match ops::update_project(&state.ctx(&actor), id, version, &post.form).await {
        Ok(_) => {
            flash("Projet enregistré.");
            Ok(Redirect::to(&format!("/projets/{id}")).into_response())
        }
        Err(e) => {
            let outcome = match Outcome::of(e)? {
                // What changed meanwhile, against what the form was based on.
                Outcome::Conflict(_) => Outcome::Conflict(changed_since(&state, &user, id, &post.form).await?),
                invalid => invalid,
            };
            let errors = match &outcome {
                Outcome::Invalid(errors) => errors.clone(),
                Outcome::Conflict(_) => FieldErrors::new(),
            };
            let page = form_page(
                "Modifier le projet".into(),
                format!("/projets/{id}/modifier"),
                Some(version),
                &post.form,
                &errors,
            );
            page.answer(&state, &session, &user, Some(&outcome)).await
        }
    }
}

/// The project's fields as stored now that differ from `mine`, by label.
async fn changed_since(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    mine: &ProjectForm,
) -> Result<Vec<(String, String)>, AppError> {
    let now = projects::get(&state.db, user.territory_id, id).await?;
    let stored = ProjectForm::of(&now);
    let pairs = [
        ("Nom", &stored.name, &mine.name),
        ("Porteur", &stored.holder, &mine.holder),
        ("Type", &stored.kind, &mine.kind),
        ("Places de moins de 18 mois", &stored.infant, &mine.infant),
        ("Places de 18 mois à 3 ans", &stored.toddler, &mine.toddler),
        ("Places de 3 à 6 ans", &stored.preschool, &mine.preschool),
        ("Secteur", &stored.sector, &mine.sector),
        ("Ouverture prévue", &stored.expected_opening, &mine.expected_opening),
    ];
    let mut changed: Vec<(String, String)> = pairs
        .iter()
        .filter(|(_, a, b)| a.trim() != b.trim())
        .map(|(l, a, _)| ((*l).to_owned(), (*a).clone()))
        .collect();
    changed.push(("Étape".to_owned(), now.stage.label().to_owned()));
    Ok(changed)
}

struct StepLine {
    stage: &'static str,
    on: String,
    note: String,
    actor: String,
}

#[derive(Template)]
#[template(path = "childcare/project.html")]
struct SheetPage {
    layout: Layout,
    p: Project,
    details: Vec<(&'static str, String)>,
    steps: Vec<StepLine>,
    can_edit: bool,
    /// The next step's form (while the project is live).
    stages: Vec<(&'static str, &'static str)>,
    step: StepForm,
    step_errors: FieldErrors,
    /// The opening's form: the facility as the register will hold it.
    fields: Vec<FormField>,
    open_failed: bool,
    conflict: bool,
    history: Vec<HistoryLine>,
}

impl SheetPage {
    fn step_err(&self, field: &str) -> Option<String> {
        self.step_errors.get(field).map(str::to_owned)
    }

    fn summary(&self) -> crate::pages::ErrorSummary {
        let mut summary = crate::form::summary_of(&self.fields);
        let label = |f: &str| match f {
            "stage" => "Étape",
            "on" => "Date de l'étape",
            _ => "Note",
        };
        summary.items.extend(
            self.step_errors
                .iter()
                .map(|e| (format!("etape-{}", e.field), format!("{} : {}", label(&e.field), e.message))),
        );
        summary
    }
}

/// What came back refused, to show again.
enum Refused {
    Step(StepForm, FieldErrors),
    Open(Box<FacilityForm>, String, FieldErrors),
    Conflict,
}

async fn sheet(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    refused: Option<Refused>,
) -> Result<Response, AppError> {
    let t = user.territory_id;
    let p = projects::get(&state.db, t, id).await?;
    let steps = projects::steps(&state.db, t, id).await?;
    let status = match &refused {
        None => StatusCode::OK,
        Some(Refused::Conflict) => StatusCode::CONFLICT,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (mut step, mut step_errors, mut open_form, mut opened_on, mut open_errors, mut conflict) =
        (StepForm::default(), FieldErrors::new(), None, state.today().to_string(), FieldErrors::new(), false);
    match refused {
        Some(Refused::Step(f, e)) => (step, step_errors) = (f, e),
        Some(Refused::Open(f, on, e)) => (open_form, opened_on, open_errors) = (Some(*f), on, e),
        Some(Refused::Conflict) => conflict = true,
        None => {}
    }
    if step.on.is_empty() {
        step.on = state.today().to_string();
    }
    let open_failed = !open_errors.is_empty();
    let form = open_form.unwrap_or_else(|| FacilityForm {
        name: p.name.clone(),
        kind: p.kind.code().to_owned(),
        manager: p.holder.clone(),
        sector: p.sector.clone(),
        ..Default::default()
    });
    let mut fields = facility_fields(&form, &open_errors);
    let mut date = field("opened_on", "Date d'ouverture", &opened_on, &open_errors, FieldKind::Date);
    date.hint = Some("Les places prévues deviennent la capacité autorisée de l'établissement à partir de cette date.");
    fields.insert(0, date);
    for f in &mut fields {
        f.prefix = "ouverture-".to_owned();
    }
    let planned = p.planned;
    let details = vec![
        ("Porteur", p.holder.clone()),
        ("Type", p.kind.label().to_owned()),
        (
            "Places prévues",
            format!(
                "{} de moins de 18 mois, {} de 18 mois à 3 ans, {} de 3 à 6 ans",
                planned.infant, planned.toddler, planned.preschool
            ),
        ),
        ("Secteur", if p.sector.is_empty() { "—".to_owned() } else { p.sector.clone() }),
        ("Ouverture prévue", p.expected_opening.map_or("—".to_owned(), french_date)),
        ("Étape", p.stage.label().to_owned()),
    ];
    let page = SheetPage {
        layout: Layout::new(state, session, Some(user)).await,
        details,
        steps: steps
            .into_iter()
            .rev()
            .map(|s| StepLine { stage: s.stage.label(), on: french_date(s.on), note: s.note, actor: s.actor })
            .collect(),
        can_edit: user.can(Permission::EditRegisters),
        stages: p.stage.next_choices().into_iter().map(|s| (s.code(), s.label())).collect(),
        step,
        step_errors,
        fields,
        open_failed,
        conflict,
        history: history(state, t, "facility_project", id).await?,
        p,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show_project(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    sheet(&state, &session, &user, id, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepPost {
    version: String,
    #[serde(flatten)]
    form: StepForm,
}

pub async fn record_step(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(post): Form<StepPost>,
) -> Result<Response, AppError> {
    let version = crate::pages::version(&post.version)?;
    let actor = user.actor();
    match ops::record_project_step(&state.ctx(&actor), id, version, &post.form).await {
        Ok(p) => {
            let done = if p.stage == ProjectStage::Abandoned { "Projet abandonné." } else { "Étape enregistrée." };
            flash(done);
            Ok(Redirect::to(&format!("/projets/{id}")).into_response())
        }
        Err(e) => match Outcome::of(e)? {
            Outcome::Invalid(errors) => {
                sheet(&state, &session, &user, id, Some(Refused::Step(post.form, errors))).await
            }
            Outcome::Conflict(_) => sheet(&state, &session, &user, id, Some(Refused::Conflict)).await,
        },
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OpenPost {
    version: String,
    opened_on: String,
    #[serde(flatten)]
    form: FacilityForm,
}

pub async fn open_project(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(post): Form<OpenPost>,
) -> Result<Response, AppError> {
    let version = crate::pages::version(&post.version)?;
    let actor = user.actor();
    match ops::open_project(&state.ctx(&actor), id, version, &post.form, &post.opened_on).await {
        Ok((_, facility_id)) => {
            flash("Établissement ouvert et ajouté au registre, avec les places prévues du projet.");
            Ok(Redirect::to(&format!("/etablissements/{facility_id}")).into_response())
        }
        Err(e) => match Outcome::of(e)? {
            Outcome::Invalid(errors) => {
                sheet(&state, &session, &user, id, Some(Refused::Open(Box::new(post.form), post.opened_on, errors)))
                    .await
            }
            Outcome::Conflict(_) => sheet(&state, &session, &user, id, Some(Refused::Conflict)).await,
        },
    }
}
