//! The readers' connections on rusqlite: each statement runs on the calling task's own thread,
//! so a read costs no hand-off to a connection thread (sqlx runs every SQLite connection on a
//! thread of its own and sends each statement and its rows across; under load those hand-offs
//! were most of a read's cost, docs/performance.md). A read of the local file in WAL mode
//! takes microseconds and waits for a writer only in rare moments (recovery after a crash, a
//! checkpoint that resets the log), and then briefly ([`BUSY_WAIT`]), so running it in place
//! stalls the runtime less than the two thread switches it saves.

use async_trait::async_trait;
use psoas_store::columns::{Columns, corrupt};
use psoas_store::sql::{Conn, Row, SqlError, SqlResult, Tx};
use psoas_store::transfer::Value;
use psoas_store::{StoreError, StoreResult};
use rusqlite::types::Value as Stored;
use rusqlite::{Connection, OpenFlags, Statement};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::sqlite_code;

/// How long a read waits for SQLite's locks on the thread it runs on: long enough for a
/// checkpoint to reset the log, short enough not to hold a runtime thread for the writer's
/// five seconds.
const BUSY_WAIT: Duration = Duration::from_millis(250);

/// Prepared statements kept per connection: the store has fewer distinct reads than this.
const STATEMENT_CACHE: usize = 128;

/// How long a read waits for a free connection before it gives up (sqlx's pools wait as
/// long): a wait without end would hang a request whose task holds one connection and asks
/// for another while every other task does the same.
const WAIT: Duration = Duration::from_secs(30);

/// The readers' pool: at most `permits` connections in use, idle ones kept for the next read.
#[derive(Debug)]
pub(crate) struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

