//! The web layer through its router, on SQLite or PostgreSQL
//! (`TEST_DATABASE_URL`). Files follow the URLs they test.

mod actions;
mod api;
mod comites;
mod common;
mod composantes;
mod connexion;
mod conventions;
mod dashboard;
mod exports;
mod journal_des_modifications;
mod navigateur;
mod permissions;
mod utilisateurs;
