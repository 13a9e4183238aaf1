//! The one SQL implementation of the store traits, for every backend: [`Store`](crate::Store)
//! (`protocol.rs`, `records.rs`, `history.rs`, `bulk.rs`, `deletion.rs`), [`AuthStore`](crate::AuthStore)
//! (`auth.rs`), [`AccountStore`](crate::AccountStore) (`account.rs`, `deletion.rs`), [`PracticeStore`](crate::PracticeStore) (`practice.rs`) and
//! [`Transfer`](crate::transfer::Transfer) (`copy.rs`), each implemented once for every type
//! that provides the seam [`Db`].
//!
//! A backend provides only what is its own: a connection that runs one statement with its
//! values and hands rows back as [`Columns`] ([`Conn`]), transactions ([`Tx`]), the few
//! spellings where the two databases differ ([`Dialect`]), its schema listing, and its
//! measured fast paths behind the same methods ([`Conn::batch`], [`Db::add_lone_trial`]). The
//! SQL text is written once with `$N` parameters, which SQLite resolves as PostgreSQL does;
//! every query that sees protocol data binds the scope as `$1..$5` (`VISIBLE`) and numbers
//! its own values from `$6`.

mod account;
mod audit;
mod auth;
mod bulk;
mod copy;
mod deletion;
mod history;
mod photos;
mod practice;
mod protocol;
mod records;

pub use protocol::insert_measurement;

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{AccountId, ExerciseId, Measurement, MeasurementId, NoteId, ProfileId, SessionId};

use crate::columns::Columns;
use crate::keys::ScopeBinds;
use crate::transfer::Value;
use crate::{Scope, StoreError, StoreResult};

/// One row as a backend read it.
pub type Row = Box<dyn Columns + Send + Sync>;

/// Why a statement failed: a uniqueness rule (which the caller words for what it wrote), or
/// anything else, already worded by the backend.
#[derive(Debug)]
pub enum SqlError {
    /// The write would break a unique key or index.
    Unique,
    /// Any other failure.
    Store(StoreError),
}

/// Result of one statement.
pub type SqlResult<T> = Result<T, SqlError>;

impl SqlError {
    /// The error, with a broken uniqueness rule worded by `conflict`.
    pub fn or_unique(self, conflict: impl FnOnce() -> StoreError) -> StoreError {
        match self {
            SqlError::Unique => conflict(),
            SqlError::Store(error) => error,
        }
    }
}

impl From<StoreError> for SqlError {
    fn from(error: StoreError) -> Self {
        SqlError::Store(error)
    }
}

impl From<SqlError> for StoreError {
    fn from(error: SqlError) -> Self {
        error.or_unique(|| StoreError::Conflict("that record is already stored".to_string()))
    }
}

