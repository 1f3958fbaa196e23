//! The CTG plan: dashboard, conventions, actions with their milestones,
//! budget and indicators, committees, report and exports; pages and API.

pub mod api;
pub mod pages;
pub mod sheets;
pub mod view;

use axum::http::Method;
use axum::routing::{get, post};
use maillage_domain::Permission::*;
use utoipa_axum::routes;

use crate::routes::{Access::Signed, Routes};

pub(crate) fn routes(r: Routes) -> Routes {
    use pages::{
        actions, convention_edit, dashboard, export, meeting_edit, meetings, my_actions, renewal, report, reviews,
    };
    let r = r
        .page(Method::GET, "/", Signed(UseAccount), get(dashboard::home))
        .page(Method::GET, "/mes-actions", Signed(UpdateLedAction), get(my_actions::my_actions))
        .page(Method::GET, "/comites", Signed(ViewPlan), get(meetings::current_meetings))
        .page(Method::GET, "/conventions/{id}", Signed(ViewPlan), get(dashboard::show_convention))
        .page(Method::GET, "/conventions/{id}/modifier", Signed(EditPlan), get(convention_edit::edit_convention))
        .page(Method::POST, "/conventions/{id}/modifier", Signed(EditPlan), post(convention_edit::update_convention))
        .page(Method::POST, "/conventions/{id}/axes", Signed(EditPlan), post(convention_edit::add_axis))
        .page(Method::POST, "/axes/{id}", Signed(EditPlan), post(convention_edit::update_axis))
        .page(Method::POST, "/conventions/{id}/actions", Signed(EditPlan), post(convention_edit::add_action))
        .page(Method::GET, "/conventions/{id}/renouveler", Signed(EditPlan), get(renewal::show_renewal))
        .page(Method::POST, "/conventions/{id}/renouveler", Signed(EditPlan), post(renewal::renew_convention))
        .page(Method::POST, "/conventions/{id}/statut", Signed(EditPlan), post(renewal::update_status))
        .page(Method::GET, "/conventions/{id}/rapport", Signed(ViewPlan), get(report::show_report))
        .page(Method::GET, "/conventions/{id}/export.xlsx", Signed(ExportPlan), get(export::export_xlsx))
        .page(Method::GET, "/conventions/{id}/export/{table}", Signed(ExportPlan), get(export::export_csv))
        .page(Method::GET, "/conventions/{id}/bilans", Signed(ViewPlan), get(reviews::list_reviews))
        .page(Method::GET, "/conventions/{id}/bilans/{year}", Signed(ViewPlan), get(reviews::show_review))
        .page(Method::POST, "/conventions/{id}/bilans/{year}", Signed(EditPlan), post(reviews::save_review))
        .page(Method::GET, "/conventions/{id}/bilans/{year}/cloture", Signed(EditPlan), get(reviews::confirm_close))
        .page(Method::POST, "/conventions/{id}/bilans/{year}/cloture", Signed(EditPlan), post(reviews::close_review))
        .page(Method::GET, "/conventions/{id}/comites", Signed(ViewPlan), get(meetings::list_meetings))
        .page(Method::POST, "/conventions/{id}/comites", Signed(EditPlan), post(meetings::create_meeting))
        .page(Method::GET, "/comites/{id}", Signed(ViewPlan), get(meetings::show_meeting))
        .page(Method::POST, "/comites/{id}/decisions", Signed(EditPlan), post(meetings::add_decision))
        .page(Method::GET, "/comites/{id}/modifier", Signed(EditPlan), get(meeting_edit::edit_meeting))
        .page(Method::POST, "/comites/{id}/modifier", Signed(EditPlan), post(meeting_edit::update_meeting))
        .page(Method::GET, "/comites/{id}/supprimer", Signed(EditPlan), get(meeting_edit::confirm_delete_meeting))
        .page(Method::POST, "/comites/{id}/supprimer", Signed(EditPlan), post(meeting_edit::delete_meeting))
        .page(Method::GET, "/decisions/{id}/modifier", Signed(EditPlan), get(meeting_edit::edit_decision))
        .page(Method::POST, "/decisions/{id}/modifier", Signed(EditPlan), post(meeting_edit::update_decision))
        .page(Method::GET, "/decisions/{id}/supprimer", Signed(EditPlan), get(meeting_edit::confirm_delete_decision))
        .page(Method::POST, "/decisions/{id}/supprimer", Signed(EditPlan), post(meeting_edit::delete_decision))
        .page(Method::GET, "/actions/{id}", Signed(ViewPlan), get(actions::show_action))
        .page(Method::GET, "/actions/{id}/modifier", Signed(UpdateLedAction), get(actions::edit_action))
        .page(Method::POST, "/actions/{id}/modifier", Signed(UpdateLedAction), post(actions::update_action))
        .page(
            Method::POST,
            "/actions/{id}/indicateurs",
            Signed(UpdateLedAction),
            post(actions::update_indicator_values),
        )
        .page(Method::POST, "/actions/{id}/journal", Signed(UpdateLedAction), post(actions::add_journal_entry));
    let r = {
        use actions::components::*;
        r.page(Method::GET, "/actions/{id}/composantes", Signed(EditPlan), get(show_components))
            .page(Method::POST, "/actions/{id}/jalons", Signed(EditPlan), post(add_milestone))
            .page(Method::POST, "/jalons/{id}", Signed(EditPlan), post(update_milestone))
            .page(Method::GET, "/jalons/{id}/supprimer", Signed(EditPlan), get(confirm_delete_milestone))
            .page(Method::POST, "/jalons/{id}/supprimer", Signed(EditPlan), post(delete_milestone))
            .page(Method::POST, "/actions/{id}/budget", Signed(EditPlan), post(add_budget_line))
            .page(Method::POST, "/budget/{id}", Signed(EditPlan), post(update_budget_line))
            .page(Method::GET, "/budget/{id}/supprimer", Signed(EditPlan), get(confirm_delete_budget_line))
            .page(Method::POST, "/budget/{id}/supprimer", Signed(EditPlan), post(delete_budget_line))
            .page(Method::POST, "/actions/{id}/indicateurs/nouveau", Signed(EditPlan), post(add_indicator))
            .page(Method::POST, "/indicateurs/{id}", Signed(EditPlan), post(update_indicator))
            .page(Method::GET, "/indicateurs/{id}/supprimer", Signed(EditPlan), get(confirm_delete_indicator))
            .page(Method::POST, "/indicateurs/{id}/supprimer", Signed(EditPlan), post(delete_indicator))
    };
    use api::{actions as a, axes, components as c, conventions, meetings as m};
    r.api(Signed(ViewPlan), routes!(conventions::list_conventions))
        .api(Signed(ViewPlan), routes!(conventions::get_convention))
        .api(Signed(EditPlan), routes!(conventions::put_convention))
        .api(Signed(EditPlan), routes!(axes::add_axis))
        .api(Signed(EditPlan), routes!(axes::put_axis))
        .api(Signed(EditPlan), routes!(axes::add_action))
        .api(Signed(ViewPlan), routes!(m::list_meetings))
        .api(Signed(EditPlan), routes!(m::create_meeting))
        .api(Signed(EditPlan), routes!(m::add_decision))
        .api(Signed(EditPlan), routes!(m::put_meeting))
        .api(Signed(EditPlan), routes!(m::delete_meeting))
        .api(Signed(EditPlan), routes!(m::put_decision))
        .api(Signed(EditPlan), routes!(m::delete_decision))
        .api(Signed(ViewPlan), routes!(a::get_action))
        .api(Signed(EditPlan), routes!(a::put_action))
        .api(Signed(UpdateLedAction), routes!(a::update_action))
        .api(Signed(UpdateLedAction), routes!(a::add_journal_entry))
        .api(Signed(UpdateLedAction), routes!(a::put_indicator_value))
        .api(Signed(EditPlan), routes!(c::add_milestone))
        .api(Signed(EditPlan), routes!(c::put_milestone))
        .api(Signed(EditPlan), routes!(c::delete_milestone))
        .api(Signed(EditPlan), routes!(c::add_budget_line))
        .api(Signed(EditPlan), routes!(c::put_budget_line))
        .api(Signed(EditPlan), routes!(c::delete_budget_line))
        .api(Signed(EditPlan), routes!(c::add_indicator))
        .api(Signed(EditPlan), routes!(c::put_indicator))
        .api(Signed(EditPlan), routes!(c::delete_indicator))
}
