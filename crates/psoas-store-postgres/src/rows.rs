//! Reading PostgreSQL rows through the backend-neutral decoders of
//! [`psoas_store::columns`]: this file only says how one typed column is read here.

use psoas_store::StoreResult;
use psoas_store::columns::{Columns, corrupt};
use sqlx::Row;
use sqlx::postgres::PgRow;

/// A PostgreSQL row as [`Columns`].
pub(crate) struct Cols<'r>(pub &'r PgRow);

impl Columns for Cols<'_> {
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
        self.0.try_get(column).map_err(corrupt)
    }
}
