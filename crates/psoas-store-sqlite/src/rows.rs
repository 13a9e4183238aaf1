//! Reading SQLite rows through the backend-neutral decoders of
//! [`psoas_store::columns`]: this file only says how one typed column is read here (flags are
//! kept as 0 and 1).

use psoas_store::StoreResult;
use psoas_store::columns::{Columns, corrupt};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// A SQLite row as [`Columns`].
pub(crate) struct Cols<'r>(pub &'r SqliteRow);

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
        Ok(self
            .0
            .try_get::<Option<i64>, _>(column)
            .map_err(corrupt)?
            .map(|v| v != 0))
    }
}
