//! `maillage`: the server, the demo and the administration commands.

mod cli;
mod demo;
mod demo_history;
mod demo_registers;
mod demo_requests;
mod generate;
mod import;
mod mailer;
mod population;
mod sectors;
mod statistics;

use anyhow::Result;
use clap::Parser;

#[tokio::main]
async fn main() {
    if let Err(e) = run().await {
        // The people running these commands read French; `{:#}` adds the causes.
        eprintln!("Erreur : {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MAILLAGE_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .with_target(false)
        .init();
    cli::run(cli::Cli::parse()).await
}
