//! Roles, permissions and the account rules (password policy, throttling).
//!
//! [`Role::can`] is the one table that says which role may do what. Every
//! route names a [`Permission`]; the web layer's route table test walks all
//! routes and roles against it.

use serde::{Deserialize, Serialize};

use crate::validation::FieldErrors;

mod forms;
pub use forms::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Coordinator,
    ActionLead,
    Elected,
    CafPartner,
    Relais,
    FacilityManager,
    Childminder,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Coordinator,
        Role::ActionLead,
        Role::Elected,
        Role::CafPartner,
        Role::Relais,
        Role::FacilityManager,
        Role::Childminder,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::ActionLead => "action_lead",
            Role::Elected => "elected",
            Role::CafPartner => "caf_partner",
            Role::Relais => "relais",
            Role::FacilityManager => "facility_manager",
            Role::Childminder => "childminder",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Coordinator => "Coordinateur·rice CTG",
            Role::ActionLead => "Pilote d'action",
            Role::Elected => "Élu·e",
            Role::CafPartner => "Partenaire CAF",
            Role::Relais => "Animateur·rice du Relais Petite Enfance",
            Role::FacilityManager => "Gestionnaire de structure",
            Role::Childminder => "Assistant·e maternel·le",
        }
    }

    /// The permission table. Anything not listed is refused.
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            // Every signed-in user manages their own session and API tokens.
            UseAccount => true,
            ViewPlan | ExportPlan => {
                matches!(self, Coordinator | ActionLead | Elected | CafPartner)
            }
            // Action leads may update the actions they lead; the check on
            // *which* action is `may_update_action`, it needs the record.
            UpdateLedAction => matches!(self, Coordinator | ActionLead),
            EditPlan | ManageUsers | ViewAudit => matches!(self, Coordinator),
            // Childcare registers: the relais keeps them with the coordinator.
            ViewRegisters | EditRegisters => matches!(self, Coordinator | Relais),
            // Which holder is theirs is `childcare` operations' to check.
            DeclareVacancies => matches!(self, Coordinator | Relais | Childminder | FacilityManager),
            // A family's data: the relais who follows it, the coordinator.
            FollowRequests => matches!(self, Coordinator | Relais),
            ViewChildcareStatistics => matches!(self, Coordinator | Relais | Elected | CafPartner),
            EditSectors => matches!(self, Coordinator),
        }
    }
}

/// An account as one territory sees it: its role and standing there come
/// from its grant in that territory (its password hash never leaves storage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i32,
    /// The territory this view is of.
    pub territory_id: i32,
    pub email: String,
    pub display_name: String,
    /// Its role in the territory.
    pub role: Role,
    /// Its grant in the territory is active.
    pub is_active: bool,
    /// Invited to the territory, link not yet accepted.
    pub pending: bool,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// An account's standing in a territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantState {
    Active,
    /// Invited: the link has not been accepted yet.
    Pending,
    /// Deactivated by the territory's coordinator.
    Inactive,
}

impl GrantState {
    pub const ALL: [GrantState; 3] = [GrantState::Active, GrantState::Pending, GrantState::Inactive];

    pub fn code(self) -> &'static str {
        match self {
            GrantState::Active => "active",
            GrantState::Pending => "pending",
            GrantState::Inactive => "inactive",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One account's role in one territory (« rôle dans un territoire »).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub territory_id: i32,
    pub territory_name: String,
    pub role: Role,
    pub state: GrantState,
}

/// A personal API token (its secret is shown once and only its hash kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i32,
    pub user_id: i32,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub read_only: bool,
}

