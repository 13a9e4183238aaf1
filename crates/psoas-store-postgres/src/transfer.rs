//! [`Transfer`] on PostgreSQL: every table read in one repeatable-read transaction (one
//! consistent state) in the order rows were written (`seq`), and written back in one
//! transaction.

use async_trait::async_trait;
use psoas_store::StoreResult;
use psoas_store::transfer::{self, Row, TABLES, TableRows, Transfer, Value};

use crate::rows::Cols;
use crate::{PgStore, backend};

/// The insertion-order column this backend adds where SQLite has its rowid; not data.
const SEQ: &str = "seq";

#[async_trait]
impl Transfer for PgStore {
    async fn schema_tables(&self) -> StoreResult<Vec<(String, Vec<String>)>> {
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

    async fn read_tables(&self) -> StoreResult<Vec<TableRows>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        let mut read = Vec::new();
        for table in TABLES {
            let order = if table.insertion_ordered {
                format!(" ORDER BY {SEQ}")
            } else {
                String::new()
            };
            let sql = format!("{}{order}", transfer::select_sql(table));
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
        let mut tx = self.pool.begin().await.map_err(backend)?;
        for TableRows { table, rows } in tables {
            progress(table.name, rows.len());
            let sql = transfer::insert_sql(table, |n| format!("${n}"));
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
