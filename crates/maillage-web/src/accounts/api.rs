//! The signed-in account, as the API sees it.

use axum::{Extension, Json};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::CurrentUser;

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    /// coordinator, action_lead, elected, caf_partner, relais, facility_manager or childminder
    pub role: String,
    pub territory: String,
}

#[utoipa::path(get, path = "/api/v1/me", tag = "compte", security(("token" = [])),
    responses((status = 200, body = Me), (status = 401, body = crate::problem::Problem)))]
pub async fn get_me(Extension(user): Extension<CurrentUser>) -> Json<Me> {
    Json(Me {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role.code().to_owned(),
        territory: user.territory_name,
    })
}
