//! A real PostgreSQL server for a test run, and a fresh database on it for each test.
//!
//! With `PSOAS_TEST_POSTGRES_URL` set (as `scripts/test` does), that server is used: the URL's
//! user must be allowed to create databases, and the server must check passwords over TCP
//! (a test connects with a wrong one). Otherwise the first test that asks starts a
//! throw-away cluster of its own (`initdb` and `pg_ctl` from `/usr/lib/postgresql/*/bin`, as
//! the `postgres` user when running as root), on 127.0.0.1 at a free port with its socket in a
//! temporary folder, once per test binary. Statics are never dropped at exit, so a small
//! watchdog process stops that cluster and removes its folder as soon as the test process is
//! gone, however it ended. Without PostgreSQL the tests fail, saying how to install it.

use sqlx::{Connection, PgConnection};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The variable that names an existing server to use instead of starting one.
pub const URL_VARIABLE: &str = "PSOAS_TEST_POSTGRES_URL";

/// The password of the `postgres` user in a cluster started here (a throw-away cluster on
/// loopback: not a secret).
const PASSWORD: &str = "psoas-test";

/// The server of this test run: a URL to its maintenance database (`postgres`).
fn server() -> &'static str {
    static SERVER: OnceLock<String> = OnceLock::new();
    SERVER.get_or_init(|| match std::env::var(URL_VARIABLE) {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => start_cluster().unwrap_or_else(|message| panic!("{message}")),
    })
}

/// Creates a new, empty database with a unique name and gives its URL.
pub async fn fresh_database() -> String {
    let admin = server();
    let name = format!("psoas_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = PgConnection::connect(admin).await.unwrap_or_else(|e| {
        panic!("cannot connect to the test PostgreSQL server ({e}); check {URL_VARIABLE}")
    });
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("cannot create a test database ({e})"));
    let _ = conn.close().await;
    with_database(admin, &name)
}

/// The same server URL with another database name in its path.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    format!("{}/{database}{query}", &base[..host_end])
}

fn not_installed() -> String {
    format!(
        "the PostgreSQL tests need PostgreSQL, which is not installed here: install it \
         (Debian/Ubuntu: apt-get install postgresql), or set {URL_VARIABLE} to \
         postgres://USER@HOST:PORT/postgres for a server where USER may create databases; \
         scripts/test does both"
    )
}

/// The newest installed PostgreSQL's programs.
fn bin_dir() -> Result<PathBuf, String> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| not_installed())?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).ok_or_else(not_installed)
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A command run as the user that owns the cluster (the server refuses to run as root).
fn as_owner(root: bool, program: &Path) -> Command {
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(mut command: Command, what: &str) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port for PostgreSQL: {e}"))
}

/// Starts a throw-away cluster and its watchdog; gives the URL of its `postgres` database.
fn start_cluster() -> Result<String, String> {
    let bin = bin_dir()?;
    let root = running_as_root();
    let dir = tempfile::Builder::new()
        .prefix("psoas-test-pg-")
        .tempdir()
        .map_err(|e| format!("no temporary folder for PostgreSQL: {e}"))?
        .keep();
    if root {
        let mut chown = Command::new("chown");
        chown.arg("postgres:").arg(&dir);
        run(chown, "chown (is there a postgres user?)")?;
    }
    let data = dir.join("data");
    // Passwords are checked over TCP (as on a real server, so a wrong one can be tested);
    // the socket in the private folder trusts.
    let pwfile = dir.join("password");
    std::fs::write(&pwfile, PASSWORD).map_err(|e| format!("cannot write {pwfile:?}: {e}"))?;
    if root {
        let mut chown = Command::new("chown");
        chown.arg("postgres:").arg(&pwfile);
        run(chown, "chown")?;
    }
    let mut initdb = as_owner(root, &bin.join("initdb"));
    initdb
        .arg("-D")
        .arg(&data)
        .arg(format!("--pwfile={}", pwfile.display()))
        .args([
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ])
        .args(["--no-sync", "-E", "UTF8", "--locale=C"]);
    run(initdb, "initdb")?;
    watchdog(&bin, &dir, root)?;
    // Another process may take the free port between the check and the start: try a few.
    let mut last = String::new();
    for _ in 0..5 {
        let port = free_port()?;
        let mut start = as_owner(root, &bin.join("pg_ctl"));
        start
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.join("log"))
            .args(["-w", "-o"])
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
                 -c max_connections=200",
                dir.display()
            ))
            .arg("start")
            .stdout(Stdio::null());
        match run(start, "pg_ctl start") {
            Ok(()) => {
                return Ok(format!(
                    "postgres://postgres:{PASSWORD}@127.0.0.1:{port}/postgres"
                ));
            }
            Err(e) => {
                let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
                last = format!("{e}\n{log}");
            }
        }
    }
    Err(format!("the test PostgreSQL cluster did not start: {last}"))
}

/// A detached shell that waits for this process to end, then stops the cluster at once and
/// removes its folder.
fn watchdog(bin: &Path, dir: &Path, root: bool) -> Result<(), String> {
    let pg_ctl = bin.join("pg_ctl");
    let stop = if root {
        format!("runuser -u postgres -- '{}'", pg_ctl.display())
    } else {
        format!("'{}'", pg_ctl.display())
    };
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; \
         {stop} -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
        pid = std::process::id(),
        data = dir.join("data").display(),
        dir = dir.display(),
    );
    // In a session of its own, so a Ctrl-C to the test run does not stop the watchdog too.
    Command::new("setsid")
        .args(["sh", "-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("cannot start the watchdog of the test PostgreSQL cluster: {e}"))
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn another_database_replaces_the_path_and_keeps_the_options() {
        assert_eq!(
            with_database("postgres://u:p@h:5432/postgres?sslmode=disable", "t1"),
            "postgres://u:p@h:5432/t1?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://u@h:1", "t2"),
            "postgres://u@h:1/t2"
        );
    }
}
