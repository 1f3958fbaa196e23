//! The plan as the tables a coordinator hands to the CAF: one sheet per
//! kind of record, each row naming its action by code and title, dates as
//! dates, amounts in euros, lateness in days, totals where they add up.
//! Pure functions: the handlers load, these lay out.

use std::collections::HashMap;

use chrono::NaiveDate;
use maillage_domain::plan::dashboard::PlanSnapshot;
use maillage_domain::plan::indicator::attainment;
use maillage_domain::plan::{Decision, JournalEntry, Lateness, Meeting};
use maillage_tabular::{Cell, Sheet};

/// A convention with what the dashboard's snapshot leaves out.
pub struct PlanExport {
    pub plan: PlanSnapshot,
    pub meetings: Vec<Meeting>,
    pub decisions: HashMap<i32, Vec<Decision>>,
    pub journal: Vec<JournalEntry>,
}

/// Every sheet of the workbook, in reading order.
pub fn all(x: &PlanExport, day: NaiveDate) -> Vec<Sheet> {
    vec![
        actions(&x.plan, day),
        milestones(&x.plan, day),
        indicators(&x.plan),
        budget(&x.plan),
        meetings(x),
        decisions(x),
        journal(x),
    ]
}

/// (code, title) of each action by id.
fn titles(s: &PlanSnapshot) -> HashMap<i32, (&str, &str)> {
    s.actions.iter().map(|a| (a.id, (a.code.as_str(), a.title.as_str()))).collect()
}

fn action_cells(titles: &HashMap<i32, (&str, &str)>, action_id: Option<i32>) -> [Cell; 2] {
    match action_id.and_then(|id| titles.get(&id)) {
        Some((code, title)) => [(*code).into(), (*title).into()],
        None => [Cell::Empty, Cell::Empty],
    }
}

pub fn actions(s: &PlanSnapshot, day: NaiveDate) -> Sheet {
    let axis_code: HashMap<i32, &str> = s.axes.iter().map(|a| (a.id, a.code.as_str())).collect();
    let rows = s
        .actions
        .iter()
        .map(|a| {
            let late = s.lateness_of(a, day);
            let (days, why) = match &late {
                Lateness::OnTime => (Cell::Empty, Cell::Empty),
                l => (Cell::Number(l.days() as f64), l.describe().into()),
            };
            vec![
                a.code.clone().into(),
                axis_code.get(&a.axis_id).copied().unwrap_or("").into(),
                a.title.clone().into(),
                a.status.label().into(),
                a.progress.into(),
                a.lead_name.clone().into(),
                a.partners.join(", ").into(),
                a.sectors.join(", ").into(),
                a.starts_on.into(),
                a.ends_on.into(),
                days,
                why,
            ]
        })
        .collect();
    let headers = [
        "Code",
        "Axe",
        "Intitulé",
        "Statut",
        "Avancement (%)",
        "Pilote",
        "Partenaires",
        "Secteurs",
        "Début",
        "Fin",
        "Retard (jours)",
        "Motif du retard",
    ];
    Sheet::new("Actions", &headers, rows)
}

pub fn milestones(s: &PlanSnapshot, day: NaiveDate) -> Sheet {
    let titles = titles(s);
    let rows = s
        .milestones
        .iter()
        .map(|m| {
            let late = (m.done_on.is_none() && m.due_on < day).then(|| (day - m.due_on).num_days());
            let [code, title] = action_cells(&titles, Some(m.action_id));
            vec![code, title, m.title.clone().into(), m.due_on.into(), m.done_on.into(), late.into()]
        })
        .collect();
    let headers = ["Action", "Intitulé de l'action", "Jalon", "Échéance", "Atteint le", "Retard (jours)"];
    Sheet::new("Jalons", &headers, rows)
}

