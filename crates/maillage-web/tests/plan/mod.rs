//! The plan's pages: /, /conventions/…, /actions/…, /comites/….

mod actions;
mod bilans;
mod chiffres_calcules;
mod comites;
mod composantes;
mod conventions;
mod exports;
mod mes_actions;
mod tableau_de_bord;
