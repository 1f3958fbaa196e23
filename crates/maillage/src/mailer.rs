//! Sends the outbox by SMTP (`--smtp-url`), from any number of processes:
//! each message is claimed before it is tried, tried at most
//! `MAX_ATTEMPTS` times, and a body holding a one-time link is erased once
//! sent. Without a mail server, messages wait and the outbox page says so.

use std::time::Duration;

use anyhow::{Context, Result};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use maillage_db::DatabaseConnection;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `smtp://host:port` (plain, for a local relay), `smtp://…?tls=required`
    /// or `smtps://user:password@host` (TLS), as lettre reads them.
    pub fn new(url: &str, from: &str) -> Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .with_context(|| "adresse du serveur d'envoi (--smtp-url) invalide")?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse().with_context(|| format!("expéditeur (--mail-from) invalide : {from}"))?;
        Ok(Mailer { transport, from })
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse().context("adresse du destinataire invalide")?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())?;
        self.transport.send(message).await?;
        Ok(())
    }

    /// Sends what is pending; returns how many messages left.
    pub async fn send_pending(&self, db: &DatabaseConnection) -> Result<usize> {
        let mut sent = 0;
        for m in maillage_db::outbox::claim_pending(db, 20).await? {
            match self.send(&m.recipient, &m.subject, &m.body).await {
                Ok(()) => {
                    maillage_db::outbox::mark_sent(db, m.id).await?;
                    sent += 1;
                }
                Err(e) => {
                    // The cause, never the body: it may hold a one-time link.
                    tracing::warn!(message = m.id, error = %e, "message not sent");
                    maillage_db::outbox::mark_failed(db, m.id, &format!("{e:#}")).await?;
                }
            }
        }
        Ok(sent)
    }

    /// Every few seconds, for as long as the server runs.
    pub fn spawn(self, db: DatabaseConnection) {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3));
            loop {
                every.tick().await;
                if let Err(e) = self.send_pending(&db).await {
                    tracing::warn!(error = %e, "outbox");
                }
            }
        });
    }
}
