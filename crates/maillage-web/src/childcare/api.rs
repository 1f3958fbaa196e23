//! A facility's free places through the API, so its own software can push
//! them with a token: the same rule and the same operation as the grid of
//! /mes-places ([`ops::declare_vacancies`]), only the shape differs.

use axum::extract::State;
use axum::{Extension, Json};
use chrono::{NaiveDate, Weekday};
use maillage_db::childcare::{capacities, ops, vacancies};
use maillage_domain::FieldErrors;
use maillage_domain::childcare::offer::current;
use maillage_domain::childcare::vacancy::{DAYS, cell_name};
use maillage_domain::childcare::{AgeBand, FreePlaces, Holder, Places, VacancyForm, Weekdays};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::extract::{ApiJson, ApiPath};
use crate::problem::{ApiError, Problem};

/// Places of one day (or of an approval), by age band; a missing band is 0.
#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BandsJson {
    /// Under 18 months.
    #[serde(default)]
    pub infant: u32,
    /// From 18 months to 3 years.
    #[serde(default)]
    pub toddler: u32,
    /// From 3 to 6 years.
    #[serde(default)]
    pub preschool: u32,
}

impl BandsJson {
    fn get(self, band: AgeBand) -> u32 {
        match band {
            AgeBand::Infant => self.infant,
            AgeBand::Toddler => self.toddler,
            AgeBand::Preschool => self.preschool,
        }
    }

    fn of(get: impl Fn(AgeBand) -> u32) -> Self {
        BandsJson { infant: get(AgeBand::Infant), toddler: get(AgeBand::Toddler), preschool: get(AgeBand::Preschool) }
    }
}

impl From<Places> for BandsJson {
    fn from(p: Places) -> Self {
        BandsJson { infant: p.infant, toddler: p.toddler, preschool: p.preschool }
    }
}

/// Free places by weekday (Monday to Saturday); a missing day has none.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mon: Option<BandsJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tue: Option<BandsJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wed: Option<BandsJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thu: Option<BandsJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fri: Option<BandsJson>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sat: Option<BandsJson>,
}

impl WeekJson {
    fn day(&self, day: Weekday) -> Option<BandsJson> {
        match day {
            Weekday::Mon => self.mon,
            Weekday::Tue => self.tue,
            Weekday::Wed => self.wed,
            Weekday::Thu => self.thu,
            Weekday::Fri => self.fri,
            Weekday::Sat => self.sat,
            Weekday::Sun => None,
        }
    }

    fn of(free: &FreePlaces) -> Self {
        let day = |d: Weekday| {
            let bands = BandsJson::of(|b| free.get(d, b));
            (bands.infant + bands.toddler + bands.preschool > 0).then_some(bands)
        };
        WeekJson {
            mon: day(Weekday::Mon),
            tue: day(Weekday::Tue),
            wed: day(Weekday::Wed),
            thu: day(Weekday::Thu),
            fri: day(Weekday::Fri),
            sat: day(Weekday::Sat),
        }
    }
}

/// A declaration as it is recorded.
#[derive(Serialize, ToSchema)]
pub struct DeclarationJson {
    /// The day it was made.
    pub declared_on: NaiveDate,
    /// Free from this date on, until the next declaration.
    pub available_from: NaiveDate,
    pub declared_by: String,
    /// Older than three months: shown « à confirmer » until a new declaration.
    pub to_confirm: bool,
    pub free: WeekJson,
}

/// A facility's free places and the places they are checked against.
#[derive(Serialize, ToSchema)]
pub struct FacilityVacancies {
    pub facility_id: i32,
    pub facility: String,
    /// The places authorised today, by age band (none if no capacity runs today).
    pub authorised_today: Option<BandsJson>,
    /// The latest declaration, if any.
    pub declaration: Option<DeclarationJson>,
}

/// Free places from a date on; each day's places may not exceed those of
/// the authorisation running on that date.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VacanciesUpdate {
    pub available_from: NaiveDate,
    pub free: WeekJson,
}

async fn show(state: &AppState, user: &CurrentUser, id: i32) -> Result<FacilityVacancies, ApiError> {
    let holder = Holder::Facility(id);
    let actor = user.actor();
    let facility = ops::declarable(&state.ctx(&actor), holder).await?;
    let (db, t, today) = (&state.db, user.territory_id, state.today());
    let caps = capacities::of(db, t, holder).await?;
    let declaration = vacancies::latest(db, t, holder).await?.map(|d| DeclarationJson {
        declared_on: d.declared_on,
        available_from: d.available_from,
        declared_by: d.declared_by.clone(),
        to_confirm: d.is_stale(today),
        free: WeekJson::of(&d.free),
    });
    Ok(FacilityVacancies {
        facility_id: id,
        facility,
        authorised_today: current(&caps, today).map(|c| c.places.into()),
        declaration,
    })
}

#[utoipa::path(get, path = "/api/v1/facilities/{id}/vacancies", tag = "accueil",
    security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'établissement")),
    responses((status = 200, body = FacilityVacancies), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_facility_vacancies(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
) -> Result<Json<FacilityVacancies>, ApiError> {
    Ok(Json(show(&state, &user, id).await?))
}

/// The grid's field names (`mon_infant`) become the body's paths
/// (`free.mon.infant`), so an error names what the caller sent.
fn api_errors(errors: FieldErrors) -> FieldErrors {
    let mut renamed = FieldErrors::new();
    for e in errors.iter() {
        let (field, message) = (e.field.as_str(), e.message.as_str());
        let path = DAYS
            .iter()
            .flat_map(|d| AgeBand::ALL.map(|b| (*d, b)))
            .find(|(d, b)| cell_name(*d, *b) == field)
            .map_or_else(|| field.to_owned(), |(d, b)| format!("free.{}.{}", Weekdays::code(d), b.code()));
        renamed.add(&path, message.to_owned());
    }
    renamed
}

#[utoipa::path(put, path = "/api/v1/facilities/{id}/vacancies", tag = "accueil",
    security(("token" = [])),
    params(("id" = i32, Path, description = "Identifiant de l'établissement")),
    request_body = VacanciesUpdate,
    responses((status = 200, body = FacilityVacancies), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn put_facility_vacancies(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<VacanciesUpdate>,
) -> Result<Json<FacilityVacancies>, ApiError> {
    let mut form = VacancyForm { available_from: body.available_from.to_string(), ..Default::default() };
    for day in DAYS {
        let Some(bands) = body.free.day(day) else { continue };
        for band in AgeBand::ALL {
            form.cells.insert(cell_name(day, band), bands.get(band).to_string());
        }
    }
    let actor = user.actor();
    match ops::declare_vacancies(&state.ctx(&actor), Holder::Facility(id), &form).await {
        Ok(_) => Ok(Json(show(&state, &user, id).await?)),
        Err(e) => match ApiError::from(e) {
            ApiError::Invalid(errors) => Err(ApiError::Invalid(api_errors(errors))),
            other => Err(other),
        },
    }
}
