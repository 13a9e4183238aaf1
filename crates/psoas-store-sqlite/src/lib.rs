//! The psoas store on SQLite: one file, WAL mode, durable commits, migrations embedded in the
//! binary and applied when the file is opened. The store's SQL and logic are shared
//! ([`psoas_store::sql`]); this crate gives them a connection ([`Db`], `conn.rs`), its
//! dialect, and its fast paths: one writer connection, lone trials written in groups
//! (`group_commit.rs`) and batches of reads in one round trip.
//!
//! ```no_run
//! # async fn example() -> Result<(), psoas_store::StoreError> {
//! use psoas_store::{Scope, Store};
//! let store = psoas_store_sqlite::SqliteStore::open("psoas.db".as_ref()).await?;
//! println!("{} profiles", store.list_profiles(Scope::Terminal).await?.len());
//! # Ok(()) }
//! ```

mod backup;
mod conn;
mod group_commit;
mod readers;

use async_trait::async_trait;
use psoas_core::{Measurement, SessionId};
use psoas_store::sql::{Conn, Db, Dialect, Tx, applied_now, insert_measurement};
use psoas_store::{Scope, StoreError, StoreResult};

use crate::conn::Lite;
use crate::group_commit::GroupCommit;
use crate::readers::Readers;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Reader connections at most: WAL readers do not block each other, and a read runs on the
/// thread of the task that asked, so more would only wait for a core.
const READERS: usize = 4;

/// Marks a SQLite file as ours ("psoa" in ASCII), so foreign databases are refused.
const APPLICATION_ID: i64 = 0x7073_6f61;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A psoas database in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Connections for reading, several at once (WAL readers do not block each other), on
    /// rusqlite (`readers.rs`).
    readers: Arc<Readers>,
    /// A connection for what sqlx itself does: migrations, claiming the file, the schema.
    pool: SqlitePool,
    /// The one connection every write of this process goes through: SQLite takes one writer
    /// at a time anyway, and writers waiting here queue in order, where writers racing for
    /// the file's lock would sleep in the busy handler's growing steps (1, 2, 5, 10 ms...)
    /// and stretch the slowest requests. Other processes still wait through the busy timeout.
    writer: SqlitePool,
    /// Lone trials, written in groups through the writer (`group_commit.rs`).
    trials: GroupCommit,
    path: PathBuf,
}

pub(crate) fn backend(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error
        && let Some(known) = db
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .and_then(sqlite_code)
    {
        return known;
    }
    StoreError::Backend(Box::new(error))
}

/// The failures that SQLite's (extended) result code words for the person.
pub(crate) fn sqlite_code(code: i32) -> Option<StoreError> {
    // SQLITE_READONLY and its extended codes all end in 8 in the low byte.
    (code & 0xff == 8).then(|| {
        StoreError::ReadOnly(
            "the database cannot be written (read-only file or folder); make it writable \
             or choose another file with --db"
                .to_string(),
        )
    })
}

fn looks_like_sqlite(path: &Path) -> std::io::Result<bool> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let read = file.read(&mut header)?;
    Ok(read == 0 || header == *b"SQLite format 3\0")
}

/// Creates an empty file only its owner may read or write (0600): it will hold health data.
/// SQLite gives the journal files it makes beside a database the database's own mode.
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

impl SqliteStore {
    /// Opens (creating if needed) the database file, checks it is ours and applies the
    /// migrations it lacks.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        let store = Self::open_unmigrated(path).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens (creating if needed) the database file and checks it is ours, without applying
    /// migrations (see [`SqliteStore::migrate`]).
    pub async fn open_unmigrated(path: &Path) -> StoreResult<Self> {
        let shown = path.display();
        if path.is_dir() {
            return Err(StoreError::NotOurs(format!(
                "{shown} is a folder; give a file name for the database, e.g. {shown}/psoas.db"
            )));
        }
        if path.exists() {
            let sqlite = looks_like_sqlite(path).map_err(|e| {
                StoreError::NotOurs(format!(
                    "{shown} cannot be read ({e}); check its permissions"
                ))
            })?;
            if !sqlite {
                return Err(StoreError::NotOurs(format!(
                    "{shown} is not a psoas database (it is not an SQLite file); \
                     choose another file with --db or PSOAS_DATABASE_URL"
                )));
            }
            let readonly = std::fs::metadata(path)
                .map(|m| m.permissions().readonly())
                .unwrap_or(false);
            if readonly {
                return Err(StoreError::ReadOnly(format!(
                    "{shown} is read-only; make it writable (chmod u+w) or choose another \
                     file with --db"
                )));
            }
        }
        if !path.exists() {
            create_private(path).map_err(|e| {
                StoreError::NotOurs(format!(
                    "cannot create {shown} ({e}); check that its folder exists and is writable"
                ))
            })?;
        }
        // Decide whose file it is through a read-only connection first: setting WAL mode is
        // itself a write, and another program's database must be left exactly as it was.
        let fresh = match std::fs::metadata(path) {
            Ok(meta) if meta.len() > 0 => inspect(path).await?,
            _ => true,
        };
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            .row_buffer_size(4096);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            // A connection to a local file does not drop like a network one; the check would
            // cost every query an extra hand-off to the connection's thread.
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(|e| match backend(e) {
                StoreError::Backend(e) => StoreError::Backend(
                    format!("cannot open {shown}: {e}; check the path and its permissions").into(),
                ),
                other => other,
            })?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_lazy_with(options);
        let store = Self {
            readers: Readers::new(path, READERS),
            pool,
            trials: GroupCommit::start(writer.clone()),
            writer,
            path: path.to_path_buf(),
        };
        if fresh {
            let mut conn = store.pool.acquire().await.map_err(backend)?;
            claim(&mut conn).await?;
        }
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies the migrations the file lacks; returns those applied ("version description").
    pub async fn migrate(&self) -> StoreResult<Vec<String>> {
        let tracked: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master \
             WHERE type = 'table' AND name = '_sqlx_migrations')",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        let before: Vec<i64> = if tracked {
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?
        } else {
            Vec::new()
        };
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(version) => StoreError::TooNew(format!(
                "{} was written by a newer psoas (schema {version}); upgrade psoas to open it",
                self.path.display()
            )),
            sqlx::migrate::MigrateError::Execute(e) => backend(e),
            other => StoreError::Backend(Box::new(other)),
        })?;
        let all = MIGRATOR.iter().map(|m| (m.version, &*m.description));
        Ok(applied_now(all, &before))
    }
}

