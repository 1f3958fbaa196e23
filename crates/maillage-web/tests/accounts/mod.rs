//! /connexion, /utilisateurs, /invitation.

mod connexion;
mod mot_de_passe;
mod utilisateurs;
