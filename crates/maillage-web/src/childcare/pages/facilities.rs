//! /etablissements: the facilities of the register (EAJE and MAM).

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::{capacities, facilities, ops};
use maillage_domain::childcare::offer::{current, offer_on};
use maillage_domain::childcare::{CapacityForm, Facility, FacilityForm, FacilityKind, Funding, Holder};
use maillage_domain::{FieldErrors, Permission, Role};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    AccountsSection, HolderPage, Outcome, Refused, RegisterForm, capacity_fields, capacity_rows, history, vacancies,
};
use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::form::{FieldKind, FormField, field};
use crate::pages::{Layout, flash, render};
use crate::{AppError, AppState};

struct FacilityRow {
    id: i32,
    name: String,
    kind: &'static str,
    sector: String,
    funding: &'static str,
    /// The funding in words, for the abbreviation's title.
    funding_title: &'static str,
    under_three: u32,
    total: u32,
    opening: String,
}

#[derive(Template)]
#[template(path = "childcare/facilities.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<FacilityRow>,
    can_edit: bool,
    places_label: String,
}

pub async fn list_facilities(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let today = state.today();
    let list = facilities::list(&state.db, user.territory_id).await?;
    let caps = capacities::valid_between(&state.db, user.territory_id, today, today).await?;
    let rows: Vec<FacilityRow> = list
        .into_iter()
        .map(|f| {
            let places = offer_on(caps.iter().filter(|c| c.holder == Holder::Facility(f.id)), today);
            FacilityRow {
                id: f.id,
                kind: f.kind.label(),
                sector: f.sector.clone(),
                funding: f.funding.map_or("—", Funding::short_label),
                funding_title: f.funding.map_or("Sans objet", Funding::label),
                under_three: places.under_three(),
                total: places.total(),
                opening: f.opening_label(),
                name: f.name,
            }
        })
        .collect();
    let total: u32 = rows.iter().map(|r| r.under_three).sum();
    let places_label = format!(
        "{} · {} pour les moins de 3 ans aujourd'hui",
        maillage_domain::text::count(rows.len() as i64, "établissement", "établissements"),
        maillage_domain::text::count(i64::from(total), "place", "places")
    );
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let can_edit = user.can(Permission::EditRegisters);
    Ok(render(&ListPage { layout, rows, can_edit, places_label })?.into_response())
}

pub(crate) fn facility_fields(form: &FacilityForm, errors: &FieldErrors) -> Vec<FormField> {
    let kinds = FacilityKind::ALL.iter().map(|k| (k.code().to_owned(), k.label().to_owned()));
    let mut kind_options = vec![(String::new(), "Choisir…".to_owned())];
    kind_options.extend(kinds);
    // « Sans objet » is an empty value too: a MAM sends it, another kind is told to choose.
    let mut funding_options = vec![(String::new(), "Choisir… (sans objet pour une MAM)".to_owned())];
    funding_options.extend(Funding::ALL.iter().map(|f| (f.code().to_owned(), f.label().to_owned())));
    let mut identifier = field("identifier", "N° FINESS ou SIRET", &form.identifier, errors, FieldKind::Text);
    identifier.hint = Some(
        "Facultatif. FINESS : numéro du fichier national des établissements sanitaires et sociaux ; SIRET : \
         numéro de l'entreprise ou de l'association. Sert à reconnaître l'établissement lors d'un import.",
    );
    let mut manager = field("manager", "Gestionnaire", &form.manager, errors, FieldKind::Text);
    manager.hint = Some("Qui gère l'établissement : la commune, une association, une entreprise…");
    let mut days = field("mon", "Jours d'ouverture", "", errors, FieldKind::Days(form.days()));
    days.hint = None;
    vec![
        field("name", "Nom", &form.name, errors, FieldKind::Text),
        field("kind", "Type", &form.kind, errors, FieldKind::Select(kind_options)),
        identifier,
        manager,
        field("address", "Adresse", &form.address, errors, FieldKind::Text),
        field("sector", "Secteur", &form.sector, errors, FieldKind::Text),
        field("funding", "Financement", &form.funding, errors, FieldKind::Select(funding_options)),
        days,
        field("opens_at", "Ouverture", &form.opens_at, errors, FieldKind::Time),
        field("closes_at", "Fermeture", &form.closes_at, errors, FieldKind::Time),
        field("phone", "Téléphone", &form.phone, errors, FieldKind::Tel),
        field("email", "Adresse e-mail", &form.email, errors, FieldKind::Email),
    ]
}

