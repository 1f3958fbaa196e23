//! Every route × every role (and nobody): the exact answer, with a session
//! (`roles`) and with a token (`tokens`); every route with another
//! territory's ids (`territories`); the « a lead updates only their
//! actions » rule on every route that carries it (`leads`). A route added
//! without a line in [`TABLE`] fails `the_table_covers_every_route`.

mod leads;
mod roles;
mod territories;
mod tokens;

use axum::http::StatusCode;
use maillage_domain::Role;

use crate::common::{Client, Resp, Territory, TestApp};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    Allowed,
    Forbidden,
    /// Anonymous: the login page (pages) or 401 (API).
    Login,
}

pub use Answer::*;
use Role::*;

const EVERYONE: &[Role] = &Role::ALL;
const PLAN_READERS: &[Role] = &[Coordinator, ActionLead, Elected, CafPartner];
const UPDATERS: &[Role] = &[Coordinator, ActionLead];
const COORDINATOR: &[Role] = &[Coordinator];
const REGISTERS: &[Role] = &[Coordinator, Relais];
const STATISTICS: &[Role] = &[Coordinator, Elected, CafPartner, Relais];
const DECLARERS: &[Role] = &[Coordinator, Relais, Childminder, FacilityManager];

/// (method, path pattern, public?, roles allowed)
pub const TABLE: &[(&str, &str, bool, &[Role])] = &[
    ("GET", "/healthz", true, EVERYONE),
    ("GET", "/static/maillage.css", true, EVERYONE),
    ("GET", "/connexion", true, EVERYONE),
    ("POST", "/connexion", true, EVERYONE),
    ("POST", "/deconnexion", false, EVERYONE),
    ("POST", "/territoire", false, EVERYONE),
    ("GET", "/", false, EVERYONE),
    ("GET", "/conventions/{id}", false, PLAN_READERS),
    ("GET", "/conventions/{id}/modifier", false, COORDINATOR),
    ("POST", "/conventions/{id}/modifier", false, COORDINATOR),
    ("POST", "/conventions/{id}/axes", false, COORDINATOR),
    ("POST", "/axes/{id}", false, COORDINATOR),
    ("POST", "/conventions/{id}/actions", false, COORDINATOR),
    ("GET", "/conventions/{id}/renouveler", false, COORDINATOR),
    ("POST", "/conventions/{id}/renouveler", false, COORDINATOR),
    ("POST", "/conventions/{id}/statut", false, COORDINATOR),
    ("GET", "/conventions/{id}/rapport", false, PLAN_READERS),
    ("GET", "/conventions/{id}/export.xlsx", false, PLAN_READERS),
    ("GET", "/conventions/{id}/export/{table}", false, PLAN_READERS),
    ("GET", "/conventions/{id}/bilans", false, PLAN_READERS),
    ("GET", "/conventions/{id}/bilans/{year}", false, PLAN_READERS),
    ("POST", "/conventions/{id}/bilans/{year}", false, COORDINATOR),
    ("GET", "/conventions/{id}/bilans/{year}/cloture", false, COORDINATOR),
    ("GET", "/conventions/{id}/comites", false, PLAN_READERS),
    ("POST", "/conventions/{id}/comites", false, COORDINATOR),
    ("GET", "/comites", false, PLAN_READERS),
    ("GET", "/mes-actions", false, UPDATERS),
    ("GET", "/comites/{id}", false, PLAN_READERS),
    ("POST", "/comites/{id}/decisions", false, COORDINATOR),
    ("GET", "/comites/{id}/modifier", false, COORDINATOR),
    ("POST", "/comites/{id}/modifier", false, COORDINATOR),
    ("GET", "/comites/{id}/supprimer", false, COORDINATOR),
    ("GET", "/decisions/{id}/modifier", false, COORDINATOR),
    ("POST", "/decisions/{id}/modifier", false, COORDINATOR),
    ("GET", "/decisions/{id}/supprimer", false, COORDINATOR),
    ("GET", "/actions/{id}", false, PLAN_READERS),
    ("GET", "/actions/{id}/modifier", false, UPDATERS),
    ("POST", "/actions/{id}/modifier", false, UPDATERS),
    ("POST", "/actions/{id}/indicateurs", false, UPDATERS),
    ("POST", "/actions/{id}/journal", false, UPDATERS),
    ("GET", "/actions/{id}/composantes", false, COORDINATOR),
    ("POST", "/actions/{id}/jalons", false, COORDINATOR),
    ("POST", "/jalons/{id}", false, COORDINATOR),
    ("GET", "/jalons/{id}/supprimer", false, COORDINATOR),
    ("POST", "/actions/{id}/budget", false, COORDINATOR),
    ("POST", "/budget/{id}", false, COORDINATOR),
    ("GET", "/budget/{id}/supprimer", false, COORDINATOR),
    ("POST", "/actions/{id}/indicateurs/nouveau", false, COORDINATOR),
    ("POST", "/indicateurs/{id}", false, COORDINATOR),
    ("GET", "/indicateurs/{id}/supprimer", false, COORDINATOR),
    ("GET", "/journal-des-modifications", false, COORDINATOR),
    ("GET", "/utilisateurs", false, COORDINATOR),
    ("POST", "/utilisateurs", false, COORDINATOR),
    ("POST", "/utilisateurs/{id}", false, COORDINATOR),
    ("POST", "/utilisateurs/{id}/invitation", false, COORDINATOR),
    ("GET", "/invitation/{token}", true, EVERYONE),
    ("POST", "/invitation/{token}", true, EVERYONE),
    ("GET", "/mot-de-passe-oublie", true, EVERYONE),
    ("POST", "/mot-de-passe-oublie", true, EVERYONE),
    ("GET", "/mot-de-passe/{token}", true, EVERYONE),
    ("POST", "/mot-de-passe/{token}", true, EVERYONE),
    ("GET", "/compte", false, EVERYONE),
    ("GET", "/compte/mot-de-passe", false, EVERYONE),
    ("POST", "/compte/mot-de-passe", false, EVERYONE),
    ("POST", "/utilisateurs/{id}/reinitialisation", false, COORDINATOR),
    ("GET", "/messages", false, COORDINATOR),
    ("GET", "/compte/jetons", false, EVERYONE),
    ("POST", "/compte/jetons", false, EVERYONE),
    ("POST", "/compte/jetons/{id}/revoquer", false, EVERYONE),
    ("GET", "/offre", false, REGISTERS),
    ("GET", "/statistiques", false, STATISTICS),
    ("GET", "/statistiques/export.xlsx", false, STATISTICS),
    ("GET", "/statistiques/{table}", false, STATISTICS),
    ("GET", "/mes-places", false, DECLARERS),
    // The fixture links the childminder account to Awa and the manager to the multi-accueil.
    ("POST", "/mes-places/assistant-maternel/{id}", false, &[Coordinator, Relais, Childminder]),
    ("POST", "/mes-places/etablissement/{id}", false, &[Coordinator, Relais, FacilityManager]),
    ("GET", "/projets", false, REGISTERS),
    ("GET", "/projets/nouveau", false, REGISTERS),
    ("POST", "/projets/nouveau", false, REGISTERS),
    ("GET", "/projets/{id}", false, REGISTERS),
    ("GET", "/projets/{id}/modifier", false, REGISTERS),
    ("POST", "/projets/{id}/modifier", false, REGISTERS),
    ("POST", "/projets/{id}/etapes", false, REGISTERS),
    ("POST", "/projets/{id}/ouverture", false, REGISTERS),
    ("GET", "/demande/{slug}", true, EVERYONE),
    ("POST", "/demande/{slug}", true, EVERYONE),
    ("GET", "/suivi/{token}", true, EVERYONE),
    ("POST", "/suivi/{token}/horaires", true, EVERYONE),
    ("POST", "/suivi/{token}/confirmer", true, EVERYONE),
    ("GET", "/suivi/{token}/annuler", true, EVERYONE),
    ("POST", "/suivi/{token}/annuler", true, EVERYONE),
    ("GET", "/suivi/{token}/donnees.json", true, EVERYONE),
    ("GET", "/suivi/{token}/effacer", true, EVERYONE),
    ("POST", "/suivi/{token}/effacer", true, EVERYONE),
    ("GET", "/demandes", false, REGISTERS),
    ("GET", "/demandes/nouvelle", false, REGISTERS),
    ("POST", "/demandes/nouvelle", false, REGISTERS),
    ("GET", "/demandes/{id}", false, REGISTERS),
    ("POST", "/demandes/{id}/statut", false, REGISTERS),
    ("POST", "/demandes/{id}/proposer", false, REGISTERS),
    ("POST", "/demandes/{id}/coordonnees", false, REGISTERS),
    ("GET", "/api/v1/facilities/{id}/vacancies", false, &[Coordinator, Relais, FacilityManager]),
    ("PUT", "/api/v1/facilities/{id}/vacancies", false, &[Coordinator, Relais, FacilityManager]),
    ("POST", "/assistants-maternels/{id}/compte", false, REGISTERS),
    ("POST", "/assistants-maternels/{id}/inviter", false, REGISTERS),
    ("POST", "/etablissements/{id}/gestionnaires", false, REGISTERS),
    ("GET", "/etablissements", false, REGISTERS),
    ("GET", "/etablissements/nouveau", false, REGISTERS),
    ("POST", "/etablissements/nouveau", false, REGISTERS),
    ("GET", "/etablissements/{id}", false, REGISTERS),
    ("GET", "/etablissements/{id}/modifier", false, REGISTERS),
    ("POST", "/etablissements/{id}/modifier", false, REGISTERS),
    ("POST", "/etablissements/{id}/capacites", false, REGISTERS),
    ("POST", "/etablissements/{id}/places-disponibles", false, REGISTERS),
    ("GET", "/assistants-maternels", false, REGISTERS),
    ("GET", "/assistants-maternels/import", false, REGISTERS),
    ("POST", "/assistants-maternels/import", false, REGISTERS),
    ("GET", "/etablissements/import", false, REGISTERS),
    ("POST", "/etablissements/import", false, REGISTERS),
    ("GET", "/imports/{id}", false, REGISTERS),
    ("POST", "/imports/{id}", false, REGISTERS),
    ("GET", "/assistants-maternels/nouveau", false, REGISTERS),
    ("POST", "/assistants-maternels/nouveau", false, REGISTERS),
    ("GET", "/assistants-maternels/{id}", false, REGISTERS),
    ("GET", "/assistants-maternels/{id}/modifier", false, REGISTERS),
    ("POST", "/assistants-maternels/{id}/modifier", false, REGISTERS),
    ("POST", "/assistants-maternels/{id}/capacites", false, REGISTERS),
    ("POST", "/assistants-maternels/{id}/places-disponibles", false, REGISTERS),
    ("GET", "/api/openapi.json", true, EVERYONE),
    ("GET", "/api/v1/me", false, EVERYONE),
    ("GET", "/api/v1/conventions", false, PLAN_READERS),
    ("GET", "/api/v1/conventions/{id}", false, PLAN_READERS),
    ("PUT", "/api/v1/conventions/{id}", false, COORDINATOR),
    ("POST", "/api/v1/conventions/{id}/axes", false, COORDINATOR),
    ("PUT", "/api/v1/axes/{id}", false, COORDINATOR),
    ("POST", "/api/v1/axes/{id}/actions", false, COORDINATOR),
    ("POST", "/api/v1/meetings/{id}/decisions", false, COORDINATOR),
    ("PUT", "/api/v1/meetings/{id}", false, COORDINATOR),
    ("PUT", "/api/v1/decisions/{id}", false, COORDINATOR),
    ("GET", "/api/v1/conventions/{id}/meetings", false, PLAN_READERS),
    ("POST", "/api/v1/conventions/{id}/meetings", false, COORDINATOR),
    ("PUT", "/api/v1/actions/{id}", false, COORDINATOR),
    ("GET", "/api/v1/actions/{id}", false, PLAN_READERS),
    ("POST", "/api/v1/actions/{id}/journal", false, UPDATERS),
    ("POST", "/api/v1/actions/{id}/milestones", false, COORDINATOR),
    ("PUT", "/api/v1/milestones/{id}", false, COORDINATOR),
    ("POST", "/api/v1/actions/{id}/budget", false, COORDINATOR),
    ("PUT", "/api/v1/budget/{id}", false, COORDINATOR),
    ("POST", "/api/v1/actions/{id}/indicators", false, COORDINATOR),
    ("PUT", "/api/v1/indicators/{id}", false, COORDINATOR),
    ("PUT", "/api/v1/indicators/{id}/values/{year}", false, UPDATERS),
    ("PATCH", "/api/v1/actions/{id}", false, UPDATERS),
    // Deletions last: they remove the records the routes above use.
    ("POST", "/jalons/{id}/supprimer", false, COORDINATOR),
    ("POST", "/budget/{id}/supprimer", false, COORDINATOR),
    ("POST", "/indicateurs/{id}/supprimer", false, COORDINATOR),
    ("DELETE", "/api/v1/milestones/{id}", false, COORDINATOR),
    ("DELETE", "/api/v1/budget/{id}", false, COORDINATOR),
    ("DELETE", "/api/v1/indicators/{id}", false, COORDINATOR),
    ("POST", "/decisions/{id}/supprimer", false, COORDINATOR),
    ("DELETE", "/api/v1/decisions/{id}", false, COORDINATOR),
    ("POST", "/comites/{id}/supprimer", false, COORDINATOR),
    ("DELETE", "/api/v1/meetings/{id}", false, COORDINATOR),
    ("POST", "/conventions/{id}/bilans/{year}/cloture", false, COORDINATOR),
    ("POST", "/etablissements/{id}/gestionnaires/{user}/retirer", false, REGISTERS),
];