pub fn indicators(s: &PlanSnapshot) -> Sheet {
    let titles = titles(s);
    let mut rows = Vec::new();
    for i in &s.indicators {
        let values: Vec<_> = s.values.iter().filter(|v| v.indicator_id == i.id).collect();
        let row = |year: Cell, target: Option<f64>, actual: Option<f64>, source: Cell| -> Vec<Cell> {
            let [code, title] = action_cells(&titles, Some(i.action_id));
            let reached = attainment(i.direction, target, actual).label();
            vec![
                code,
                title,
                i.name.clone().into(),
                i.unit.clone().into(),
                i.direction.label().into(),
                i.baseline.into(),
                i.baseline_year.into(),
                year,
                target.into(),
                actual.into(),
                reached.into(),
                source,
            ]
        };
        if values.is_empty() {
            rows.push(row(Cell::Empty, None, None, Cell::Empty));
        }
        for v in values {
            rows.push(row(v.year.into(), v.target, v.actual, v.source.clone().into()));
        }
    }
    let headers = [
        "Action",
        "Intitulé de l'action",
        "Indicateur",
        "Unité",
        "Sens souhaité",
        "Référence",
        "Année de référence",
        "Année",
        "Cible",
        "Réalisé",
        "Atteinte",
        "Source",
    ];
    Sheet::new("Indicateurs", &headers, rows)
}

pub fn budget(s: &PlanSnapshot) -> Sheet {
    let titles = titles(s);
    let rows = s
        .budget
        .iter()
        .map(|b| {
            let [code, title] = action_cells(&titles, Some(b.action_id));
            let share = (b.planned > 0).then(|| (b.spent * 100 + b.planned / 2) / b.planned);
            vec![
                code,
                title,
                b.year.into(),
                b.funder.clone().into(),
                Cell::Euros(b.planned),
                Cell::Euros(b.spent),
                share.into(),
            ]
        })
        .collect();
    let (planned, spent) = s.budget.iter().fold((0, 0), |(p, d), b| (p + b.planned, d + b.spent));
    let share = (planned > 0).then(|| (spent * 100 + planned / 2) / planned);
    let totals = vec![
        "Total".into(),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Euros(planned),
        Cell::Euros(spent),
        share.into(),
    ];
    let headers =
        ["Action", "Intitulé de l'action", "Année", "Financeur", "Prévu (€)", "Dépensé (€)", "Part dépensée (%)"];
    Sheet::new("Budget", &headers, rows).with_totals(totals)
}

pub fn meetings(x: &PlanExport) -> Sheet {
    let mut list: Vec<&Meeting> = x.meetings.iter().collect();
    list.sort_by_key(|m| m.held_on);
    let rows = list
        .into_iter()
        .map(|m| {
            let decisions = x.decisions.get(&m.id).map_or(0, Vec::len);
            vec![
                m.held_on.into(),
                m.kind.label().into(),
                m.title.clone().into(),
                m.attendees.join(", ").into(),
                m.minutes.clone().into(),
                (decisions as i64).into(),
            ]
        })
        .collect();
    let headers = ["Date", "Type", "Titre", "Participants", "Compte rendu", "Décisions"];
    Sheet::new("Réunions", &headers, rows)
}

pub fn decisions(x: &PlanExport) -> Sheet {
    let titles = titles(&x.plan);
    let mut list: Vec<&Meeting> = x.meetings.iter().collect();
    list.sort_by_key(|m| m.held_on);
    let mut rows = Vec::new();
    for m in list {
        for d in x.decisions.get(&m.id).into_iter().flatten() {
            let [code, title] = action_cells(&titles, d.action_id);
            rows.push(vec![m.held_on.into(), m.title.clone().into(), d.body.clone().into(), code, title]);
        }
    }
    let headers = ["Date de la réunion", "Réunion", "Décision", "Action", "Intitulé de l'action"];
    Sheet::new("Décisions", &headers, rows)
}

pub fn journal(x: &PlanExport) -> Sheet {
    let titles = titles(&x.plan);
    let rows = x
        .journal
        .iter()
        .map(|j| {
            let [code, title] = action_cells(&titles, Some(j.action_id));
            vec![code, title, j.written_on.into(), j.author_name.clone().into(), j.body.clone().into()]
        })
        .collect();
    Sheet::new("Journal", &["Action", "Intitulé de l'action", "Date", "Auteur", "Note"], rows)
}
