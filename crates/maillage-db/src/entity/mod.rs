//! SeaORM entities, one per table. Plain rows: the meaning lives in
//! `maillage-domain` and the queries in the repository modules.

pub mod action;
pub mod api_token;
pub mod audit_entry;
pub mod axis;
pub mod budget_line;
pub mod capacity;
pub mod care_request;
pub mod care_request_event;
pub mod childminder;
pub mod convention;
pub mod decision;
pub mod facility;
pub mod facility_manager;
pub mod facility_project;
pub mod facility_project_step;
pub mod grant;
pub mod import_mapping;
pub mod indicator;
pub mod indicator_value;
pub mod invitation;
pub mod journal_entry;
pub mod login_attempt;
pub mod meeting;
pub mod message;
pub mod milestone;
pub mod register_import;
pub mod review;
pub mod review_analysis;
pub mod sector;
pub mod sector_population;
pub mod session;
pub mod territory;
pub mod user;
pub mod vacancy;
pub mod vacancy_declaration;
