//! [`Transfer`] on SQLite: every table read in one transaction in the order rows were written
//! (rowid), and written back in one transaction; and a consistent backup of the live file.

use async_trait::async_trait;
use psoas_store::transfer::{self, Row, TABLES, TableRows, Transfer, Value};
use psoas_store::{StoreError, StoreResult};
use std::path::Path;

use crate::rows::Cols;
use crate::{SqliteStore, backend};

#[async_trait]
impl Transfer for SqliteStore {
    async fn schema_tables(&self) -> StoreResult<Vec<(String, Vec<String>)>> {
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

    async fn read_tables(&self) -> StoreResult<Vec<TableRows>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let mut read = Vec::new();
        for table in TABLES {
            let sql = format!("{} ORDER BY rowid", transfer::select_sql(table));
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
            let rows = rows
                .iter()
                .map(|row| transfer::read_row(&Cols(row), table))
                .collect::<StoreResult<Vec<Row>>>()?;
            read.push(TableRows { table, rows });
        }
        tx.commit().await.map_err(backend)?;
        Ok(read)
    }

    async fn write_tables(
        &self,
        tables: &[TableRows],
        progress: &(dyn Fn(&str, usize) + Send + Sync),
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        for TableRows { table, rows } in tables {
            progress(table.name, rows.len());
            let sql = transfer::insert_sql(table, |_| "?".to_string());
            for row in rows {
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
                for value in row {
                    query = match value {
                        Value::Int(v) => query.bind(*v),
                        Value::Real(v) => query.bind(*v),
                        Value::Text(v) => query.bind(v.clone()),
                        Value::Flag(v) => query.bind(*v),
                    };
                }
                query.execute(&mut *tx).await.map_err(backend)?;
            }
        }
        tx.commit().await.map_err(backend)
    }
}

impl SqliteStore {
    /// Writes a consistent copy of the database, as it is at one instant even while others
    /// write, into a new file (`VACUUM INTO`); an existing file is never overwritten.
    pub async fn backup_to(&self, out: &Path) -> StoreResult<()> {
        if out.exists() {
            return Err(StoreError::Conflict(format!(
                "{} already exists; choose a new file name for the backup",
                out.display()
            )));
        }
        let name = out.to_str().ok_or_else(|| {
            StoreError::Conflict(format!(
                "{} is not a valid UTF-8 path; choose another file name",
                out.display()
            ))
        })?;
        // VACUUM INTO fills an empty file it is given, keeping its private mode.
        crate::create_private(out).map_err(|e| {
            StoreError::Conflict(format!(
                "cannot create {} ({e}); check that its folder exists and is writable",
                out.display()
            ))
        })?;
        sqlx::query("VACUUM INTO ?")
            .bind(name)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
