//! /assistants-maternels: the childminders of the register.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::childcare::childminders::{self, ChildminderFilter};
use maillage_db::childcare::{capacities, facilities, ops};
use maillage_domain::childcare::offer::{current, offer_on};
use maillage_domain::childcare::{CapacityForm, Childminder, ChildminderForm, Holder};
use maillage_domain::{FieldErrors, Permission, Role};
use serde::Deserialize;
use tower_sessions::Session;

use super::{
    AccountsSection, HolderPage, Invite, Outcome, Refused, RegisterForm, capacity_fields, capacity_rows, history,
    vacancies,
};
use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::form::{FieldKind, FormField, field};
use crate::pages::{Layout, flash, page_number, render, url_encode};
use crate::{AppError, AppState};

const PER_PAGE: u64 = 50;

struct Row {
    id: i32,
    name: String,
    approval_number: String,
    sector: String,
    active: bool,
    under_three: u32,
    total: u32,
}

#[derive(Template)]
#[template(path = "childcare/childminders.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<Row>,
    can_edit: bool,
    q: String,
    sector: String,
    sectors: Vec<String>,
    state: String,
    total_label: String,
    page: u64,
    pages: u64,
    /// The filter as a query string, for the pagination links.
    query: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    secteur: String,
    /// `actifs`, `inactifs` or anything else for both.
    etat: String,
    page: String,
}

pub async fn list_childminders(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let today = state.today();
    let active = match q.etat.as_str() {
        "actifs" => Some(true),
        "inactifs" => Some(false),
        _ => None,
    };
    let filter = ChildminderFilter { text: q.q.chars().take(100).collect(), sector: q.secteur.clone(), active };
    let list = childminders::list(&state.db, user.territory_id, &filter, page_number(&q.page), PER_PAGE).await?;
    let holders: Vec<Holder> = list.items.iter().map(|c| Holder::Childminder(c.id)).collect();
    let caps = capacities::valid_on_for(&state.db, user.territory_id, &holders, today).await?;
    let rows = list
        .items
        .iter()
        .cloned()
        .map(|c| {
            let places = offer_on(caps.iter().filter(|k| k.holder == Holder::Childminder(c.id)), today);
            Row {
                id: c.id,
                name: format!("{} {}", c.last_name, c.first_name),
                approval_number: c.approval_number,
                sector: c.sector,
                active: c.active,
                under_three: places.under_three(),
                total: places.total(),
            }
        })
        .collect();
    let etat = if active.is_some() { q.etat.clone() } else { String::new() };
    let query = format!("q={}&secteur={}&etat={}", url_encode(&filter.text), url_encode(&q.secteur), etat);
    let page = ListPage {
        layout: Layout::new(&state, &session, Some(&user)).await,
        rows,
        can_edit: user.can(Permission::EditRegisters),
        q: filter.text,
        sector: q.secteur,
        sectors: childminders::sectors(&state.db, user.territory_id).await?,
        state: etat,
        total_label: maillage_domain::text::count(
            list.total as i64,
            "assistant·e maternel·le",
            "assistant·e·s maternel·le·s",
        ),
        page: list.page,
        pages: list.pages,
        query,
    };
    Ok(render(&page)?.into_response())
}

