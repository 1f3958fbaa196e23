//! Schema migrations: one source for SQLite and PostgreSQL.
//!
//! Rules (see `docs/ARCHITECTURE.md`): portable column types only, enums as
//! text checked in Rust, JSON as text, timestamps with time zone stored in UTC
//! truncated to microseconds, and migrations that only add (or rename a column
//! in place, which both databases do without touching the rows).

pub use sea_orm_migration::prelude::*;

mod helpers;
mod m20260101_000001_initial;
mod m20260102_000001_invitations;
mod m20261130_000001_sessions_attempts_tokens;
mod m20261130_000002_territory_revision;
mod m20261130_000003_outbox;
mod m20261130_000004_grants;
mod m20261201_000001_meeting_minutes;
mod m20261201_000002_reviews;
mod m20261201_000003_childcare_registers;
mod m20261201_000004_vacancies;
mod m20261201_000005_register_accounts;
mod m20261201_000006_vacancy_reminders;
mod m20261201_000007_care_requests;
mod m20261201_000008_request_reminders;
mod m20261201_000009_request_retention;
mod m20261201_000010_facility_projects;
mod m20261202_000001_live_figures;
mod m20261202_000002_register_imports;
mod m20261203_000001_sector_indexes;
mod m20261204_000001_sectors;
mod m20261204_000002_sector_populations;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_initial::Migration),
            Box::new(m20260102_000001_invitations::Migration),
            Box::new(m20261130_000001_sessions_attempts_tokens::Migration),
            Box::new(m20261130_000002_territory_revision::Migration),
            Box::new(m20261130_000003_outbox::Migration),
            Box::new(m20261130_000004_grants::Migration),
            Box::new(m20261201_000001_meeting_minutes::Migration),
            Box::new(m20261201_000002_reviews::Migration),
            Box::new(m20261201_000003_childcare_registers::Migration),
            Box::new(m20261201_000004_vacancies::Migration),
            Box::new(m20261201_000005_register_accounts::Migration),
            Box::new(m20261201_000006_vacancy_reminders::Migration),
            Box::new(m20261201_000007_care_requests::Migration),
            Box::new(m20261201_000008_request_reminders::Migration),
            Box::new(m20261201_000009_request_retention::Migration),
            Box::new(m20261201_000010_facility_projects::Migration),
            Box::new(m20261202_000001_live_figures::Migration),
            Box::new(m20261202_000002_register_imports::Migration),
            Box::new(m20261203_000001_sector_indexes::Migration),
            Box::new(m20261204_000001_sectors::Migration),
            Box::new(m20261204_000002_sector_populations::Migration),
        ]
    }
}
