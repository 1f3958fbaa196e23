//! Importing a register (childminders, facilities) from a file, in three
//! steps: the upload (CSV, XLSX or ODS, read at once so a file that cannot be read is
//! refused there), the columns (the last mapping proposed first), then a
//! dry run that says what the import will do or every problem by line and
//! column, and the import, all or nothing. The upload is kept between the
//! steps and deleted once imported.

use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::imports::{self, Upload};
use maillage_db::childcare::ops::{self, ImportReport};
use maillage_domain::FieldErrors;
use maillage_domain::childcare::import::{
    CHILDMINDER_FIELDS, FACILITY_FIELDS, ImportField, ImportProblem, Mapping, check_mapping, childminder_rows,
    facility_rows, missing_columns, propose,
};
use maillage_tabular::Table;
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

/// What differs from one register's import to the other's.
pub(crate) struct Register {
    /// Stored with the upload and the last mapping.
    kind: &'static str,
    fields: &'static [ImportField],
    /// « assistant·e·s maternel·le·s », « établissements ».
    noun: &'static str,
    list: &'static str,
    upload: &'static str,
    /// Says what an upload of this register should hold.
    intro: &'static str,
    /// What happens without some columns.
    defaults: &'static str,
}

pub(crate) const CHILDMINDERS: Register = Register {
    kind: "childminders",
    fields: &CHILDMINDER_FIELDS,
    noun: "assistant·e·s maternel·le·s",
    list: "/assistants-maternels",
    upload: "/assistants-maternels/import",
    intro: "Une assistante maternelle déjà au registre est reconnue à son numéro d'agrément : importer le même fichier deux fois ne change rien la seconde fois.",
    defaults: "« En activité » vaut oui quand la colonne est vide ; une date de naissance complète donne son année.",
};

pub(crate) const FACILITIES: Register = Register {
    kind: "facilities",
    fields: &FACILITY_FIELDS,
    noun: "établissements",
    list: "/etablissements",
    upload: "/etablissements/import",
    intro: "Un établissement déjà au registre est reconnu à son identifiant (FINESS ou SIRET) : importer le même fichier deux fois ne change rien la seconde fois.",
    defaults: "Sans colonne de jours ou d'heures, un établissement est enregistré ouvert du lundi au vendredi de 7 h 30 à 18 h 30 : corrigez ensuite sa fiche. Le type s'écrit comme « Multi-accueil », « Micro-crèche » ou « MAM » ; le financement « PSU » ou « PAJE ».",
};

fn register_of(kind: &str) -> Option<&'static Register> {
    [&CHILDMINDERS, &FACILITIES].into_iter().find(|r| r.kind == kind)
}

/// Problems shown on the page; the count says how many more there are.
const SHOWN_PROBLEMS: usize = 200;

#[derive(Template)]
#[template(path = "childcare/import_upload.html")]
struct UploadPage {
    layout: Layout,
    register: &'static Register,
    error: Option<String>,
    fields: Vec<(&'static str, bool)>,
}

fn upload_page(layout: Layout, register: &'static Register, error: Option<String>) -> UploadPage {
    UploadPage { layout, register, error, fields: register.fields.iter().map(|f| (f.label, f.required)).collect() }
}

async fn show_upload(
    state: AppState,
    session: Session,
    user: CurrentUser,
    register: &'static Register,
) -> Result<Response, AppError> {
    Ok(render(&upload_page(Layout::new(&state, &session, Some(&user)).await, register, None))?.into_response())
}

pub async fn show_childminders_upload(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    show_upload(state, session, user, &CHILDMINDERS).await
}

pub async fn show_facilities_upload(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    show_upload(state, session, user, &FACILITIES).await
}

pub async fn upload_childminders(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    upload(state, session, user, multipart, &CHILDMINDERS).await
}

pub async fn upload_facilities(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    upload(state, session, user, multipart, &FACILITIES).await
}

/// A file name fit to show: no path, no control character, not too long.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if clean.trim().is_empty() { "fichier".to_owned() } else { clean }
}

async fn upload(
    state: AppState,
    session: Session,
    user: CurrentUser,
    mut multipart: Multipart,
    register: &'static Register,
) -> Result<Response, AppError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(AppError::BadRequest("Envoi du fichier interrompu ou illisible.".to_owned())),
        };
        if field.name() == Some("file") {
            let name = clean_name(field.file_name().unwrap_or(""));
            let bytes = field.bytes().await.map_err(|_| AppError::BadRequest("Envoi du fichier interrompu.".into()))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let refuse = async |message: String| -> Result<Response, AppError> {
        let page = upload_page(Layout::new(&state, &session, Some(&user)).await, register, Some(message));
        Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse("Choisissez un fichier CSV, XLSX ou ODS.".to_owned()).await;
    };
    let table = match maillage_tabular::read(&bytes) {
        Ok(t) => t,
        Err(e) => return refuse(e.to_string()).await,
    };
    if table.rows.is_empty() {
        return refuse("Le fichier n'a aucune ligne sous sa ligne d'en-têtes.".to_owned()).await;
    }
    let saved = imports::save_upload(&state.db, user.territory_id, user.id, register.kind, &name, bytes).await?;
    Ok(Redirect::to(&format!("/imports/{}", saved.id)).into_response())
}

