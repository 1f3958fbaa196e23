//! /connexion, /utilisateurs, /invitation.

mod compte;
mod connexion;
mod mot_de_passe;
mod utilisateurs;
