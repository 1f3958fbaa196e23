//! Declaring free places: the grid by weekday and age band, checked
//! against the capacity running on the day they are free from.

use maillage_domain::childcare::offer::current;
use maillage_domain::childcare::{Holder, VacancyDeclaration, VacancyForm};
use maillage_domain::{Permission, Refusal};

use super::super::{capacities, childminders, facilities, vacancies};
use crate::ops::{Ctx, OpResult};

/// The holder's name, if the actor may declare for it: the relais and the
/// coordinator for any holder of the territory, a childminder for the
/// record linked to their account, a manager for the facilities they manage.
pub async fn declarable(cx: &Ctx<'_>, holder: Holder) -> OpResult<String> {
    cx.require(Permission::DeclareVacancies)?;
    let keeper = cx.actor.role.can(Permission::EditRegisters);
    let me = cx.actor.user_id;
    match holder {
        Holder::Facility(id) => {
            let f = facilities::get(cx.db, cx.territory(), id).await?;
            let manages = match me {
                Some(u) => facilities::managers(cx.db, cx.territory(), id).await?.contains(&u),
                None => false,
            };
            if keeper || manages { Ok(f.name) } else { Err(Refusal::Forbidden.into()) }
        }
        Holder::Childminder(id) => {
            let c = childminders::get(cx.db, cx.territory(), id).await?;
            if keeper || (me.is_some() && c.user_id == me) { Ok(c.full_name()) } else { Err(Refusal::Forbidden.into()) }
        }
    }
}

/// Records the free places of `holder` from the form's date on; none may
/// exceed the places of its age band in the running capacity.
pub async fn declare_vacancies(cx: &Ctx<'_>, holder: Holder, form: &VacancyForm) -> OpResult<VacancyDeclaration> {
    let label = declarable(cx, holder).await?;
    let caps = capacities::of(cx.db, cx.territory(), holder).await?;
    // The date first: the capacity the cells are checked against depends on it.
    let mut errors = maillage_domain::FieldErrors::new();
    let Some(from) = maillage_domain::validation::required_date(&mut errors, "available_from", &form.available_from)
    else {
        return Err(errors.into());
    };
    let Some(capacity) = current(&caps, from).map(|c| c.places) else {
        let message = "Aucune place agréée ou autorisée à cette date : enregistrez d'abord la capacité.";
        return Err(Refusal::field("available_from", message).into());
    };
    let (available_from, free) = form.validate(capacity)?;
    Ok(vacancies::declare(cx.db, cx.actor, holder, cx.today, available_from, &free, &label).await?)
}