impl Readers {
    /// A pool of at most `size` connections to `path`, opened when first needed.
    pub(crate) fn new(path: &Path, size: usize) -> Arc<Self> {
        Arc::new(Self {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// A connection, waiting while all are in use, up to [`WAIT`].
    pub(crate) async fn acquire(self: &Arc<Self>) -> StoreResult<Reader> {
        let permit = tokio::time::timeout(WAIT, Arc::clone(&self.permits).acquire_owned())
            .await
            .map_err(|_| {
                StoreError::Unavailable(
                    "the database is too busy to read now; try again in a moment".to_string(),
                )
            })?
            .map_err(|_| StoreError::Unavailable("the database is closed".to_string()))?;
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let conn = match idle {
            Some(conn) => conn,
            None => open(&self.path).map_err(|e| StoreError::from(stored(e)))?,
        };
        Ok(Reader {
            conn: Some(conn),
            readers: Arc::clone(self),
            _permit: permit,
        })
    }

    /// Closes the idle connections and refuses new reads; a connection still in use is closed
    /// when its read ends.
    pub(crate) fn close(&self) {
        self.permits.close();
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    // A reader that wrote would bypass the one writer and its queue.
    conn.pragma_update(None, "query_only", true)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// One reader connection, back to the pool when dropped; a read transaction left open is
/// rolled back first.
pub(crate) struct Reader {
    conn: Option<Connection>,
    readers: Arc<Readers>,
    _permit: OwnedSemaphorePermit,
}

impl Reader {
    fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a reader holds its connection until dropped")
    }

    /// Begins a read transaction: in WAL mode it sees one state from its first read.
    pub(crate) fn begin(self) -> StoreResult<Self> {
        self.conn()
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| StoreError::from(stored(e)))?;
        Ok(self)
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        if self.readers.permits.is_closed() {
            return;
        }
        // SQLite's own state, not only ours: it may have ended the transaction itself after an
        // error, and a connection whose transaction would not end is not handed on.
        if !conn.is_autocommit() && conn.execute_batch("ROLLBACK").is_err() {
            return;
        }
        self.readers
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(conn);
    }
}

#[async_trait]
impl Conn for Reader {
    async fn rows(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let mut statement = self.conn().prepare_cached(sql).map_err(stored)?;
        bind(&mut statement, args)?;
        let names: Arc<[String]> = statement
            .column_names()
            .into_iter()
            .map(String::from)
            .collect();
        let mut rows = statement.raw_query();
        let mut all = Vec::new();
        while let Some(row) = rows.next().map_err(stored)? {
            let values = (0..names.len())
                .map(|i| row.get::<_, Stored>(i))
                .collect::<Result<Vec<_>, _>>()
                .map_err(stored)?;
            all.push(Box::new(Cols {
                names: Arc::clone(&names),
                values,
            }) as Row);
        }
        Ok(all)
    }

    async fn run(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        let mut statement = self.conn().prepare_cached(sql).map_err(stored)?;
        bind(&mut statement, args)?;
        Ok(statement.raw_execute().map_err(stored)? as u64)
    }
}

#[async_trait]
impl Tx for Reader {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.conn()
            .execute_batch("COMMIT")
            .map_err(|e| StoreError::from(stored(e)))?;
        Ok(())
    }
}

/// Binds the values the statement names: `$N` (as the shared SQL writes them) and `?N` are
/// `args[N - 1]` wherever they stand, a bare `?` its position.
fn bind(statement: &mut Statement<'_>, args: &[Value]) -> SqlResult<()> {
    for index in 1..=statement.parameter_count() {
        let position = match statement.parameter_name(index) {
            Some(name) => name[1..].parse::<usize>().map_err(|_| {
                SqlError::Store(StoreError::Backend(
                    format!("the statement names a parameter {name}, not a number").into(),
                ))
            })?,
            None => index,
        };
        let Some(value) = position.checked_sub(1).and_then(|i| args.get(i)) else {
            return Err(SqlError::Store(StoreError::Backend(
                format!("the statement wants parameter {position}, not given").into(),
            )));
        };
        match value {
            Value::Int(v) => statement.raw_bind_parameter(index, v),
            Value::Real(v) => statement.raw_bind_parameter(index, v),
            Value::Text(v) => statement.raw_bind_parameter(index, v.as_deref()),
            Value::Flag(v) => statement.raw_bind_parameter(index, v.map(i64::from)),
        }
        .map_err(stored)?;
    }
    Ok(())
}

/// A rusqlite failure as the shared store's error.
fn stored(error: rusqlite::Error) -> SqlError {
    if let rusqlite::Error::SqliteFailure(failure, _) = &error {
        if matches!(
            failure.extended_code,
            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        ) {
            return SqlError::Unique;
        }
        if failure.code == rusqlite::ErrorCode::ReadOnly {
            // Readers are query_only: the file itself may be writable, this is our own fault.
            return SqlError::Store(StoreError::Backend(
                "a read connection was asked to write".into(),
            ));
        }
        if let Some(known) = sqlite_code(failure.extended_code) {
            return SqlError::Store(known);
        }
    }
    SqlError::Store(StoreError::Backend(Box::new(error)))
}

/// One row read, with the statement's column names.
struct Cols {
    names: Arc<[String]>,
    values: Vec<Stored>,
}

impl Cols {
    fn get(&self, column: &str) -> StoreResult<&Stored> {
        self.names
            .iter()
            .position(|name| name == column)
            .map(|i| &self.values[i])
            .ok_or_else(|| corrupt(format!("the column {column} was not read")))
    }
}

fn wrong(column: &str, value: &Stored) -> StoreError {
    corrupt(format!(
        "the column {column} holds {:?}, not the kind expected",
        value.data_type()
    ))
}

impl Columns for Cols {
    fn text(&self, column: &str) -> StoreResult<Option<String>> {
        match self.get(column)? {
            Stored::Null => Ok(None),
            Stored::Text(text) => Ok(Some(text.clone())),
            other => Err(wrong(column, other)),
        }
    }

    fn int(&self, column: &str) -> StoreResult<Option<i64>> {
        match self.get(column)? {
            Stored::Null => Ok(None),
            Stored::Integer(v) => Ok(Some(*v)),
            other => Err(wrong(column, other)),
        }
    }

    fn real(&self, column: &str) -> StoreResult<Option<f64>> {
        match self.get(column)? {
            Stored::Null => Ok(None),
            Stored::Real(v) => Ok(Some(*v)),
            // A REAL column keeps what it was given; an expression over whole numbers may not.
            Stored::Integer(v) => Ok(Some(*v as f64)),
            other => Err(wrong(column, other)),
        }
    }

    fn flag(&self, column: &str) -> StoreResult<Option<bool>> {
        Ok(self.int(column)?.map(|v| v != 0))
    }
}
