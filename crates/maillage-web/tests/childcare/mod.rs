//! Childcare's pages: /offre, /etablissements/…, /assistants-maternels/…,
//! /mes-places; families' requests: /demande/…, /suivi/…, /demandes/….

mod assistants_maternels;
mod demande;
mod demandes;
mod etablissements;
mod imports;
mod mes_places;
mod offre;
mod places_disponibles;
mod projets;
mod statistiques;
mod suivi;
