//! A request filed: by the family on the public form, or by the relais for
//! a family met in person or on the phone. Same form, same rules.

use chrono::NaiveDate;
use maillage_domain::Permission;
use maillage_domain::childcare::CareRequest;
use maillage_domain::childcare::request::{CONSENT_TEXT, RequestForm};
use maillage_domain::outbox::care_request_filed;

use super::super::super::requests;
use super::super::super::{childminders, facilities};
use crate::ops::{Ctx, OpResult};
use crate::{Actor, DatabaseConnection};

/// The sectors a family may choose: those of the territory's offer.
pub async fn request_sectors(db: &DatabaseConnection, territory_id: i32) -> OpResult<Vec<String>> {
    let mut sectors = childminders::sectors(db, territory_id).await?;
    for f in facilities::list(db, territory_id).await? {
        if !f.sector.is_empty() && !sectors.contains(&f.sector) {
            sectors.push(f.sector);
        }
    }
    sectors.sort_by_key(|s| maillage_domain::text::sort_key(s));
    Ok(sectors)
}

/// Where the private links point: `{base}/suivi/{token}`.
pub fn tracking_link(base: &str, token: &str) -> String {
    format!("{}/suivi/{token}", base.trim_end_matches('/'))
}

/// Files the request of a family on the public form of territory
/// `territory_id`. Returns the request and its private link's token.
pub async fn file_request_public(
    db: &DatabaseConnection,
    territory_id: i32,
    territory_name: &str,
    today: NaiveDate,
    form: &RequestForm,
    link_base: &str,
) -> OpResult<(CareRequest, String)> {
    let fields = form.validate(today, &request_sectors(db, territory_id).await?)?;
    let actor = Actor::family(territory_id);
    let message = |r: &CareRequest, token: &str| {
        (!r.email.is_empty())
            .then(|| care_request_filed(&r.email, &r.code, territory_name, &tracking_link(link_base, token)))
    };
    let note = "Demande déposée par la famille en ligne.";
    Ok(requests::create(db, &actor, &fields, today, CONSENT_TEXT, note, message).await?)
}

/// Files a request for a family met in person or on the phone: the relais
/// has read them the consent text (the form's checkbox says so).
pub async fn file_request(
    cx: &Ctx<'_>,
    territory_name: &str,
    form: &RequestForm,
    link_base: &str,
) -> OpResult<(CareRequest, String)> {
    cx.require(Permission::FollowRequests)?;
    let fields = form.validate(cx.today, &request_sectors(cx.db, cx.territory()).await?)?;
    let message = |r: &CareRequest, token: &str| {
        (!r.email.is_empty())
            .then(|| care_request_filed(&r.email, &r.code, territory_name, &tracking_link(link_base, token)))
    };
    let note = format!("Demande enregistrée par {} pour la famille.", cx.actor.name);
    Ok(requests::create(cx.db, cx.actor, &fields, cx.today, CONSENT_TEXT, &note, message).await?)
}
