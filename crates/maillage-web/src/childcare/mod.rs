//! Childcare 0-3: the registers of facilities and childminders with their
//! dated capacities, the offer on a date, free places, and families'
//! requests at the single window; their statistics.

pub mod api;
pub mod pages;
pub mod requests;
pub mod statistics;

use axum::http::Method;
use axum::routing::{get, post};
use maillage_domain::Permission::*;

use utoipa_axum::routes;

use crate::routes::Access::{Public, Signed};
use crate::routes::Routes;

pub(crate) fn routes(r: Routes) -> Routes {
    use pages::{childminders as c, facilities as f, imports, my_places as mine, offer, projects as p};
    use requests::{filed_by_relais, public, queue, sheet, tracking};
    r.page(Method::GET, "/demande/{slug}", Public, get(public::show_form))
        .page(Method::POST, "/demande/{slug}", Public, post(public::file))
        .page(Method::GET, "/suivi/{token}", Public, get(tracking::show))
        .page(Method::POST, "/suivi/{token}/horaires", Public, post(tracking::update_schedule))
        .page(Method::POST, "/suivi/{token}/confirmer", Public, post(tracking::confirm))
        .page(Method::GET, "/suivi/{token}/annuler", Public, get(tracking::confirm_cancel))
        .page(Method::POST, "/suivi/{token}/annuler", Public, post(tracking::cancel))
        .page(Method::GET, "/suivi/{token}/donnees.json", Public, get(tracking::download))
        .page(Method::GET, "/suivi/{token}/effacer", Public, get(tracking::confirm_erase))
        .page(Method::POST, "/suivi/{token}/effacer", Public, post(tracking::erase))
        .page(Method::GET, "/demandes", Signed(FollowRequests), get(queue::list))
        .page(Method::GET, "/demandes/nouvelle", Signed(FollowRequests), get(filed_by_relais::new_request))
        .page(Method::POST, "/demandes/nouvelle", Signed(FollowRequests), post(filed_by_relais::create_request))
        .page(Method::GET, "/demandes/{id}", Signed(FollowRequests), get(sheet::show))
        .page(Method::POST, "/demandes/{id}/statut", Signed(FollowRequests), post(sheet::change_status))
        .page(Method::POST, "/demandes/{id}/proposer", Signed(FollowRequests), post(sheet::propose))
        .page(Method::POST, "/demandes/{id}/coordonnees", Signed(FollowRequests), post(sheet::correct_contact))
        .api(Signed(DeclareVacancies), routes!(api::get_facility_vacancies))
        .api(Signed(DeclareVacancies), routes!(api::put_facility_vacancies))
        .page(Method::GET, "/offre", Signed(ViewRegisters), get(offer::show_offer))
        .page(Method::GET, "/statistiques", Signed(ViewChildcareStatistics), get(statistics::show))
        .page(Method::GET, "/statistiques/export.xlsx", Signed(ViewChildcareStatistics), get(statistics::export_xlsx))
        .page(Method::GET, "/statistiques/{table}", Signed(ViewChildcareStatistics), get(statistics::export_csv))
        .page(Method::GET, "/projets", Signed(ViewRegisters), get(p::list_projects))
        .page(Method::GET, "/projets/nouveau", Signed(EditRegisters), get(p::new_project))
        .page(Method::POST, "/projets/nouveau", Signed(EditRegisters), post(p::create_project))
        .page(Method::GET, "/projets/{id}", Signed(ViewRegisters), get(p::show_project))
        .page(Method::GET, "/projets/{id}/modifier", Signed(EditRegisters), get(p::edit_project))
        .page(Method::POST, "/projets/{id}/modifier", Signed(EditRegisters), post(p::update_project))
        .page(Method::POST, "/projets/{id}/etapes", Signed(EditRegisters), post(p::record_step))
        .page(Method::POST, "/projets/{id}/ouverture", Signed(EditRegisters), post(p::open_project))
        .page(Method::GET, "/mes-places", Signed(DeclareVacancies), get(mine::show_my_places))
        .page(
            Method::POST,
            "/mes-places/assistant-maternel/{id}",
            Signed(DeclareVacancies),
            post(mine::declare_childminder),
        )
        .page(Method::POST, "/mes-places/etablissement/{id}", Signed(DeclareVacancies), post(mine::declare_facility))
        .page(Method::POST, "/etablissements/{id}/gestionnaires", Signed(EditRegisters), post(f::add_manager))
        .page(
            Method::POST,
            "/etablissements/{id}/gestionnaires/{user}/retirer",
            Signed(EditRegisters),
            post(f::remove_manager),
        )
        .page(Method::POST, "/assistants-maternels/{id}/compte", Signed(EditRegisters), post(c::link_account))
        .page(Method::POST, "/assistants-maternels/{id}/inviter", Signed(EditRegisters), post(c::invite_account))
        .page(Method::GET, "/etablissements", Signed(ViewRegisters), get(f::list_facilities))
        .page(Method::GET, "/etablissements/nouveau", Signed(EditRegisters), get(f::new_facility))
        .page(Method::POST, "/etablissements/nouveau", Signed(EditRegisters), post(f::create_facility))
        .page(Method::GET, "/etablissements/{id}", Signed(ViewRegisters), get(f::show_facility))
        .page(Method::GET, "/etablissements/{id}/modifier", Signed(EditRegisters), get(f::edit_facility))
        .page(Method::POST, "/etablissements/{id}/modifier", Signed(EditRegisters), post(f::update_facility))
        .page(Method::POST, "/etablissements/{id}/capacites", Signed(EditRegisters), post(f::add_capacity))
        .page(
            Method::POST,
            "/etablissements/{id}/places-disponibles",
            Signed(EditRegisters),
            post(f::declare_vacancies),
        )
        .page(Method::GET, "/assistants-maternels", Signed(ViewRegisters), get(c::list_childminders))
        .page(
            Method::GET,
            "/assistants-maternels/import",
            Signed(EditRegisters),
            get(imports::show_childminders_upload),
        )
        .page(Method::POST, "/assistants-maternels/import", Signed(EditRegisters), post(imports::upload_childminders))
        .page(Method::GET, "/etablissements/import", Signed(EditRegisters), get(imports::show_facilities_upload))
        .page(Method::POST, "/etablissements/import", Signed(EditRegisters), post(imports::upload_facilities))
        .page(Method::GET, "/imports/{id}", Signed(EditRegisters), get(imports::show_mapping))
        .page(Method::POST, "/imports/{id}", Signed(EditRegisters), post(imports::run_import))
        .page(Method::GET, "/assistants-maternels/nouveau", Signed(EditRegisters), get(c::new_childminder))
        .page(Method::POST, "/assistants-maternels/nouveau", Signed(EditRegisters), post(c::create_childminder))
        .page(Method::GET, "/assistants-maternels/{id}", Signed(ViewRegisters), get(c::show_childminder))
        .page(Method::GET, "/assistants-maternels/{id}/modifier", Signed(EditRegisters), get(c::edit_childminder))
        .page(Method::POST, "/assistants-maternels/{id}/modifier", Signed(EditRegisters), post(c::update_childminder))
        .page(Method::POST, "/assistants-maternels/{id}/capacites", Signed(EditRegisters), post(c::add_capacity))
        .page(
            Method::POST,
            "/assistants-maternels/{id}/places-disponibles",
            Signed(EditRegisters),
            post(c::declare_vacancies),
        )
}
