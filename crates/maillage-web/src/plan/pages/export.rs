//! Exports of a convention's plan: one XLSX with three sheets, or one CSV
//! per table (actions, indicateurs, budget).

use std::collections::HashMap;

use crate::extract::Path;
use axum::Extension;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maillage_db::plan::load_snapshot;
use maillage_domain::plan::dashboard::PlanSnapshot;
use maillage_tabular::{Cell, Sheet};

use crate::auth::CurrentUser;
use crate::{AppError, AppState};

fn date(d: Option<chrono::NaiveDate>) -> Cell {
    d.map(|d| d.to_string()).into()
}

pub fn actions_sheet(s: &PlanSnapshot, day: chrono::NaiveDate) -> Sheet {
    let axis_code: HashMap<i32, &str> = s.axes.iter().map(|a| (a.id, a.code.as_str())).collect();
    let rows = s
        .actions
        .iter()
        .map(|a| {
            let late = s.lateness_of(a, day);
            vec![
                a.code.clone().into(),
                axis_code.get(&a.axis_id).copied().unwrap_or("").into(),
                a.title.clone().into(),
                a.status.label().into(),
                a.progress.into(),
                a.lead_name.clone().into(),
                a.partners.join(", ").into(),
                a.sectors.join(", ").into(),
                date(a.starts_on),
                date(a.ends_on),
                if late.is_late() { late.describe().into() } else { Cell::Empty },
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
        "Retard",
    ];
    Sheet { name: "Actions".into(), headers: headers.map(String::from).to_vec(), rows }
}

pub fn indicators_sheet(s: &PlanSnapshot) -> Sheet {
    let code: HashMap<i32, &str> = s.actions.iter().map(|a| (a.id, a.code.as_str())).collect();
    let mut rows = Vec::new();
    for i in &s.indicators {
        let direction = i.direction.label();
        let values: Vec<_> = s.values.iter().filter(|v| v.indicator_id == i.id).collect();
        let base = |year: Cell, target: Cell, actual: Cell, source: Cell| -> Vec<Cell> {
            vec![
                code.get(&i.action_id).copied().unwrap_or("").into(),
                i.name.clone().into(),
                i.unit.clone().into(),
                direction.into(),
                i.baseline.into(),
                i.baseline_year.into(),
                year,
                target,
                actual,
                source,
            ]
        };
        if values.is_empty() {
            rows.push(base(Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty));
        }
        for v in values {
            rows.push(base(v.year.into(), v.target.into(), v.actual.into(), v.source.clone().into()));
        }
    }
    let headers = [
        "Action",
        "Indicateur",
        "Unité",
        "Sens souhaité",
        "Référence",
        "Année de référence",
        "Année",
        "Cible",
        "Réalisé",
        "Source",
    ];
    Sheet { name: "Indicateurs".into(), headers: headers.map(String::from).to_vec(), rows }
}

pub fn budget_sheet(s: &PlanSnapshot) -> Sheet {
    let code: HashMap<i32, &str> = s.actions.iter().map(|a| (a.id, a.code.as_str())).collect();
    let rows = s
        .budget
        .iter()
        .map(|b| {
            vec![
                code.get(&b.action_id).copied().unwrap_or("").into(),
                b.year.into(),
                b.funder.clone().into(),
                b.planned.into(),
                b.spent.into(),
            ]
        })
        .collect();
    let headers = ["Action", "Année", "Financeur", "Prévu (€)", "Dépensé (€)"];
    Sheet { name: "Budget".into(), headers: headers.map(String::from).to_vec(), rows }
}

/// « ctg-2023-2026 » from the convention's dates, safe in a file name.
fn file_stem(s: &PlanSnapshot) -> String {
    use chrono::Datelike;
    format!("ctg-{}-{}", s.convention.starts_on.year(), s.convention.ends_on.year())
}

fn download(content_type: &'static str, file_name: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
        ],
        bytes,
    )
        .into_response()
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let s = load_snapshot(&state.db, user.territory_id, id).await?;
    let sheets = [actions_sheet(&s, state.today()), indicators_sheet(&s), budget_sheet(&s)];
    let bytes = maillage_tabular::to_xlsx(&sheets).map_err(|e| AppError::Internal(e.to_string()))?;
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(download(content_type, format!("{}.xlsx", file_stem(&s)), bytes))
}

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, table)): Path<(i32, String)>,
) -> Result<Response, AppError> {
    let s = load_snapshot(&state.db, user.territory_id, id).await?;
    let (sheet, name) = match table.as_str() {
        "actions.csv" => (actions_sheet(&s, state.today()), "actions"),
        "indicateurs.csv" => (indicators_sheet(&s), "indicateurs"),
        "budget.csv" => (budget_sheet(&s), "budget"),
        _ => return Err(AppError::NotFound),
    };
    let bytes = maillage_tabular::to_csv(&sheet).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download("text/csv; charset=utf-8", format!("{}-{name}.csv", file_stem(&s)), bytes))
}
