//! /api/v1: one file per resource.

mod actions;
mod components;
mod conventions;
mod facilities;
mod meetings;
mod tokens;
