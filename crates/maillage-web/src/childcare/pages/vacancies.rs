//! The free places section of a sheet: the latest declaration (flagged « à
//! confirmer » after three months) and the grid to declare again,
//! pre-filled with it.

use maillage_domain::FieldErrors;
use maillage_domain::childcare::vacancy::{DAYS, cell_name};
use maillage_domain::childcare::{AgeBand, Holder, VacancyDeclaration, VacancyForm, Weekdays};

use crate::AppError;
use crate::AppState;

pub(crate) struct Cell {
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

pub(crate) struct GridRow {
    pub day: &'static str,
    pub cells: Vec<Cell>,
}

pub(crate) struct VacancyGrid {
    /// The inputs' id prefix: several grids may share a page.
    pub prefix: String,
    /// The id of the heading that names the grid's form.
    pub heading_id: String,
    /// Where the grid is sent.
    pub action: String,
    pub available_from: String,
    pub date_error: Option<String>,
    pub rows: Vec<GridRow>,
    pub bands: Vec<&'static str>,
    /// « Déclarées le … par …, disponibles à partir du … ».
    pub latest: Option<String>,
    /// The latest declaration is over three months old.
    pub stale: bool,
    pub failed: bool,
}

impl VacancyGrid {
    /// The grid's errors as the summary lists them: (input id, message).
    pub fn summary_items(&self) -> Vec<(String, String)> {
        let date = self.date_error.iter().map(|e| (format!("{}available_from", self.prefix), e.clone()));
        let cells = self
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter_map(|c| c.error.as_ref().map(|e| (format!("{}{}", self.prefix, c.name), e.clone())));
        date.chain(cells).collect()
    }
}

/// The section for `holder`: `form` is what came back refused, if anything.
pub(crate) async fn grid(
    state: &AppState,
    territory_id: i32,
    holder: Holder,
    prefix: String,
    action: String,
    form: Option<(VacancyForm, FieldErrors)>,
) -> Result<VacancyGrid, AppError> {
    let today = state.today();
    let latest = maillage_db::childcare::vacancies::latest(&state.db, territory_id, holder).await?;
    let failed = form.is_some();
    let (form, errors) = form.unwrap_or_else(|| {
        let base = latest.as_ref().map(|d| VacancyForm::of(&d.free, today)).unwrap_or_default();
        (VacancyForm { available_from: today.to_string(), ..base }, FieldErrors::new())
    });
    let rows = DAYS
        .iter()
        .map(|day| GridRow {
            day: Weekdays::day_label(*day),
            cells: AgeBand::ALL
                .iter()
                .map(|band| {
                    let name = cell_name(*day, *band);
                    Cell {
                        label: format!("{}, {}", Weekdays::day_label(*day), band.label()),
                        value: form.cells.get(&name).cloned().unwrap_or_default(),
                        error: errors.get(&name).map(str::to_owned),
                        name,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(VacancyGrid {
        heading_id: if prefix == "vacance-" { "places".to_owned() } else { format!("{prefix}titre") },
        prefix,
        action,
        available_from: form.available_from.clone(),
        date_error: errors.get("available_from").map(str::to_owned),
        rows,
        bands: AgeBand::ALL.iter().map(|b| b.label()).collect(),
        stale: latest.as_ref().is_some_and(|d| d.is_stale(today)),
        latest: latest.as_ref().map(describe),
        failed,
    })
}

fn describe(d: &VacancyDeclaration) -> String {
    let what = if d.free.is_empty() {
        "Aucune place disponible déclarée".to_owned()
    } else {
        "Places disponibles déclarées".to_owned()
    };
    format!(
        "{what} le {} par {}, à partir du {}.",
        d.declared_on.format("%d/%m/%Y"),
        d.declared_by,
        d.available_from.format("%d/%m/%Y")
    )
}
