//! Commands and their flags. Every flag also reads a `MAILLAGE_*` variable.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use maillage_db::accounts::ops;
use maillage_db::ops::Ctx;
use maillage_db::{Actor, DatabaseConnection};
use maillage_domain::childcare::request::confirmation::ConfirmationPolicy;
use maillage_domain::{FieldErrors, Role};

#[derive(Parser)]
#[command(name = "maillage", version, about = "Pilotage de la CTG et accueil du jeune enfant")]
pub struct Cli {
    /// Where the SQLite database lives when no database URL is given.
    #[arg(long, global = true, env = "MAILLAGE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// postgres://… or sqlite://…; defaults to DATA_DIR/maillage.sqlite.
    #[arg(long, global = true, env = "MAILLAGE_DATABASE_URL")]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the application (migrates the database first).
    Serve {
        #[arg(long, env = "MAILLAGE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// Set when served over HTTPS (behind a proxy): Secure cookies, HSTS.
        #[arg(long, env = "MAILLAGE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// The address people reach the site at (links in invitations);
        /// default: http://ADDR.
        #[arg(long, env = "MAILLAGE_PUBLIC_URL")]
        public_url: Option<String>,
        /// A reverse proxy whose X-Forwarded-For names the client (repeat for several).
        #[arg(long = "trusted-proxy", env = "MAILLAGE_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// The mail server that sends the outbox: smtp://host:port, smtps://user:password@host.
        #[arg(long, env = "MAILLAGE_SMTP_URL")]
        smtp_url: Option<String>,
        /// The sender of the messages.
        #[arg(long, env = "MAILLAGE_MAIL_FROM", default_value = "Maillage <ne-pas-repondre@localhost>")]
        mail_from: String,
        /// Months without confirmation before a family is reminded to confirm its request.
        #[arg(long, env = "MAILLAGE_REQUEST_REMINDER_MONTHS", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=24))]
        request_reminder_months: u32,
        /// Days after an unanswered reminder before the request expires.
        #[arg(long, env = "MAILLAGE_REQUEST_EXPIRY_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=365))]
        request_expiry_days: u32,
        /// Months a closed request keeps the family's name and contact.
        #[arg(long, env = "MAILLAGE_REQUEST_RETENTION_MONTHS", default_value_t = maillage_domain::childcare::request::RETENTION_MONTHS, value_parser = clap::value_parser!(u32).range(1..=120))]
        request_retention_months: u32,
    },
    /// Rebuild the demo database from scratch and serve it.
    Demo {
        #[arg(long, env = "MAILLAGE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
        /// One password for every demo account (default: random, printed).
        #[arg(long, env = "MAILLAGE_DEMO_PASSWORD")]
        password: Option<String>,
    },
    /// Apply pending migrations.
    Migrate,
    /// Erase what is no longer needed: expired sessions, old sign-in
    /// attempts, and the personal data of requests closed for longer than
    /// the retention period (statistics stay). `serve` does it too.
    Purge {
        /// Months a closed request keeps the family's name and contact.
        #[arg(long, env = "MAILLAGE_REQUEST_RETENTION_MONTHS", default_value_t = maillage_domain::childcare::request::RETENTION_MONTHS, value_parser = clap::value_parser!(u32).range(1..=120))]
        request_retention_months: u32,
    },
    /// Fill the database with a synthetic childcare dataset over the real
    /// communes (one territory per EPCI, its communes as sectors; offer and
    /// demand spread by population), for scale tests and benchmarks.
    Generate {
        #[arg(long, value_enum)]
        scale: crate::generate::ScaleArg,
        /// The département of `--scale departement`: 01, 2A, 69, 974…
        #[arg(long, default_value = "69")]
        departement: String,
    },
    /// Write the statistics of every territory, sector by sector, as the
    /// partners may see them (counts under 5 hidden), to a CSV file.
    Statistics {
        /// The year (default: this year).
        #[arg(long)]
        year: Option<i32>,
        /// The CSV file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// The childminders' register.
    Childminders {
        #[command(subcommand)]
        command: ChildmindersCommand,
    },
    /// The needs map's sectors.
    Sectors {
        #[command(subcommand)]
        command: SectorsCommand,
    },
    /// The sectors' population figures (children under 3, births,
    /// two-year-olds at school).
    Population {
        #[command(subcommand)]
        command: PopulationCommand,
    },
    /// Territories.
    Territory {
        #[command(subcommand)]
        command: TerritoryCommand,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Personal API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The CTG action plan.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
}

#[derive(Subcommand)]
pub enum PopulationCommand {
    /// Import figures by sector and year from a spreadsheet (CSV with ;
    /// or , in UTF-8 or Windows-1252, XLSX, ODS): every line or none; a
    /// column the file lacks keeps what is held.
    Import {
        /// The file: a line per sector and year.
        file: PathBuf,
        /// The territory's identifier (`maillage territory list`).
        #[arg(long)]
        territory: String,
        /// Which column holds a field, when its header is not recognised:
        /// `--map children_under_3="Pop 0-2"` (repeatable; fields: sector,
        /// year, children_under_3, births, at_school_at_2, source).
        #[arg(long = "map")]
        map: Vec<String>,
        /// Check the file and say what would change, without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub enum SectorsCommand {
    /// Import a territory's sectors from GeoJSON (WGS 84): the communes of
    /// an EPCI, the districts of a commune. Every feature or none; a sector
    /// already known by its code is updated.
    Import {
        /// The GeoJSON file (a FeatureCollection of Polygon or MultiPolygon).
        file: PathBuf,
        /// The territory's identifier (`maillage territory list`).
        #[arg(long)]
        territory: String,
        /// The property that gives each sector its code (default: `code`
        /// when the features have one; the command lists them otherwise).
        #[arg(long)]
        code_property: Option<String>,
        /// The property that gives each sector its name (default: `nom`
        /// or `name` when the features have one).
        #[arg(long)]
        name_property: Option<String>,
        /// Check the file and say what would change, without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub enum ChildmindersCommand {
    /// Import a register file (CSV with ; or , in UTF-8 or Windows-1252,
    /// XLSX, ODS): every line or none; a childminder already known by her
    /// approval number is updated.
    Import {
        file: PathBuf,
        #[arg(long)]
        territory: String,
        /// Which column holds a field, when its header is not recognised:
        /// `--map approval_number="N° agrément"` (repeatable).
        #[arg(long = "map")]
        map: Vec<String>,
        /// Check the file and say what would change, without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
pub enum TerritoryCommand {
    /// Create a territory.
    Add {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
    /// List territories.
    List,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Give an existing account a role in a territory (or change it), active at once.
    Grant {
        #[arg(long)]
        territory: String,
        #[arg(long)]
        email: String,
        /// coordinator, action_lead, elected, caf_partner, relais, facility_manager, childminder
        #[arg(long)]
        role: String,
    },
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        territory: String,
        /// coordinator, action_lead, elected, caf_partner, relais, facility_manager, childminder
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a token for an account and print it (once) on standard output.
    Create {
        #[arg(long)]
        territory: String,
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long)]
        name: String,
        /// Allow writes (by default the token only reads).
        #[arg(long)]
        write: bool,
        /// Days of validity: 30, 90 or 365 (default: no end).
        #[arg(long)]
        days: Option<i64>,
    },
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Load a plan file (TOML, like ctg-plan-2023-2026.toml) into a territory.
    Import {
        file: PathBuf,
        #[arg(long)]
        territory: String,
        /// Check the file and report every error without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Import even if the territory has a convention with the same title and period.
        #[arg(long)]
        allow_duplicate: bool,
    },
}

pub fn sqlite_url(data_dir: &Path, file: &str) -> Result<String> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("impossible de créer le dossier {}", data_dir.display()))?;
    Ok(format!("sqlite://{}?mode=rwc", data_dir.join(file).display()))
}

async fn open(cli: &Cli) -> Result<DatabaseConnection> {
    let url = match &cli.database_url {
        Some(url) => url.clone(),
        None => {
            // Say which file is used: a mistyped --data-dir must not pass for
            // an empty territory.
            let file = cli.data_dir.join("maillage.sqlite");
            if file.exists() {
                eprintln!("Base de données : {}", file.display());
            } else {
                eprintln!("Base de données créée : {} (nouvelle, vide)", file.display());
            }
            sqlite_url(&cli.data_dir, "maillage.sqlite")?
        }
    };
    let db = maillage_db::connect(&url).await.context("connexion à la base de données impossible")?;
    maillage_db::migrate(&db).await.context("échec des migrations")?;
    Ok(db)
}

/// A territory named on the command line, or a message saying where the
/// names are.
pub(crate) async fn territory_by_slug(
    db: &DatabaseConnection,
    slug: &str,
) -> Result<maillage_domain::territory::Territory> {
    maillage_db::territory::find_by_slug(db, slug)
        .await
        .map_err(|_| anyhow::anyhow!("territoire « {slug} » introuvable (voir `maillage territory list`)"))
}

fn cli_actor(territory_id: i32) -> Actor {
    Actor::command_line(territory_id, "ligne de commande")
}

pub async fn run(cli: Cli) -> Result<()> {
    match &cli.command {
        Command::Serve {
            addr,
            secure_cookies,
            public_url,
            trusted_proxies,
            smtp_url,
            mail_from,
            request_reminder_months,
            request_expiry_days,
            request_retention_months,
        } => {
            let db = open(&cli).await?;
            if let Some(url) = smtp_url {
                crate::mailer::Mailer::new(url, mail_from)?.spawn(db.clone());
            }
            let config = maillage_web::Config {
                secure_cookies: *secure_cookies,
                demo_banner: false,
                public_url: public_url.clone().unwrap_or_else(|| format!("http://{addr}")),
                trusted_proxies: trusted_proxies.clone(),
                smtp_configured: smtp_url.is_some(),
            };
            let policy = ConfirmationPolicy {
                remind_after_months: *request_reminder_months,
                expire_after_days: *request_expiry_days,
            };
            serve(db, addr, config, Schedule { policy, retention_months: *request_retention_months }).await
        }
        Command::Demo { addr, password } => {
            let url = crate::demo::reset_database(&cli.data_dir)?;
            let db = maillage_db::connect(&url).await?;
            maillage_db::migrate(&db).await?;
            crate::demo::load(&db, password.as_deref()).await?;
            let config =
                maillage_web::Config { demo_banner: true, public_url: format!("http://{addr}"), ..Default::default() };
            serve(db, addr, config, Schedule::default()).await
        }
        Command::Purge { request_retention_months } => {
            let db = open(&cli).await?;
            let purged = maillage_db::maintenance::purge(&db, maillage_db::now()).await?;
            let today = maillage_domain::time::date_in_france(chrono::Utc::now());
            let erased = maillage_db::childcare::ops::purge_closed_requests(&db, today, *request_retention_months)
                .await
                .map_err(|e| anyhow::anyhow!("purge des demandes : {e}"))?;
            println!(
                "{} session(s) expirée(s), {} tentative(s) de connexion, {} fichier(s) d'import abandonné(s), {} demande(s) close(s) depuis plus de {} mois rendue(s) anonyme(s).",
                purged.sessions, purged.login_attempts, purged.uploads, erased, request_retention_months
            );
            Ok(())
        }
        Command::Generate { scale, departement } => {
            let territories = crate::generate::plan(*scale, departement)?;
            let db = open(&cli).await?;
            crate::generate::run(&db, &territories).await
        }
        Command::Sectors {
            command: SectorsCommand::Import { file, territory, code_property, name_property, dry_run },
        } => {
            let db = open(&cli).await?;
            let chosen = crate::sectors::Properties { code: code_property.clone(), name: name_property.clone() };
            crate::sectors::import(&db, territory, file, &chosen, *dry_run).await
        }
        Command::Population { command: PopulationCommand::Import { file, territory, map, dry_run } } => {
            let db = open(&cli).await?;
            crate::population::import(&db, territory, file, map, *dry_run).await
        }
        Command::Statistics { year, out } => {
            let db = open(&cli).await?;
            crate::statistics::export(&db, *year, out).await
        }
        Command::Childminders { command: ChildmindersCommand::Import { file, territory, map, dry_run } } => {
            let db = open(&cli).await?;
            crate::import::childminders(&db, territory, file, map, *dry_run).await
        }
        Command::Migrate => {
            open(&cli).await?;
            println!("Base de données à jour.");
            Ok(())
        }
        Command::Territory { command } => {
            let db = open(&cli).await?;
            match command {
                TerritoryCommand::Add { slug, name } => {
                    let mut errors = FieldErrors::new();
                    let slug = maillage_domain::territory::validate_slug(&mut errors, slug);
                    let name = maillage_domain::validation::required_text(&mut errors, "name", name, 200);
                    report(errors)?;
                    let t = maillage_db::territory::create(&db, &slug, &name, false).await?;
                    println!("Territoire créé : {} ({})", t.name, t.slug);
                }
                TerritoryCommand::List => {
                    for t in maillage_db::territory::list(&db).await? {
                        println!("{}\t{}", t.slug, t.name);
                    }
                }
            }
            Ok(())
        }
        Command::User { command: UserCommand::Grant { territory, email, role } } => {
            let db = open(&cli).await?;
            let t = territory_by_slug(&db, territory).await?;
            let Some(role) = Role::from_code(role) else {
                bail!(
                    "rôle « {role} » inconnu (coordinator, action_lead, elected, caf_partner, relais, facility_manager, childminder)"
                );
            };
            let actor = cli_actor(t.id);
            let cx = Ctx { db: &db, actor: &actor, today: maillage_domain::time::date_in_france(chrono::Utc::now()) };
            let user = ops_result(ops::grant_role(&cx, email, role).await)?;
            println!("{} a désormais le rôle {} dans {}.", user.email, role.label(), t.name);
            Ok(())
        }
        Command::User { command: UserCommand::Add { territory, role, email, name } } => {
            let db = open(&cli).await?;
            let t = territory_by_slug(&db, territory).await?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']);
            let Some(role) = Role::from_code(role) else {
                bail!(
                    "rôle « {role} » inconnu (coordinator, action_lead, elected, caf_partner, relais, facility_manager, childminder)"
                );
            };
            let display_name = name.clone().unwrap_or_else(|| email.trim().to_lowercase());
            let actor = cli_actor(t.id);
            let cx = Ctx { db: &db, actor: &actor, today: maillage_domain::time::date_in_france(chrono::Utc::now()) };
            let user = ops_result(ops::create_user(&cx, email, &display_name, role, password).await)?;
            println!("Compte créé : {} ({})", user.email, role.label());
            Ok(())
        }
        Command::Token { command: TokenCommand::Create { territory, email, name, write, days } } => {
            let db = open(&cli).await?;
            let t = maillage_db::territory::find_by_slug(&db, territory)
                .await
                .map_err(|_| anyhow::anyhow!("territoire « {territory} » introuvable"))?;
            let form = maillage_domain::accounts::TokenForm {
                name: name.clone(),
                scope: if *write { "write" } else { "read" }.into(),
                validity: days.map(|d| d.to_string()).unwrap_or_default(),
            };
            let user = maillage_db::accounts::find_in(&db, t.id, &email.trim().to_lowercase())
                .await?
                .filter(|u| u.is_active)
                .ok_or_else(|| anyhow::anyhow!("aucun compte actif « {email} » dans le territoire « {territory} »"))?;
            let actor = cli_actor(t.id);
            let cx = Ctx { db: &db, actor: &actor, today: maillage_domain::time::date_in_france(chrono::Utc::now()) };
            let (_, secret) = ops_result(ops::create_token(&cx, user.id, &form).await)?;
            println!("{secret}");
            Ok(())
        }
        Command::Plan { command: PlanCommand::Import { file, territory, dry_run, allow_duplicate } } => {
            let text =
                std::fs::read_to_string(file).with_context(|| format!("lecture de {} impossible", file.display()))?;
            let plan = match maillage_domain::plan::import::parse_plan(&text) {
                Ok(plan) => plan,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{}, {e}", file.display());
                    }
                    bail!("{} erreur(s) : rien n'a été importé", errors.len());
                }
            };
            let actions: usize = plan.axes.iter().map(|a| a.actions.len()).sum();
            let db = open(&cli).await?;
            let t = territory_by_slug(&db, territory).await?;
            let c = &plan.convention;
            let same = maillage_db::plan::conventions::list(&db, t.id)
                .await?
                .into_iter()
                .any(|x| x.title == c.title && x.starts_on == c.starts_on && x.ends_on == c.ends_on);
            if same && !allow_duplicate {
                bail!(
                    "le territoire a déjà une convention « {} » du {} au {} : rien n'a été importé \
                     (--allow-duplicate pour l'importer une seconde fois)",
                    c.title,
                    c.starts_on.format("%d/%m/%Y"),
                    c.ends_on.format("%d/%m/%Y")
                );
            }
            if *dry_run {
                println!("Fichier valide : {} axes, {actions} actions (rien n'a été écrit).", plan.axes.len());
                return Ok(());
            }
            let txn = maillage_db::begin_write(&db).await?;
            let conv = maillage_db::plan::import::import_plan(&txn, &cli_actor(t.id), &plan).await?;
            txn.commit().await?;
            println!("Plan importé : « {} », {} axes, {actions} actions.", conv.title, plan.axes.len());
            Ok(())
        }
    }
}

/// An operation's refusal as the command line says it: each field's message.
fn ops_result<T>(result: maillage_db::ops::OpResult<T>) -> Result<T> {
    use maillage_db::ops::OpError;
    use maillage_domain::Refusal;
    match result {
        Ok(value) => Ok(value),
        Err(OpError::Refused(Refusal::Invalid(errors))) => report(errors).and_then(|_| bail!("données invalides")),
        Err(OpError::Refused(Refusal::NotFound)) => bail!("introuvable dans ce territoire"),
        Err(OpError::Refused(other)) => bail!("refusé : {other:?}"),
        Err(OpError::Storage(e)) => Err(e.into()),
    }
}

fn report(errors: FieldErrors) -> Result<()> {
    if errors.is_empty() {
        return Ok(());
    }
    for e in errors.iter() {
        eprintln!("{} : {}", e.field, e.message);
    }
    bail!("données invalides : rien n'a été écrit")
}

/// Every quarter of an hour: expired sessions and old sign-in attempts go,
/// and free places that became « à confirmer » get their reminder.
/// What serve does on its own schedule about families' requests.
#[derive(Clone, Copy, Default)]
struct Schedule {
    policy: ConfirmationPolicy,
    /// 0 for the default retention.
    retention_months: u32,
}

/// Every quarter of an hour: expired sessions and sign-in attempts go,
/// free places to confirm and requests left unconfirmed are followed up,
/// requests closed past their retention lose their personal data.
fn spawn_purge(db: DatabaseConnection, public_url: String, schedule: Schedule) {
    let policy = schedule.policy;
    let retention = match schedule.retention_months {
        0 => maillage_domain::childcare::request::RETENTION_MONTHS,
        n => n,
    };
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(15 * 60));
        loop {
            every.tick().await;
            match maillage_db::maintenance::purge(&db, maillage_db::now()).await {
                Ok(p) => tracing::debug!(sessions = p.sessions, login_attempts = p.login_attempts, "purge"),
                Err(e) => tracing::warn!(error = %e, "purge failed"),
            }
            let today = maillage_domain::time::date_in_france(chrono::Utc::now());
            let link = format!("{}/mes-places", public_url.trim_end_matches('/'));
            match maillage_db::childcare::reminders::remind_stale(&db, today, &link).await {
                Ok(n) => tracing::debug!(reminders = n, "free places to confirm"),
                Err(e) => tracing::warn!(error = %e, "reminders failed"),
            }
            match maillage_db::childcare::ops::follow_up_requests(&db, today, policy).await {
                Ok(done) => tracing::debug!(reminded = done.reminded, expired = done.expired, "requests followed up"),
                Err(e) => tracing::warn!(error = %e, "requests follow-up failed"),
            }
            match maillage_db::childcare::ops::purge_closed_requests(&db, today, retention).await {
                Ok(n) => tracing::debug!(anonymised = n, "closed requests past their retention"),
                Err(e) => tracing::warn!(error = %e, "requests purge failed"),
            }
        }
    });
}

async fn serve(db: DatabaseConnection, addr: &str, config: maillage_web::Config, schedule: Schedule) -> Result<()> {
    spawn_purge(db.clone(), config.public_url.clone(), schedule);
    let state = maillage_web::AppState::new(db, config);
    let listener =
        tokio::net::TcpListener::bind(addr).await.with_context(|| format!("impossible d'écouter sur {addr}"))?;
    println!("Maillage écoute sur http://{}", listener.local_addr()?);
    let app = maillage_web::app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
