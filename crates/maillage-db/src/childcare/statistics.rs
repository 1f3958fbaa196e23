//! What the statistics read, and only that: of a request its sector, dates,
//! status and mode (no name, no contact, so nothing here is a family's
//! data and nothing is audited as a read); of a declaration of free places
//! its dates and the most under-3 places of each band, summed in SQL.

use std::collections::HashMap;

use chrono::NaiveDate;
use maillage_domain::childcare::statistics::{FreeFacts, RequestFacts};
use maillage_domain::childcare::{AgeBand, Capacity, CareMode, Childminder, Facility, Holder, RequestStatus};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{care_request as request, vacancy, vacancy_declaration as declaration};
use crate::scoped::scoped;
use crate::{DbError, Result};

type RequestRow = (String, NaiveDate, NaiveDate, String, Option<String>, Option<NaiveDate>);
/// id, facility, childminder, declared on, available from.
type DeclarationRow = (i32, Option<i32>, Option<i32>, NaiveDate, NaiveDate);

/// The facts of every request of the territory filed, or with a desired
/// start, in `from..=to`.
pub async fn request_facts(
    db: &impl ConnectionTrait,
    territory_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RequestFacts>> {
    use request::Column as C;
    let rows: Vec<RequestRow> = scoped::<request::Entity>(territory_id)
        .select_only()
        .columns([C::HomeSector, C::FiledOn, C::StartOn, C::Status, C::SolvedMode, C::ClosedOn])
        .filter(C::StartOn.between(from, to).or(C::FiledOn.between(from, to)))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(home_sector, filed_on, start_on, status, solved_mode, closed_on)| {
            let unknown =
                |what: &str, code: &str| DbError::Decode(format!("{what} « {code} » inconnu (care_requests)"));
            let status = RequestStatus::from_code(&status).ok_or_else(|| unknown("statut", &status))?;
            let solved_mode = match solved_mode {
                None => None,
                Some(c) => Some(CareMode::from_code(&c).ok_or_else(|| unknown("mode", &c))?),
            };
            Ok(RequestFacts { home_sector, filed_on, start_on, status, solved_mode, closed_on })
        })
        .collect()
}

/// Every declaration of free places of the territory made by `to`, oldest
/// first.
pub async fn free_facts(db: &impl ConnectionTrait, territory_id: i32, to: NaiveDate) -> Result<Vec<FreeFacts>> {
    use declaration::Column as D;
    use vacancy::Column as V;
    let declarations: Vec<DeclarationRow> = scoped::<declaration::Entity>(territory_id)
        .select_only()
        .columns([D::Id, D::FacilityId, D::ChildminderId, D::DeclaredOn, D::AvailableFrom])
        .filter(D::DeclaredOn.lte(to))
        .order_by_asc(D::DeclaredOn)
        .order_by_asc(D::Id)
        .into_tuple()
        .all(db)
        .await?;
    // The most places of each under-3 band on any weekday, by declaration.
    let most: Vec<(i32, Option<i32>)> = scoped::<vacancy::Entity>(territory_id)
        .select_only()
        .column(V::DeclarationId)
        .column_as(V::Places.max(), "most")
        .filter(V::AgeBand.is_in([AgeBand::Infant.code(), AgeBand::Toddler.code()]))
        .group_by(V::DeclarationId)
        .group_by(V::AgeBand)
        .into_tuple()
        .all(db)
        .await?;
    let mut places: HashMap<i32, u32> = HashMap::new();
    for (id, n) in most {
        *places.entry(id).or_default() += u32::try_from(n.unwrap_or(0)).unwrap_or(0);
    }
    declarations
        .into_iter()
        .map(|(id, facility, childminder, declared_on, available_from)| {
            let holder = match (facility, childminder) {
                (Some(f), None) => Holder::Facility(f),
                (None, Some(c)) => Holder::Childminder(c),
                _ => {
                    return Err(DbError::Decode(format!(
                        "déclaration sans titulaire unique (vacancy_declarations {id})"
                    )));
                }
            };
            Ok(FreeFacts { holder, declared_on, available_from, places: places.get(&id).copied().unwrap_or(0) })
        })
        .collect()
}

/// Everything the statistics of one year read.
#[derive(Debug, Clone)]
pub struct YearFacts {
    pub facilities: Vec<Facility>,
    pub childminders: Vec<Childminder>,
    /// Valid at some point between the year's start (or today) and its end
    /// (or today).
    pub capacities: Vec<Capacity>,
    pub requests: Vec<RequestFacts>,
    pub free: Vec<FreeFacts>,
}

/// The facts of `year` for the territory, as of `today`; `None` for a
/// year without a calendar.
pub async fn year_facts(
    db: &impl ConnectionTrait,
    territory_id: i32,
    year: i32,
    today: NaiveDate,
) -> Result<Option<YearFacts>> {
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Ok(None);
    };
    // Five independent reads: on a pool they run side by side (the first
    // load of a large territory's statistics, 0.5 s in Paris's EPCI).
    let (facilities, childminders, capacities, requests, free) = futures_util::future::try_join5(
        super::facilities::list(db, territory_id),
        super::childminders::for_figures(db, territory_id),
        super::capacities::valid_between(db, territory_id, Ord::min(first, today), Ord::max(last, today)),
        request_facts(db, territory_id, first, last),
        free_facts(db, territory_id, last),
    )
    .await?;
    Ok(Some(YearFacts { facilities, childminders, capacities, requests, free }))
}