fn form_page(
    heading: String,
    action: String,
    version: Option<i32>,
    form: &FacilityForm,
    errors: &FieldErrors,
) -> RegisterForm {
    RegisterForm {
        layout: Layout::bare(),
        heading,
        back_url: "/etablissements".to_owned(),
        back_label: "Retour aux établissements",
        action,
        version,
        fields: facility_fields(form, errors),
        conflict: Vec::new(),
        submit: "Enregistrer l'établissement",
    }
}

pub async fn new_facility(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let form = FacilityForm {
        mon: "on".into(),
        tue: "on".into(),
        wed: "on".into(),
        thu: "on".into(),
        fri: "on".into(),
        opens_at: "07:30".into(),
        closes_at: "18:30".into(),
        ..Default::default()
    };
    let page = form_page(
        "Ajouter un établissement".into(),
        "/etablissements/nouveau".into(),
        None,
        &form,
        &FieldErrors::new(),
    );
    page.answer(&state, &session, &user, None).await
}

pub async fn create_facility(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<FacilityForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::create_facility(&state.ctx(&actor), &form).await {
        Ok(f) => {
            flash("Établissement enregistré. Indiquez maintenant ses places autorisées.");
            Ok(Redirect::to(&format!("/etablissements/{}#capacite", f.id)).into_response())
        }
        Err(e) => {
            let outcome = Outcome::of(e)?;
            let errors = match &outcome {
                Outcome::Invalid(errors) => errors.clone(),
                Outcome::Conflict(_) => FieldErrors::new(),
            };
            let page =
                form_page("Ajouter un établissement".into(), "/etablissements/nouveau".into(), None, &form, &errors);
            page.answer(&state, &session, &user, Some(&outcome)).await
        }
    }
}

async fn sheet(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    f: Facility,
    refused: Option<Refused>,
) -> Result<Response, AppError> {
    let (capacity, vacancy_form, account_error) = Refused::split(refused);
    let today = state.today();
    let caps = capacities::of(&state.db, user.territory_id, Holder::Facility(f.id)).await?;
    let now = current(&caps, today);
    let can_edit = user.can(Permission::EditRegisters);
    let failed = capacity.is_some() || vacancy_form.is_some() || account_error.is_some();
    let capacity_failed = capacity.is_some();
    let (form, errors) = capacity.unwrap_or_else(|| {
        // Pre-filled with the running capacity: a change is often one number.
        let base = now.map(|c| CapacityForm {
            infant: c.places.infant.to_string(),
            toddler: c.places.toddler.to_string(),
            preschool: c.places.preschool.to_string(),
            employer_places: c.employer_places.to_string(),
            ..Default::default()
        });
        (CapacityForm { valid_from: today.to_string(), ..base.unwrap_or_default() }, FieldErrors::new())
    });
    let details = vec![
        ("Type", f.kind.label().to_owned()),
        ("Gestionnaire", f.manager.clone()),
        ("Adresse", f.address.clone()),
        ("Secteur", if f.sector.is_empty() { "—".to_owned() } else { f.sector.clone() }),
        ("Financement", f.funding.map_or("Sans objet".to_owned(), |x| x.label().to_owned())),
        ("Ouverture", f.opening_label()),
        ("N° FINESS ou SIRET", if f.identifier.is_empty() { "—".to_owned() } else { f.identifier.clone() }),
        ("Téléphone", if f.phone.is_empty() { "—".to_owned() } else { f.phone.clone() }),
        ("Adresse e-mail", if f.email.is_empty() { "—".to_owned() } else { f.email.clone() }),
    ];
    let page = HolderPage {
        layout: Layout::new(state, session, Some(user)).await,
        heading: f.name.clone(),
        back_url: "/etablissements",
        back_label: "Retour aux établissements",
        details,
        edit_url: can_edit.then(|| format!("/etablissements/{}/modifier", f.id)),
        capacities: capacity_rows(&caps, today),
        capacity_title: "Places autorisées",
        capacity_action: can_edit.then(|| format!("/etablissements/{}/capacites", f.id)),
        capacity_fields: capacity_fields(
            &form,
            &errors,
            true,
            "Laissez vide si la capacité vaut jusqu'à nouvel ordre.",
        ),
        capacity_failed,
        vacancies: vacancies::grid(
            state,
            user.territory_id,
            Holder::Facility(f.id),
            "vacance-".to_owned(),
            format!("/etablissements/{}/places-disponibles", f.id),
            vacancy_form,
        )
        .await?,
        accounts: managers_section(state, user, f.id, account_error).await?,
        history: history(state, user.territory_id, "facility", f.id).await?,
    };
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

/// The facility's managers who declare its free places themselves.
async fn managers_section(
    state: &AppState,
    user: &CurrentUser,
    facility_id: i32,
    error: Option<String>,
) -> Result<AccountsSection, AppError> {
    let actor = user.actor();
    let accounts = ops::linkable_accounts(&state.ctx(&actor), Role::FacilityManager).await?;
    let managers = facilities::managers(&state.db, user.territory_id, facility_id).await?;
    let label = |u: &maillage_domain::accounts::User| format!("{} ({})", u.display_name, u.email);
    let linked = accounts
        .iter()
        .filter(|u| managers.contains(&u.id))
        .map(|u| (label(u), format!("/etablissements/{facility_id}/gestionnaires/{}/retirer", u.id)))
        .collect();
    let mut options = vec![(String::new(), "Choisir un compte…".to_owned())];
    options.extend(accounts.iter().filter(|u| !managers.contains(&u.id)).map(|u| (u.id.to_string(), label(u))));
    Ok(AccountsSection {
        title: "Gestionnaires en ligne",
        intro: "Les gestionnaires reliés déclarent eux-mêmes les places disponibles, depuis « Mes places ». Leur compte se crée dans « Utilisateurs » (rôle gestionnaire de structure).",
        linked,
        action: format!("/etablissements/{facility_id}/gestionnaires"),
        options,
        submit: "Ajouter ce gestionnaire",
        error,
        invite: None,
    })
}

pub async fn add_manager(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<AccountChoice>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_facility_manager(&state.ctx(&actor), id, &form.user_id).await {
        Ok(()) => {
            flash("Gestionnaire ajouté : il ou elle peut déclarer les places disponibles.");
            Ok(Redirect::to(&format!("/etablissements/{id}#comptes")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let f = facilities::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, f, Some(Refused::Account(errors))).await
        }
    }
}

pub async fn remove_manager(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, account)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    ops::remove_facility_manager(&state.ctx(&actor), id, account).await?;
    flash("Ce compte ne gère plus l'établissement.");
    Ok(Redirect::to(&format!("/etablissements/{id}#comptes")).into_response())
}

/// The account chosen in a list.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AccountChoice {
    pub user_id: String,
}