async fn childminder_fields(
    state: &AppState,
    user: &CurrentUser,
    form: &ChildminderForm,
    errors: &FieldErrors,
) -> Result<Vec<FormField>, AppError> {
    let mut mams = vec![(String::new(), "Aucune (accueil à domicile)".to_owned())];
    let list = facilities::list_mams(&state.db, user.territory_id).await?;
    mams.extend(list.into_iter().map(|m| (m.id.to_string(), m.name)));
    let mut approval = field("approval_number", "N° d'agrément", &form.approval_number, errors, FieldKind::Text);
    approval.hint = Some("Le numéro donné par la PMI (protection maternelle et infantile).");
    let mut birth = field("birth_year", "Année de naissance", &form.birth_year, errors, FieldKind::Number);
    birth.hint = Some("Pour prévoir les départs en retraite.");
    Ok(vec![
        field("first_name", "Prénom", &form.first_name, errors, FieldKind::Text),
        field("last_name", "Nom", &form.last_name, errors, FieldKind::Text),
        approval,
        birth,
        field("sector", "Secteur", &form.sector, errors, FieldKind::Text),
        field("mam_id", "MAM (maison d'assistants maternels)", &form.mam_id, errors, FieldKind::Select(mams)),
        field("active", "En activité", &form.active, errors, FieldKind::Checkbox),
        field("phone", "Téléphone", &form.phone, errors, FieldKind::Tel),
        field("email", "Adresse e-mail", &form.email, errors, FieldKind::Email),
    ])
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    heading: String,
    action: String,
    version: Option<i32>,
    form: &ChildminderForm,
    errors: &FieldErrors,
) -> Result<RegisterForm, AppError> {
    Ok(RegisterForm {
        layout: Layout::bare(),
        heading,
        back_url: "/assistants-maternels".to_owned(),
        back_label: "Retour aux assistant·e·s maternel·le·s",
        action,
        version,
        fields: childminder_fields(state, user, form, errors).await?,
        conflict: Vec::new(),
        submit: "Enregistrer",
    })
}

const NEW: &str = "Ajouter un·e assistant·e maternel·le";

pub async fn new_childminder(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let form = ChildminderForm { active: "on".into(), ..Default::default() };
    let page =
        form_page(&state, &user, NEW.into(), "/assistants-maternels/nouveau".into(), None, &form, &FieldErrors::new())
            .await?;
    page.answer(&state, &session, &user, None).await
}

pub async fn create_childminder(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Form(form): Form<ChildminderForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::create_childminder(&state.ctx(&actor), &form).await {
        Ok(c) => {
            flash("Assistant·e maternel·le enregistré·e. Indiquez maintenant ses places agréées.");
            Ok(Redirect::to(&format!("/assistants-maternels/{}#capacite", c.id)).into_response())
        }
        Err(e) => {
            let outcome = Outcome::of(e)?;
            let errors = if let Outcome::Invalid(errors) = &outcome { errors.clone() } else { FieldErrors::new() };
            let page =
                form_page(&state, &user, NEW.into(), "/assistants-maternels/nouveau".into(), None, &form, &errors)
                    .await?;
            page.answer(&state, &session, &user, Some(&outcome)).await
        }
    }
}

async fn sheet(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    c: Childminder,
    refused: Option<Refused>,
) -> Result<Response, AppError> {
    sheet_with(state, session, user, c, refused, None).await
}