/// A connection of a backend (pooled, or inside a transaction).
#[async_trait]
pub trait Conn: Send {
    /// Runs one statement with its values (`$1` is `args[0]`) and returns its rows.
    async fn rows(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>>;
    /// Runs one statement with its values and returns how many rows it changed.
    async fn run(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64>;
    /// Runs several `SELECT`s over the same values and returns all their rows, statement after
    /// statement. Each statement tags its rows (a `row_table` column) where the caller needs
    /// to tell them apart. A backend may send them all at once.
    async fn batch(&mut self, statements: &[String], args: &[Value]) -> SqlResult<Vec<Row>> {
        let mut all = Vec::new();
        for statement in statements {
            all.extend(self.rows(statement, args).await?);
        }
        Ok(all)
    }
}

/// A transaction: its statements are kept only once it is committed; dropped, it rolls back.
#[async_trait]
pub trait Tx: Conn {
    /// Commits the transaction.
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

/// What the two databases spell differently, in the shared SQL.
#[derive(Debug)]
pub struct Dialect {
    /// The profile's lower-cased name out of `p.name_key`, compared and sorted byte by byte.
    pub name: &'static str,
    /// What makes a text sort byte by byte (empty where that is the default).
    pub bytes: &'static str,
    /// `s.id` is one of the ids of the JSON array bound as `$6`.
    pub in_ids: &'static str,
    /// The column that keeps the order rows were inserted in.
    pub insertion_order: &'static str,
}

/// The seam a backend provides: connections, transactions, its dialect, its schema and its
/// fast paths. Every type that implements it is a [`Store`](crate::Store),
/// [`AuthStore`](crate::AuthStore), [`PracticeStore`](crate::PracticeStore) and
/// [`Transfer`](crate::transfer::Transfer).
#[async_trait]
pub trait Db: Send + Sync {
    /// How this database spells what differs.
    fn dialect(&self) -> &'static Dialect;
    /// A connection for reading.
    async fn read(&self) -> StoreResult<Box<dyn Conn>>;
    /// A connection for writes of one statement, each committed on its own.
    async fn writer(&self) -> StoreResult<Box<dyn Conn>>;
    /// A write transaction, holding the right to write from its start where the database has
    /// one writer at a time (a transaction that reads first and writes later would otherwise
    /// fail when another writer came in between).
    async fn begin(&self) -> StoreResult<Box<dyn Tx>>;
    /// A read-only transaction that sees one state of the whole database while others write.
    async fn snapshot(&self) -> StoreResult<Box<dyn Tx>>;
    /// The tables of the schema with their columns (sorted), except the migrations' and the
    /// backend's own bookkeeping.
    async fn list_schema(&self) -> StoreResult<Vec<(String, Vec<String>)>>;
    /// Closes every connection.
    async fn close_pools(&self);
    /// Stores one trial that came on its own ([`Store::add_measurement`](crate::Store),
    /// scope already checked writable); a backend may write it together with others.
    async fn add_lone_trial(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()> {
        insert_measurement(&mut *self.writer().await?, scope, session, measurement).await
    }
}

/// The rows of `profiles p` a scope may see: the first five values (see [`scoped`]). The last
/// term is a practitioner's reach: a client's profiles while their link is live, so ending the
/// link hides them from the very next query.
pub(crate) const VISIBLE: &str = "($1 OR p.owner_id = $2 OR (p.owner_id IS NULL AND $3) \
     OR EXISTS (SELECT 1 FROM practice_links l WHERE l.client_id = p.owner_id \
     AND l.practitioner_id = $4 AND l.client_id = $5 AND l.ended_at IS NULL))";

/// The values of a query that uses [`VISIBLE`]: the scope's five, then its own.
pub(crate) fn scoped<const N: usize>(scope: Scope, own: [Value; N]) -> Vec<Value> {
    let binds = ScopeBinds::of(scope);
    let mut values = Vec::with_capacity(5 + N);
    values.extend([
        Value::from(binds.everything),
        Value::from(binds.account),
        Value::from(binds.terminal_profiles),
        Value::from(binds.practitioner),
        Value::from(binds.client),
    ]);
    values.extend(own);
    values
}

/// The values of a statement, each converted to a [`Value`].
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        [$($crate::transfer::Value::from($value)),*]
    };
}
pub(crate) use args;

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Flag(Some(v))
    }
}

impl From<Option<bool>> for Value {
    fn from(v: Option<bool>) -> Self {
        Value::Flag(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(Some(v))
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        Value::Int(v)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(Some(v))
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        Value::Real(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_string()))
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(Some(v))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_string))
    }
}

impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        Value::Text(v)
    }
}

/// Times are stored as microseconds since the epoch ([`crate::columns::micros`]).
impl From<Timestamp> for Value {
    fn from(v: Timestamp) -> Self {
        Value::Int(Some(crate::columns::micros(v)))
    }
}

impl From<Option<Timestamp>> for Value {
    fn from(v: Option<Timestamp>) -> Self {
        Value::Int(v.map(crate::columns::micros))
    }
}

/// Ids are stored as their text.
macro_rules! id_values {
    ($($id:ty),*) => {
        $(impl From<$id> for Value {
            fn from(v: $id) -> Self {
                Value::Text(Some(v.to_string()))
            }
        })*
    };
}
id_values!(
    AccountId,
    ProfileId,
    SessionId,
    MeasurementId,
    ExerciseId,
    NoteId,
    uuid::Uuid
);

/// What a run of the migrations applied, as `psoas db migrate` reports it: `version
/// description` of each of the backend's migrations (in order) not applied `before`.
pub fn applied_now<'a>(
    migrations: impl IntoIterator<Item = (i64, &'a str)>,
    before: &[i64],
) -> Vec<String> {
    migrations
        .into_iter()
        .filter(|(version, _)| !before.contains(version))
        .map(|(version, description)| format!("{version} {description}"))
        .collect()
}

/// The one row a statement must return, or `None`.
pub(crate) fn first(rows: Vec<Row>) -> Option<Row> {
    rows.into_iter().next()
}
