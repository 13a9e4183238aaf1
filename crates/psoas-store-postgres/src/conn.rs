//! The seam of the shared SQL store ([`psoas_store::sql`]) on PostgreSQL: a pooled connection
//! or a transaction runs a statement with its values (each bound with its type, so a NULL needs
//! no cast), and rows are read as [`Columns`].

use async_trait::async_trait;
use psoas_store::StoreResult;
use psoas_store::columns::{Columns, corrupt};
use psoas_store::sql::{Conn, Row, SqlError, SqlResult, Tx};
use psoas_store::transfer::Value;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{PgConnection, Postgres};
use std::ops::DerefMut;

use crate::backend;

/// A PostgreSQL connection (pooled, or a transaction) as the shared store's [`Conn`].
pub(crate) struct Pg<C>(pub C);

/// A PostgreSQL row as [`Columns`].
struct PgCols(PgRow);

impl PgCols {
    fn get<T>(&self, column: &str) -> StoreResult<Option<T>>
    where
        T: for<'r> sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>,
    {
        sqlx::Row::try_get(&self.0, column).map_err(corrupt)
    }
}

impl Columns for PgCols {
    fn text(&self, column: &str) -> StoreResult<Option<String>> {
        self.get(column)
    }

    fn int(&self, column: &str) -> StoreResult<Option<i64>> {
        self.get(column)
    }

    fn real(&self, column: &str) -> StoreResult<Option<f64>> {
        self.get(column)
    }

    fn flag(&self, column: &str) -> StoreResult<Option<bool>> {
        self.get(column)
    }
}

/// The statement with its values bound in order, `$1` first.
fn bound<'q>(sql: &str, args: &[Value]) -> sqlx::query::Query<'q, Postgres, PgArguments> {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in args {
        query = match value {
            Value::Text(text) => query.bind(text.as_deref()),
            Value::Int(int) => query.bind(*int),
            Value::Real(real) => query.bind(*real),
            Value::Flag(flag) => query.bind(*flag),
        };
    }
    query
}

/// A unique violation is the caller's to word; anything else is the database's failure.
fn refused(error: sqlx::Error) -> SqlError {
    let unique = matches!(&error, sqlx::Error::Database(db) if db.is_unique_violation());
    if unique {
        SqlError::Unique
    } else {
        SqlError::Store(backend(error))
    }
}

#[async_trait]
impl<C: DerefMut<Target = PgConnection> + Send> Conn for Pg<C> {
    async fn rows(&mut self, sql: &str, args: &[Value]) -> SqlResult<Vec<Row>> {
        let fetched = bound(sql, args).fetch_all(&mut *self.0).await;
        let rows = fetched.map_err(refused)?;
        Ok(rows
            .into_iter()
            .map(|r| Box::new(PgCols(r)) as Row)
            .collect())
    }

    async fn run(&mut self, sql: &str, args: &[Value]) -> SqlResult<u64> {
        match bound(sql, args).execute(&mut *self.0).await {
            Ok(done) => Ok(done.rows_affected()),
            Err(error) => Err(refused(error)),
        }
    }
}

#[async_trait]
impl Tx for Pg<sqlx::Transaction<'static, Postgres>> {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.0.commit().await.map_err(backend)
    }
}
