//! Reading a PostgreSQL URL and connecting, with errors that say what to fix: the server,
//! port, user and database are named; the password never is.

use psoas_store::{StoreError, StoreResult};
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Connections per process: enough for the web app's concurrent requests, few enough that
/// several servers fit in PostgreSQL's default 100.
const MAX_CONNECTIONS: u32 = 8;

/// Where a store lives, for messages: server, port, user and database, no password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name, address or socket folder.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// The user signed in as.
    pub user: String,
    /// The database name.
    pub database: String,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' on {}:{} (user {})",
            self.database, self.host, self.port, self.user
        )
    }
}

/// Opens a pool on the URL's database, making one connection now so a wrong address or
/// password is reported at once.
pub(crate) async fn pool(url: &str) -> StoreResult<(PgPool, Target)> {
    let options = PgConnectOptions::from_str(url).map_err(|e| {
        StoreError::Unavailable(format!(
            "the PostgreSQL URL cannot be read ({}); write it as \
             postgres://USER:PASSWORD@HOST:PORT/DATABASE",
            without_secrets(&e.to_string())
        ))
    })?;
    let target = Target {
        host: options.get_host().to_string(),
        port: options.get_port(),
        user: options.get_username().to_string(),
        database: options
            .get_database()
            .unwrap_or(options.get_username())
            .to_string(),
    };
    // One connection first: the pool would retry a refused connection until its timeout,
    // while a person waiting for `psoas` wants the reason at once.
    let probe = PgConnection::connect_with(&options)
        .await
        .map_err(|e| unavailable(e, &target))?;
    let _ = probe.close().await;
    let pool = PgPoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| unavailable(e, &target))?;
    Ok((pool, target))
}

/// An error message may quote the URL; the password part is cut out.
fn without_secrets(text: &str) -> String {
    match (text.find("://"), text.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &text[..scheme], &text[at..])
        }
        _ => text.to_string(),
    }
}

fn unavailable(error: sqlx::Error, target: &Target) -> StoreError {
    let Target {
        host,
        port,
        user,
        database,
    } = target;
    let message = match &error {
        sqlx::Error::Database(db) => match db.code().as_deref() {
            Some("28P01") => format!(
                "PostgreSQL on {host}:{port} refused the password of user '{user}'; check the \
                 user and password in the database URL"
            ),
            Some("28000") => format!(
                "PostgreSQL on {host}:{port} does not let user '{user}' into '{database}' from \
                 here; check the user in the URL and the server's pg_hba.conf"
            ),
            Some("3D000") => format!(
                "the database '{database}' does not exist on {host}:{port}; create it \
                 (createdb {database}) or fix the database name in the URL"
            ),
            _ => format!(
                "PostgreSQL on {host}:{port} refused the connection to '{database}': {}",
                without_secrets(db.message())
            ),
        },
        sqlx::Error::Io(io) => format!(
            "cannot reach PostgreSQL on {host}:{port} ({io}); check that the server is running \
             and the host and port in the database URL"
        ),
        sqlx::Error::PoolTimedOut => format!(
            "cannot reach PostgreSQL on {host}:{port} (no answer in 10 seconds); check that the \
             server is running and the host and port in the database URL"
        ),
        other => format!(
            "cannot connect to PostgreSQL on {host}:{port}, database '{database}': {}",
            without_secrets(&other.to_string())
        ),
    };
    StoreError::Unavailable(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_quoted_in_an_error_loses_its_password() {
        assert_eq!(
            without_secrets("bad url postgres://me:secret@host/db"),
            "bad url postgres://***@host/db"
        );
        assert_eq!(without_secrets("no url here"), "no url here");
    }
}
