//! The registers' pages. A facility and a childminder share their frame:
//! a sheet with the dated capacities, the form for a new one and the
//! history of changes; and an edit form with optimistic locking.

pub mod childminders;
pub mod facilities;
pub mod imports;
pub mod my_places;
pub mod offer;
pub mod projects;
pub mod vacancies;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maillage_db::audit::{self, AuditFilter, Change};
use maillage_db::ops::OpError;
use maillage_domain::childcare::{Capacity, CapacityForm, VacancyForm};
use maillage_domain::{FieldErrors, Refusal};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::form::{FieldKind, FormField, field};
use crate::pages::{ErrorSummary, Layout, render};
use crate::{AppError, AppState};

/// How a form came back: refused fields (422), or changed meanwhile (409)
/// with what is stored now.
pub(crate) enum Outcome {
    Invalid(FieldErrors),
    Conflict(Vec<(String, String)>),
}

impl Outcome {
    pub(crate) fn of(e: OpError) -> Result<Outcome, AppError> {
        match e {
            OpError::Refused(Refusal::Invalid(errors)) => Ok(Outcome::Invalid(errors)),
            OpError::Refused(Refusal::Conflict(changes)) => {
                Ok(Outcome::Conflict(changes.into_iter().map(|c| (c.field, c.after)).collect()))
            }
            other => Err(other.into()),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Outcome::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Outcome::Conflict(_) => StatusCode::CONFLICT,
        }
    }
}

/// A register's record to create or change.
#[derive(Template)]
#[template(path = "childcare/register_form.html")]
pub(crate) struct RegisterForm {
    pub layout: Layout,
    pub heading: String,
    pub back_url: String,
    pub back_label: &'static str,
    pub action: String,
    /// `None` for a new record.
    pub version: Option<i32>,
    pub fields: Vec<FormField>,
    pub conflict: Vec<(String, String)>,
    pub submit: &'static str,
}

impl RegisterForm {
    pub fn summary(&self) -> ErrorSummary {
        crate::form::summary_of(&self.fields)
    }

    /// The page, answered 200 or with the outcome's status.
    pub async fn answer(
        mut self,
        state: &AppState,
        session: &Session,
        user: &CurrentUser,
        outcome: Option<&Outcome>,
    ) -> Result<Response, AppError> {
        self.layout = Layout::new(state, session, Some(user)).await;
        if let Some(Outcome::Conflict(changes)) = outcome {
            self.conflict = changes.clone();
        }
        let status = outcome.map_or(StatusCode::OK, Outcome::status);
        Ok((status, render(&self)?).into_response())
    }
}

/// A form sent back refused, with its errors.
pub(crate) type SentBack<F> = (F, FieldErrors);

/// What `Refused::split` gives: the form of the sheet that came back, if any.
pub(crate) type Split = (Option<SentBack<CapacityForm>>, Option<SentBack<VacancyForm>>, Option<String>);

/// A form of a sheet sent back refused, to show again with its errors.
pub(crate) enum Refused {
    Capacity(CapacityForm, FieldErrors),
    Vacancies(VacancyForm, FieldErrors),
    /// The account to link.
    Account(FieldErrors),
}

impl Refused {
    pub(crate) fn split(refused: Option<Refused>) -> Split {
        match refused {
            Some(Refused::Capacity(f, e)) => (Some((f, e)), None, None),
            Some(Refused::Vacancies(f, e)) => (None, Some((f, e)), None),
            Some(Refused::Account(e)) => (None, None, e.get("user_id").map(str::to_owned)),
            None => (None, None, None),
        }
    }
}

/// One capacity as the sheet lists it.
pub(crate) struct CapacityRow {
    pub from: String,
    pub to: String,
    pub infant: u32,
    pub toddler: u32,
    pub preschool: u32,
    pub employer: u32,
    pub total: u32,
    pub current: bool,
    /// Starts after today.
    pub future: bool,
}

pub(crate) fn capacity_rows(capacities: &[Capacity], today: chrono::NaiveDate) -> Vec<CapacityRow> {
    capacities
        .iter()
        .rev()
        .map(|c| CapacityRow {
            from: c.valid_from.format("%d/%m/%Y").to_string(),
            to: c.valid_to.map_or_else(|| "—".to_owned(), |d| d.format("%d/%m/%Y").to_string()),
            infant: c.places.infant,
            toddler: c.places.toddler,
            preschool: c.places.preschool,
            employer: c.employer_places,
            total: c.places.total(),
            current: c.covers(today),
            future: c.valid_from > today,
        })
        .collect()
}

