//! The page of an action's milestones, budget lines and indicators: one
//! small form per row and one to add, the failed one showing what was typed.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maillage_db::plan::{budget_lines, indicators, milestones};
use maillage_domain::FieldErrors;
use maillage_domain::figures::LiveFigure;
use maillage_domain::plan::budget::BudgetLineForm;
use maillage_domain::plan::indicator::IndicatorForm;
use maillage_domain::plan::milestone::MilestoneForm;
use maillage_domain::plan::{Action, Direction};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::form::{FieldKind, FormField, FormsPage, PartForm, Section, field};
use crate::pages::{Layout, render};
use crate::plan::view::number;
use crate::{AppError, AppState};

/// A form that came back with errors: which one, what was typed, what is wrong.
pub(super) enum Failed {
    Milestone(Option<i32>, MilestoneForm, FieldErrors),
    Budget(Option<i32>, BudgetLineForm, FieldErrors),
    Indicator(Option<i32>, IndicatorForm, FieldErrors),
}

fn prefixed(mut fields: Vec<FormField>, prefix: &str) -> Vec<FormField> {
    for f in &mut fields {
        f.prefix = prefix.to_owned();
    }
    fields
}

fn milestone_fields(f: &MilestoneForm, e: &FieldErrors, prefix: &str) -> Vec<FormField> {
    prefixed(
        vec![
            field("title", "Jalon", &f.title, e, FieldKind::Text),
            field("due_on", "Échéance", &f.due_on, e, FieldKind::Date),
            field("done_on", "Réalisé le (vide : pas encore)", &f.done_on, e, FieldKind::Date),
        ],
        prefix,
    )
}

fn budget_fields(f: &BudgetLineForm, e: &FieldErrors, prefix: &str) -> Vec<FormField> {
    prefixed(
        vec![
            field("year", "Année", &f.year, e, FieldKind::Text),
            field("funder", "Financeur", &f.funder, e, FieldKind::Text),
            field("planned", "Prévu (€)", &f.planned, e, FieldKind::Euros),
            field("spent", "Dépensé (€)", &f.spent, e, FieldKind::Euros),
        ],
        prefix,
    )
}

/// « Valeurs saisies », then every figure Maillage computes.
fn live_figures() -> Vec<(String, String)> {
    let typed = (String::new(), "Valeurs saisies chaque année".to_owned());
    let computed = LiveFigure::all().into_iter().map(|f| (f.code(), format!("Calculées par Maillage : {}", f.label())));
    std::iter::once(typed).chain(computed).collect()
}

fn indicator_fields(f: &IndicatorForm, e: &FieldErrors, prefix: &str) -> Vec<FormField> {
    let directions = [Direction::Increase, Direction::Decrease]
        .iter()
        .map(|d| (d.code().to_owned(), format!("Mieux {}", d.label())))
        .collect();
    prefixed(
        vec![
            field("name", "Indicateur", &f.name, e, FieldKind::Text),
            field("unit", "Unité", &f.unit, e, FieldKind::Text),
            field("direction", "Sens souhaité", &f.direction, e, FieldKind::Select(directions)),
            field("baseline", "Valeur de référence", &f.baseline, e, FieldKind::Text),
            field("baseline_year", "Année de référence", &f.baseline_year, e, FieldKind::Text),
            field("live_figure", "Valeurs réalisées", &f.live_figure, e, FieldKind::Select(live_figures())),
        ],
        prefix,
    )
}

/// Where a kind of row is posted: `/{base}/{id}` to change, `/{base}/{id}/supprimer`
/// to delete, `add` to create.
struct Kind {
    base: &'static str,
    prefix: &'static str,
    add: String,
    new_label: &'static str,
    add_submit: &'static str,
}

/// One form per stored row, then one to add. The form that failed (`failed`:
/// its row id or `None` for the new one) shows what was typed and the errors.
fn forms<F: Clone>(
    kind: Kind,
    rows: Vec<(i32, String, F)>,
    new: F,
    failed: Option<(Option<i32>, &F, &FieldErrors)>,
    fields: fn(&F, &FieldErrors, &str) -> Vec<FormField>,
) -> Vec<PartForm> {
    let none = FieldErrors::new();
    let pick = |id: Option<i32>, stored: F| match failed {
        Some((failed_id, typed, errors)) if failed_id == id => (typed.clone(), errors, true),
        _ => (stored, &none, false),
    };
    let mut out: Vec<PartForm> = rows
        .into_iter()
        .map(|(id, label, stored)| {
            let (form, errors, failed) = pick(Some(id), stored);
            PartForm {
                label,
                action: format!("/{}/{id}", kind.base),
                fields: fields(&form, errors, &format!("{}{id}-", kind.prefix)),
                submit: "Enregistrer",
                delete_url: Some(format!("/{}/{id}/supprimer", kind.base)),
                failed,
                message: None,
                hidden: Vec::new(),
            }
        })
        .collect();
    let (form, errors, failed) = pick(None, new);
    out.push(PartForm {
        label: kind.new_label.into(),
        action: kind.add,
        fields: fields(&form, errors, &format!("{}-new-", kind.prefix)),
        submit: kind.add_submit,
        delete_url: None,
        failed,
        message: None,
        hidden: Vec::new(),
    });
    out
}

