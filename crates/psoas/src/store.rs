//! Finding and opening the database named by --db, PSOAS_DATABASE_URL or the default location:
//! a SQLite file (a path or a `sqlite://` URL) or a PostgreSQL database (`postgres://` or
//! `postgresql://`), chosen by the URL's scheme.

use psoas_store::AppStore;
use psoas_store::transfer::Transfer;
use psoas_store_postgres::PgStore;
use psoas_store_sqlite::SqliteStore;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{CliError, CliResult};

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file; `is_default` when nothing named it (its folder may then be created).
    Sqlite {
        /// The file.
        path: PathBuf,
        /// Whether it is the default location.
        is_default: bool,
    },
    /// A PostgreSQL database, by URL (which may hold a password: never print it).
    Postgres(String),
}

/// An open store and the folder where files kept beside it go (the HTTPS certificate).
pub struct Opened {
    /// The store, with both halves.
    pub store: Arc<dyn AppStore>,
    /// The same store, table by table (for `psoas db copy`).
    pub transfer: Arc<dyn Transfer>,
    /// The database as people should see it named: the file, or the server and database
    /// (never the password).
    pub shown: String,
    /// The SQLite file's folder, or the data directory for PostgreSQL.
    pub files_dir: PathBuf,
}

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

const ACCEPTED: &str = "a file path, sqlite://PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE";

/// Reads the --db value (none: the default SQLite file).
pub fn resolve(db: Option<&str>) -> CliResult<Location> {
    let Some(db) = db.map(str::trim) else {
        return Ok(Location::Sqlite {
            path: default_path()?,
            is_default: true,
        });
    };
    if db.is_empty() {
        return Err(CliError::Usage(format!(
            "--db (or PSOAS_DATABASE_URL) is empty; give {ACCEPTED}, or leave it out for the \
             default file"
        )));
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
        return Ok(Location::Sqlite {
            path: PathBuf::from(rest),
            is_default: false,
        });
    }
    if let Some((scheme, _)) = db.split_once("://") {
        return match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Ok(Location::Postgres(db.to_string())),
            other => Err(CliError::Usage(format!(
                "unknown database URL scheme '{other}://'; give {ACCEPTED}"
            ))),
        };
    }
    Ok(Location::Sqlite {
        path: PathBuf::from(db),
        is_default: false,
    })
}

/// Opens the store named by --db; creates the default data directory on first use.
pub async fn open(db: Option<&str>) -> CliResult<Opened> {
    match resolve(db)? {
        Location::Sqlite { path, is_default } => {
            let store = Arc::new(open_sqlite(&path, is_default).await?);
            let files_dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), |p| p.to_path_buf());
            Ok(Opened {
                store: store.clone(),
                transfer: store,
                shown: path.display().to_string(),
                files_dir,
            })
        }
        Location::Postgres(url) => {
            let store = Arc::new(PgStore::connect(&url).await?);
            let files_dir = default_path()?
                .parent()
                .map_or_else(|| PathBuf::from("."), |p| p.to_path_buf());
            Ok(Opened {
                shown: store.target().to_string(),
                store: store.clone(),
                transfer: store,
                files_dir,
            })
        }
    }
}

/// Applies the migrations the database named by --db lacks; gives its name and what was
/// applied.
pub async fn migrate(db: Option<&str>) -> CliResult<(String, Vec<String>)> {
    match resolve(db)? {
        Location::Sqlite { path, is_default } => {
            make_folder(&path, is_default)?;
            let store = SqliteStore::open_unmigrated(&path).await?;
            let applied = store.migrate().await;
            psoas_store::Store::close(&store).await;
            Ok((path.display().to_string(), applied?))
        }
        Location::Postgres(url) => {
            let store = PgStore::connect_only(&url).await?;
            let applied = store.migrate().await;
            psoas_store::Store::close(&store).await;
            Ok((store.target().to_string(), applied?))
        }
    }
}

/// Opens a SQLite file, creating the default data directory when it is the default file.
pub async fn open_sqlite(path: &std::path::Path, is_default: bool) -> CliResult<SqliteStore> {
    make_folder(path, is_default)?;
    Ok(SqliteStore::open(path).await?)
}

/// Makes sure the file's folder exists: created when it is the default location, an error
/// otherwise.
fn make_folder(path: &std::path::Path, is_default: bool) -> CliResult {
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
    Ok(())
}