/// A one-time link with which an invited person joins a territory: a new
/// account chooses its password, an existing one accepts the access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: i32,
    pub user_id: i32,
    pub territory_id: i32,
    /// The account existed (it has a password): accepting needs none.
    pub existing_account: bool,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Own session, own API tokens.
    UseAccount,
    /// Dashboard, fiches, meetings, the printable report.
    ViewPlan,
    /// XLSX and CSV exports of the plan.
    ExportPlan,
    /// Status, progress, indicator actuals and journal of actions one leads.
    UpdateLedAction,
    /// Every field of every action, conventions, axes, budget, meetings, renewal.
    EditPlan,
    /// Invite, change role, deactivate.
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// The registers of facilities and childminders, and their capacities.
    ViewRegisters,
    /// Add and change facilities, childminders and capacities.
    EditRegisters,
    /// Declare free places: any holder for the registers' keepers, one's
    /// own record for a childminder, one's facilities for a manager.
    DeclareVacancies,
    /// Families' childcare requests: read them (each read is audited), file
    /// one for a family, follow it.
    FollowRequests,
    /// Childcare statistics: in full for those who follow requests, with
    /// counts under 5 hidden for the partners and the elected.
    ViewChildcareStatistics,
    /// The needs map's sectors (their import) and population figures.
    EditSectors,
}

/// Whether `role` (user `user_id`) may update an action led by `lead_user_id`.
pub fn may_update_action(role: Role, user_id: i32, lead_user_id: Option<i32>) -> bool {
    role.can(Permission::EditPlan) || (role.can(Permission::UpdateLedAction) && lead_user_id == Some(user_id))
}

/// A coordinator may not demote or deactivate their own account: a
/// territory would otherwise risk having nobody left to administer it.
pub fn check_own_account_change(
    errors: &mut FieldErrors,
    acting_user: i32,
    target_user: i32,
    current_role: Role,
    new_role: Role,
    active: bool,
) {
    if acting_user != target_user {
        return;
    }
    if new_role != current_role {
        errors.add("role", "Vous ne pouvez pas changer votre propre rôle : demandez à un·e autre coordinateur·rice.");
    }
    if !active {
        errors.add("active", "Vous ne pouvez pas désactiver votre propre compte.");
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;
/// Failures for one account from one client address before it must wait.
pub const MAX_FAILED_LOGINS: usize = 5;
/// Failures from one client address, whatever the accounts, before it must
/// wait: password spraying tries many accounts once each.
pub const MAX_FAILED_LOGINS_PER_ADDRESS: usize = 20;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

pub fn validate_password(errors: &mut FieldErrors, field: &str, password: &str) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add(field, format!("Le mot de passe doit compter au moins {MIN_PASSWORD_CHARS} caractères."));
    } else if password.len() > 1024 {
        errors.add(field, "Le mot de passe est trop long (1024 octets au maximum).");
    }
}

/// An address a mail server takes: one `@`; before it letters, digits and
/// `.!#$%&'*+/=?^_`{|}~-` (no dot at either end, no two in a row); after
/// it two labels or more of letters, digits and dashes. Commas, angle
/// brackets, quotes and spaces are refused: they would make one field
/// name several recipients or headers.
fn is_address(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._!#$%&'*+/=?^`{|}~-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars().count() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok && email.len() <= 254
}

pub fn validate_email(errors: &mut FieldErrors, field: &str, email: &str) -> String {
    let email = email.trim().to_lowercase();
    if email.is_empty() {
        errors.add(field, "Ce champ est obligatoire.");
    } else if !is_address(&email) {
        errors.add(field, "Adresse e-mail invalide (exemple : prenom.nom@mairie.fr).");
    }
    email
}