pub(super) async fn page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    a: &Action,
    failed: Option<Failed>,
) -> Result<Response, AppError> {
    let db = &state.db;
    let t = user.territory_id;
    let status = if failed.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };

    let milestones = milestones::list_for_action(db, t, a.id)
        .await?
        .into_iter()
        .map(|m| {
            let stored = MilestoneForm {
                title: m.title.clone(),
                due_on: m.due_on.to_string(),
                done_on: m.done_on.map(|d| d.to_string()).unwrap_or_default(),
            };
            (m.id, format!("Jalon « {} »", m.title), stored)
        })
        .collect();
    let kind = Kind {
        base: "jalons",
        prefix: "m",
        add: format!("/actions/{}/jalons", a.id),
        new_label: "Nouveau jalon",
        add_submit: "Ajouter le jalon",
    };
    let failed_milestone = match &failed {
        Some(Failed::Milestone(id, f, e)) => Some((*id, f, e)),
        _ => None,
    };
    let milestones = forms(kind, milestones, MilestoneForm::default(), failed_milestone, milestone_fields);

    let lines = budget_lines::list_for_action(db, t, a.id)
        .await?
        .into_iter()
        .map(|b| {
            let stored = BudgetLineForm {
                year: b.year.to_string(),
                funder: b.funder.clone(),
                planned: maillage_domain::text::group_thousands(b.planned),
                spent: maillage_domain::text::group_thousands(b.spent),
            };
            (b.id, format!("Budget {} {}", b.funder, b.year), stored)
        })
        .collect();
    let kind = Kind {
        base: "budget",
        prefix: "b",
        add: format!("/actions/{}/budget", a.id),
        new_label: "Nouvelle ligne de budget",
        add_submit: "Ajouter la ligne",
    };
    let failed_line = match &failed {
        Some(Failed::Budget(id, f, e)) => Some((*id, f, e)),
        _ => None,
    };
    let budget = forms(kind, lines, BudgetLineForm::default(), failed_line, budget_fields);

    let rows = indicators::list_for_action(db, t, a.id, state.today())
        .await?
        .into_iter()
        .map(|(i, _)| {
            let stored = IndicatorForm {
                name: i.name.clone(),
                unit: i.unit.clone(),
                direction: i.direction.code().to_owned(),
                baseline: i.baseline.map(|b| number(Some(b))).unwrap_or_default(),
                baseline_year: i.baseline_year.map(|y| y.to_string()).unwrap_or_default(),
                live_figure: i.live_figure.map(|f| f.code()).unwrap_or_default(),
            };
            (i.id, format!("Indicateur « {} »", i.name), stored)
        })
        .collect();
    let kind = Kind {
        base: "indicateurs",
        prefix: "i",
        add: format!("/actions/{}/indicateurs/nouveau", a.id),
        new_label: "Nouvel indicateur",
        add_submit: "Ajouter l'indicateur",
    };
    let failed_indicator = match &failed {
        Some(Failed::Indicator(id, f, e)) => Some((*id, f, e)),
        _ => None,
    };
    let new_indicator = IndicatorForm { direction: "increase".into(), ..Default::default() };
    let indicator_forms = forms(kind, rows, new_indicator, failed_indicator, indicator_fields);

    let sections = vec![
        Section {
            key: "jalons",
            title: "Jalons".into(),
            intro: "Un jalon dépassé et non réalisé met l'action en retard.",
            forms: milestones,
        },
        Section {
            key: "budget",
            title: "Budget par année et financeur".into(),
            intro: "En euros entiers. Une ligne par année et par financeur.",
            forms: budget,
        },
        Section {
            key: "indicateurs",
            title: "Indicateurs".into(),
            intro: "Les cibles et valeurs réalisées de chaque année se saisissent sur la fiche.",
            forms: indicator_forms,
        },
    ];
    let layout = Layout::new(state, session, Some(user)).await;
    let page = FormsPage {
        layout,
        heading: format!("Jalons, budget et indicateurs de l'action {}", a.code),
        intro: a.title.clone(),
        back_url: format!("/actions/{}", a.id),
        back_label: "Retour à la fiche",
        sections,
    };
    Ok((status, render(&page)?).into_response())
}