/// One field of the register and the column chosen for it.
struct MapField {
    key: &'static str,
    label: &'static str,
    required: bool,
    chosen: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "childcare/import_mapping.html")]
struct MappingPage {
    layout: Layout,
    register: &'static Register,
    id: i32,
    file_name: String,
    read_as: String,
    rows: usize,
    headers: Vec<String>,
    fields: Vec<MapField>,
    /// Columns of the last mapping this file does not have.
    missing: Vec<String>,
    problems: Vec<ImportProblem>,
    more_problems: usize,
    /// What a dry run found the import will do.
    report: Option<ImportReport>,
}

async fn upload_and_table(
    state: &AppState,
    user: &CurrentUser,
    id: i32,
) -> Result<(Upload, Table, &'static Register), AppError> {
    let upload = imports::get_upload(&state.db, user.territory_id, id).await?;
    let register = register_of(&upload.kind).ok_or(AppError::NotFound)?;
    // Read at upload already: it reads again.
    let table = maillage_tabular::read(&upload.content).map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok((upload, table, register))
}

fn mapping_page(
    layout: Layout,
    register: &'static Register,
    upload: &Upload,
    table: &Table,
    mapping: &Mapping,
    errors: &FieldErrors,
    last: Option<&Mapping>,
) -> MappingPage {
    MappingPage {
        layout,
        register,
        id: upload.id,
        file_name: upload.file_name.clone(),
        read_as: table.read_as.clone(),
        rows: table.rows.len(),
        headers: table.headers.clone(),
        fields: register
            .fields
            .iter()
            .map(|f| MapField {
                key: f.key,
                label: f.label,
                required: f.required,
                chosen: mapping.get(f.key).cloned().unwrap_or_default(),
                error: errors.get(f.key).map(str::to_owned),
            })
            .collect(),
        missing: last.map(|l| missing_columns(l, &table.headers)).unwrap_or_default(),
        problems: Vec::new(),
        more_problems: 0,
        report: None,
    }
}

pub async fn show_mapping(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let (upload, table, register) = upload_and_table(&state, &user, id).await?;
    let last = imports::last_mapping(&state.db, user.territory_id, register.kind).await?;
    let mapping = propose(register.fields, &table.headers, last.as_ref());
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = mapping_page(layout, register, &upload, &table, &mapping, &FieldErrors::new(), last.as_ref());
    Ok(render(&page)?.into_response())
}

pub async fn run_import(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (upload, table, register) = upload_and_table(&state, &user, id).await?;
    let mapping: Mapping = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("map_")?.to_owned(), v.clone())))
        .filter(|(k, v)| !v.is_empty() && register.fields.iter().any(|f| f.key == k))
        .collect();
    let for_real = form.iter().any(|(k, v)| k == "action" && v == "importer");
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let errors = check_mapping(register.fields, &table.headers, &mapping);
    let mut page = mapping_page(layout, register, &upload, &table, &mapping, &errors, None);
    if !errors.is_empty() {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    imports::remember_mapping(&state.db, user.territory_id, register.kind, &mapping).await?;
    let rows = table.rows.iter().map(|r| (r.line, r.cells.as_slice()));
    let actor = user.actor();
    let cx = state.ctx(&actor);
    let today = state.today();
    let dry_run = !for_real;
    let report = if register.kind == FACILITIES.kind {
        match facility_rows(&table.headers, rows, &mapping, today) {
            Ok(rows) => ops::import_facilities(&cx, &rows, &mapping, dry_run).await?,
            Err(problems) => ImportReport { problems, ..ImportReport::default() },
        }
    } else {
        match childminder_rows(&table.headers, rows, &mapping, today) {
            Ok(rows) => ops::import_childminders(&cx, &rows, &mapping, dry_run).await?,
            Err(problems) => ImportReport { problems, ..ImportReport::default() },
        }
    };
    if !report.problems.is_empty() {
        page.more_problems = report.problems.len().saturating_sub(SHOWN_PROBLEMS);
        page.problems = report.problems.into_iter().take(SHOWN_PROBLEMS).collect();
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    if !for_real {
        page.report = Some(report);
        return Ok(render(&page)?.into_response());
    }
    imports::delete_upload(&state.db, user.territory_id, id).await?;
    flash(&format!(
        "Import terminé : {} {} ajouté·e·s, {} modifié·e·s, {} inchangé·e·s ; places changées pour {}.",
        report.created, register.noun, report.updated, report.unchanged, report.places
    ));
    Ok(Redirect::to(register.list).into_response())
}
