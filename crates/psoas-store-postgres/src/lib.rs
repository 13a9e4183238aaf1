//! The psoas store on PostgreSQL, for a clinic where several `psoas serve` processes share one
//! database: migrations embedded in the binary and applied on connect, nothing about users
//! kept in memory. The store's SQL and logic are shared with SQLite ([`psoas_store::sql`]);
//! this crate gives them a connection ([`Db`], `conn.rs`) and its dialect.
//!
//! ```no_run
//! # async fn example() -> Result<(), psoas_store::StoreError> {
//! use psoas_store::{Scope, Store};
//! let store = psoas_store_postgres::PgStore::connect("postgres://psoas@db.local/psoas").await?;
//! println!("{} profiles", store.list_profiles(Scope::Terminal).await?.len());
//! # Ok(()) }
//! ```

mod conn;
mod connect;

use async_trait::async_trait;
use psoas_store::sql::{Conn, Db, Dialect, Tx, applied_now};
use psoas_store::{StoreError, StoreResult};
use sqlx::postgres::PgPool;

use crate::conn::Pg;

pub use connect::Target;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A psoas database on a PostgreSQL server.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    target: Target,
}

pub(crate) fn backend(error: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(error))
}

impl PgStore {
    /// Connects to the database named by a `postgres://` or `postgresql://` URL, checks it is
    /// ours (or empty) and not newer than this binary, and applies the migrations it lacks.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let store = Self::connect_only(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects and checks the database is empty or ours and not newer than this binary,
    /// without applying migrations (`psoas db migrate` applies them and says which).
    pub async fn connect_only(url: &str) -> StoreResult<Self> {
        let (pool, target) = connect::pool(url).await?;
        let store = Self { pool, target };
        store.check_schema().await?;
        Ok(store)
    }

    /// The server and database this store lives in (no password).
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The pool, for the copy and checksum code of the binary.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Applies the migrations the database lacks; returns the descriptions of those applied.
    pub async fn migrate(&self) -> StoreResult<Vec<String>> {
        let before = self.applied().await?;
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(version) => self.too_new(version),
            sqlx::migrate::MigrateError::Execute(e) => backend(e),
            other => StoreError::Backend(Box::new(other)),
        })?;
        let all = MIGRATOR.iter().map(|m| (m.version, &*m.description));
        Ok(applied_now(all, &before))
    }

    /// The migration versions applied to the database (none for a fresh one).
    async fn applied(&self) -> StoreResult<Vec<i64>> {
        let exists: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations')",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        if !exists {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)
    }

    fn too_new(&self, version: i64) -> StoreError {
        StoreError::TooNew(format!(
            "the database {} was written by a newer psoas (schema {version}); upgrade psoas to \
             use it",
            self.target
        ))
    }

    /// Refuses a database that holds another program's tables, or one a newer psoas migrated.
    async fn check_schema(&self) -> StoreResult<()> {
        let applied = self.applied().await?;
        if applied.is_empty() {
            let tables: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM information_schema.tables \
                 WHERE table_schema = current_schema()",
            )
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
            if tables > 0 {
                return Err(StoreError::NotOurs(format!(
                    "the database {} already holds other tables and is not a psoas database; \
                     give psoas a database of its own (CREATE DATABASE psoas)",
                    self.target
                )));
            }
            return Ok(());
        }
        let first = MIGRATOR.iter().next().map(|m| m.version);
        if first.is_some_and(|v| !applied.contains(&v)) {
            return Err(StoreError::NotOurs(format!(
                "the database {} holds another program's migrations; give psoas a database of \
                 its own (CREATE DATABASE psoas)",
                self.target
            )));
        }
        if let Some(unknown) = applied
            .iter()
            .find(|v| !MIGRATOR.iter().any(|m| m.version == **v))
        {
            return Err(self.too_new(*unknown));
        }
        Ok(())
    }
}

/// What PostgreSQL spells its own way: text compared byte by byte (`COLLATE "C"`), as SQLite
/// does, whatever the database's collation.
static DIALECT: Dialect = Dialect {
    name: "substr(p.name_key, strpos(p.name_key, '/') + 1) COLLATE \"C\"",
    bytes: " COLLATE \"C\"",
    in_ids: "s.id IN (SELECT json_array_elements_text(CAST($6 AS json)))",
    insertion_order: "seq",
};

/// The insertion-order column this backend adds where SQLite has its rowid; not data.
const SEQ: &str = "seq";

#[async_trait]
impl Db for PgStore {
    fn dialect(&self) -> &'static Dialect {
        &DIALECT
    }

    async fn read(&self) -> StoreResult<Box<dyn Conn>> {
        Ok(Box::new(Pg(self.pool.acquire().await.map_err(backend)?)))
    }

    async fn writer(&self) -> StoreResult<Box<dyn Conn>> {
        self.read().await
    }

    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        Ok(Box::new(Pg(self.pool.begin().await.map_err(backend)?)))
    }

    /// A repeatable-read, read-only transaction: one consistent state of every table.
    async fn snapshot(&self) -> StoreResult<Box<dyn Tx>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        Ok(Box::new(Pg(tx)))
    }

    async fn list_schema(&self) -> StoreResult<Vec<(String, Vec<String>)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
             JOIN information_schema.tables t ON t.table_schema = c.table_schema \
             AND t.table_name = c.table_name \
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
             AND c.table_name <> '_sqlx_migrations' \
             ORDER BY c.table_name::text COLLATE \"C\", c.column_name::text COLLATE \"C\"",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut tables: Vec<(String, Vec<String>)> = Vec::new();
        for (table, column) in rows {
            if column == SEQ {
                continue;
            }
            match tables.last_mut() {
                Some((name, columns)) if *name == table => columns.push(column),
                _ => tables.push((table, vec![column])),
            }
        }
        Ok(tables)
    }

    async fn close_pools(&self) {
        self.pool.close().await;
    }
}
