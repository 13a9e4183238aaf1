//! [`Transfer`] over SQL, for `psoas db copy`: every table read in one snapshot, rows whose
//! order matters in the order they were written ([`Dialect::insertion_order`]), and written
//! back in one transaction.
//!
//! [`Dialect::insertion_order`]: super::Dialect::insertion_order

use async_trait::async_trait;

use super::Db;
use crate::StoreResult;
use crate::transfer::{self, Row, TABLES, TableRows, Transfer};

#[async_trait]
impl<T: Db> Transfer for T {
    async fn schema_tables(&self) -> StoreResult<Vec<(String, Vec<String>)>> {
        self.list_schema().await
    }

    async fn read_tables(&self) -> StoreResult<Vec<TableRows>> {
        let mut tx = self.snapshot().await?;
        let mut read = Vec::new();
        for table in TABLES {
            let order = match table.insertion_ordered {
                true => format!(" ORDER BY {}", self.dialect().insertion_order),
                false => String::new(),
            };
            let sql = format!("{}{order}", transfer::select_sql(table));
            let rows = tx.rows(&sql, &[]).await?;
            let rows = rows
                .iter()
                .map(|row| transfer::read_row(&**row, table))
                .collect::<StoreResult<Vec<Row>>>()?;
            read.push(TableRows { table, rows });
        }
        tx.commit().await?;
        Ok(read)
    }

    async fn write_tables(
        &self,
        tables: &[TableRows],
        progress: &(dyn Fn(&str, usize) + Send + Sync),
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        for TableRows { table, rows } in tables {
            progress(table.name, rows.len());
            let sql = transfer::insert_sql(table, |n| format!("${n}"));
            for row in rows {
                tx.run(&sql, row).await?;
            }
        }
        tx.commit().await
    }
}
