//! The web layer through its router, on SQLite or PostgreSQL
//! (`TEST_DATABASE_URL`). Folders follow the capabilities and files the
//! URLs they test; `permissions` holds the route × role table and
//! `navigateur` drives a real browser.

mod accounts;
mod api;
mod audit;
mod childcare;
mod common;
mod erreurs;
mod navigateur;
mod permissions;
mod plan;
mod reads;
