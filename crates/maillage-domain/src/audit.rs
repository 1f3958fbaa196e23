//! The audit log (« journal des modifications »): who changed which
//! record, when, from what to what.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One changed field. Values are shown as text, the way a user typed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Collects the fields whose value differs.
#[derive(Debug, Default)]
pub struct Changes(pub Vec<Change>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn compare(&mut self, field: &str, before: impl ToString, after: impl ToString) -> &mut Self {
        let (before, after) = (before.to_string(), after.to_string());
        if before != after {
            self.0.push(Change { field: field.to_owned(), before, after });
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i32,
    pub user_id: Option<i32>,
    /// The author's name when the entry was written (accounts can be renamed).
    pub actor: String,
    pub at: DateTime<Utc>,
    /// The record type (`action`, `milestone`…) and id.
    pub entity: String,
    pub entity_id: i32,
    pub operation: String,
    pub summary: String,
    pub changes: Vec<Change>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_differences_are_kept() {
        let mut c = super::Changes::new();
        c.compare("Titre", "a", "a").compare("Statut", "En cours", "Réalisée");
        assert_eq!(c.0.len(), 1);
        assert_eq!(c.0[0].field, "Statut");
    }
}
