//! The territory filter, made structural: every query on a territory's
//! records starts from [`scoped`] or [`get`], which cannot be written
//! without the territory. Another territory's id is simply not found.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};

use crate::entity;
use crate::{DbError, Result};

/// A table whose rows belong to one territory.
pub(crate) trait Scoped: EntityTrait {
    fn territory_column() -> Self::Column;
    fn id_column() -> Self::Column;
}

macro_rules! scoped_tables {
    ($($table:ident),* $(,)?) => {
        $(
            impl Scoped for entity::$table::Entity {
                fn territory_column() -> Self::Column {
                    entity::$table::Column::TerritoryId
                }
                fn id_column() -> Self::Column {
                    entity::$table::Column::Id
                }
            }
        )*
    };
}

scoped_tables!(
    action,
    api_token,
    audit_entry,
    axis,
    budget_line,
    capacity,
    childminder,
    convention,
    decision,
    facility,
    facility_manager,
    grant,
    indicator,
    indicator_value,
    invitation,
    journal_entry,
    meeting,
    message,
    milestone,
    review,
    review_analysis,
    sector,
    sector_population,
    user,
    vacancy,
    vacancy_declaration,
    care_request,
    care_request_event,
    facility_project,
    facility_project_step,
    register_import,
    import_mapping,
);

/// The rows of table `E` that belong to the territory.
pub(crate) fn scoped<E: Scoped>(territory_id: i32) -> Select<E> {
    E::find().filter(E::territory_column().eq(territory_id))
}

/// One row of the territory, or [`DbError::NotFound`].
pub(crate) async fn get<E: Scoped>(db: &impl ConnectionTrait, territory_id: i32, id: i32) -> Result<E::Model> {
    scoped::<E>(territory_id).filter(E::id_column().eq(id)).one(db).await?.ok_or(DbError::NotFound)
}

/// How far a read reaches: one territory, or every territory at once. Only
/// the statistics read the whole country (the host's national figures),
/// and what they read holds nothing personal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Territory(i32),
    Country,
}

/// The rows of `reach`: [`scoped`] for one territory.
pub(crate) fn within<E: Scoped>(reach: Reach) -> Select<E> {
    match reach {
        Reach::Territory(t) => scoped::<E>(t),
        Reach::Country => E::find(),
    }
}
