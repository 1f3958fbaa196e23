//! The account forms as people fill them, and their rules: the same for the
//! pages, the API and the command line.

use serde::Deserialize;

use super::{Role, check_own_account_change, validate_email, validate_password};
use crate::validation::{FieldErrors, required_text};

/// Someone invited into the territory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub display_name: String,
    /// A role code; see [`Role::code`].
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteFields {
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

impl InviteForm {
    pub fn validate(&self) -> Result<InviteFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = validate_email(&mut errors, "email", &self.email);
        let display_name = required_text(&mut errors, "display_name", &self.display_name, 120);
        let role = Role::from_code(self.role.trim());
        if role.is_none() {
            errors.add("role", "Choisissez un rôle dans la liste.");
        }
        match role {
            Some(role) => errors.into_result(InviteFields { email, display_name, role }),
            None => Err(errors),
        }
    }
}

/// A coordinator's change to an account of the territory: its role, and
/// whether it may sign in (for an invitee, whether the invitation stands).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AccountForm {
    pub role: String,
    /// Present (any value) when the box is ticked.
    pub active: Option<String>,
}

impl AccountForm {
    /// `acting` changes `target`, whose role is `current`: nobody demotes or
    /// deactivates themselves.
    pub fn validate(&self, acting: i32, target: i32, current: Role) -> Result<(Role, bool), FieldErrors> {
        let mut errors = FieldErrors::new();
        let role = Role::from_code(self.role.trim()).unwrap_or_else(|| {
            errors.add("role", "Choisissez un rôle dans la liste.");
            current
        });
        let active = self.active.is_some();
        check_own_account_change(&mut errors, acting, target, current, role, active);
        errors.into_result((role, active))
    }
}

/// A new password, typed twice.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    pub password: String,
    pub confirmation: String,
}

impl NewPasswordForm {
    pub fn check(&self, errors: &mut FieldErrors) {
        validate_password(errors, "password", &self.password);
        if self.password != self.confirmation {
            errors.add("confirmation", "Les deux mots de passe ne sont pas identiques.");
        }
    }
}

/// One's own password change: the current password, then the new one twice.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PasswordChangeForm {
    pub current: String,
    #[serde(flatten)]
    pub new: NewPasswordForm,
}

/// A personal API token as its owner asks for it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Days of validity: `30`, `90`, `365`, or empty for no end.
    pub validity: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenFields {
    pub name: String,
    pub read_only: bool,
    pub valid_days: Option<i64>,
}

/// The validities offered, in days.
pub const TOKEN_VALIDITIES: [i64; 3] = [30, 90, 365];

impl TokenForm {
    pub fn validate(&self) -> Result<TokenFields, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = crate::validation::required_text(&mut errors, "name", &self.name, 100);
        let read_only = match self.scope.trim() {
            "read" | "" => true,
            "write" => false,
            _ => {
                errors.add("scope", "Choisissez « lecture seule » ou « lecture et écriture ».");
                true
            }
        };
        let valid_days = match self.validity.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(days) if TOKEN_VALIDITIES.contains(&days) => Some(days),
                _ => {
                    errors.add("validity", "Choisissez une durée dans la liste.");
                    None
                }
            },
        };
        errors.into_result(TokenFields { name, read_only, valid_days })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_read_only_unless_asked_and_expire_only_as_offered() {
        let form = TokenForm { name: "Tableur".into(), ..Default::default() };
        assert_eq!(form.validate().unwrap(), TokenFields { name: "Tableur".into(), read_only: true, valid_days: None });
        let form = TokenForm { name: "Script".into(), scope: "write".into(), validity: "90".into() };
        assert_eq!(
            form.validate().unwrap(),
            TokenFields { name: "Script".into(), read_only: false, valid_days: Some(90) }
        );
        let errors =
            TokenForm { name: " ".into(), scope: "admin".into(), validity: "99999".into() }.validate().unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("scope").is_some() && errors.get("validity").is_some());
    }

    #[test]
    fn an_invitation_needs_an_address_a_name_and_a_role_of_the_list() {
        let form = InviteForm { email: " Ana@Mairie.fr".into(), display_name: "Ana".into(), role: "elected".into() };
        let fields = form.validate().unwrap();
        assert_eq!((fields.email.as_str(), fields.role), ("ana@mairie.fr", Role::Elected));
        let errors =
            InviteForm { email: "ana".into(), display_name: " ".into(), role: "admin".into() }.validate().unwrap_err();
        for field in ["email", "display_name", "role"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn an_account_change_keeps_the_rule_on_oneself() {
        let form = AccountForm { role: "elected".into(), active: None };
        assert_eq!(form.validate(1, 2, Role::Coordinator).unwrap(), (Role::Elected, false));
        let errors = form.validate(1, 1, Role::Coordinator).unwrap_err();
        assert!(errors.get("role").is_some() && errors.get("active").is_some());
        let errors = AccountForm { role: "root".into(), active: Some("on".into()) }.validate(1, 2, Role::Elected);
        assert!(errors.unwrap_err().get("role").is_some());
    }

    #[test]
    fn the_new_password_is_typed_twice() {
        let mut errors = FieldErrors::new();
        NewPasswordForm { password: "un mot de passe long".into(), confirmation: "autre".into() }.check(&mut errors);
        assert!(errors.get("confirmation").is_some() && errors.get("password").is_none());
    }
}
