//! Indicators that follow a live figure get their actual values computed
//! as they are read, from the records of the territory, so the plan never
//! lags behind the registers and nothing is written on a read. Every
//! reader of indicator values goes through [`fill`]: the snapshot (the
//! dashboard, the exports, the report) and the action's indicators (the
//! fiche, the API).

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use maillage_domain::figures::{self, ChildcareRecords, LiveFigure};
use maillage_domain::plan::{Indicator, IndicatorValue};
use maillage_domain::time::french_date;
use sea_orm::ConnectionTrait;

use crate::Result;
use crate::childcare::{capacities, childminders, facilities, statistics};

/// The records the childcare figures are computed from, loaded once.
struct Records {
    facilities: Vec<maillage_domain::childcare::Facility>,
    childminders: Vec<maillage_domain::childcare::Childminder>,
    capacities: Vec<maillage_domain::childcare::Capacity>,
    requests: Vec<maillage_domain::childcare::statistics::RequestFacts>,
}

async fn load(
    db: &impl ConnectionTrait,
    territory_id: i32,
    years: &RangeInclusive<i32>,
    today: NaiveDate,
) -> Result<Records> {
    let first = NaiveDate::from_ymd_opt(*years.start(), 1, 1).unwrap_or(today);
    let last = NaiveDate::from_ymd_opt(*years.end(), 12, 31).unwrap_or(today).max(today);
    Ok(Records {
        facilities: facilities::list(db, territory_id).await?,
        childminders: childminders::for_figures(db, territory_id).await?,
        capacities: capacities::valid_between(db, territory_id, first, last).await?,
        requests: statistics::request_facts(db, territory_id, first, last).await?,
    })
}

/// « Maillage, registres de l'offre d'accueil, au 31 décembre 2025 ».
fn source(figure: LiveFigure, day: NaiveDate) -> String {
    format!("{}, au {}", figure.source(), french_date(day))
}

/// Replaces the actual values of `indicators` that follow a live figure
/// (for every year of `years` and every year they have a row for) by the
/// computed ones; a year without a row gets one, without a target. A
/// year to come has no actual value. `values` stay ordered by year.
pub async fn fill(
    db: &impl ConnectionTrait,
    territory_id: i32,
    years: RangeInclusive<i32>,
    today: NaiveDate,
    indicators: &[Indicator],
    values: &mut Vec<IndicatorValue>,
) -> Result<()> {
    let live: Vec<(i32, LiveFigure)> = indicators.iter().filter_map(|i| Some((i.id, i.live_figure?))).collect();
    if live.is_empty() {
        return Ok(());
    }
    let r = load(db, territory_id, &years, today).await?;
    let records = ChildcareRecords {
        facilities: &r.facilities,
        childminders: &r.childminders,
        capacities: &r.capacities,
        requests: &r.requests,
    };
    for (indicator_id, figure) in live {
        let mut all_years: Vec<i32> = years.clone().collect();
        all_years.extend(values.iter().filter(|v| v.indicator_id == indicator_id).map(|v| v.year));
        all_years.sort_unstable();
        all_years.dedup();
        for year in all_years {
            let actual = figures::value(figure, year, today, &records);
            let day = figures::day_of(year, today);
            let source = day.map(|d| source(figure, d)).unwrap_or_default();
            match values.iter_mut().find(|v| v.indicator_id == indicator_id && v.year == year) {
                Some(v) => {
                    v.actual = actual;
                    v.source = source;
                }
                None if actual.is_some() => values.push(IndicatorValue {
                    id: 0,
                    indicator_id,
                    year,
                    target: None,
                    actual,
                    source,
                    updated_at: day.unwrap_or(today).and_time(chrono::NaiveTime::MIN).and_utc(),
                }),
                None => {}
            }
        }
    }
    values.sort_by_key(|v| v.year);
    Ok(())
}

/// The years of the convention an action belongs to.
pub async fn years_of_action(
    db: &impl ConnectionTrait,
    territory_id: i32,
    action_id: i32,
) -> Result<RangeInclusive<i32>> {
    let action = super::actions::get(db, territory_id, action_id).await?;
    let c = super::conventions::get(db, territory_id, action.convention_id).await?;
    Ok(c.starts_on.year()..=c.ends_on.year())
}