/// The sheet; `invitation_link`, a link just made, is shown once.
async fn sheet_with(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    c: Childminder,
    refused: Option<Refused>,
    invitation_link: Option<String>,
) -> Result<Response, AppError> {
    let (capacity, vacancy_form, account_error) = Refused::split(refused);
    let today = state.today();
    let caps = capacities::of(&state.db, user.territory_id, Holder::Childminder(c.id)).await?;
    let now = current(&caps, today);
    let can_edit = user.can(Permission::EditRegisters);
    let failed = capacity.is_some() || vacancy_form.is_some() || account_error.is_some();
    let capacity_failed = capacity.is_some();
    let (form, errors) = capacity.unwrap_or_else(|| {
        let base = now.map(|k| CapacityForm {
            infant: k.places.infant.to_string(),
            toddler: k.places.toddler.to_string(),
            preschool: k.places.preschool.to_string(),
            ..Default::default()
        });
        (CapacityForm { valid_from: today.to_string(), ..base.unwrap_or_default() }, FieldErrors::new())
    });
    let mam = match c.mam_id {
        Some(id) => facilities::get(&state.db, user.territory_id, id).await.map(|m| m.name).unwrap_or_default(),
        None => "Non, accueil à domicile".to_owned(),
    };
    let or_dash = |s: &str| if s.is_empty() { "—".to_owned() } else { s.to_owned() };
    let details = vec![
        ("N° d'agrément", c.approval_number.clone()),
        ("En activité", if c.active { "Oui".to_owned() } else { "Non".to_owned() }),
        ("Année de naissance", c.birth_year.to_string()),
        ("Secteur", or_dash(&c.sector)),
        ("MAM", mam),
        ("Téléphone", or_dash(&c.phone)),
        ("Adresse e-mail", or_dash(&c.email)),
    ];
    let page = HolderPage {
        layout: Layout::new(state, session, Some(user)).await,
        heading: c.full_name(),
        back_url: "/assistants-maternels",
        back_label: "Retour aux assistant·e·s maternel·le·s",
        details,
        edit_url: can_edit.then(|| format!("/assistants-maternels/{}/modifier", c.id)),
        capacities: capacity_rows(&caps, today),
        capacity_title: "Places agréées",
        capacity_action: can_edit.then(|| format!("/assistants-maternels/{}/capacites", c.id)),
        capacity_fields: capacity_fields(
            &form,
            &errors,
            false,
            "La date de fin de validité de l'agrément, si elle est connue.",
        ),
        capacity_failed,
        vacancies: vacancies::grid(
            state,
            user.territory_id,
            Holder::Childminder(c.id),
            "vacance-".to_owned(),
            format!("/assistants-maternels/{}/places-disponibles", c.id),
            vacancy_form,
        )
        .await?,
        accounts: account_section(state, user, &c, account_error, invitation_link).await?,
        history: history(state, user.territory_id, "childminder", c.id).await?,
    };
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, render(&page)?).into_response())
}