pub fn concrete(app: &TestApp, method: &str, path: &str) -> String {
    concrete_in(app.a(), method, path)
}

/// The route's path with the ids of territory `t`.
pub fn concrete_in(t: &Territory, method: &str, path: &str) -> String {
    let (spare_milestone, spare_line, spare_indicator) = t.spare_ids();
    let id = if method == "DELETE" && path.starts_with("/api/v1/meetings") {
        t.spare_meeting_id.get()
    } else if method == "DELETE" && path.starts_with("/api/v1/decisions") {
        t.spare_decision_id.get()
    } else if method == "DELETE" && path.starts_with("/api/v1/milestones") {
        spare_milestone.get()
    } else if method == "DELETE" && path.starts_with("/api/v1/budget") {
        spare_line.get()
    } else if method == "DELETE" && path.starts_with("/api/v1/indicators") {
        spare_indicator.get()
    } else if path.starts_with("/api/v1/milestones") {
        t.milestone_id().get()
    } else if path.starts_with("/api/v1/budget") {
        t.budget_line_id().get()
    } else if path.starts_with("/conventions") || path.starts_with("/api/v1/conventions") {
        t.convention_id.get()
    } else if path.starts_with("/compte/jetons") {
        t.token_id.get()
    } else if path.starts_with("/api/v1/meetings") {
        t.meeting_id.get()
    } else if path.starts_with("/axes") || path.starts_with("/api/v1/axes") {
        t.axis_id().get()
    } else if path.starts_with("/jalons") {
        t.milestone_id().get()
    } else if path.starts_with("/budget") {
        t.budget_line_id().get()
    } else if path.starts_with("/api/v1/indicators") || path.starts_with("/indicateurs") {
        t.indicator_id().get()
    } else if path.starts_with("/decisions") || path.starts_with("/api/v1/decisions") {
        t.decision_id.get()
    } else if path.starts_with("/comites") {
        t.meeting_id.get()
    } else if path.starts_with("/utilisateurs") {
        t.elected_user_id.get()
    } else if path.starts_with("/mes-places/assistant-maternel") {
        t.childminder_id.get()
    } else if path.starts_with("/mes-places/etablissement")
        || path.starts_with("/etablissements")
        || path.starts_with("/api/v1/facilities")
    {
        t.facility_id.get()
    } else if path.starts_with("/assistants-maternels") {
        t.childminder_id.get()
    } else if path.starts_with("/demandes") {
        t.request_id.get()
    } else if path.starts_with("/projets") {
        t.project_id.get()
    } else if path.starts_with("/imports") {
        t.upload_id.get()
    } else {
        t.led_action_id().get()
    };
    path.replace("{id}", &id.to_string())
        .replace("{token}", "lien-inconnu")
        .replace("{table}", if path.starts_with("/statistiques") { "mois.csv" } else { "budget.csv" })
        .replace("{year}", "2024")
        .replace("{user}", &t.facility_manager_user_id.to_string())
        .replace("{slug}", &t.slug)
}

