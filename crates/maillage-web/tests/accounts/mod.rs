//! /connexion, /utilisateurs, /invitation.

mod connexion;
mod utilisateurs;