/// How long a sign-in from a client address must still wait, if at all,
/// given the failed attempts of the last window (oldest first): those for the
/// account from that address, and all those from that address.
///
/// After [`MAX_FAILED_LOGINS`] failures for the account from the address, or
/// [`MAX_FAILED_LOGINS_PER_ADDRESS`] from the address, within
/// [`THROTTLE_WINDOW_MINUTES`], it waits until the oldest counted failure
/// leaves the window. Counting per address means a stranger guessing
/// elsewhere slows themselves, not the owner.
pub fn login_wait(
    account_failures: &[chrono::DateTime<chrono::Utc>],
    address_failures: &[chrono::DateTime<chrono::Utc>],
    now: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::Duration> {
    let window = chrono::Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let wait = |failures: &[chrono::DateTime<chrono::Utc>], max: usize| {
        let recent: Vec<_> = failures.iter().filter(|t| now - **t < window).collect();
        (recent.len() >= max).then(|| *recent[recent.len() - max] + window - now)
    };
    match (wait(account_failures, MAX_FAILED_LOGINS), wait(address_failures, MAX_FAILED_LOGINS_PER_ADDRESS)) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// « 14 minutes », « 1 minute », « moins d'une minute ».
pub fn french_wait(duration: chrono::Duration) -> String {
    let minutes = (duration.num_seconds() + 59) / 60;
    match minutes {
        i64::MIN..=0 => "moins d'une minute".to_owned(),
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn an_address_names_one_recipient() {
        let check = |email: &str| {
            let mut errors = FieldErrors::new();
            validate_email(&mut errors, "email", email);
            errors.is_empty()
        };
        for good in [
            "prenom.nom@mairie.fr",
            " Camille.Martin@Exemple.FR ",
            "o'neil+rpe@ville-de-demo.fr",
            "accueil@crèche-lucioles.fr",
            "a@b.co",
        ] {
            assert!(check(good), "{good} refused");
        }
        for bad in [
            "f@example.org,g@example.org",
            "b@example.org%0abcc:x@example.org",
            "<script>@x.org",
            "a@b@c.fr",
            "\"a b\"@c.fr",
            "a@localhost",
            ".a@b.fr",
            "a..b@c.fr",
            "a@-b.fr",
            "a@b..fr",
            "a;b@c.fr",
            "a@b.fr\nBcc: x@y.fr",
            "",
        ] {
            assert!(!check(bad), "{bad:?} accepted");
        }
    }

    #[test]
    fn read_only_roles_cannot_write() {
        for role in [Role::Elected, Role::CafPartner] {
            assert!(role.can(Permission::ViewPlan));
            assert!(!role.can(Permission::UpdateLedAction));
            assert!(!role.can(Permission::EditPlan));
        }
    }

    #[test]
    fn action_lead_updates_only_own_actions() {
        assert!(may_update_action(Role::ActionLead, 7, Some(7)));
        assert!(!may_update_action(Role::ActionLead, 7, Some(8)));
        assert!(!may_update_action(Role::ActionLead, 7, None));
        assert!(may_update_action(Role::Coordinator, 1, Some(8)));
        assert!(!may_update_action(Role::Elected, 7, Some(7)));
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("admin"), None);
    }

    #[test]
    fn fifth_failure_locks_until_the_first_leaves_the_window() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let failures: Vec<_> = (0..5).map(|i| t0 + Duration::minutes(i)).collect();
        assert_eq!(login_wait(&failures[..4], &failures[..4], t0 + Duration::minutes(5)), None);
        let now = t0 + Duration::minutes(5);
        assert_eq!(login_wait(&failures, &failures, now), Some(Duration::minutes(10)));
        assert_eq!(french_wait(Duration::minutes(10)), "10 minutes");
        assert_eq!(login_wait(&failures, &failures, t0 + Duration::minutes(15)), None);
    }

    #[test]
    fn an_address_spraying_many_accounts_waits_too() {
        let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
        let sprayed: Vec<_> = (0..20).map(|i| t0 + Duration::seconds(i * 10)).collect();
        let now = t0 + Duration::minutes(5);
        assert_eq!(login_wait(&[], &sprayed[..19], now), None);
        assert_eq!(login_wait(&[], &sprayed, now), Some(Duration::minutes(10)));
    }

    #[test]
    fn nobody_demotes_or_deactivates_themselves() {
        let mut errors = FieldErrors::new();
        check_own_account_change(&mut errors, 1, 1, Role::Coordinator, Role::Elected, false);
        assert!(errors.get("role").is_some() && errors.get("active").is_some());
        let mut errors = FieldErrors::new();
        check_own_account_change(&mut errors, 1, 2, Role::Coordinator, Role::Elected, false);
        assert!(errors.is_empty());
    }

    #[test]
    fn passwords_and_emails() {
        let mut errors = FieldErrors::new();
        validate_password(&mut errors, "password", "court");
        assert!(errors.get("password").unwrap().contains("12 caractères"));
        let mut errors = FieldErrors::new();
        assert_eq!(validate_email(&mut errors, "email", " Ana@Mairie.FR "), "ana@mairie.fr");
        assert!(errors.is_empty());
        validate_email(&mut errors, "email", "ana@mairie");
        assert!(errors.get("email").is_some());
    }
}
