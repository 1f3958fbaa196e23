//! Yearly reviews (« bilans annuels »): the list of years, the review of a
//! year as a printable A4 document with the coordinator's analysis per axis
//! (written until the review is closed), and its closing in two steps. The
//! last year's review is the convention's final evaluation.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maillage_db::ops::OpError;
use maillage_db::plan::{conventions, load_snapshot, meetings, ops, reviews};
use maillage_domain::plan::Convention;
use maillage_domain::plan::budget::format_euros;
use maillage_domain::plan::review::{Review, ReviewForm, reviewable_years, year_figures};
use maillage_domain::{FieldErrors, Permission, Refusal};
use tower_sessions::Session;

use crate::auth::CurrentUser;
use crate::extract::{Form, Path};
use crate::pages::{ErrorSummary, Layout, flash, render};
use crate::plan::view::number;
use crate::{AppError, AppState};

fn title_of(c: &Convention, year: i32) -> String {
    use chrono::Datelike;
    if year == c.ends_on.year() { format!("Évaluation finale {year}") } else { format!("Bilan annuel {year}") }
}

fn state_of(review: Option<&Review>) -> String {
    match review {
        None => "À rédiger".to_owned(),
        Some(r) => match r.closed_at {
            Some(at) => format!("Clos le {}", maillage_domain::time::date_in_france(at).format("%d/%m/%Y")),
            None => "En cours de rédaction".to_owned(),
        },
    }
}

#[derive(Template)]
#[template(path = "plan/reviews.html")]
struct ReviewsPage {
    layout: Layout,
    convention_id: i32,
    convention_title: String,
    /// (year, title, state), latest first.
    years: Vec<(i32, String, String)>,
}

pub async fn list_reviews(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<i32>,
) -> Result<Response, AppError> {
    let c = conventions::get(&state.db, user.territory_id, id).await?;
    let stored = reviews::list(&state.db, user.territory_id, id).await?;
    let years = reviewable_years(c.starts_on, c.ends_on, state.today())
        .into_iter()
        .rev()
        .map(|y| (y, title_of(&c, y), state_of(stored.iter().find(|r| r.year == y))))
        .collect();
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = ReviewsPage { layout, convention_id: id, convention_title: c.title, years };
    Ok(render(&page)?.into_response())
}

struct IndicatorRow {
    action_code: String,
    name: String,
    target: String,
    actual: String,
    attainment: String,
    state: &'static str,
}

struct AxisView {
    id: i32,
    code: String,
    title: String,
    done: Vec<String>,
    missed: Vec<String>,
    indicators: Vec<IndicatorRow>,
    analysis: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "plan/review.html")]
struct ReviewPage {
    layout: Layout,
    convention_id: i32,
    convention_title: String,
    heading: String,
    year: i32,
    state: String,
    as_of: String,
    axes: Vec<AxisView>,
    /// (funder, planned, spent, share spent).
    budget: Vec<(String, String, String, String)>,
    budget_total: (String, String, String),
    /// (date, meeting, decision, action code).
    decisions: Vec<(String, String, String, String)>,
    can_edit: bool,
    summary: ErrorSummary,
}

fn share(planned: i64, spent: i64) -> String {
    if planned > 0 { format!("{} %", (spent * 100 + planned / 2) / planned) } else { "—".to_owned() }
}

