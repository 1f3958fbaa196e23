//! Childcare's pages: /offre, /etablissements/…, /assistants-maternels/….

mod assistants_maternels;
mod etablissements;
mod offre;
mod places_disponibles;