/// The childminder's own account, with which they declare their free places.
async fn account_section(
    state: &AppState,
    user: &CurrentUser,
    c: &Childminder,
    error: Option<String>,
    link: Option<String>,
) -> Result<AccountsSection, AppError> {
    let actor = user.actor();
    let accounts = ops::linkable_accounts(&state.ctx(&actor), Role::Childminder).await?;
    let label = |u: &maillage_domain::accounts::User| format!("{} ({})", u.display_name, u.email);
    let unlink = format!("/assistants-maternels/{}/compte", c.id);
    // The linked account may be an invitation not accepted yet (not active).
    let linked = match c.user_id {
        Some(id) => match maillage_db::accounts::get_user(&state.db, user.territory_id, id).await {
            Ok(u) if u.pending => vec![(format!("{}, invitation envoyée, pas encore acceptée", label(&u)), unlink)],
            Ok(u) => vec![(label(&u), unlink)],
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    let mut options = vec![(String::new(), "Choisir un compte…".to_owned())];
    options.extend(accounts.iter().filter(|u| Some(u.id) != c.user_id).map(|u| (u.id.to_string(), label(u))));
    let invite = (c.user_id.is_none() || link.is_some()).then(|| Invite {
        action: format!("/assistants-maternels/{}/inviter", c.id),
        email: c.email.clone(),
        link,
    });
    Ok(AccountsSection {
        title: "Compte en ligne",
        intro: "Avec son compte, l'assistant·e maternel·le déclare ses places disponibles depuis son téléphone (« Mes places »). Invitez-la à l'adresse de sa fiche, ou reliez un compte qui existe déjà.",
        linked,
        action: unlink_action(c.id),
        options,
        submit: "Relier ce compte",
        error,
        invite,
    })
}

fn unlink_action(id: i32) -> String {
    format!("/assistants-maternels/{id}/compte")
}

/// « Inviter »: an account for the childminder at the address of their
/// record, linked at once; without a mail server the link is shown once.
pub async fn invite_account(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    let message = |email: &str, name: &str, secret: &str, existing: bool| {
        crate::accounts::users::invitation_message(&state, &user.territory_name, email, name, secret, existing)
    };
    match ops::invite_childminder(&state.ctx(&actor), id, &message).await {
        Ok((c, secret)) if !state.config.smtp_configured => {
            let link = crate::accounts::users::link(&state, &secret);
            sheet_with(&state, &session, &user, c, None, Some(link)).await
        }
        Ok((c, _)) => {
            flash(&format!(
                "Invitation envoyée à {} : le lien est valable {} jours.",
                c.email,
                maillage_db::accounts::INVITATION_DAYS
            ));
            Ok(Redirect::to(&format!("/assistants-maternels/{id}#comptes")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let c = childminders::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, c, Some(Refused::Account(errors))).await
        }
    }
}

pub async fn link_account(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<super::facilities::AccountChoice>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::link_childminder_account(&state.ctx(&actor), id, &form.user_id).await {
        Ok(c) => {
            let done = if c.user_id.is_some() {
                "Compte relié : ses places se déclarent depuis « Mes places »."
            } else {
                "Compte détaché de la fiche."
            };
            flash(done);
            Ok(Redirect::to(&format!("/assistants-maternels/{id}#comptes")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let c = childminders::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, c, Some(Refused::Account(errors))).await
        }
    }
}

pub async fn show_childminder(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let c = childminders::get(&state.db, user.territory_id, id).await?;
    sheet(&state, &session, &user, c, None).await
}

pub async fn add_capacity(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<CapacityForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::add_capacity(&state.ctx(&actor), Holder::Childminder(id), &form).await {
        Ok(_) => {
            flash("Nouvel agrément enregistré ; le précédent est conservé dans l'historique.");
            Ok(Redirect::to(&format!("/assistants-maternels/{id}")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let c = childminders::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, c, Some(Refused::Capacity(form, errors))).await
        }
    }
}

pub async fn edit_childminder(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let c = childminders::get(&state.db, user.territory_id, id).await?;
    let heading = format!("Modifier « {} »", c.full_name());
    let action = format!("/assistants-maternels/{id}/modifier");
    let mut page =
        form_page(&state, &user, heading, action, Some(c.version), &ChildminderForm::of(&c), &FieldErrors::new())
            .await?;
    page.back_url = format!("/assistants-maternels/{id}");
    page.back_label = "Retour à la fiche";
    page.answer(&state, &session, &user, None).await
}

#[derive(Deserialize)]
pub struct VersionedChildminder {
    #[serde(default)]
    version: String,
    #[serde(flatten)]
    fields: ChildminderForm,
}

pub async fn update_childminder(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
    Form(form): Form<VersionedChildminder>,
) -> Result<Response, AppError> {
    let version = crate::pages::version(&form.version)?;
    let actor = user.actor();
    match ops::update_childminder(&state.ctx(&actor), id, version, &form.fields).await {
        Ok(_) => {
            flash("Fiche enregistrée.");
            Ok(Redirect::to(&format!("/assistants-maternels/{id}")).into_response())
        }
        Err(e) => {
            let outcome = Outcome::of(e)?;
            let current = childminders::get(&state.db, user.territory_id, id).await?;
            let (errors, version) = match &outcome {
                Outcome::Invalid(errors) => (errors.clone(), version),
                Outcome::Conflict(_) => (FieldErrors::new(), current.version),
            };
            let heading = format!("Modifier « {} »", current.full_name());
            let action = format!("/assistants-maternels/{id}/modifier");
            let mut page = form_page(&state, &user, heading, action, Some(version), &form.fields, &errors).await?;
            page.back_url = format!("/assistants-maternels/{id}");
            page.back_label = "Retour à la fiche";
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
    match ops::declare_vacancies(&state.ctx(&actor), Holder::Childminder(id), &form).await {
        Ok(_) => {
            flash("Places disponibles enregistrées.");
            Ok(Redirect::to(&format!("/assistants-maternels/{id}#places")).into_response())
        }
        Err(e) => {
            let errors = crate::pages::invalid(e)?;
            let record = childminders::get(&state.db, user.territory_id, id).await?;
            sheet(&state, &session, &user, record, Some(Refused::Vacancies(form, errors))).await
        }
    }
}
