//! What a page computed from a territory's records, kept while the
//! territory's revision (stored in the database, bumped by every audited
//! write) and the day are those it was computed at. Checked on every
//! request against the revision read with the user, so two processes on one
//! database give the same answers; a stale entry is simply recomputed.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

/// Entries beyond this are dropped all at once: a deployment has few
/// territories and conventions, and recomputing is cheap.
const MAX_ENTRIES: usize = 10_000;

/// A value with the revision and the day it was computed at.
struct Entry<V> {
    revision: i64,
    day: NaiveDate,
    value: Arc<V>,
}

pub struct RevisionCache<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
}

impl<K: Eq + Hash, V> Default for RevisionCache<K, V> {
    fn default() -> Self {
        Self { entries: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V> RevisionCache<K, V> {
    /// The value for `key` at `revision` on `today`, computed by `compute` if
    /// what is kept is older (or absent).
    pub async fn get_or_compute<E, F>(&self, key: K, revision: i64, today: NaiveDate, compute: F) -> Result<Arc<V>, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(e) = self.lock().get(&key)
            && e.revision == revision
            && e.day == today
        {
            return Ok(e.value.clone());
        }
        let value = Arc::new(compute.await?);
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Entry { revision, day: today, value: value.clone() });
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Entry<V>>> {
        // A panic while holding the lock leaves nothing half-written worth keeping.
        self.entries.lock().unwrap_or_else(|poisoned| {
            let mut guard = poisoned.into_inner();
            guard.clear();
            guard
        })
    }
}