pub async fn call(client: &mut Client<'_>, t: &Territory, method: &str, path: &str) -> Resp {
    let path = concrete_in(t, method, path);
    match method {
        "GET" => client.get(&path).await,
        "POST" if path.ends_with("/indicateurs") => {
            let id = t.indicator_id().to_string();
            client
                .post_form(&path, &[("indicator_id", &id), ("year", "2025"), ("actual", "12"), ("source", "test")])
                .await
        }
        "POST" if path == "/territoire" => {
            let id = t.territory_id.to_string();
            client.post_form(&path, &[("territory_id", &id)]).await
        }
        "POST" if path.starts_with("/api/") => client.json("POST", &path, serde_json::json!({"body": "note"})).await,
        "POST" => client.post_form(&path, &[]).await,
        // A valid body: the answer is the holder's rule (a childminder may not
        // declare for a facility), not the validation of the input.
        "PUT" if path.ends_with("/vacancies") => {
            let body = serde_json::json!({"available_from": "2030-01-01", "free": {"mon": {"infant": 1}}});
            client.json("PUT", &path, body).await
        }
        "PUT" => client.json("PUT", &path, serde_json::json!({"actual": 12, "source": "test"})).await,
        "DELETE" => client.delete(&path).await,
        "PATCH" => {
            client
                .json("PATCH", &path, serde_json::json!({"version": 1, "status": "in_progress", "progress": 50}))
                .await
        }
        other => panic!("method {other}"),
    }
}

pub fn answer_of(path: &str, r: &Resp) -> Answer {
    if r.status == StatusCode::FORBIDDEN {
        Forbidden
    } else if r.status == StatusCode::UNAUTHORIZED || r.location().starts_with("/connexion") {
        Login
    } else {
        // Revoking a token or opening an invitation that does not exist is a legitimate 404.
        if !path.starts_with("/compte/jetons/")
            && !path.starts_with("/invitation/")
            && !path.starts_with("/mot-de-passe/")
            && !path.starts_with("/suivi/")
        {
            assert_ne!(r.status, StatusCode::NOT_FOUND, "{path} answered 404: {}", r.body);
        }
        assert!(!r.status.is_server_error(), "server error: {}", r.body);
        Allowed
    }
}
