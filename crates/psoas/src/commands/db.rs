//! `psoas db migrate`, `psoas db copy` and `psoas backup`: bringing a database's schema up to
//! date, moving everything from one store to another (SQLite and PostgreSQL, either way) with
//! a check that both sides then hold the same rows, and a consistent snapshot of a live
//! SQLite file.

use psoas_store::transfer::{self, Summary, TABLES, TableRows, Transfer};
use std::io::Write;
use std::path::Path;

use crate::error::{CliError, CliResult};
use crate::store::{self, Location};

/// `psoas db migrate`: applies what the database lacks and says what that was.
pub async fn migrate(db: Option<&str>) -> CliResult {
    let (shown, applied) = store::migrate(db).await?;
    if applied.is_empty() {
        println!("{shown} is up to date; nothing to apply.");
    } else {
        println!("Applied {} migration(s) to {shown}:", applied.len());
        for migration in applied {
            println!("  {migration}");
        }
    }
    Ok(())
}

/// Refuses a store whose schema has tables or columns the copy would leave behind.
async fn check_covered(side: &str, store: &dyn Transfer) -> CliResult {
    for (table, mut columns) in store.schema_tables().await? {
        let Some(known) = TABLES.iter().find(|t| t.name == table) else {
            return Err(CliError::Usage(format!(
                "the {side} database has a table '{table}' this psoas cannot copy; use the \
                 psoas version that made it"
            )));
        };
        let mut expected: Vec<&str> = known.columns.iter().map(|(c, _)| *c).collect();
        expected.sort_unstable();
        columns.sort();
        if columns != expected {
            return Err(CliError::Usage(format!(
                "the {side} database's table '{table}' has columns this psoas cannot copy \
                 ({}); use the psoas version that made it",
                columns.join(", ")
            )));
        }
    }
    Ok(())
}

fn summaries(tables: &[TableRows]) -> Vec<Summary> {
    tables
        .iter()
        .map(|t| transfer::summarize(t.table, &t.rows))
        .collect()
}

/// "3 profiles, 12 measurements": what a store holds, for messages.
fn holdings(summaries: &[Summary]) -> String {
    let held: Vec<String> = summaries
        .iter()
        .filter(|s| s.rows > 0)
        .map(|s| format!("{} {}", s.rows, s.table))
        .collect();
    held.join(", ")
}

/// `psoas db copy`: everything from one store into an empty one, in one transaction, then
/// verified table by table.
pub async fn copy(from: &str, to: &str) -> CliResult {
    let source = store::open(Some(from)).await?;
    let target = store::open(Some(to)).await?;
    let result = copy_between(&source, &target).await;
    source.store.close().await;
    target.store.close().await;
    result
}

async fn copy_between(source: &store::Opened, target: &store::Opened) -> CliResult {
    check_covered("source", source.transfer.as_ref()).await?;
    check_covered("target", target.transfer.as_ref()).await?;
    let tables = source.transfer.read_tables().await?;
    let wanted = summaries(&tables);
    let before = summaries(&target.transfer.read_tables().await?);
    if before == wanted {
        println!(
            "Already copied, identical: {} holds the same rows as {} ({}).",
            target.shown,
            source.shown,
            nothing_or(&holdings(&wanted))
        );
        return Ok(());
    }
    if before.iter().any(|s| s.rows > 0) {
        return Err(CliError::Usage(format!(
            "{} already holds other data ({}); nothing was copied. Copy into an empty \
             database (a new file, or a new PostgreSQL database)",
            target.shown,
            holdings(&before)
        )));
    }
    println!("Copying {} into {}:", source.shown, target.shown);
    target
        .transfer
        .write_tables(&tables, &|table, rows| {
            println!("  {table}: {rows} rows");
            let _ = std::io::stdout().flush();
        })
        .await?;
    let after = summaries(&target.transfer.read_tables().await?);
    if after != wanted {
        let differ: Vec<&str> = after
            .iter()
            .zip(&wanted)
            .filter(|(a, w)| a != w)
            .map(|(a, _)| a.table)
            .collect();
        return Err(CliError::Store(psoas_store::StoreError::Corrupt(format!(
            "after the copy, {} differs from the source in {}; the copy cannot be trusted",
            target.shown,
            differ.join(", ")
        ))));
    }
    println!(
        "Verified: all {} tables have the same row counts and checksums on both sides ({}).",
        wanted.len(),
        nothing_or(&holdings(&wanted))
    );
    Ok(())
}

fn nothing_or(held: &str) -> &str {
    if held.is_empty() { "no rows" } else { held }
}

/// `psoas backup`: a consistent snapshot of a SQLite database, even while it is in use.
pub async fn backup(db: Option<&str>, out: &Path) -> CliResult {
    let Location::Sqlite { path, is_default } = store::resolve(db)? else {
        return Err(CliError::Usage(
            "psoas backup takes a SQLite database; back up PostgreSQL with its own tools \
             (pg_dump), or copy it into a file with 'psoas db copy --to FILE'"
                .to_string(),
        ));
    };
    if out.exists() {
        return Err(CliError::Usage(format!(
            "{} already exists; choose a new file name for the backup",
            out.display()
        )));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.is_dir()
    {
        return Err(CliError::Usage(format!(
            "the folder {} does not exist; create it or choose another --out",
            parent.display()
        )));
    }
    let sqlite = store::open_sqlite(&path, is_default).await?;
    let result = sqlite.backup_to(out).await;
    psoas_store::Store::close(&sqlite).await;
    result?;
    println!("Backed up {} to {}.", path.display(), out.display());
    Ok(())
}