pub async fn show_facility(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let f = facilities::get(&state.db, user.territory_id, id).await?;
    sheet(&state, &session, &user, f, None).await
}

pub async fn add_capacity(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<CapacityForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_capacity(&state.ctx(&actor), Holder::Facility(id), &form).await {
        Ok(_) => {
            flash("Nouvelle capacité enregistrée ; la précédente est conservée dans l'historique.");
            Ok(Redirect::to(&format!("/etablissements/{id}")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let f = facilities::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, f, Some(Refused::Capacity(form, errors))).await
        }
    }
}

pub async fn edit_facility(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let f = facilities::get(&state.db, user.territory_id, id).await?;
    let heading = format!("Modifier « {} »", f.name);
    let action = format!("/etablissements/{id}/modifier");
    let mut page = form_page(heading, action, Some(f.version), &FacilityForm::of(&f), &FieldErrors::new());
    page.back_url = format!("/etablissements/{id}");
    page.back_label = "Retour à l'établissement";
    page.answer(&state, &session, &user, None).await
}

#[derive(Deserialize)]
pub struct VersionedFacility {
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    fields: FacilityForm,
}

pub async fn update_facility(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<VersionedFacility>,
) -> Result<Response, AppError> {
    let version = crate::pages::version(&form.version)?;
    let actor = user.actor();
    match ops::update_facility(&state.ctx(&actor), id, version, &form.fields).await {
        Ok(_) => {
            flash("Établissement enregistré.");
            Ok(Redirect::to(&format!("/etablissements/{id}")).into_response())
        }
        Err(e) => {
            let outcome = Outcome::of(e)?;
            let current = facilities::get(&state.db, user.territory_id, id).await?;
            let (errors, version) = match &outcome {
                Outcome::Invalid(errors) => (errors.clone(), version),
                // Saving again, having seen the changes, is a deliberate choice.
                Outcome::Conflict(_) => (FieldErrors::new(), current.version),
            };
            let heading = format!("Modifier « {} »", current.name);
            let mut page =
                form_page(heading, format!("/etablissements/{id}/modifier"), Some(version), &form.fields, &errors);
            page.back_url = format!("/etablissements/{id}");
            page.back_label = "Retour à l'établissement";
            page.answer(&state, &session, &user, Some(&outcome)).await
        }
    }
}

pub async fn declare_vacancies(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(fields): Form<std::collections::BTreeMap<String, String>>,
) -> Result<Response, AppError> {
    let form = maillage_domain::childcare::VacancyForm::from_fields(&fields);
    let actor = user.actor();
    match ops::declare_vacancies(&state.ctx(&actor), Holder::Facility(id), &form).await {
        Ok(_) => {
            flash("Places disponibles enregistrées.");
            Ok(Redirect::to(&format!("/etablissements/{id}#places")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let record = facilities::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, record, Some(Refused::Vacancies(form, errors))).await
        }
    }
}
