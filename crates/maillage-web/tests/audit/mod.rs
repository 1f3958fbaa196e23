//! /journal-des-modifications.

mod journal_des_modifications;
