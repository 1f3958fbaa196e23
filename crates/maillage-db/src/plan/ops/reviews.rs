//! The coordinator's writes on the yearly reviews.

use maillage_domain::plan::review::{Review, ReviewForm, reviewable_years};
use maillage_domain::{Permission, Refusal};

use super::super::{axes, conventions, reviews};
use crate::DbError;
use crate::ops::{Ctx, OpResult};

/// The year must be one the convention covered, up to this one.
async fn check_year(cx: &Ctx<'_>, convention_id: i32, year: i32) -> OpResult<()> {
    let c = conventions::get(cx.db, cx.territory(), convention_id).await?;
    if reviewable_years(c.starts_on, c.ends_on, cx.today).contains(&year) {
        Ok(())
    } else {
        Err(Refusal::NotFound.into())
    }
}

fn closed(e: DbError) -> crate::ops::OpError {
    match e {
        DbError::Conflict => Refusal::field("review", "Ce bilan est clos : il ne change plus.").into(),
        other => other.into(),
    }
}

/// Saves the analyses of the year's review (created if needed).
pub async fn save_review(cx: &Ctx<'_>, convention_id: i32, year: i32, form: &ReviewForm) -> OpResult<Review> {
    cx.require(Permission::EditPlan)?;
    check_year(cx, convention_id, year).await?;
    let axes = axes::list(cx.db, cx.territory(), convention_id).await?;
    let analyses = form.validate(&axes)?;
    reviews::save(cx.db, cx.actor, convention_id, year, &analyses).await.map_err(closed)
}

/// Closes the year's review, once adopted in committee.
pub async fn close_review(cx: &Ctx<'_>, convention_id: i32, year: i32) -> OpResult<Review> {
    cx.require(Permission::EditPlan)?;
    check_year(cx, convention_id, year).await?;
    reviews::close(cx.db, cx.actor, convention_id, year).await.map_err(closed)
}
