//! What the statistics read, and only that: of a request its sector, dates,
//! status and mode (no name, no contact, so nothing here is a family's
//! data and nothing is audited as a read); of a declaration of free places
//! its dates and the most under-3 places of each band, summed in SQL.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use maillage_domain::childcare::statistics::{FreeFacts, RequestFacts};
use maillage_domain::childcare::{AgeBand, Capacity, CareMode, Childminder, Facility, Holder, RequestStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect};

use crate::entity::{care_request as request, vacancy, vacancy_declaration as declaration};
use crate::scoped::{Reach, within};
use crate::{DbError, Result};

type RequestRow = (i32, String, NaiveDate, NaiveDate, String, Option<String>, Option<NaiveDate>);
/// territory, id, facility, childminder, declared on, available from,
/// under-3 places.
type DeclarationRow = (i32, i32, Option<i32>, Option<i32>, NaiveDate, NaiveDate, Option<i32>);

/// The facts of every request of the territory filed, or with a desired
/// start, in `from..=to` (the plan's live figures count both).
pub async fn request_facts(
    db: &impl ConnectionTrait,
    territory_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<RequestFacts>> {
    use request::Column as C;
    let condition = C::StartOn.between(from, to).or(C::FiledOn.between(from, to));
    Ok(facts_where(db, Reach::Territory(territory_id), condition).await?.into_iter().map(|(_, f)| f).collect())
}

/// The facts of every request whose desired start falls in `from..=to`:
/// the only ones a year's statistics count (at national scale, half of a
/// year's filings start the next year).
async fn requests_starting(
    db: &impl ConnectionTrait,
    reach: Reach,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(i32, RequestFacts)>> {
    facts_where(db, reach, request::Column::StartOn.between(from, to)).await
}

async fn facts_where(
    db: &impl ConnectionTrait,
    reach: Reach,
    condition: impl sea_orm::sea_query::IntoCondition,
) -> Result<Vec<(i32, RequestFacts)>> {
    use request::Column as C;
    let rows: Vec<RequestRow> = within::<request::Entity>(reach)
        .select_only()
        .columns([C::TerritoryId, C::HomeSector, C::FiledOn, C::StartOn, C::Status, C::SolvedMode, C::ClosedOn])
        .filter(condition)
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(territory, home_sector, filed_on, start_on, status, solved_mode, closed_on)| {
            let unknown =
                |what: &str, code: &str| DbError::Decode(format!("{what} « {code} » inconnu (care_requests)"));
            let status = RequestStatus::from_code(&status).ok_or_else(|| unknown("statut", &status))?;
            let solved_mode = match solved_mode {
                None => None,
                Some(c) => Some(CareMode::from_code(&c).ok_or_else(|| unknown("mode", &c))?),
            };
            Ok((territory, RequestFacts { home_sector, filed_on, start_on, status, solved_mode, closed_on }))
        })
        .collect()
}

/// Every declaration of free places made by `to`, oldest first, each with
/// its under-3 free places summed in SQL: one row per declaration, not one
/// per weekday and band.
async fn free_facts(db: &impl ConnectionTrait, reach: Reach, to: NaiveDate) -> Result<Vec<(i32, FreeFacts)>> {
    use declaration::Column as D;
    use vacancy::Column as V;
    // For each band the most on any weekday, so that a place free on
    // Monday and on Tuesday counts once.
    let most = |band: AgeBand| {
        let places: Expr = Expr::case(
            Expr::col((vacancy::Entity, V::AgeBand)).eq(band.code()),
            Expr::col((vacancy::Entity, V::Places)),
        )
        .finally(0)
        .into();
        places.max()
    };
    let places = most(AgeBand::Infant).add(most(AgeBand::Toddler)).cast_as("integer");
    // The territory in the join too: without it PostgreSQL hashes every
    // vacancy of the country for one territory's declarations (45 ms a
    // territory instead of 1).
    let with_places = declaration::Entity::belongs_to(vacancy::Entity)
        .from((D::Id, D::TerritoryId))
        .to((V::DeclarationId, V::TerritoryId))
        .into();
    let columns = [D::TerritoryId, D::Id, D::FacilityId, D::ChildminderId, D::DeclaredOn, D::AvailableFrom];
    let mut query = within::<declaration::Entity>(reach)
        .select_only()
        .columns(columns)
        .column_as(places, "places")
        .join(JoinType::LeftJoin, with_places)
        .filter(D::DeclaredOn.lte(to));
    for c in columns {
        query = query.group_by(c);
    }
    let rows: Vec<DeclarationRow> = query.order_by_asc(D::DeclaredOn).order_by_asc(D::Id).into_tuple().all(db).await?;
    rows.into_iter()
        .map(|(territory, id, facility, childminder, declared_on, available_from, places)| {
            let holder = match (facility, childminder) {
                (Some(f), None) => Holder::Facility(f),
                (None, Some(c)) => Holder::Childminder(c),
                _ => {
                    return Err(DbError::Decode(format!(
                        "déclaration sans titulaire unique (vacancy_declarations {id})"
                    )));
                }
            };
            let places = u32::try_from(places.unwrap_or(0)).unwrap_or(0);
            Ok((territory, FreeFacts { holder, declared_on, available_from, places }))
        })
        .collect()
}

/// Everything the statistics of one year read, of one territory.
#[derive(Debug, Clone, Default)]
pub struct YearFacts {
    pub facilities: Vec<Facility>,
    pub childminders: Vec<Childminder>,
    /// Valid at some point between the year's start (or today) and its end
    /// (or today).
    pub capacities: Vec<Capacity>,
    /// The requests whose desired start falls in the year.
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
    let facts = facts_of_year(db, Reach::Territory(territory_id), year, today).await?;
    Ok(facts.map(|mut by_territory| by_territory.remove(&territory_id).unwrap_or_default()))
}

/// The facts of `year` for every territory of the deployment, read in one
/// pass (five queries, not five per territory): the national statistics.
/// A territory with no record at all is absent.
pub async fn country_year_facts(
    db: &impl ConnectionTrait,
    year: i32,
    today: NaiveDate,
) -> Result<Option<BTreeMap<i32, YearFacts>>> {
    facts_of_year(db, Reach::Country, year, today).await
}

async fn facts_of_year(
    db: &impl ConnectionTrait,
    reach: Reach,
    year: i32,
    today: NaiveDate,
) -> Result<Option<BTreeMap<i32, YearFacts>>> {
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else {
        return Ok(None);
    };
    // Five independent reads: on a pool they run side by side.
    let (facilities, childminders, capacities, requests, free) = futures_util::future::try_join5(
        super::facilities::list_in(db, reach),
        super::childminders::for_figures_in(db, reach),
        super::capacities::valid_between_in(db, reach, Ord::min(first, today), Ord::max(last, today)),
        requests_starting(db, reach, first, last),
        free_facts(db, reach, last),
    )
    .await?;
    let mut out: BTreeMap<i32, YearFacts> = BTreeMap::new();
    for (t, f) in facilities {
        out.entry(t).or_default().facilities.push(f);
    }
    for (t, c) in childminders {
        out.entry(t).or_default().childminders.push(c);
    }
    for (t, c) in capacities {
        out.entry(t).or_default().capacities.push(c);
    }
    for (t, r) in requests {
        out.entry(t).or_default().requests.push(r);
    }
    for (t, d) in free {
        out.entry(t).or_default().free.push(d);
    }
    Ok(Some(out))
}
