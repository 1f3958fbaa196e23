//! Messages the platform sends (invitations, password resets, and soon the
//! families' messages): stored in the outbox before they are sent, so that a
//! coordinator sees what left and what did not.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Invitation,
    PasswordReset,
    /// Free places declared more than three months ago: to confirm.
    VacancyReminder,
    /// To a family: its childcare request, its tracking code and link.
    CareRequest,
}

impl MessageKind {
    pub const ALL: [MessageKind; 4] =
        [MessageKind::Invitation, MessageKind::PasswordReset, MessageKind::VacancyReminder, MessageKind::CareRequest];

    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Invitation => "invitation",
            MessageKind::PasswordReset => "password_reset",
            MessageKind::VacancyReminder => "vacancy_reminder",
            MessageKind::CareRequest => "care_request",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            MessageKind::Invitation => "Invitation",
            MessageKind::PasswordReset => "Nouveau mot de passe",
            MessageKind::VacancyReminder => "Places disponibles à confirmer",
            MessageKind::CareRequest => "Demande d'accueil",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageState {
    /// Waiting for the sender (or for a mail server to be configured).
    Pending,
    Sent,
    /// Given up after [`MAX_ATTEMPTS`].
    Failed,
}

/// Tries before a message is given up.
pub const MAX_ATTEMPTS: i32 = 5;

impl MessageState {
    pub const ALL: [MessageState; 3] = [MessageState::Pending, MessageState::Sent, MessageState::Failed];

    pub fn code(self) -> &'static str {
        match self {
            MessageState::Pending => "pending",
            MessageState::Sent => "sent",
            MessageState::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            MessageState::Pending => "En attente d'envoi",
            MessageState::Sent => "Envoyé",
            MessageState::Failed => "Échec de l'envoi",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i32,
    pub kind: MessageKind,
    pub recipient: String,
    pub subject: String,
    /// Empty once sent if it held a one-time link.
    pub body: String,
    pub state: MessageState,
    pub attempts: i32,
    pub last_error: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A message to queue: what it says and to whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub kind: MessageKind,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// Holds a one-time link: erased once sent.
    pub secret: bool,
}

pub fn invitation(recipient: &str, name: &str, territory: &str, link: &str, days: i64) -> Draft {
    Draft {
        kind: MessageKind::Invitation,
        recipient: recipient.to_owned(),
        subject: format!("Votre accès à Maillage — {territory}"),
        body: format!(
            "Bonjour {name},\n\nVous êtes invité·e à utiliser Maillage pour {territory} (pilotage de la \
             Convention Territoriale Globale).\n\nChoisissez votre mot de passe en ouvrant ce lien, valable \
             {days} jours et une seule fois :\n{link}\n\nSi vous n'attendiez pas ce message, ignorez-le.\n"
        ),
        secret: true,
    }
}

/// The invitation of an address that already has an account (elsewhere):
/// the same subject as [`invitation`], a link to accept the access.
pub fn access_invitation(recipient: &str, name: &str, territory: &str, link: &str, days: i64) -> Draft {
    Draft {
        kind: MessageKind::Invitation,
        recipient: recipient.to_owned(),
        subject: format!("Votre accès à Maillage — {territory}"),
        body: format!(
            "Bonjour {name},\n\nVous êtes invité·e à utiliser Maillage aussi pour {territory}. Votre compte et \
             votre mot de passe restent les mêmes : acceptez cet accès en ouvrant ce lien, valable {days} jours \
             et une seule fois :\n{link}\n\nSi vous n'attendiez pas ce message, ignorez-le.\n"
        ),
        secret: true,
    }
}

/// The reminder that free places declared on `declared_on` are to confirm.
pub fn vacancy_reminder(recipient: &str, name: &str, holder: &str, declared_on: &str, link: &str) -> Draft {
    Draft {
        kind: MessageKind::VacancyReminder,
        recipient: recipient.to_owned(),
        subject: "Maillage — vos places disponibles sont à confirmer".to_owned(),
        body: format!(
            "Bonjour {name},\n\nLes places disponibles de {holder} ont été déclarées le {declared_on}, il y a plus \
             de trois mois : le relais petite enfance les montre désormais comme « à confirmer ». Confirmez-les \
             ou corrigez-les en une minute :\n{link}\n\nSi rien n'a changé, enregistrez simplement la grille telle \
             quelle.\n"
        ),
        secret: false,
    }
}

/// To a family that filed a request: its code, and the private link to
/// follow it. Nothing typed on the public form goes into a message but
/// the address itself: a stranger's form cannot make the commune write
/// their words to someone.
pub fn care_request_filed(recipient: &str, code: &str, territory: &str, link: &str) -> Draft {
    Draft {
        kind: MessageKind::CareRequest,
        recipient: recipient.to_owned(),
        subject: format!("Votre demande d'accueil {code} — {territory}"),
        body: format!(
            "Bonjour,\n\nVotre demande d'accueil pour votre enfant est enregistrée auprès du relais petite \
             enfance de {territory}. Son code de suivi est {code} : donnez-le si vous appelez le relais.\n\n\
             Suivez votre demande, modifiez vos horaires, confirmez-la ou annulez-la avec ce lien personnel \
             (gardez-le pour vous) :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message.\n"
        ),
        secret: true,
    }
}

/// To a family: its request changed status (the link is not sent again:
/// only its hash is kept).
pub fn care_request_status(recipient: &str, code: &str, status: &str, note: &str, territory: &str) -> Draft {
    let note = if note.is_empty() { String::new() } else { format!("Message du relais : {note}\n\n") };
    Draft {
        kind: MessageKind::CareRequest,
        recipient: recipient.to_owned(),
        subject: format!("Votre demande d'accueil {code} : {}", status.to_lowercase()),
        body: format!(
            "Bonjour,\n\nVotre demande d'accueil {code} auprès du relais petite enfance de {territory} \
             est désormais : {status}.\n\n{note}Retrouvez-la avec le lien personnel reçu lors du dépôt, ou \
             appelez le relais en donnant votre code.\n"
        ),
        secret: false,
    }
}

/// To a family that has not confirmed its request for a while.
pub fn care_request_reminder(recipient: &str, code: &str, territory: &str, expires_on: &str) -> Draft {
    Draft {
        kind: MessageKind::CareRequest,
        recipient: recipient.to_owned(),
        subject: format!("Votre demande d'accueil {code} : est-elle toujours d'actualité ?"),
        body: format!(
            "Bonjour,\n\nVous cherchez toujours un mode d'accueil pour votre enfant ? Confirmez votre \
             demande {code} auprès du relais petite enfance de {territory} avant le {expires_on} : ouvrez le lien \
             personnel reçu lors du dépôt et appuyez sur « Ma demande est toujours d'actualité », ou appelez le \
             relais en donnant votre code. Sans réponse, la demande expirera à cette date.\n\nSi vous avez \
             trouvé une solution, vous pouvez l'annuler par le même lien.\n"
        ),
        secret: false,
    }
}

pub fn password_reset(recipient: &str, name: &str, link: &str, minutes: i64) -> Draft {
    Draft {
        kind: MessageKind::PasswordReset,
        recipient: recipient.to_owned(),
        subject: "Maillage — choisir un nouveau mot de passe".to_owned(),
        body: format!(
            "Bonjour {name},\n\nQuelqu'un (vous, sans doute) a demandé à changer le mot de passe de votre \
             compte Maillage. Choisissez-en un nouveau en ouvrant ce lien, valable {minutes} minutes et une \
             seule fois :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe \
             actuel reste valable.\n"
        ),
        secret: true,
    }
}
