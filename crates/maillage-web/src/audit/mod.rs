//! The audit log (« journal des modifications »), for the coordinator.

mod page;

use axum::http::Method;
use axum::routing::get;
use maillage_domain::Permission::ViewAudit;

use crate::routes::{Access::Signed, Routes};

pub(crate) fn routes(r: Routes) -> Routes {
    r.page(Method::GET, "/journal-des-modifications", Signed(ViewAudit), get(page::list_audit))
}
