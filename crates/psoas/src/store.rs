//! Finding and opening the database named by --db, PSOAS_DATABASE_URL or the default location.

use psoas_store::Store;
use psoas_store_sqlite::SqliteStore;
use std::path::PathBuf;

use crate::error::{CliError, CliResult};

/// Where the database lives when nothing else is said.
pub fn default_path() -> CliResult<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "psoas").ok_or_else(|| {
        CliError::Usage(
            "cannot find your data directory (is HOME set?); give a database file with --db"
                .to_string(),
        )
    })?;
    Ok(dirs.data_dir().join("psoas.db"))
}

/// Turns the --db value into a SQLite file path, refusing backends this build lacks.
pub fn resolve(db: Option<&str>) -> CliResult<(PathBuf, bool)> {
    let Some(db) = db.map(str::trim) else {
        return Ok((default_path()?, true));
    };
    if db.is_empty() {
        return Err(CliError::Usage(
            "--db (or PSOAS_DATABASE_URL) is empty; give a database file, or leave it out for \
             the default"
                .to_string(),
        ));
    }
    if let Some(rest) = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
    {
        if rest.is_empty() {
            return Err(CliError::Usage(
                "the sqlite:// URL names no file; write e.g. sqlite:///home/me/psoas.db".into(),
            ));
        }
        return Ok((PathBuf::from(rest), false));
    }
    if let Some((scheme, _)) = db.split_once("://") {
        let message = match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => {
                "PostgreSQL storage is not available in this version of psoas; use a SQLite \
                 file (a path or a sqlite:// URL)"
                    .to_string()
            }
            other => format!(
                "unknown database URL scheme '{other}://'; use a file path or a sqlite:// URL"
            ),
        };
        return Err(CliError::Usage(message));
    }
    Ok((PathBuf::from(db), false))
}

/// Opens the store; creates the default data directory on first use.
pub async fn open(db: Option<&str>) -> CliResult<Box<dyn Store>> {
    Ok(Box::new(open_sqlite(db).await?))
}

/// Opens the SQLite store itself (the web app needs its account half too).
pub async fn open_sqlite(db: Option<&str>) -> CliResult<SqliteStore> {
    let (path, is_default) = resolve(db)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        if !is_default {
            return Err(CliError::Usage(format!(
                "the folder {} does not exist; create it or choose another --db path",
                parent.display()
            )));
        }
        std::fs::create_dir_all(parent).map_err(|e| {
            CliError::Usage(format!(
                "cannot create the data directory {}: {e}; give a database file with --db",
                parent.display()
            ))
        })?;
    }
    Ok(SqliteStore::open(&path).await?)
}