/// Whether an existing file is a fresh, empty SQLite database (true) or already ours (false);
/// anything else is refused. Reads only.
async fn inspect(path: &Path) -> StoreResult<bool> {
    let not_ours = |detail: &str| {
        StoreError::NotOurs(format!(
            "{} is not a psoas database ({detail}); choose another file with --db",
            path.display()
        ))
    };
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|_| not_ours("it cannot be opened as SQLite"))?;
    let id: i64 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| not_ours("it cannot be read as SQLite"))?;
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(backend)?;
    let _ = conn.close().await;
    match (id, tables) {
        (APPLICATION_ID, _) => Ok(false),
        (0, 0) => Ok(true),
        (0, _) => Err(not_ours("it already holds other tables")),
        _ => Err(not_ours("it belongs to another program")),
    }
}

async fn claim(conn: &mut SqliteConnection) -> StoreResult<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA application_id = {APPLICATION_ID}"
    )))
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(())
}

/// What SQLite spells its own way.
static DIALECT: Dialect = Dialect {
    name: "substr(p.name_key, instr(p.name_key, '/') + 1)",
    bytes: "",
    in_ids: "s.id IN (SELECT value FROM json_each($6))",
    insertion_order: "rowid",
};

#[async_trait]
impl Db for SqliteStore {
    fn dialect(&self) -> &'static Dialect {
        &DIALECT
    }

    async fn read(&self) -> StoreResult<Box<dyn Conn>> {
        Ok(Box::new(self.readers.acquire().await?))
    }

    async fn writer(&self) -> StoreResult<Box<dyn Conn>> {
        Ok(Box::new(Lite(
            self.writer.acquire().await.map_err(backend)?,
        )))
    }

    /// `BEGIN IMMEDIATE` on the writer: the write lock at once, waiting for it up to the busy
    /// timeout. A plain (deferred) transaction that reads first and writes later cannot wait:
    /// when another connection has committed in between, SQLite refuses the upgrade at once
    /// with "database is locked", and under concurrent writes requests failed that way.
    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.writer.begin_with("BEGIN IMMEDIATE").await;
        Ok(Box::new(Lite(tx.map_err(backend)?)))
    }

    /// A deferred transaction of a reader: in WAL mode it sees one state from its first read.
    async fn snapshot(&self) -> StoreResult<Box<dyn Tx>> {
        Ok(Box::new(self.readers.acquire().await?.begin()?))
    }

    async fn list_schema(&self) -> StoreResult<Vec<(String, Vec<String>)>> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        let mut tables = Vec::new();
        for name in names {
            let mut columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
                    .bind(&name)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(backend)?;
            columns.sort();
            tables.push((name, columns));
        }
        Ok(tables)
    }

    async fn close_pools(&self) {
        self.readers.close();
        self.writer.close().await;
        self.pool.close().await;
    }

    /// Written in a group with the trials that arrive while the last commit waits for the
    /// disk (`group_commit.rs`).
    async fn add_lone_trial(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()> {
        if let Some(outcome) = self.trials.add(scope, session, measurement).await {
            return outcome;
        }
        // No writing task (its runtime is gone): one statement in autocommit, which takes the
        // write lock before it reads, so it waits its turn like `BEGIN IMMEDIATE` does.
        insert_measurement(&mut *self.writer().await?, scope, session, measurement).await
    }
}