pub(crate) fn capacity_fields(
    form: &CapacityForm,
    errors: &FieldErrors,
    employer: bool,
    end_hint: &'static str,
) -> Vec<FormField> {
    let mut fields = vec![
        field("valid_from", "À partir du", &form.valid_from, errors, FieldKind::Date),
        field("valid_to", "Jusqu'au (facultatif)", &form.valid_to, errors, FieldKind::Date),
        field("infant", "Places de moins de 18 mois", &form.infant, errors, FieldKind::Number),
        field("toddler", "Places de 18 mois à 3 ans", &form.toddler, errors, FieldKind::Number),
        field("preschool", "Places de 3 à 6 ans", &form.preschool, errors, FieldKind::Number),
    ];
    // A childminder has no such places; the field shows only to carry the
    // error of a request that sent one anyway.
    if employer || errors.get("employer_places").is_some() {
        let mut f = field(
            "employer_places",
            "Dont places réservées entreprises",
            &form.employer_places,
            errors,
            FieldKind::Number,
        );
        f.hint = Some("Places qu'un employeur réserve pour les enfants de ses salariés.");
        fields.push(f);
    }
    for f in &mut fields {
        f.prefix = "capacite-".to_owned();
    }
    fields[1].hint = Some(end_hint);
    fields
}

/// A line of a record's history.
pub(crate) struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub summary: String,
    pub changes: Vec<Change>,
}

/// The latest changes of one record, from the audit log.
pub(crate) async fn history(
    state: &AppState,
    territory_id: i32,
    entity: &str,
    id: i32,
) -> Result<Vec<HistoryLine>, AppError> {
    let filter = AuditFilter { entity: Some(entity.to_owned()), entity_id: Some(id), ..Default::default() };
    let page = audit::list(&state.db, territory_id, &filter, 0, 20).await?;
    Ok(page
        .entries
        .into_iter()
        .map(|e| HistoryLine {
            at: maillage_domain::time::french_date_time(e.at),
            actor: e.actor,
            summary: e.summary,
            changes: e.changes,
        })
        .collect())
}

/// The accounts that declare a holder's free places themselves: a
/// childminder's own, a facility's managers.
pub(crate) struct AccountsSection {
    pub title: &'static str,
    pub intro: &'static str,
    /// (the account, the address that unlinks it).
    pub linked: Vec<(String, String)>,
    pub action: String,
    pub options: Vec<(String, String)>,
    pub submit: &'static str,
    pub error: Option<String>,
    /// A childminder without an account: invite them at their address.
    pub invite: Option<Invite>,
}

/// « Inviter » on a childminder's sheet.
pub(crate) struct Invite {
    pub action: String,
    /// The address of the record; empty, the button is replaced by a hint.
    pub email: String,
    /// The link just sent, shown once when no mail server sends it.
    pub link: Option<String>,
}

/// The sheet of a facility or a childminder.
#[derive(Template)]
#[template(path = "childcare/holder.html")]
pub(crate) struct HolderPage {
    pub layout: Layout,
    pub heading: String,
    pub back_url: &'static str,
    pub back_label: &'static str,
    pub details: Vec<(&'static str, String)>,
    pub edit_url: Option<String>,
    pub capacities: Vec<CapacityRow>,
    pub capacity_title: &'static str,
    /// The new capacity's form, for those who may add one.
    pub capacity_action: Option<String>,
    pub capacity_fields: Vec<FormField>,
    pub capacity_failed: bool,
    /// Free places: the latest declaration and the grid.
    pub vacancies: vacancies::VacancyGrid,
    pub accounts: AccountsSection,
    pub history: Vec<HistoryLine>,
}

impl HolderPage {
    pub fn summary(&self) -> ErrorSummary {
        let mut summary = crate::form::summary_of(&self.capacity_fields);
        summary.items.extend(self.vacancies.summary_items());
        if let Some(e) = &self.accounts.error {
            summary.items.push(("compte-user_id".to_owned(), e.clone()));
        }
        summary
    }
}
