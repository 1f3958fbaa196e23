//! Childcare's pages: /offre, /etablissements/…, /assistants-maternels/….

mod assistants_maternels;
mod etablissements;
mod mes_places;
mod offre;
mod places_disponibles;
