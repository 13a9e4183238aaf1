//! The seam of the shared SQL store ([`psoas_store::sql`]) on SQLite: a connection of the
//! readers' pool, of the one writer, or in a transaction runs a statement with its values;
//! rows are read as [`Columns`] (flags are kept as 0 and 1); and the statements of a batch go
//! to the connection's thread as one multi-statement query.

use async_trait::async_trait;
use psoas_store::StoreResult;
use psoas_store::columns::{Columns, corrupt};
use psoas_store::sql::{Conn, Row, SqlError, SqlResult, Tx};
use psoas_store::transfer::Value;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Row as _, Sqlite, SqliteConnection};
use std::ops::DerefMut;

use crate::backend;

/// A SQLite connection (pooled, or a transaction) as the shared store's [`Conn`].
pub(crate) struct Lite<C>(pub C);

/// A SQLite row as [`Columns`].
struct Cols(SqliteRow);

fn query<'q>(sql: &str, args: &[Value]) -> sqlx::query::Query<'q, Sqlite, SqliteArguments> {
    args.iter().fold(
        sqlx::query(sqlx::AssertSqlSafe(sql)),
        |query, value| match value {
            Value::Int(v) => query.bind(*v),
            Value::Real(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.as_deref()),
            Value::Flag(v) => query.bind(v.map(i64::from)),
        },
    )
}

fn failed(error: sqlx::Error) -> SqlError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => SqlError::Unique,
        _ => SqlError::Store(backend(error)),
    }
}

#[async_trait]
impl<C: DerefMut<Target = SqliteConnection> + Send> Conn for Lite<C> {
    async fn rows(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let rows = query(sql, args).fetch_all(&mut *self.0).await;
        Ok(rows
            .map_err(failed)?
            .into_iter()
            .map(|row| Box::new(Cols(row)) as Row)
            .collect())
    }

    async fn run(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        let done = query(sql, args).execute(&mut *self.0).await;
        Ok(done.map_err(failed)?.rows_affected())
    }

    /// One round trip for all the statements: sqlx runs each SQLite connection on its own
    /// thread, so every query costs two thread hand-offs, which under load were most of a
    /// request's cost (docs/performance.md). `$N` means the same value in every statement.
    async fn batch(&mut self, statements: &[String], args: &[Value]) -> SqlResult<Vec<Row>> {
        self.rows(&statements.join(";\n"), args).await
    }
}

#[async_trait]
impl Tx for Lite<sqlx::Transaction<'static, Sqlite>> {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.0.commit().await.map_err(backend)
    }
}

impl Columns for Cols {
    fn text(&self, column: &str) -> StoreResult<Option<String>> {
        self.0.try_get(column).map_err(corrupt)
    }

    fn int(&self, column: &str) -> StoreResult<Option<i64>> {
        self.0.try_get(column).map_err(corrupt)
    }

    fn real(&self, column: &str) -> StoreResult<Option<f64>> {
        self.0.try_get(column).map_err(corrupt)
    }

    fn flag(&self, column: &str) -> StoreResult<Option<bool>> {
        Ok(self.int(column)?.map(|v| v != 0))
    }
}
