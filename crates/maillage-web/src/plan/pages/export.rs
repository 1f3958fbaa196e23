//! Exports of a convention's plan: one XLSX with a sheet per kind of
//! record ([`crate::plan::sheets`]), or one CSV per sheet.

use crate::extract::Path;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use maillage_db::plan::{journal, load_snapshot, meetings};
use maillage_domain::plan::dashboard::PlanSnapshot;

use crate::auth::CurrentUser;
use crate::pages::download;
use crate::plan::sheets::{self, PlanExport};
use crate::{AppError, AppState};

async fn load(state: &AppState, user: &CurrentUser, id: i32) -> Result<PlanExport, AppError> {
    let t = user.territory_id;
    Ok(PlanExport {
        plan: load_snapshot(&state.db, t, id, state.today()).await?,
        meetings: meetings::list(&state.db, t, id).await?,
        decisions: meetings::decisions_of_convention(&state.db, t, id).await?,
        journal: journal::list_for_convention(&state.db, t, id).await?,
    })
}

/// « ctg-2023-2026 » from the convention's dates, safe in a file name.
fn file_stem(s: &PlanSnapshot) -> String {
    use chrono::Datelike;
    format!("ctg-{}-{}", s.convention.starts_on.year(), s.convention.ends_on.year())
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let x = load(&state, &user, id).await?;
    let bytes =
        maillage_tabular::to_xlsx(&sheets::all(&x, state.today())).map_err(|e| AppError::Internal(e.to_string()))?;
    let content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(download(content_type, format!("{}.xlsx", file_stem(&x.plan)), bytes))
}

/// The CSV files, one per sheet, by the name in their address.
pub const CSV_TABLES: [&str; 7] = ["actions", "jalons", "indicateurs", "budget", "reunions", "decisions", "journal"];

pub async fn export_csv(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, table)): Path<(i32, String)>,
) -> Result<Response, AppError> {
    let name = table.strip_suffix(".csv").filter(|n| CSV_TABLES.contains(n)).ok_or(AppError::NotFound)?;
    let x = load(&state, &user, id).await?;
    let day = state.today();
    let sheet = match name {
        "actions" => sheets::actions(&x.plan, day),
        "jalons" => sheets::milestones(&x.plan, day),
        "indicateurs" => sheets::indicators(&x.plan),
        "budget" => sheets::budget(&x.plan),
        "reunions" => sheets::meetings(&x),
        "decisions" => sheets::decisions(&x),
        _ => sheets::journal(&x),
    };
    let bytes = maillage_tabular::to_csv(&sheet).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(download("text/csv; charset=utf-8", format!("{}-{name}.csv", file_stem(&x.plan)), bytes))
}