/// The review of `year`; `typed` holds refused analyses with their errors.
async fn review_page(
    state: &AppState,
    session: &Session,
    user: &CurrentUser,
    id: i32,
    year: i32,
    typed: Option<(ReviewForm, FieldErrors)>,
) -> Result<Response, AppError> {
    let t = user.territory_id;
    let c = conventions::get(&state.db, t, id).await?;
    if !reviewable_years(c.starts_on, c.ends_on, state.today()).contains(&year) {
        return Err(AppError::NotFound);
    }
    let s = load_snapshot(&state.db, t, id, state.today()).await?;
    let meeting_list = meetings::list(&state.db, t, id).await?;
    let decision_list: Vec<_> =
        meetings::decisions_of_convention(&state.db, t, id).await?.into_values().flatten().collect();
    let review = reviews::find(&state.db, t, id, year).await?;
    let y = year_figures(&s, &meeting_list, &decision_list, year, state.today());
    let errors = typed.as_ref().map(|(_, e)| e.clone()).unwrap_or_default();
    let milestone_line = |code: &str, title: &str, date: chrono::NaiveDate, what: &str| {
        format!("{code} — jalon « {title} » {what} le {}", date.format("%d/%m/%Y"))
    };
    let axes = y
        .axes
        .iter()
        .map(|a| {
            let field = format!("axis_{}", a.axis.id);
            let analysis = match &typed {
                Some((form, _)) => form.0.get(&field).cloned().unwrap_or_default(),
                None => review.as_ref().and_then(|r| r.analyses.get(&a.axis.id).cloned()).unwrap_or_default(),
            };
            let mut done: Vec<String> = a.done.iter().map(|x| format!("{} — {} : réalisée", x.code, x.title)).collect();
            done.extend(
                a.reached
                    .iter()
                    .map(|(x, m)| milestone_line(&x.code, &m.title, m.done_on.unwrap_or(m.due_on), "atteint")),
            );
            let mut missed: Vec<String> = a
                .overdue
                .iter()
                .map(|x| {
                    let end = x.ends_on.map(|e| e.format("%d/%m/%Y").to_string()).unwrap_or_default();
                    format!("{} — {} : échéance du {end} dépassée", x.code, x.title)
                })
                .collect();
            missed.extend(a.missed.iter().map(|(x, m)| milestone_line(&x.code, &m.title, m.due_on, "prévu")));
            AxisView {
                id: a.axis.id,
                code: a.axis.code.clone(),
                title: a.axis.title.clone(),
                done,
                missed,
                indicators: a
                    .indicators
                    .iter()
                    .map(|i| IndicatorRow {
                        action_code: i.action.code.clone(),
                        name: if i.indicator.unit.is_empty() {
                            i.indicator.name.clone()
                        } else {
                            format!("{} ({})", i.indicator.name, i.indicator.unit)
                        },
                        target: number(i.value.and_then(|v| v.target)),
                        actual: number(i.value.and_then(|v| v.actual)),
                        attainment: i.attainment.label(),
                        state: if i.attainment.is_reached() {
                            "reached"
                        } else if i.attainment.is_missed() {
                            "missed"
                        } else {
                            "unknown"
                        },
                    })
                    .collect(),
                error: errors.get(&field).map(str::to_owned),
                analysis,
            }
        })
        .collect();
    let budget = y
        .budget
        .iter()
        .map(|(f, a)| ((*f).to_owned(), format_euros(a.planned), format_euros(a.spent), share(a.planned, a.spent)))
        .collect();
    let total = y.budget_total;
    let decisions = y
        .decisions
        .iter()
        .map(|(m, d)| {
            let code = d.action_id.and_then(|id| s.actions.iter().find(|a| a.id == id)).map(|a| a.code.clone());
            (m.held_on.format("%d/%m/%Y").to_string(), m.title.clone(), d.body.clone(), code.unwrap_or_default())
        })
        .collect();
    let closed = review.as_ref().is_some_and(Review::is_closed);
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout::new(state, session, Some(user)).await;
    let page = ReviewPage {
        layout,
        convention_id: id,
        heading: title_of(&c, year),
        convention_title: c.title,
        year,
        state: state_of(review.as_ref()),
        as_of: y.as_of.format("%d/%m/%Y").to_string(),
        axes,
        budget,
        budget_total: (format_euros(total.planned), format_euros(total.spent), share(total.planned, total.spent)),
        decisions,
        can_edit: user.can(Permission::EditPlan) && !closed,
        summary: ErrorSummary::new(&errors, str::to_owned),
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn show_review(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path((id, year)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    review_page(&state, &session, &user, id, year, None).await
}

pub async fn save_review(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path((id, year)): Path<(i32, i32)>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::save_review(&state.ctx(&actor), id, year, &form).await {
        Ok(_) => {
            flash("Analyses enregistrées. Le bilan reste modifiable jusqu'à sa clôture.");
            Ok(Redirect::to(&format!("/conventions/{id}/bilans/{year}")).into_response())
        }
        Err(OpError::Refused(Refusal::Invalid(errors))) => {
            review_page(&state, &session, &user, id, year, Some((form, errors))).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "plan/review_close.html")]
struct ClosePage {
    layout: Layout,
    convention_id: i32,
    year: i32,
    heading: String,
}

pub async fn confirm_close(
    State(state): State<AppState>,
    session: Session,
    Extension(user): Extension<CurrentUser>,
    Path((id, year)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let c = conventions::get(&state.db, user.territory_id, id).await?;
    if !reviewable_years(c.starts_on, c.ends_on, state.today()).contains(&year) {
        return Err(AppError::NotFound);
    }
    let layout = Layout::new(&state, &session, Some(&user)).await;
    let page = ClosePage { layout, convention_id: id, year, heading: title_of(&c, year) };
    Ok(render(&page)?.into_response())
}

pub async fn close_review(
    State(state): State<AppState>,
    Extension(user): Extension<CurrentUser>,
    Path((id, year)): Path<(i32, i32)>,
) -> Result<Response, AppError> {
    let actor = user.actor();
    match ops::close_review(&state.ctx(&actor), id, year).await {
        Ok(_) => flash("Bilan clos : il est désormais figé, tel qu'adopté en comité."),
        Err(OpError::Refused(Refusal::Invalid(_))) => flash("Ce bilan était déjà clos."),
        Err(e) => return Err(e.into()),
    }
    Ok(Redirect::to(&format!("/conventions/{id}/bilans/{year}")).into_response())
}
