//! A fresh, empty database of either backend for one test: a SQLite file in a temporary
//! folder, or a new database on the test run's PostgreSQL server.

use psoas_store::AppStore;
use psoas_store::transfer::Transfer;
use psoas_store_postgres::PgStore;
use psoas_store_sqlite::SqliteStore;
use sqlx::{Connection, PgConnection, SqliteConnection};
use std::path::PathBuf;
use std::sync::Arc;
use tempfile::TempDir;

/// Which storage backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One SQLite file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// A store of the backend, before it is seen through one trait or another.
enum Opened {
    Sqlite(Arc<SqliteStore>),
    Postgres(Arc<PgStore>),
}

/// A fresh database for one test; a SQLite file's folder goes away with the value.
#[derive(Debug)]
pub struct TestDb {
    backend: Backend,
    url: String,
    dir: Option<TempDir>,
}

impl TestDb {
    /// A new, empty database (no schema yet: the store makes it when opened).
    pub async fn new(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = TempDir::new().expect("a temporary folder");
                let url = dir.path().join("psoas.db").display().to_string();
                Self {
                    backend,
                    url,
                    dir: Some(dir),
                }
            }
            Backend::Postgres => Self {
                backend,
                url: crate::postgres::fresh_database().await,
                dir: None,
            },
        }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// What `psoas --db` takes: the SQLite file's path, or the PostgreSQL URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The folder a SQLite file lives in (for files beside it); none for PostgreSQL.
    pub fn dir(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.path().to_path_buf())
    }

    /// Opens (and on first use, migrates) the store.
    pub async fn open(&self) -> Arc<dyn AppStore> {
        match self.opened().await {
            Opened::Sqlite(store) => store,
            Opened::Postgres(store) => store,
        }
    }

    async fn opened(&self) -> Opened {
        match self.backend {
            Backend::Sqlite => Opened::Sqlite(Arc::new(
                SqliteStore::open(self.url.as_ref())
                    .await
                    .expect("the SQLite store opens"),
            )),
            Backend::Postgres => Opened::Postgres(Arc::new(
                PgStore::connect(&self.url)
                    .await
                    .expect("the PostgreSQL store opens"),
            )),
        }
    }

    /// Opens the store as whole tables (what `psoas db copy` reads and writes).
    pub async fn open_transfer(&self) -> Arc<dyn Transfer> {
        match self.opened().await {
            Opened::Sqlite(store) => store,
            Opened::Postgres(store) => store,
        }
    }

    /// Runs statements directly, bypassing the store (to damage or inspect a database).
    pub async fn execute(&self, sql: &str) {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&format!("sqlite://{}", self.url))
                    .await
                    .expect("a plain SQLite connection");
                sqlx::raw_sql(sql)
                    .execute(&mut conn)
                    .await
                    .expect("the SQL runs");
                let _ = conn.close().await;
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url)
                    .await
                    .expect("a plain PostgreSQL connection");
                sqlx::raw_sql(sql)
                    .execute(&mut conn)
                    .await
                    .expect("the SQL runs");
                let _ = conn.close().await;
            }
        }
    }

    /// One number from a query run directly, bypassing the store (e.g. a row count).
    pub async fn count(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::connect(&format!("sqlite://{}", self.url))
                    .await
                    .expect("a plain SQLite connection");
                let n = sqlx::query_scalar(sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("the query runs");
                let _ = conn.close().await;
                n
            }
            Backend::Postgres => {
                let mut conn = PgConnection::connect(&self.url)
                    .await
                    .expect("a plain PostgreSQL connection");
                let n = sqlx::query_scalar(sql)
                    .fetch_one(&mut conn)
                    .await
                    .expect("the query runs");
                let _ = conn.close().await;
                n
            }
        }
    }
}
