//! Territories: the tenant of every record.

use crate::validation::{FieldErrors, required_text};

/// A commune or an EPCI: every record belongs to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    pub id: i32,
    /// Lowercase ASCII, used on the command line (`ville-de-demo`).
    pub slug: String,
    pub name: String,
    /// A demo territory: every page says « Données de démonstration ».
    pub is_demo: bool,
    /// Bumped by every write recorded in the audit log: what was computed
    /// from the territory's records holds while the revision is unchanged.
    pub revision: i64,
}

/// A territory's slug: lowercase ASCII letters, digits and dashes.
pub fn validate_slug(errors: &mut FieldErrors, value: &str) -> String {
    let slug = required_text(errors, "slug", value, 60);
    let well_formed = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !slug.is_empty() && !well_formed {
        errors.add(
            "slug",
            "Utilisez des lettres minuscules sans accent, des chiffres et des tirets (exemple : ville-de-demo).",
        );
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for (input, ok) in [("ville-de-demo", true), ("Ville", false), ("é", false), ("-a", false), ("", false)] {
            let mut errors = FieldErrors::new();
            validate_slug(&mut errors, input);
            assert_eq!(errors.is_empty(), ok, "{input}");
        }
    }
}
