//! Repository tests, on SQLite or on PostgreSQL when `TEST_DATABASE_URL` is set.

mod accounts;
mod childcare;
mod maintenance;
mod needs;
mod plan;
mod requests;
mod schema;
mod synthetic;
