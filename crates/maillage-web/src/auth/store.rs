//! tower-sessions' store over our own `sessions` table (no second pool).

use async_trait::async_trait;
use maillage_db::DatabaseConnection;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result};
use tower_sessions::{ExpiredDeletion, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn backend(e: impl std::fmt::Display) -> Error {
    Error::Backend(e.to_string())
}

fn expiry(record: &Record) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(record.expiry_date.unix_timestamp(), 0).unwrap_or_else(chrono::Utc::now)
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        while maillage_db::sessions::exists(&self.db, &record.id.to_string()).await.map_err(backend)? {
            record.id = Id::default();
        }
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let data = serde_json::to_string(record).map_err(|e| Error::Encode(e.to_string()))?;
        let user_id = record.data.get(super::SESSION_USER).and_then(|v| v.as_i64()).and_then(|v| i32::try_from(v).ok());
        maillage_db::sessions::save(&self.db, &record.id.to_string(), &data, expiry(record), user_id)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(data) = maillage_db::sessions::load(&self.db, &id.to_string()).await.map_err(backend)? else {
            return Ok(None);
        };
        serde_json::from_str(&data).map(Some).map_err(|e| Error::Decode(e.to_string()))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        maillage_db::sessions::delete(&self.db, &id.to_string()).await.map_err(backend)
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> Result<()> {
        maillage_db::sessions::purge_expired(&self.db).await.map(|_| ()).map_err(backend)
    }
}
