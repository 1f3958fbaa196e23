//! Accounts: signing in and out, the territory's users and their
//! invitations, personal API tokens, and the account as the API sees it.

pub mod account;
pub mod api;
pub mod login;
pub mod outbox;
pub mod password;
pub mod tokens;
pub mod users;

use axum::http::Method;
use axum::routing::{get, post};
use maillage_domain::Permission::*;
use utoipa_axum::routes;

use crate::routes::Access::{Public, Signed};
use crate::routes::Routes;

pub(crate) fn routes(r: Routes) -> Routes {
    r.page(Method::GET, "/connexion", Public, get(login::show_login))
        .page(Method::POST, "/connexion", Public, post(login::login))
        .page(Method::POST, "/deconnexion", Signed(UseAccount), post(login::logout))
        .page(Method::POST, "/territoire", Signed(UseAccount), post(login::switch_territory))
        .page(Method::GET, "/utilisateurs", Signed(ManageUsers), get(users::list_users))
        .page(Method::POST, "/utilisateurs", Signed(ManageUsers), post(users::invite_user))
        .page(Method::POST, "/utilisateurs/{id}", Signed(ManageUsers), post(users::update_user))
        .page(Method::POST, "/utilisateurs/{id}/invitation", Signed(ManageUsers), post(users::renew_invitation))
        .page(Method::GET, "/invitation/{token}", Public, get(users::show_invitation))
        .page(Method::POST, "/invitation/{token}", Public, post(users::accept_invitation))
        .page(Method::GET, "/mot-de-passe-oublie", Public, get(password::show_forgot))
        .page(Method::POST, "/mot-de-passe-oublie", Public, post(password::request_reset))
        .page(Method::GET, "/mot-de-passe/{token}", Public, get(password::show_reset))
        .page(Method::POST, "/mot-de-passe/{token}", Public, post(password::reset_password))
        .page(Method::GET, "/compte", Signed(UseAccount), get(account::show_account))
        .page(Method::GET, "/compte/mot-de-passe", Signed(UseAccount), get(password::show_change))
        .page(Method::POST, "/compte/mot-de-passe", Signed(UseAccount), post(password::change_password))
        .page(Method::POST, "/utilisateurs/{id}/reinitialisation", Signed(ManageUsers), post(password::send_reset_link))
        .page(Method::GET, "/messages", Signed(ManageUsers), get(outbox::list_messages))
        .page(Method::GET, "/compte/jetons", Signed(UseAccount), get(tokens::list_tokens))
        .page(Method::POST, "/compte/jetons", Signed(UseAccount), post(tokens::create_token))
        .page(Method::POST, "/compte/jetons/{id}/revoquer", Signed(UseAccount), post(tokens::revoke_token))
        .api(Signed(UseAccount), routes!(api::get_me))
}
