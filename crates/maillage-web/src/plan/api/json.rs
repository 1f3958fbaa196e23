//! The plan as the API writes it: one place for each record's JSON.

use chrono::NaiveDate;
use maillage_domain::plan::{Action, BudgetLine, Indicator, IndicatorValue, JournalEntry, Milestone};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActionJson {
    pub id: i32,
    pub code: String,
    pub title: String,
    /// not_started, in_progress, done, postponed or abandoned
    pub status: String,
    pub progress: i32,
    pub lead: String,
    /// The account that leads the action and may update it, if any.
    pub lead_user_id: Option<i32>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Why the action is late, if it is.
    pub late: Option<String>,
    /// Send it back with an update (optimistic locking).
    pub version: i32,
}

pub fn action_json(a: &Action, late: Option<String>) -> ActionJson {
    ActionJson {
        id: a.id,
        code: a.code.clone(),
        title: a.title.clone(),
        status: a.status.code().to_owned(),
        progress: a.progress,
        lead: a.lead_name.clone(),
        lead_user_id: a.lead_user_id,
        starts_on: a.starts_on,
        ends_on: a.ends_on,
        late,
        version: a.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActionDetail {
    #[serde(flatten)]
    pub action: ActionJson,
    pub objectives: String,
    pub audience: String,
    pub partners: Vec<String>,
    pub sectors: Vec<String>,
    pub milestones: Vec<MilestoneJson>,
    pub indicators: Vec<IndicatorJson>,
    pub budget: Vec<BudgetJson>,
    pub journal: Vec<JournalJson>,
}

#[derive(Serialize, ToSchema)]
pub struct MilestoneJson {
    pub id: i32,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

impl From<Milestone> for MilestoneJson {
    fn from(m: Milestone) -> Self {
        MilestoneJson { id: m.id, title: m.title, due_on: m.due_on, done_on: m.done_on }
    }
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorJson {
    pub id: i32,
    pub name: String,
    pub unit: String,
    /// increase or decrease
    pub direction: String,
    pub baseline: Option<f64>,
    pub baseline_year: Option<i32>,
    /// The code of the figure Maillage computes the actual values from
    /// (`childcare.places`, `childcare.requests.received`…), or null when
    /// they are typed.
    pub live_figure: Option<String>,
    pub values: Vec<ValueJson>,
}

pub fn indicator_json(i: Indicator, values: Vec<IndicatorValue>) -> IndicatorJson {
    IndicatorJson {
        id: i.id,
        name: i.name,
        unit: i.unit,
        direction: i.direction.code().to_owned(),
        baseline: i.baseline,
        baseline_year: i.baseline_year,
        live_figure: i.live_figure.map(|f| f.code()),
        values: values.into_iter().map(Into::into).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ValueJson {
    pub year: i32,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub source: String,
}

impl From<IndicatorValue> for ValueJson {
    fn from(v: IndicatorValue) -> Self {
        ValueJson { year: v.year, target: v.target, actual: v.actual, source: v.source }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BudgetJson {
    pub id: i32,
    pub year: i32,
    pub funder: String,
    /// Whole euros.
    pub planned: i64,
    pub spent: i64,
}

impl From<BudgetLine> for BudgetJson {
    fn from(b: BudgetLine) -> Self {
        BudgetJson { id: b.id, year: b.year, funder: b.funder, planned: b.planned, spent: b.spent }
    }
}

#[derive(Serialize, ToSchema)]
pub struct JournalJson {
    pub written_on: NaiveDate,
    pub author: String,
    pub body: String,
}

impl From<JournalEntry> for JournalJson {
    fn from(j: JournalEntry) -> Self {
        JournalJson { written_on: j.written_on, author: j.author_name, body: j.body }
    }
}
